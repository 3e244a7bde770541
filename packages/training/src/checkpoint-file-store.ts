import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { removeDirectory, replaceDirectory } from '@mnistkit/fs';
import { MODEL_JSON, WEIGHTS_BIN } from '@mnistkit/models/node';
import type { Checkpoint, CheckpointStore } from './checkpoint.js';
import { TrainingError } from './errors.js';

/** Options for {@link FileCheckpointStore}. */
export interface FileCheckpointStoreOptions {
  /** How many newest checkpoints to keep; default 2. */
  keepLast?: number;
  /** Also keep the checkpoint with the best validation (else test) accuracy; default true. */
  keepBest?: boolean;
}

const CHECKPOINT_JSON = 'checkpoint.json';
const OPTIMIZER_BIN = 'optimizer.bin';
const NAME = /^epoch-(\d{4,})-step-(\d{5,})$/;

/** A checkpoint directory on disk, as listed by {@link FileCheckpointStore.list}. */
export interface CheckpointEntry {
  path: string;
  epoch: number;
  step: number;
}

/**
 * Checkpoints in a directory: each is `dir/epoch-EEEE-step-SSSSS/` with `checkpoint.json` (position, history, RNG,
 * optimizer specs), `model.json` + `weights.bin` (a standard TF.js model, loadable with `loadModel`) and
 * `optimizer.bin`. Each is written with `replaceDirectory` of `@mnistkit/fs` (files flushed, renamed into place,
 * folder flushed) and pruned with `removeDirectory`, so a process killed mid-save or mid-prune leaves every other
 * checkpoint intact and no half checkpoint under a checkpoint's name. Keeps the newest `keepLast` and, with `keepBest`, the best by accuracy.
 */
export class FileCheckpointStore implements CheckpointStore {
  readonly keepLast: number;
  readonly keepBest: boolean;
  constructor(
    readonly location: string,
    options: FileCheckpointStoreOptions = {},
  ) {
    this.keepLast = options.keepLast ?? 2;
    this.keepBest = options.keepBest ?? true;
    if (!Number.isInteger(this.keepLast) || this.keepLast < 1) {
      throw new TrainingError(`keepLast: expected an integer ≥ 1, found ${options.keepLast}`, 'config');
    }
  }

  /** Checkpoint directories, oldest first (temporary leftovers of killed saves are ignored). */
  async list(): Promise<CheckpointEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.location);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    return names
      .flatMap((name) => {
        const m = NAME.exec(name);
        return m ? [{ path: join(this.location, name), epoch: Number(m[1]), step: Number(m[2]) }] : [];
      })
      .sort((a, b) => a.epoch - b.epoch || a.step - b.step);
  }

  async save(checkpoint: Checkpoint): Promise<void> {
    const name = `epoch-${String(checkpoint.epoch).padStart(4, '0')}-step-${String(checkpoint.step).padStart(5, '0')}`;
    const { model, optimizer, ...rest } = checkpoint;
    const meta = {
      ...rest,
      model: { files: [MODEL_JSON, WEIGHTS_BIN] },
      optimizer: {
        className: optimizer.className,
        scalars: optimizer.scalars,
        specs: optimizer.weights.specs,
        file: OPTIMIZER_BIN,
      },
    };
    const modelJson = {
      modelTopology: model.modelTopology,
      format: 'layers-model',
      generatedBy: 'mnistkit',
      convertedBy: null,
      weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: model.weights.specs }],
    };
    await replaceDirectory(join(this.location, name), {
      // Non-finite history figures (e.g. a NaN per-class value) must survive JSON; the replacer keeps them as strings.
      [CHECKPOINT_JSON]: JSON.stringify(
        meta,
        (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v),
        1,
      ),
      [MODEL_JSON]: JSON.stringify(modelJson),
      [WEIGHTS_BIN]: new Uint8Array(model.weights.data),
      [OPTIMIZER_BIN]: new Uint8Array(optimizer.weights.data),
    });
    await this.prune();
  }

  /** Reads the checkpoint in directory `path`; throws {@link TrainingError} naming the file when it is unreadable. */
  async read(path: string): Promise<Checkpoint> {
    const file = join(path, CHECKPOINT_JSON);
    let meta: Record<string, unknown> & {
      optimizer: {
        className: string;
        scalars: Record<string, number>;
        specs: Checkpoint['optimizer']['weights']['specs'];
      };
    };
    let modelJson: {
      modelTopology: object | null;
      weightsManifest: { weights: Checkpoint['model']['weights']['specs'] }[];
    };
    try {
      meta = JSON.parse(await readFile(file, 'utf8'), (_k, v) =>
        v === 'NaN' ? Number.NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v,
      );
      modelJson = JSON.parse(await readFile(join(path, MODEL_JSON), 'utf8'));
    } catch (e) {
      throw new TrainingError(
        `checkpoint ${path}: cannot read ${CHECKPOINT_JSON}/${MODEL_JSON}: ${(e as Error).message}`,
        'checkpoint',
      );
    }
    if (meta.format !== 'mnistkit-checkpoint') {
      throw new TrainingError(
        `${file}: expected format "mnistkit-checkpoint", found ${JSON.stringify(meta.format)}`,
        'checkpoint',
      );
    }
    const bytes = async (name: string) => {
      const b = await readFile(join(path, name));
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    };
    const { model: _files, optimizer, ...rest } = meta;
    return {
      ...(rest as unknown as Omit<Checkpoint, 'model' | 'optimizer'>),
      model: {
        modelTopology: modelJson.modelTopology,
        weights: { specs: modelJson.weightsManifest.flatMap((g) => g.weights), data: await bytes(WEIGHTS_BIN) },
      },
      optimizer: {
        className: optimizer.className,
        scalars: optimizer.scalars,
        weights: { specs: optimizer.specs, data: await bytes(OPTIMIZER_BIN) },
      },
    };
  }

  async latest(): Promise<Checkpoint | undefined> {
    const last = (await this.list()).at(-1);
    return last && this.read(last.path);
  }

  /** The directory of the best epoch-end checkpoint by its metric (validation, else test accuracy), if any. */
  async bestPath(): Promise<string | undefined> {
    let best: { path: string; value: number } | undefined;
    for (const entry of await this.list()) {
      const value = await this.metricOf(entry.path);
      if (value !== undefined && (!best || value > best.value)) best = { path: entry.path, value };
    }
    return best?.path;
  }

  private async metricOf(path: string): Promise<number | undefined> {
    try {
      const meta = JSON.parse(await readFile(join(path, CHECKPOINT_JSON), 'utf8')) as Partial<Checkpoint>;
      return typeof meta.metric?.value === 'number' ? meta.metric.value : undefined;
    } catch {
      return undefined;
    }
  }

  private async prune(): Promise<void> {
    const all = await this.list();
    const keep = new Set(all.slice(-this.keepLast).map((e) => e.path));
    if (this.keepBest) {
      const best = await this.bestPath();
      if (best) keep.add(best);
    }
    for (const entry of all) {
      if (!keep.has(entry.path)) await removeDirectory(entry.path);
    }
  }
}
