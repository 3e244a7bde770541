// A worker thread of a data-parallel pool: sets up its backend, builds its replica of the model, then takes commands
// from the command channel until Quit. Each protocol's worker side lives with the protocol; this file only wires them.
import { type MessagePort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { dropoutLayers } from '../step.js';
import { type BackendSetup, runBackendSetup } from './backend-setup.js';
import { announceReady, finish, nextCommand } from './command-channel.js';
import { inferSlot, type Ring, type RingLayout, ringViews, serveStream } from './evaluation-ring.js';
import {
  Command,
  CTRL_NEXT,
  type InputsMessage,
  inputViews,
  parameterLayout,
  readHeader,
  type SharedBuffers,
  slotViews,
} from './layout.js';
import { claimEach, runBlocking } from './protocol.js';
import { applySum, inferShard } from './replica.js';
import { replicaStep, type ShardInput, type StepReplica } from './step-protocol.js';
import { P_BETWEEN, P_COPY, P_INFER, P_OTHER, Trace } from './trace.js';
import { applySync, applyWeights, replicaModel, type SyncMessage } from './weight-sync.js';

/** What the pool hands each worker. */
export interface WorkerInit {
  /** This thread's number (1 .. threads − 1). */
  thread: number;
  threads: number;
  shards: number;
  buffers: SharedBuffers;
  port: MessagePort;
  backendSetup: BackendSetup;
  modelTopology: object;
}

const init = workerData as WorkerInit;
const { thread, threads, shards, buffers, port } = init;
const ctrl = new Int32Array(buffers.ctrl);
const header = new Float64Array(buffers.header);

await runBackendSetup(init.backendSetup);
await tf.ready();
const model = await replicaModel(init.modelTopology);
const layout = parameterLayout(model);
const trace = new Trace(buffers.trace, thread);
const replica: StepReplica = {
  model,
  layout,
  slots: slotViews(buffers, layout, shards),
  shards,
  threads,
  thread,
  trace,
};
const seedCount = dropoutLayers(model).length;
let optimizer: tf.Optimizer | undefined;
let inputs: (ReturnType<typeof inputViews> & InputsMessage) | undefined;
let ring: Ring | undefined;
let steps = 0;

port.postMessage({ backend: tf.getBackend() });
runBlocking(ctrl, announceReady(thread));

function payload<T>(): T {
  const m = receiveMessageOnPort(port);
  if (!m) throw new Error(`worker ${thread}: a command arrived without its message`);
  return m.message as T;
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`worker ${thread}: a command came before ${what}`);
  return value;
}

function step(): void {
  const opt = need(optimizer, 'the first sync');
  const area = need(inputs, 'its batch area');
  const h = readHeader(header, seedCount);
  const input = (_shard: number, start: number, size: number): ShardInput => {
    if (size === 0) return { images: null, labels: null, release: () => {} };
    const pixels = area.images.slice(start * h.sampleSize, (start + size) * h.sampleSize);
    const x = tf.tensor(pixels, [size, ...h.dims]);
    const y = tf.tensor1d(area.labels.slice(start, start + size), 'int32');
    trace.mark(P_COPY);
    return { images: x, labels: y, release: () => tf.dispose([x, y]) };
  };
  const totals = runBlocking(ctrl, replicaStep(replica, steps, h, input));
  steps++;
  if (Number.isFinite(totals.loss)) applySum(opt, replica.slots.sum(totals.parity), layout, trace);
  trace.count();
}

function infer(): void {
  const area = need(inputs, 'its batch area');
  const { dims, sampleSize } = readHeader(header, 0);
  const table = area.pieces;
  const out = area.outputSize;
  runBlocking(
    ctrl,
    claimEach(CTRL_NEXT, table[0] as number, (p) => {
      const start = table[1 + 2 * p] as number;
      const size = table[2 + 2 * p] as number;
      const images = tf.tensor(area.images.slice(start * sampleSize, (start + size) * sampleSize), [size, ...dims]);
      trace.mark(P_COPY);
      try {
        inferShard(model, images, area.outputs.subarray(start * out, (start + size) * out));
      } finally {
        images.dispose();
      }
      trace.mark(P_INFER);
    }),
  );
  trace.count();
}

/** Runs one command; false for Quit. */
async function run(command: Command): Promise<boolean> {
  switch (command) {
    case Command.Quit:
      return false;
    case Command.Step:
      step();
      break;
    case Command.Sync:
      optimizer = await applySync(model, optimizer, payload<SyncMessage>());
      break;
    case Command.Inputs: {
      const message = payload<InputsMessage>();
      inputs = { ...inputViews(message), ...message };
      break;
    }
    case Command.Weights:
      applyWeights(model, payload<{ weights: Float32Array[] }>());
      break;
    case Command.Infer:
      infer();
      break;
    case Command.Ring:
      ring = ringViews(payload<RingLayout>());
      break;
    case Command.Stream: {
      const r = need(ring, 'its ring');
      runBlocking(r.words, serveStream(r, inferSlot(r, model, readHeader(header, 0).dims, trace), trace));
      break;
    }
    case Command.Snapshot:
      port.postMessage({ weights: model.getWeights().map((w) => w.dataSync().slice()) });
      break;
    default:
      throw new Error(`worker ${thread}: unknown command ${command}`);
  }
  return true;
}

let seen = 0;
for (;;) {
  const next = runBlocking(ctrl, nextCommand(seen, Command.Quit));
  seen = next.word;
  trace.mark(P_BETWEEN);
  trace.woke(P_BETWEEN);
  if (!(await run(next.command))) break;
  trace.mark(P_OTHER);
  runBlocking(ctrl, finish(thread, next.seq));
}
model.dispose();
optimizer?.dispose();
port.close();
