// A data-parallel replica: a worker thread that holds a copy of the model and optimizer, computes the gradients of
// its shard of each batch, and applies the same summed gradients as every other replica. Driven through shared
// memory by data-parallel.ts; payloads other than batches and gradients come on a MessagePort.
import { type MessagePort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { type Checkpoint, restoreCheckpoint } from '../checkpoint.js';
import { dropoutLayers } from '../step.js';
import {
  applySummedGradients,
  Command,
  CTRL_ARRIVED,
  CTRL_CMD,
  CTRL_SEQ,
  computeShard,
  ctrlDone,
  ctrlReady,
  HEADER_BATCH,
  HEADER_DIMS,
  HEADER_RANK,
  HEADER_SEEDS,
  inputViews,
  parameterLayout,
  type SharedBuffers,
  setDropoutSeeds,
  shardSeed,
  shardSizes,
  slotViews,
  stepTotals,
} from './replica.js';

/** What data-parallel.ts hands each worker. */
export interface WorkerInit {
  index: number;
  replicas: number;
  buffers: SharedBuffers;
  port: MessagePort;
  backendSetup: { module: string; export?: string; options?: unknown };
  modelTopology: object;
}

const init = workerData as WorkerInit;
const { index, replicas, buffers, port } = init;
const ctrl = new Int32Array(buffers.ctrl);
const header = new Float64Array(buffers.header);

const setupName = `${init.backendSetup.module}#${init.backendSetup.export ?? 'default'}`;
const mod = (await import(init.backendSetup.module)) as Record<string, unknown>;
const setup = mod[init.backendSetup.export ?? 'default'];
if (typeof setup !== 'function') {
  throw new Error(
    `backendSetup: expected ${setupName} to be a function, found ${typeof setup} (exports: ${Object.keys(mod).join(', ')})`,
  );
}
await setup(init.backendSetup.options);
await tf.ready();

type ModelJson = Parameters<typeof tfl.models.modelFromJSON>[0];
const model = await tfl.models.modelFromJSON({ modelTopology: init.modelTopology } as unknown as ModelJson);
const layout = parameterLayout(model);
const slots = slotViews(buffers, layout, replicas);
const layerCount = dropoutLayers(model).length;
let optimizer: tf.Optimizer | undefined;
let inputs: { images: Float32Array; labels: Int32Array } | undefined;
let steps = 0;

port.postMessage({ backend: tf.getBackend() });
Atomics.store(ctrl, ctrlReady(index), 1);
Atomics.notify(ctrl, ctrlReady(index));

function payload<T>(): T {
  const m = receiveMessageOnPort(port);
  if (!m) throw new Error(`worker ${index}: a command arrived without its message`);
  return m.message as T;
}

function makeOptimizer(className: string, config: tf.serialization.ConfigDict): tf.Optimizer {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry) throw new Error(`optimizer ${className} is not registered with tf.serialization; cannot replicate it`);
  const [cls, fromConfig] = entry;
  return fromConfig(cls, config) as unknown as tf.Optimizer;
}

function step(): void {
  const batch = header[HEADER_BATCH] as number;
  const rank = header[HEADER_RANK] as number;
  const dims = Array.from(header.subarray(HEADER_DIMS, HEADER_DIMS + rank));
  const sampleSize = dims.reduce((a, b) => a * b, 1);
  const sizes = shardSizes(batch, replicas);
  const start = sizes.slice(0, index).reduce((a, b) => a + b, 0);
  const size = sizes[index] as number;
  const seeds = Array.from(header.subarray(HEADER_SEEDS, HEADER_SEEDS + layerCount), (s) =>
    shardSeed(Number.isNaN(s) ? undefined : s, index),
  );
  if (!optimizer) throw new Error(`worker ${index}: a step came before the first sync`);
  if (!inputs) throw new Error(`worker ${index}: a step came before its input buffer`);
  const parity = steps % 2;
  const images =
    size > 0 ? tf.tensor(inputs.images.slice(start * sampleSize, (start + size) * sampleSize), [size, ...dims]) : null;
  const labels = size > 0 ? tf.tensor1d(inputs.labels.slice(start, start + size), 'int32') : null;
  try {
    setDropoutSeeds(model, seeds);
    computeShard(model, images, labels, size / batch, slots.grad(parity, index), slots.result(parity, index), layout);
  } finally {
    tf.dispose([images, labels].filter((t): t is tf.Tensor => t !== null));
  }
  steps++;
  Atomics.add(ctrl, CTRL_ARRIVED, 1);
  Atomics.notify(ctrl, CTRL_ARRIVED);
  const target = steps * replicas;
  for (let n = Atomics.load(ctrl, CTRL_ARRIVED); n < target; n = Atomics.load(ctrl, CTRL_ARRIVED)) {
    Atomics.wait(ctrl, CTRL_ARRIVED, n);
  }
  if (Number.isFinite(stepTotals(slots.result, parity, replicas).loss)) {
    applySummedGradients(optimizer, slots.grad, parity, replicas, layout);
  }
}

let seen = 0;
for (;;) {
  Atomics.wait(ctrl, CTRL_SEQ, seen);
  seen = Atomics.load(ctrl, CTRL_SEQ);
  const cmd = Atomics.load(ctrl, CTRL_CMD) as Command;
  if (cmd === Command.Quit) break;
  switch (cmd) {
    case Command.Step:
      step();
      break;
    case Command.Sync: {
      const { checkpoint, config } = payload<{ checkpoint: Checkpoint; config: tf.serialization.ConfigDict }>();
      // A fresh optimizer each time: restoreCheckpoint expects one, and the config (learning rate) may have changed.
      optimizer?.dispose();
      optimizer = makeOptimizer(checkpoint.optimizer.className, config);
      await restoreCheckpoint(model, optimizer, checkpoint);
      break;
    }
    case Command.Inputs: {
      const { buffer, capacity, sampleSize } = payload<{
        buffer: SharedArrayBuffer;
        capacity: number;
        sampleSize: number;
      }>();
      inputs = inputViews(buffer, capacity, sampleSize);
      break;
    }
    case Command.Snapshot:
      port.postMessage({ weights: model.getWeights().map((w) => w.dataSync().slice()) });
      break;
    default:
      throw new Error(`worker ${index}: unknown command ${cmd}`);
  }
  Atomics.store(ctrl, ctrlDone(index), seen);
  Atomics.notify(ctrl, ctrlDone(index));
}
model.dispose();
optimizer?.dispose();
port.close();
