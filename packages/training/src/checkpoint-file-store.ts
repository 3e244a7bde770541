import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { removeDirectory, replaceDirectory } from '@mnistkit/fs';
import { MODEL_JSON, WEIGHTS_BIN } from '@mnistkit/models/node';
import type { Checkpoint, CheckpointStore } from './checkpoint.js';
import { CHECKPOINT_FILES, CHECKPOINT_NAME, readCheckpointDirectory } from './checkpoint-read.js';
import { TrainingError } from './errors.js';

/** Options for {@link FileCheckpointStore}. */
export interface FileCheckpointStoreOptions {
  /** How many newest checkpoints to keep; default 2. */
  keepLast?: number;
  /** Also keep the checkpoint with the best validation (else test) accuracy; default true. */
  keepBest?: boolean;
  /**
   * Checkpoint directories (names or paths) never pruned, e.g. the one a completed run's record names while the run
   * is trained further: should that fail, the record still has its checkpoint.
   */
  keep?: readonly string[];
}

const CHECKPOINT_JSON = CHECKPOINT_FILES.checkpoint;
const OPTIMIZER_BIN = CHECKPOINT_FILES.optimizer;
const NAME = CHECKPOINT_NAME;

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
  /** Names of checkpoint directories never pruned (see {@link FileCheckpointStoreOptions.keep}). */
  readonly keep: ReadonlySet<string>;
  constructor(
    readonly location: string,
    options: FileCheckpointStoreOptions = {},
  ) {
    this.keepLast = options.keepLast ?? 2;
    this.keepBest = options.keepBest ?? true;
    this.keep = new Set((options.keep ?? []).map((p) => basename(p)));
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

  /**
   * Reads the checkpoint in directory `path`, checked before use (see `readCheckpointDirectory`): fields, epoch and
   * step against the directory's name, history, weights files' exact sizes. Throws {@link TrainingError} naming the
   * file and the field.
   */
  async read(path: string): Promise<Checkpoint> {
    return readCheckpointDirectory(path);
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

  /** Removes the checkpoints beyond the newest `keepLast`, the best (with `keepBest`) and those in `keep`. */
  async prune(): Promise<void> {
    const all = await this.list();
    const keep = new Set(all.slice(-this.keepLast).map((e) => e.path));
    for (const entry of all) if (this.keep.has(basename(entry.path))) keep.add(entry.path);
    if (this.keepBest) {
      const best = await this.bestPath();
      if (best) keep.add(best);
    }
    for (const entry of all) {
      if (!keep.has(entry.path)) await removeDirectory(entry.path);
    }
  }
}
