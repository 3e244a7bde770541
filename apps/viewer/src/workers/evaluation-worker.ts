/// <reference lib="webworker" />
/**
 * An evaluation worker: sets up the backend it is told, holds the current model, and evaluates the batches the page
 * sends, one at a time, in arrival order. Several run side by side (see evaluation-pool.ts).
 */
import { selectBackend } from '@mnistkit/backend';
import * as tf from '@tensorflow/tfjs-core';
import { type LayersModel, loadLayersModel } from '@tensorflow/tfjs-layers';
import { chooseWasmBuild, viewerBackendOptions } from '../backend-setup.js';
import { evaluateBatch } from './evaluate-batch.js';
import { EVALUATION_BATCH, type EvaluationReply, type EvaluationRequest } from './protocol.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let model: { id: number; net: LayersModel } | undefined;
let queue: Promise<void> = Promise.resolve();

function reply(message: EvaluationReply, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

/**
 * Runs the model once on a batch of zeros as evaluation will (a whole batch, inference mode): the first run compiles the
 * backend's kernels and grows the wasm heap, work that otherwise lands in the first batches of the user's evaluation.
 */
async function warmUp(net: LayersModel): Promise<void> {
  const [, ...sample] = net.inputs[0]?.shape ?? [];
  const shape = sample.map((n) => n ?? 1);
  const out = tf.tidy(() => net.apply(tf.zeros([EVALUATION_BATCH, ...shape]), { training: false }) as tf.Tensor);
  try {
    await out.data();
  } finally {
    out.dispose();
  }
}

async function handle(message: EvaluationRequest): Promise<void> {
  switch (message.type) {
    case 'init': {
      chooseWasmBuild(message.wasmThreads, message.wasmSimd);
      const report = await selectBackend(viewerBackendOptions(message.backend));
      reply({ type: 'ready', report });
      return;
    }
    case 'model': {
      model?.net.dispose();
      model = undefined;
      const { modelTopology, weightSpecs, weightData } = message.artifacts;
      const net = await loadLayersModel(
        tf.io.fromMemory({ modelTopology, weightSpecs: weightSpecs as tf.io.WeightsManifestEntry[], weightData }),
      );
      model = { id: message.modelId, net };
      await warmUp(net);
      reply({ type: 'model-ready', modelId: message.modelId });
      return;
    }
    case 'batch': {
      if (model === undefined || model.id !== message.modelId) {
        throw new Error(`evaluation worker: batch for model ${message.modelId}, holding ${model?.id ?? 'none'}`);
      }
      const outcome = await evaluateBatch(model.net, message.chunk);
      reply({ type: 'batch', jobId: message.jobId, batchId: message.batchId, ...outcome }, [outcome.outputs.buffer]);
      return;
    }
  }
}

scope.onmessage = (event: MessageEvent<EvaluationRequest>) => {
  const message = event.data;
  // One message at a time: a model swap never overlaps a batch.
  queue = queue.then(() =>
    handle(message).catch((error: unknown) => {
      const jobId = message.type === 'batch' ? message.jobId : undefined;
      reply({
        type: 'error',
        ...(jobId === undefined ? {} : { jobId }),
        message: (error as Error).message ?? String(error),
      });
    }),
  );
};
