// Weight sync: the workers hold the main thread's weights (and, for training, its optimizer state). A step keeps
// them equal by applying the same sums everywhere; anything else that changes the main thread's model or optimizer
// (the first call, a checkpoint restore, another optimizer, training elsewhere) is noticed here and copied over.
import { receiveMessageOnPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { type Checkpoint, captureCheckpoint, restoreCheckpoint } from '../checkpoint.js';
import { fusedAdam } from '../fused-adam.js';
import { Command } from './layout.js';
import { DataParallelError, type Pool } from './pool.js';
import { setWeightValues } from './replica.js';

/** What a worker receives with {@link Command.Sync}. */
export interface SyncMessage {
  checkpoint: Checkpoint;
  config: tf.serialization.ConfigDict;
}

/** Main thread: knows what the workers hold and copies the main thread's state over when it changed. */
export class WeightSync {
  private synced: { optimizer: tf.Optimizer; iterations: number; ids: unknown[] } | undefined;
  /** Identities of the weight tensors whose values the workers hold (a changed identity means changed weights). */
  private heldIds: unknown[] | undefined;

  constructor(private readonly pool: Pool) {}

  private weightIds(): unknown[] {
    return this.pool.model.weights.map((w) => (w.read() as tf.Tensor).dataId);
  }

  /** Before a step: copies weights and optimizer state (Adam's β powers included) when they changed outside the pool. */
  async beforeStep(optimizer: tf.Optimizer): Promise<void> {
    const s = this.synced;
    const ids = this.weightIds();
    if (
      s &&
      s.optimizer === optimizer &&
      s.iterations === optimizer.iterations &&
      ids.every((id, i) => id === s.ids[i])
    )
      return;
    if (this.pool.threads > 1) {
      const checkpoint = await captureCheckpoint(this.pool.model, optimizer, {
        epoch: 0,
        step: 0,
        history: [],
        rng: { seed: 0, dropout: 'mix(seed, epoch, step, layer)' },
      });
      const message: SyncMessage = { checkpoint, config: optimizer.getConfig() };
      await this.pool.command(Command.Sync, message);
    }
    this.afterStep(optimizer);
  }

  /** After a step (applied or skipped alike on every thread): the workers hold what the main thread holds. */
  afterStep(optimizer: tf.Optimizer): void {
    this.synced = { optimizer, iterations: optimizer.iterations, ids: this.weightIds() };
    this.heldIds = this.synced.ids;
  }

  /** Before inference: copies the weights (not the optimizer) when they changed since the workers last got them. */
  async beforeInference(): Promise<void> {
    const ids = this.weightIds();
    const held = this.heldIds;
    if (held && ids.every((id, i) => id === held[i])) return;
    const weights = this.pool.model.weights.map((w) => (w.read() as tf.Tensor).dataSync() as Float32Array);
    await this.pool.command(Command.Weights, { weights });
    this.heldIds = ids;
  }
}

/** Main thread: every thread's weights (main first) in `model.weights` order, to check they agree. */
export function replicaWeights(pool: Pool): Promise<Float32Array[][]> {
  return pool.busy(async () => {
    await pool.ready();
    const main = pool.model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
    await pool.command(Command.Snapshot);
    const others = pool.ports.map((p, i) => {
      const reply = receiveMessageOnPort(p)?.message as { weights: Float32Array[] } | undefined;
      if (!reply) throw new DataParallelError(`data-parallel worker ${i + 1}: no weights came back`);
      return reply.weights;
    });
    return [main, ...others];
  });
}

/** Worker: the optimizer a Sync asks for. Adam (stock or fused: same class name, state and results) runs fused. */
function makeOptimizer(className: string, config: tf.serialization.ConfigDict): tf.Optimizer {
  if (className === 'Adam') {
    const { learningRate, beta1, beta2, epsilon } = config as Record<string, number>;
    return fusedAdam(learningRate, beta1, beta2, epsilon);
  }
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry) throw new Error(`optimizer ${className} is not registered with tf.serialization; cannot replicate it`);
  const [cls, fromConfig] = entry;
  return fromConfig(cls, config) as unknown as tf.Optimizer;
}

/** Worker: takes a Sync (a fresh optimizer each time: restoreCheckpoint expects one, and its config may have changed). */
export async function applySync(
  model: tfl.LayersModel,
  previous: tf.Optimizer | undefined,
  message: SyncMessage,
): Promise<tf.Optimizer> {
  previous?.dispose();
  const optimizer = makeOptimizer(message.checkpoint.optimizer.className, message.config);
  await restoreCheckpoint(model, optimizer, message.checkpoint);
  return optimizer;
}

/** Worker: takes a Weights command's values. */
export function applyWeights(model: tfl.LayersModel, message: { weights: Float32Array[] }): void {
  setWeightValues(model, message.weights);
}

/** Worker: builds its replica of the main thread's model from the topology (weights come with the first sync). */
export async function replicaModel(modelTopology: object): Promise<tfl.LayersModel> {
  type ModelJson = Parameters<typeof tfl.models.modelFromJSON>[0];
  return tfl.models.modelFromJSON({ modelTopology } as unknown as ModelJson);
}
