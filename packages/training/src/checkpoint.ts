import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { TrainingError } from './errors.js';

type NamedTensor = { name: string; tensor: tf.Tensor };

import type { History } from './history.js';

/** Encoded tensors: TF.js weight specs plus their concatenated bytes. */
export interface EncodedWeights {
  specs: tf.io.WeightsManifestEntry[];
  data: ArrayBuffer;
}

/** Everything needed to continue training exactly where it stopped. Plain data: no tensors. */
export interface Checkpoint {
  format: 'mnistkit-checkpoint';
  version: 1;
  /** Epochs fully completed. Training resumes in epoch `epoch + 1`. */
  epoch: number;
  /** Batches of epoch `epoch + 1` already trained (0 at an epoch end; > 0 after an interrupt mid-epoch). */
  step: number;
  /** Running figures of the unfinished epoch when `step > 0`. */
  partial?: { lossSum: number; correct: number; total: number; seconds: number };
  history: History;
  /** The model as TF.js artifacts: topology (a standard model.json) and weights. */
  model: { modelTopology: object | null; weights: EncodedWeights };
  /** Optimizer slots (`optimizer.getWeights()`, e.g. Adam's step and moments) plus scalar state such as Adam's β powers. */
  optimizer: { className: string; weights: EncodedWeights; scalars: Record<string, number> };
  /**
   * Randomness: the data order of epoch e is a pure function of the loader's seed and e, and dropout masks of
   * (seed, epoch, step, layer), so the position (epoch, step) plus this seed is the whole RNG state.
   */
  rng: { seed: number; dropout: 'mix(seed, epoch, step, layer)' };
  /** Figure used to keep the best checkpoint (validation accuracy, else test accuracy), when there is one. */
  metric?: { name: 'valAccuracy' | 'testAccuracy'; value: number };
  savedAt: string;
}

/** Where checkpoints go: in memory ({@link MemoryCheckpointStore}) or a directory (`FileCheckpointStore` in `/node`). */
export interface CheckpointStore {
  /** Stores `checkpoint` as the newest; must leave the previous one intact if it fails midway. */
  save(checkpoint: Checkpoint): Promise<void>;
  /** The newest checkpoint, or undefined when there is none. */
  latest(): Promise<Checkpoint | undefined>;
  /** Where checkpoints live, for messages (a directory, or "memory"). */
  readonly location: string;
}

/** Keeps checkpoints in memory (browser, tests); `keepLast` newest are kept. */
export class MemoryCheckpointStore implements CheckpointStore {
  readonly location = 'memory';
  readonly saved: Checkpoint[] = [];
  constructor(private readonly keepLast = 2) {}
  async save(checkpoint: Checkpoint): Promise<void> {
    this.saved.push(structuredClone(checkpoint));
    while (this.saved.length > this.keepLast) this.saved.shift();
  }
  async latest(): Promise<Checkpoint | undefined> {
    const last = this.saved.at(-1);
    return last && structuredClone(last);
  }
}

async function encode(named: NamedTensor[]): Promise<EncodedWeights> {
  const { data, specs } = await tf.io.encodeWeights(named);
  return { specs, data };
}

/** Scalar tf.Variables held by an optimizer outside `getWeights()` (Adam: `accBeta1`, `accBeta2`). */
function optimizerScalars(optimizer: tf.Optimizer): Record<string, tf.Variable> {
  const out: Record<string, tf.Variable> = {};
  for (const [key, value] of Object.entries(optimizer)) {
    if (value instanceof tf.Variable && value.rank === 0) out[key] = value;
  }
  return out;
}

/** Snapshots model weights and optimizer state into a plain {@link Checkpoint}. Disposes nothing it does not create. */
export async function captureCheckpoint(
  model: tfl.LayersModel,
  optimizer: tf.Optimizer,
  state: Pick<Checkpoint, 'epoch' | 'step' | 'partial' | 'history' | 'rng' | 'metric'>,
): Promise<Checkpoint> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts?.weightSpecs || artifacts.weightData === undefined) {
    throw new TrainingError(`checkpoint: TF.js gave no weights for model ${model.name}`, 'checkpoint');
  }
  const wd = artifacts.weightData;
  const data = Array.isArray(wd) ? tf.io.concatenateArrayBuffers(wd) : wd;
  let slots: NamedTensor[];
  try {
    slots = await optimizer.getWeights();
  } catch (e) {
    throw new TrainingError(
      `checkpoint: optimizer ${optimizer.getClassName()} cannot export its state (${(e as Error).message}); use Adam, SGD or another optimizer with getWeights()`,
      'checkpoint',
    );
  }
  // getWeights() returns a fresh `iter` scalar next to the optimizer's own variables; free only what it created.
  const created = slots.filter((s) => !(s.tensor instanceof tf.Variable)).map((s) => s.tensor);
  let weights: EncodedWeights;
  try {
    weights = await encode(slots);
  } finally {
    tf.dispose(created);
  }
  const scalars: Record<string, number> = {};
  for (const [key, v] of Object.entries(optimizerScalars(optimizer))) scalars[key] = (await v.data())[0] as number;
  return {
    format: 'mnistkit-checkpoint',
    version: 1,
    ...state,
    history: structuredClone(state.history),
    model: {
      modelTopology: (artifacts.modelTopology as object | undefined) ?? null,
      weights: { specs: artifacts.weightSpecs, data },
    },
    optimizer: { className: optimizer.getClassName(), weights, scalars },
    savedAt: new Date().toISOString(),
  };
}

/** Loads a checkpoint's weights into `model` and its state into a fresh `optimizer` of the same class. */
export async function restoreCheckpoint(
  model: tfl.LayersModel,
  optimizer: tf.Optimizer,
  checkpoint: Checkpoint,
): Promise<void> {
  if (checkpoint.format !== 'mnistkit-checkpoint' || checkpoint.version !== 1) {
    throw new TrainingError(
      `checkpoint: expected format mnistkit-checkpoint version 1, found ${checkpoint.format} version ${checkpoint.version}`,
      'checkpoint',
    );
  }
  if (checkpoint.optimizer.className !== optimizer.getClassName()) {
    throw new TrainingError(
      `checkpoint: saved with optimizer ${checkpoint.optimizer.className}, but training uses ${optimizer.getClassName()}`,
      'checkpoint',
    );
  }
  restoreModelWeights(model, checkpoint);
  const slots = tf.io.decodeWeights(checkpoint.optimizer.weights.data, checkpoint.optimizer.weights.specs);
  try {
    await optimizer.setWeights(
      checkpoint.optimizer.weights.specs.map((s) => ({ name: s.name, tensor: slots[s.name] as tf.Tensor })),
    );
  } finally {
    tf.dispose(slots);
  }
  // setWeights recomputes Adam's β powers with pow(); the running products differ in the last bits, so restore them exactly.
  const live = optimizerScalars(optimizer);
  for (const [key, value] of Object.entries(checkpoint.optimizer.scalars)) {
    const v = live[key];
    if (v) tf.tidy(() => v.assign(tf.scalar(value, v.dtype)));
  }
}

/**
 * Loads a checkpoint's model weights into `model` (not the optimizer's state): to test or save the model a checkpoint
 * holds without training on. Throws {@link TrainingError} when the weights do not fit the model.
 */
export function restoreModelWeights(model: tfl.LayersModel, checkpoint: Checkpoint): void {
  // Matched by position, not name: auto-generated layer names (dense_Dense3) differ between model instances.
  const specs = checkpoint.model.weights.specs;
  const targets = model.weights;
  const mismatch =
    specs.length !== targets.length
      ? `${specs.length} weights saved, the model has ${targets.length}`
      : specs
          .map((s, i) => ({ s, t: targets[i] }))
          .filter(({ s, t }) => JSON.stringify(s.shape) !== JSON.stringify(t?.shape))
          .map(
            ({ s, t }) => `${s.name} is [${s.shape.join(', ')}] but ${t?.originalName} is [${t?.shape.join(', ')}]`,
          )[0];
  if (mismatch) {
    throw new TrainingError(`checkpoint: its weights do not fit model ${model.name}: ${mismatch}`, 'checkpoint');
  }
  const modelWeights = tf.io.decodeWeights(checkpoint.model.weights.data, specs);
  try {
    model.setWeights(specs.map((s) => modelWeights[s.name] as tf.Tensor));
  } finally {
    tf.dispose(modelWeights);
  }
}
