import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import type { Checkpoint } from './checkpoint.js';
import { TrainingError } from './errors.js';
import {
  arrayOf,
  type Check,
  FieldIssue,
  fraction,
  int,
  nonNegative,
  num,
  object,
  oneOf,
  optional,
  str,
  text,
} from './run/schema.js';

/** Files of a checkpoint directory. */
export const CHECKPOINT_FILES = {
  checkpoint: 'checkpoint.json',
  model: 'model.json',
  weights: 'weights.bin',
  optimizer: 'optimizer.bin',
} as const;

/** A checkpoint directory's name: `epoch-EEEE-step-SSSSS`. */
export const CHECKPOINT_NAME = /^epoch-(\d{4,})-step-(\d{5,})$/;

/** Bytes per element of the dtypes TF.js weights are saved in. */
const DTYPE_BYTES = { float32: 4, int32: 4, bool: 1 } as const;

const anyNumber: Check<number> = (v, f) => (typeof v === 'number' ? v : num()(v, f));
const SPEC = object({
  name: text,
  shape: arrayOf(int(0)),
  dtype: oneOf(Object.keys(DTYPE_BYTES) as (keyof typeof DTYPE_BYTES)[]),
});
const SCALARS: Check<Record<string, number>> = (v, f) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new FieldIssue(f, 'an object of numbers', v);
  for (const [key, x] of Object.entries(v)) anyNumber(x, `${f}.${key}`);
  return v as Record<string, number>;
};

const META = object({
  format: oneOf(['mnistkit-checkpoint'] as const),
  version: oneOf([1] as const),
  epoch: int(0),
  step: int(0),
  partial: optional(object({ lossSum: nonNegative, correct: int(0), total: int(0), seconds: nonNegative })),
  history: arrayOf(
    object({
      epoch: int(1),
      trainLoss: nonNegative,
      trainAccuracy: fraction,
      valLoss: optional(anyNumber),
      valAccuracy: optional(anyNumber),
      testLoss: optional(anyNumber),
      testAccuracy: optional(anyNumber),
      seconds: nonNegative,
    }),
  ),
  rng: object({ seed: int(0), dropout: str }),
  metric: optional(object({ name: oneOf(['valAccuracy', 'testAccuracy'] as const), value: anyNumber })),
  savedAt: str,
  optimizer: object({ className: text, scalars: SCALARS, specs: arrayOf(SPEC) }),
});

const MODEL = object({
  weightsManifest: arrayOf(object({ paths: arrayOf(str), weights: arrayOf(SPEC) })),
});

function fail(message: string): never {
  throw new TrainingError(message, 'checkpoint');
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    fail(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  try {
    // Non-finite history figures were written as strings (JSON has no NaN).
    return JSON.parse(text, (_k, v) =>
      v === 'NaN' ? Number.NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v,
    );
  } catch (error) {
    fail(`${file}: expected JSON, found text that does not parse (${(error as Error).message})`);
  }
}

function checked<T>(file: string, check: Check<T>, value: unknown): T {
  try {
    return check(value, '');
  } catch (error) {
    if (error instanceof FieldIssue) fail(`${file}: field ${error.message}`);
    throw error;
  }
}

/** The bytes `specs` take, as TF.js encodes them. */
export function weightBytes(specs: readonly Pick<tf.io.WeightsManifestEntry, 'shape' | 'dtype'>[]): number {
  return specs.reduce(
    (n, s) => n + s.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[s.dtype as keyof typeof DTYPE_BYTES],
    0,
  );
}

/** Reads a weights file whose size must be exactly `expected`: checked before it is read, extra bytes refused. */
async function readWeights(file: string, expected: number, listedIn: string): Promise<ArrayBuffer> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    fail(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  if (size !== expected) {
    const diff = size > expected ? `${size - expected} bytes too many` : `${expected - size} bytes missing`;
    fail(`${file}: expected ${expected} bytes (the weights ${listedIn} lists), found ${size} (${diff})`);
  }
  const b = await readFile(file);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/**
 * Reads and checks the checkpoint in directory `path` before anything uses it: every field of checkpoint.json
 * (types, ranges; epoch and step equal to the directory's name; one history entry per completed epoch, numbered
 * 1, 2, …; running figures when mid-epoch), model.json's manifest (one `./weights.bin`), and each weights file's
 * exact size. Throws {@link TrainingError} (`checkpoint`) naming the file and the field.
 */
export async function readCheckpointDirectory(path: string): Promise<Checkpoint> {
  const name = CHECKPOINT_NAME.exec(basename(path));
  if (!name) fail(`${path}: expected a checkpoint directory named epoch-EEEE-step-SSSSS, found ${basename(path)}`);
  const metaFile = join(path, CHECKPOINT_FILES.checkpoint);
  const meta = checked(metaFile, META, await readJson(metaFile));
  const position = { epoch: Number(name[1]), step: Number(name[2]) };
  for (const key of ['epoch', 'step'] as const) {
    if (meta[key] !== position[key]) {
      fail(`${metaFile}: field ${key}: expected ${position[key]} (the directory's name), found ${meta[key]}`);
    }
  }
  if (meta.history.length !== meta.epoch) {
    fail(
      `${metaFile}: field history: expected ${meta.epoch} entries (one per completed epoch), found ${meta.history.length}`,
    );
  }
  meta.history.forEach((e, i) => {
    if (e.epoch !== i + 1) fail(`${metaFile}: field history[${i}].epoch: expected ${i + 1}, found ${e.epoch}`);
  });
  if (meta.step > 0 && meta.partial === undefined) {
    fail(`${metaFile}: field partial: expected the running figures of a checkpoint saved mid-epoch, found nothing`);
  }
  const modelFile = join(path, CHECKPOINT_FILES.model);
  const model = (await readJson(modelFile)) as { modelTopology?: unknown };
  const manifest = checked(modelFile, MODEL, model).weightsManifest;
  const paths = manifest.flatMap((g) => g.paths);
  if (paths.length !== 1 || paths[0] !== `./${CHECKPOINT_FILES.weights}`) {
    fail(
      `${modelFile}: field weightsManifest: expected one weights file ./${CHECKPOINT_FILES.weights}, found ${JSON.stringify(paths)}`,
    );
  }
  const specs = manifest.flatMap((g) => g.weights);
  const modelData = await readWeights(join(path, CHECKPOINT_FILES.weights), weightBytes(specs), CHECKPOINT_FILES.model);
  const optimizerData = await readWeights(
    join(path, CHECKPOINT_FILES.optimizer),
    weightBytes(meta.optimizer.specs),
    `${CHECKPOINT_FILES.checkpoint} (optimizer.specs)`,
  );
  const { optimizer, ...rest } = meta;
  delete (rest as { model?: unknown }).model;
  return {
    ...rest,
    model: {
      modelTopology: typeof model.modelTopology === 'object' ? (model.modelTopology as object | null) : null,
      weights: { specs, data: modelData },
    },
    optimizer: {
      className: optimizer.className,
      scalars: optimizer.scalars,
      weights: { specs: optimizer.specs, data: optimizerData },
    },
  } as Checkpoint;
}
