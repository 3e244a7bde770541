import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import {
  createModel,
  loadStateDict,
  MNIST_CLASSIFIER,
  TORCH_LAYOUTS,
  TorchFileError,
  validateClassifier,
} from '@mnistkit/models';
import { readTorchFile } from '@mnistkit/models/node';
import type { Checkpoint } from '@mnistkit/training';
import { createDataParallelStep, type DataParallelStep, FileCheckpointStore } from '@mnistkit/training/node';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type ChosenBackend, chooseBackend } from './backend.js';
import { loadRunData, type RunData } from './dataset.js';
import { CliError, UsageError } from './errors.js';
import { RUN_FILES } from './run-dir.js';
import type { RunPlan } from './run-plan.js';
import type { TrainSettings } from './settings.js';
import { planThreads, type ThreadPlan } from './threads.js';

/** Everything a run computes with, set up: data, backend, model, checkpoint store, threads. */
export interface PreparedRun {
  plan: RunPlan;
  /** The plan's settings, with `shards` decided. */
  settings: TrainSettings;
  /** The run directory, absolute and created. */
  runDir: string;
  data: RunData;
  backend: ChosenBackend;
  /** The model (freshly initialised; a checkpoint is restored into it by training). Disposed by {@link disposeRun}. */
  model: tfl.LayersModel;
  store: FileCheckpointStore;
  /** The checkpoint to continue from; undefined for a new run. */
  checkpoint: Checkpoint | undefined;
  threads: ThreadPlan;
  /** The data-parallel step when more than one shard; its worker threads end in {@link disposeRun}. */
  parallel: DataParallelStep | undefined;
}

/**
 * The data-parallel step for `plan`, or undefined when the plain single-thread loop computes the same thing (one
 * shard). Each worker thread sets up the backend the main thread runs on, through the same `selectNodeBackend`.
 */
async function createStep(
  model: tfl.LayersModel,
  plan: ThreadPlan,
  backend: string,
): Promise<DataParallelStep | undefined> {
  if (plan.shards === 1) return undefined;
  const step = createDataParallelStep({
    model,
    threads: plan.threads,
    shards: plan.shards,
    backendSetup: {
      module: import.meta.resolve('@mnistkit/backend/node'),
      export: 'selectNodeBackend',
      options: { backend },
    },
  });
  try {
    await step.ready();
  } catch (error) {
    await step.dispose();
    throw new CliError(`--threads ${plan.threads}: could not start the worker threads: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return step;
}

/** The checkpoint a resumed run continues from; throws when there is none or the run has no epochs left. */
async function resumeCheckpoint(plan: RunPlan, store: FileCheckpointStore): Promise<Checkpoint | undefined> {
  if (plan.saved === null) return undefined;
  const checkpoint = plan.checkpointDir ? await store.read(plan.checkpointDir) : await store.latest();
  if (!checkpoint) {
    throw new CliError(
      `--resume ${plan.resumeArg}: the run has no checkpoint in ${RUN_FILES.checkpoints}/ to continue from`,
    );
  }
  if (checkpoint.epoch >= plan.settings.epochs) {
    throw new UsageError(
      `--epochs ${plan.settings.epochs}: the run already completed ${checkpoint.epoch} epochs; pass a larger --epochs to train further`,
    );
  }
  return checkpoint;
}

/**
 * Step 1: loads the data, starts the backend, builds the model, finds the checkpoint to resume from and starts the
 * worker threads. `runDir` must exist. `note` receives remarks for stderr. On failure, whatever it started is ended.
 */
export async function prepareRun(
  plan: RunPlan,
  runDir: string,
  options: { verbose: boolean; requireGpu?: boolean; note: (line: string) => void; initFrom?: string | undefined },
): Promise<PreparedRun> {
  const settings = { ...plan.settings };
  const data = await loadRunData(settings);
  const backend = await chooseBackend(settings.backend, options.verbose ? options.note : () => {}, {
    requireGpu: options.requireGpu === true,
  });
  const model = createModel(plan.modelName, { seed: settings.seed });
  try {
    validateClassifier(model, MNIST_CLASSIFIER, settings.model);
    if (options.initFrom !== undefined) await initFromTorch(model, plan, options.initFrom);
    const store = new FileCheckpointStore(join(runDir, RUN_FILES.checkpoints), { keepLast: 2, keepBest: true });
    const checkpoint = await resumeCheckpoint(plan, store);
    const threads = planThreads({
      choice: settings.workers,
      backend: backend.name,
      batchSize: settings.batchSize,
      cpus: availableParallelism(),
      resumedShards: plan.saved ? settings.shards : undefined,
    });
    settings.shards = threads.shards;
    if (threads.note) options.note(threads.note);
    const parallel = await createStep(model, threads, backend.name);
    return { plan, settings, runDir, data, backend, model, store, checkpoint, threads, parallel };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** `--init-from`: sets the fresh model's weights from a PyTorch state_dict file (all checked before any is set). */
async function initFromTorch(model: tfl.LayersModel, plan: RunPlan, path: string): Promise<void> {
  if (plan.saved !== null)
    throw new UsageError('--init-from: cannot be combined with --resume (the run has its own weights)');
  try {
    loadStateDict(model, await readTorchFile(path), TORCH_LAYOUTS[plan.modelName], path);
  } catch (error) {
    if (!(error instanceof TorchFileError)) throw error;
    throw new CliError(`--init-from ${error.message}`, { cause: error });
  }
}

/** Ends the worker threads and frees the model, on every path (done, Ctrl-C, error). */
export async function disposeRun(run: PreparedRun): Promise<void> {
  try {
    await run.parallel?.dispose();
  } finally {
    run.model.dispose();
  }
}
