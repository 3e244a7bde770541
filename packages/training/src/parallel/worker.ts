// A data-parallel replica: a worker thread that holds a copy of the model and optimizer, computes the gradients of
// its shard of each batch, and applies the same summed gradients as every other replica; for inference it computes
// the outputs of its shards. Driven through shared memory by data-parallel.ts; payloads other than batches,
// gradients and outputs come on a MessagePort.
import { type MessagePort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { type Checkpoint, restoreCheckpoint } from '../checkpoint.js';
import { fusedAdam } from '../fused-adam.js';
import { dropoutLayers } from '../step.js';
import { P_BARRIER, P_BETWEEN, P_COPY, P_INFER, P_OTHER, P_SUM, Stopwatch } from './profile.js';
import {
  applySum,
  Command,
  CTRL_ARRIVED,
  CTRL_CMD,
  CTRL_SEQ,
  CTRL_SUMMED,
  claimShards,
  computeShard,
  ctrlDone,
  ctrlReady,
  HEADER_BATCH,
  HEADER_DIMS,
  HEADER_RANK,
  HEADER_SEEDS,
  inferShard,
  inputViews,
  parameterLayout,
  RING_END,
  RING_FILLED,
  RING_NEXT,
  type RingMessage,
  ringViews,
  type SharedBuffers,
  setDropoutSeeds,
  setWeightValues,
  shardSeed,
  shardSizes,
  shardStarts,
  slotViews,
  stepTotals,
  sumRange,
  sumShards,
} from './replica.js';

/** What data-parallel.ts hands each worker. */
export interface WorkerInit {
  index: number;
  replicas: number;
  shards: number;
  buffers: SharedBuffers;
  port: MessagePort;
  backendSetup: { module: string; export?: string; options?: unknown };
  modelTopology: object;
}

const init = workerData as WorkerInit;
const { index, replicas, shards, buffers, port } = init;
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
const slots = slotViews(buffers, layout, shards);
const layerCount = dropoutLayers(model).length;
let optimizer: tf.Optimizer | undefined;
let inputs: ReturnType<typeof inputViews> | undefined;
let outputSize = 0;
let ring: (ReturnType<typeof ringViews> & { slots: number }) | undefined;
let steps = 0;
const sw = new Stopwatch(buffers.profile, index);

port.postMessage({ backend: tf.getBackend() });
Atomics.store(ctrl, ctrlReady(index), 1);
Atomics.notify(ctrl, ctrlReady(index));

function payload<T>(): T {
  const m = receiveMessageOnPort(port);
  if (!m) throw new Error(`worker ${index}: a command arrived without its message`);
  return m.message as T;
}

function makeOptimizer(className: string, config: tf.serialization.ConfigDict): tf.Optimizer {
  // Adam (stock or fused on the main thread: same class name, state and results) takes the fused update here.
  if (className === 'Adam') {
    const { learningRate, beta1, beta2, epsilon } = config as Record<string, number>;
    return fusedAdam(learningRate, beta1, beta2, epsilon);
  }
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
  const sizes = shardSizes(batch, shards);
  const starts = shardStarts(sizes);
  const layerSeeds = Array.from(header.subarray(HEADER_SEEDS, HEADER_SEEDS + layerCount), (s) =>
    Number.isNaN(s) ? undefined : s,
  );
  const opt = optimizer;
  const input = inputs;
  if (!opt) throw new Error(`worker ${index}: a step came before the first sync`);
  if (!input) throw new Error(`worker ${index}: a step came before its input buffer`);
  const parity = steps % 2;
  claimShards(ctrl, shards, (shard) => {
    const start = starts[shard] as number;
    const size = sizes[shard] as number;
    const images =
      size > 0 ? tf.tensor(input.images.slice(start * sampleSize, (start + size) * sampleSize), [size, ...dims]) : null;
    const labels = size > 0 ? tf.tensor1d(input.labels.slice(start, start + size), 'int32') : null;
    sw.mark(P_COPY);
    try {
      setDropoutSeeds(
        model,
        layerSeeds.map((s) => shardSeed(s, shard)),
      );
      computeShard(
        model,
        images,
        labels,
        size / batch,
        slots.grad(parity, shard),
        slots.result(parity, shard),
        layout,
        sw,
      );
    } finally {
      tf.dispose([images, labels].filter((t): t is tf.Tensor => t !== null));
    }
  });
  steps++;
  sw.mark(P_OTHER);
  const target = steps * replicas;
  arriveAndWait(CTRL_ARRIVED, target);
  sw.mark(P_BARRIER);
  const [begin, end] = sumRange(layout.total, index, replicas);
  sumShards(slots.grad, parity, shards, slots.sum(parity), begin, end);
  sw.mark(P_SUM);
  arriveAndWait(CTRL_SUMMED, target);
  sw.mark(P_BARRIER);
  if (Number.isFinite(stepTotals(slots.result, parity, shards).loss)) applySum(opt, slots.sum(parity), layout, sw);
  sw.count();
}

/** Arrives at a barrier (control word `word`) and waits until all `target` arrivals are in. */
function arriveAndWait(word: number, target: number): void {
  Atomics.add(ctrl, word, 1);
  Atomics.notify(ctrl, word);
  for (let n = Atomics.load(ctrl, word); n < target; n = Atomics.load(ctrl, word)) Atomics.wait(ctrl, word, n);
}

/** The batch's dims and shard boundaries, from the header. */
function batchShape() {
  const batch = header[HEADER_BATCH] as number;
  const rank = header[HEADER_RANK] as number;
  const dims = Array.from(header.subarray(HEADER_DIMS, HEADER_DIMS + rank));
  const sizes = shardSizes(batch, shards);
  return { dims, sampleSize: dims.reduce((a, b) => a * b, 1), sizes, starts: shardStarts(sizes) };
}

function infer(): void {
  const input = inputs;
  if (!input) throw new Error(`worker ${index}: an inference came before its input buffer`);
  const { dims, sampleSize } = batchShape();
  const table = input.pieces;
  claimShards(ctrl, table[0] as number, (p) => {
    const start = table[1 + 2 * p] as number;
    const size = table[2 + 2 * p] as number;
    if (size === 0) return;
    const images = tf.tensor(input.images.slice(start * sampleSize, (start + size) * sampleSize), [size, ...dims]);
    sw.mark(P_COPY);
    try {
      inferShard(model, images, input.outputs.subarray(start * outputSize, (start + size) * outputSize));
    } finally {
      images.dispose();
    }
    sw.mark(P_INFER);
  });
  sw.count();
}

/**
 * Claims the ring's batches one by one as soon as the previous one is done (waiting for the main thread to publish
 * a claimed batch), writes each one's outputs to its slot and marks it done; returns at the first claim past the end.
 */
function stream(): void {
  const r = ring;
  if (!r) throw new Error(`worker ${index}: a stream came before its ring`);
  const { dims } = batchShape();
  const w = r.words;
  // The whole stream is one command: charge the wake-up, then count per batch.
  sw.reset();
  for (;;) {
    const k = Atomics.add(w, RING_NEXT, 1);
    sw.mark(P_OTHER);
    for (let f = Atomics.load(w, RING_FILLED); f <= k; f = Atomics.load(w, RING_FILLED)) {
      const end = Atomics.load(w, RING_END);
      if (end >= 0 && k >= end) return;
      Atomics.wait(w, RING_FILLED, f);
    }
    sw.mark(P_BETWEEN);
    const slot = k % r.slots;
    const rows = Atomics.load(w, r.rows(slot));
    if (rows > 0) {
      const images = tf.tensor(r.images(slot, rows), [rows, ...dims]);
      sw.mark(P_COPY);
      try {
        inferShard(model, images, r.outputs(slot, rows));
      } finally {
        images.dispose();
      }
      sw.mark(P_INFER);
    }
    Atomics.store(w, r.done(slot), k + 1);
    Atomics.notify(w, r.done(slot));
    sw.count();
  }
}

let seen = 0;
for (;;) {
  Atomics.wait(ctrl, CTRL_SEQ, seen);
  sw.mark(P_BETWEEN);
  sw.woke(P_BETWEEN);
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
      const message = payload<{
        buffer: SharedArrayBuffer;
        capacity: number;
        sampleSize: number;
        outputSize: number;
      }>();
      outputSize = message.outputSize;
      inputs = inputViews(message.buffer, message.capacity, message.sampleSize, outputSize);
      break;
    }
    case Command.Weights:
      setWeightValues(model, payload<{ weights: Float32Array[] }>().weights);
      break;
    case Command.Infer:
      infer();
      break;
    case Command.Ring: {
      const message = payload<RingMessage>();
      ring = { ...ringViews(message), slots: message.slots };
      break;
    }
    case Command.Stream:
      stream();
      break;
    case Command.Snapshot:
      port.postMessage({ weights: model.getWeights().map((w) => w.dataSync().slice()) });
      break;
    default:
      throw new Error(`worker ${index}: unknown command ${cmd}`);
  }
  sw.mark(P_OTHER);
  Atomics.store(ctrl, ctrlDone(index), seen);
  Atomics.notify(ctrl, ctrlDone(index));
}
model.dispose();
optimizer?.dispose();
port.close();
