import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { type NodeBackendChoice, nodeWorkerSetup } from '@mnistkit/backend/node';
import {
  createModel,
  loadStateDict,
  MNIST_CLASSIFIER,
  type ModelName,
  TORCH_LAYOUTS,
  TorchFileError,
  validateClassifier,
} from '@mnistkit/models';
import { readTorchFile } from '@mnistkit/models/node';
import { type Checkpoint, type EpochRecord, RUN_FILES } from '@mnistkit/training';
import { createDataParallelStep, type DataParallelStep, FileCheckpointStore } from '@mnistkit/training/node';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type ChosenBackend, chooseBackend } from './backend.js';
import { loadRunData, type RunData } from './dataset.js';
import { CliError } from './errors.js';
import { checkResumedData, priorEpochs, type ResumeMode, resumeCheckpoint } from './resume-checks.js';
import type { RunPlan, RunSetup } from './run-plan.js';
import type { TrainSettings } from './settings.js';
import { planThreads, type ThreadPlan } from './threads.js';

/** Everything a run computes with, set up and checked: data, backend, model, checkpoint, threads. */
export interface PreparedRun extends RunSetup {
  /** The setup's settings, with `shards` decided. */
  settings: TrainSettings;
  /** The run directory, absolute, locked. */
  runDir: string;
  data: RunData;
  backend: ChosenBackend;
  /** The model (freshly initialised; a checkpoint is restored into it later). Disposed by {@link disposeRun}. */
  model: tfl.LayersModel;
  store: FileCheckpointStore;
  /** The checkpoint to continue from; undefined for a new run. */
  checkpoint: Checkpoint | undefined;
  /** `train` the epochs left, or `finish`: all epochs are trained, only the test and the save are missing. */
  mode: ResumeMode;
  /** The epochs trained before this session (from history.json and the checkpoint). */
  prior: EpochRecord[];
  /**
   * Whether this session trains a completed run further: its record (history.json, model, metrics, charts) stays as
   * it is until the new result is complete, so a failed or stopped session leaves the completed run untouched.
   */
  extendsCompleted: boolean;
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
    backendSetup: nodeWorkerSetup(backend as NodeBackendChoice),
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

/**
 * Step 1: loads and checks the data (an image folder's every file header; on resume, the data's fingerprint
 * against the record), starts the backend, builds the model (with `--init-from`'s weights on a new run), reads and
 * checks the checkpoint to resume from and starts the worker threads. Writes nothing. `note` receives remarks for stderr. On failure, whatever it started is
 * ended.
 */
export async function prepareRun(
  plan: RunPlan,
  setup: RunSetup,
  runDir: string,
  options: { verbose: boolean; requireGpu?: boolean; noSave?: boolean; note: (line: string) => void },
): Promise<PreparedRun> {
  const settings = { ...setup.settings };
  const { saved } = setup;
  const data = await loadRunData(settings);
  if (saved) checkResumedData(saved, data, runDir);
  const extendsCompleted = saved?.status === 'completed';
  const store = new FileCheckpointStore(join(runDir, RUN_FILES.checkpoints), {
    keepLast: 2,
    keepBest: true,
    keep: extendsCompleted && saved.checkpoint ? [saved.checkpoint] : [],
  });
  const resumed =
    saved && plan.resume
      ? await resumeCheckpoint({
          saved,
          settings,
          store,
          checkpointDir: plan.resume.checkpointDir,
          resumeArg: plan.resume.arg,
          runDir,
          noSave: options.noSave,
        })
      : undefined;
  const backend = await chooseBackend(settings.backend, options.verbose ? options.note : () => {}, {
    requireGpu: options.requireGpu === true,
  });
  const model = createModel(setup.modelName, { seed: settings.seed });
  try {
    validateClassifier(model, MNIST_CLASSIFIER, settings.model);
    // A resumed run's weights come from its checkpoint (run-plan refuses --init-from with --resume).
    if (!saved && settings.initFrom !== null) await initFromTorch(model, setup.modelName, settings.initFrom);
    const threads = planThreads({
      choice: settings.threads,
      backend: backend.name,
      batchSize: settings.batchSize,
      cpus: availableParallelism(),
      resumedShards: saved ? settings.shards : undefined,
    });
    settings.shards = threads.shards;
    if (threads.note) options.note(threads.note);
    const parallel = await createStep(model, threads, backend.name);
    return {
      ...setup,
      settings,
      runDir,
      data,
      backend,
      model,
      store,
      checkpoint: resumed?.checkpoint,
      mode: resumed?.mode ?? 'train',
      prior: priorEpochs(saved, resumed?.checkpoint, data.train.length),
      extendsCompleted,
      threads,
      parallel,
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/**
 * `--init-from`: sets the fresh model's weights from a PyTorch state_dict file (`.pth` or `.safetensors`); every key,
 * shape and dtype is checked before any weight is set. Throws {@link CliError} naming the flag, the file and the key.
 */
async function initFromTorch(model: tfl.LayersModel, name: ModelName, path: string): Promise<void> {
  try {
    loadStateDict(model, await readTorchFile(path), TORCH_LAYOUTS[name], path);
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
