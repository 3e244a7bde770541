import { rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { DataLoader } from '@mnistkit/data';
import { countParameters, createModel, describeModel, MNIST_CLASSIFIER, validateClassifier } from '@mnistkit/models';
import { saveModel } from '@mnistkit/models/node';
import { type Checkpoint, type EpochEndEvent, evaluate, train } from '@mnistkit/training';
import { createDataParallelStep, type DataParallelStep, FileCheckpointStore } from '@mnistkit/training/node';
import { confusionMatrixSpec, sampleGridSpec, trainingCurvesSpec } from '@mnistkit/viz';
import { renderPng, writeChart } from '@mnistkit/viz/node';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
  type CliArgs,
  resolveWorkers,
  settingsForNewRun,
  settingsForResume,
  type TrainSettings,
  type WorkerPlan,
} from './args.js';
import { chooseBackend } from './backend.js';
import { loadRunData } from './dataset.js';
import { CliError, UsageError } from './errors.js';
import { formatCount, formatEpochLine, formatPercent, formatTestLine } from './format.js';
import { galleryOptions, type Prediction, shownPredictions } from './misclassified.js';
import { resolveModelName } from './model-name.js';
import { createProgress, type EpochProgress, type ProgressStream } from './progress.js';
import type { EpochRecord, HistoryFile, MetricsFile } from './records.js';
import { parseHistoryFile } from './records.js';
import {
  DEFAULT_RUNS_ROOT,
  newRunPath,
  prepareRunDir,
  RUN_FILES,
  readJson,
  updateLatest,
  writeFileAtomic,
  writeJsonAtomic,
} from './run-dir.js';
import { handleInterrupts, signalExitCode } from './signals.js';
import { TRAINER_VERSION } from './version.js';

/** Where the command writes: results to `stdout` (with the progress bar when it is a terminal), notes to `stderr`. */
export interface CommandIo {
  stdout: ProgressStream;
  stderr: { write(chunk: string): unknown };
  /** Called on a second Ctrl-C: leave at once. */
  exit: (code: number) => void;
}

/** How many misclassified test samples misclassified.png shows. */
export const MISCLASSIFIED_SHOWN = 32;

interface ResumePoint {
  runDir: string;
  /** A specific checkpoint directory, or undefined for the run's newest. */
  checkpointDir: string | undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** `--resume` takes a run directory, or one checkpoint directory inside a run's `checkpoints/`. */
async function locateResume(path: string): Promise<ResumePoint> {
  const dir = resolve(path);
  if (await isFile(join(dir, RUN_FILES.history))) return { runDir: dir, checkpointDir: undefined };
  const runDir = dirname(dirname(dir));
  if (basename(dirname(dir)) === RUN_FILES.checkpoints && (await isFile(join(runDir, RUN_FILES.history)))) {
    return { runDir, checkpointDir: dir };
  }
  throw new CliError(
    `--resume ${path}: expected a run directory (holding ${RUN_FILES.history}) or a checkpoint directory inside its ${RUN_FILES.checkpoints}/, found neither`,
  );
}

function toRecord(event: EpochEndEvent, trainSamples: number): EpochRecord {
  const e = event.entry;
  return {
    epoch: e.epoch,
    trainLoss: e.trainLoss,
    trainAccuracy: e.trainAccuracy,
    valLoss: e.valLoss ?? null,
    valAccuracy: e.valAccuracy ?? null,
    seconds: e.seconds,
    samplesPerSecond: e.seconds > 0 ? trainSamples / e.seconds : 0,
  };
}

/**
 * One name per model output. A data set with fewer classes than the model's 10 outputs (an image folder of 3
 * classes) keeps its names; the unused outputs are named by their index, so charts and matrices stay square.
 */
export function outputClassNames(classes: readonly string[], outputs: number): string[] {
  return Array.from({ length: Math.max(outputs, classes.length) }, (_, i) => classes[i] ?? String(i));
}

/** JSON has no NaN: a class with no test samples has no accuracy, written as null. */
function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

async function writeCharts(
  runDir: string,
  history: EpochRecord[],
  metrics: MetricsFile,
  shown: Prediction[],
): Promise<void> {
  const curves = trainingCurvesSpec(
    history.map((h) => ({
      epoch: h.epoch,
      trainLoss: h.trainLoss,
      trainAccuracy: h.trainAccuracy,
      valLoss: h.valLoss ?? undefined,
      valAccuracy: h.valAccuracy ?? undefined,
    })),
  );
  await writeChart(curves, join(runDir, 'curves'));
  await writeChart(confusionMatrixSpec(metrics.confusionMatrix, metrics.classes), join(runDir, 'confusion'));
  const wrong = metrics.total - metrics.correct;
  const title =
    wrong > 0
      ? `Most confident misclassified test samples (${shown.length} of ${formatCount(wrong)})`
      : 'No misclassified test samples: the first test samples';
  const grid = sampleGridSpec(
    shown.map((p) => ({ image: p.image, label: p.label, predicted: p.predicted, confidence: p.confidence })),
    { classNames: metrics.classes, title },
  );
  await writeFileAtomic(join(runDir, RUN_FILES.misclassified), await renderPng(grid));
}

/** The settings line's worker part: `workers 2 (data parallel)`, plus the shard count when it differs. */
export function describeWorkers(plan: Pick<WorkerPlan, 'workers' | 'shards'>): string {
  const shards = plan.shards === plan.workers ? '' : `, ${plan.shards} shards per batch`;
  if (plan.workers === 1) return `workers 1${shards ? ` (${shards.slice(2)})` : ''}`;
  return `workers ${plan.workers} (data parallel${shards})`;
}

/**
 * The data-parallel step for `plan`, or undefined when the plain single-thread loop computes the same thing (one
 * shard). Each worker thread sets up the backend the main thread runs on, through the same `selectNodeBackend`.
 */
async function createStep(
  model: tfl.LayersModel,
  plan: WorkerPlan,
  backend: string,
): Promise<DataParallelStep | undefined> {
  if (plan.shards === 1) return undefined;
  const step = createDataParallelStep({
    model,
    workers: plan.workers,
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
    throw new CliError(`--workers ${plan.workers}: could not start the worker threads: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return step;
}

/** Runs `mnistkit-train` with parsed arguments; returns the exit status (0, or 130 after Ctrl-C). */
export async function runTrainCommand(args: CliArgs, io: CommandIo): Promise<number> {
  const print = (line = '') => io.stdout.write(`${line}\n`);
  const note = (line: string) => io.stderr.write(`${line}\n`);

  let settings: TrainSettings;
  let runDir: string;
  let saved: HistoryFile | null = null;
  let resumePoint: ResumePoint | null = null;
  if (args.resume !== undefined) {
    if (args.out !== undefined) {
      throw new UsageError('--out: cannot be combined with --resume; a resumed run continues in its own directory');
    }
    resumePoint = await locateResume(args.resume);
    runDir = resumePoint.runDir;
    saved = parseHistoryFile(await readJson(join(runDir, RUN_FILES.history), '--resume'), args.resume);
    settings = settingsForResume(saved.settings, args.given);
  } else {
    settings = settingsForNewRun(args.given);
    runDir = args.out ?? (await newRunPath(DEFAULT_RUNS_ROOT));
  }
  const modelName = resolveModelName(settings.model);

  const existedBefore = await stat(runDir).then(
    () => true,
    () => false,
  );
  runDir = await prepareRunDir(runDir, { resuming: saved !== null });
  const shownDir = relative(process.cwd(), runDir) || '.';
  let historyWritten = false;
  let markFailed: (() => Promise<void>) | null = null;
  let model: tfl.LayersModel | null = null;
  let parallel: DataParallelStep | undefined;
  try {
    const data = await loadRunData(settings);
    const backend = await chooseBackend(settings.backend, args.verbose ? note : () => {});
    const net = createModel(modelName, { seed: settings.seed });
    model = net;
    validateClassifier(net, MNIST_CLASSIFIER, settings.model);

    const store = new FileCheckpointStore(join(runDir, RUN_FILES.checkpoints), { keepLast: 2, keepBest: true });
    let checkpoint: Checkpoint | undefined;
    if (resumePoint) {
      checkpoint = resumePoint.checkpointDir ? await store.read(resumePoint.checkpointDir) : await store.latest();
      if (!checkpoint) {
        throw new CliError(
          `--resume ${args.resume}: the run has no checkpoint in ${RUN_FILES.checkpoints}/ to continue from`,
        );
      }
      if (checkpoint.epoch >= settings.epochs) {
        throw new UsageError(
          `--epochs ${settings.epochs}: the run already completed ${checkpoint.epoch} epochs; pass a larger --epochs to train further`,
        );
      }
    }

    const plan = resolveWorkers({
      choice: settings.workers,
      backend: backend.name,
      batchSize: settings.batchSize,
      cpus: availableParallelism(),
      resumedShards: saved ? settings.shards : undefined,
    });
    settings.shards = plan.shards;
    if (plan.note) note(plan.note);
    parallel = await createStep(net, plan, backend.name);

    print(describeModel(net));
    print(`Backend: ${backend.summary}`);
    print(
      `Dataset: ${data.name}: ${formatCount(data.train.length)} training, ${formatCount(data.val?.length ?? 0)} validation, ${formatCount(data.test.length)} test samples`,
    );
    print(
      `Settings: ${settings.epochs} epoch${settings.epochs === 1 ? '' : 's'}, batch ${settings.batchSize}, lr ${settings.lr}, seed ${settings.seed}, ${describeWorkers(plan)}; run directory ${shownDir}`,
    );
    if (checkpoint) {
      print(
        `Resuming after epoch ${checkpoint.epoch}${checkpoint.step > 0 ? `, batch ${checkpoint.step}` : ''} (${relative(process.cwd(), store.location)})`,
      );
    }

    const now = () => new Date().toISOString();
    const startedAt = now();
    const priorHistory = (saved?.history ?? []).slice(0, checkpoint?.epoch ?? 0);
    const history: HistoryFile = {
      format: 'mnistkit-history',
      version: 1,
      status: 'running',
      settings,
      model: { name: settings.model, parameters: countParameters(net) },
      dataset: {
        spec: settings.dataset,
        name: data.name,
        classes: [...data.classes],
        trainSamples: data.train.length,
        valSamples: data.val?.length ?? 0,
        testSamples: data.test.length,
      },
      backend: backend.name,
      gpu: backend.gpu,
      workers: plan.workers,
      backendAttempts: backend.report.attempts,
      history: priorHistory,
      test: null,
      timings: {
        startedAt: saved?.timings.startedAt ?? startedAt,
        updatedAt: startedAt,
        finishedAt: null,
        trainSeconds: priorHistory.reduce((s, h) => s + h.seconds, 0),
        testSeconds: null,
      },
      sessions: [
        ...(saved?.sessions ?? []),
        {
          startedAt,
          finishedAt: null,
          backend: backend.name,
          workers: plan.workers,
          firstEpoch: (checkpoint?.epoch ?? 0) + 1,
          lastEpoch: null,
          status: 'running',
        },
      ],
      checkpoint: saved?.checkpoint ?? null,
      versions: { trainer: TRAINER_VERSION, tfjs: tf.version_core, node: process.versions.node },
    };
    const session = history.sessions.at(-1) as HistoryFile['sessions'][number];
    const writeHistory = async () => {
      history.timings.updatedAt = now();
      await writeJsonAtomic(join(runDir, RUN_FILES.history), history);
      historyWritten = true;
    };
    const newestCheckpoint = async () => {
      const last = (await store.list()).at(-1);
      return last ? relative(runDir, last.path) : null;
    };
    await writeHistory();
    await updateLatest(runDir);
    markFailed = async () => {
      history.status = 'failed';
      session.status = 'failed';
      session.finishedAt = now();
      await writeHistory();
    };

    const trainLoader = new DataLoader(data.train, {
      batchSize: settings.batchSize,
      shuffle: true,
      seed: settings.seed,
    });
    const evalBatch = Math.max(settings.batchSize, 256);
    const valLoader = data.val ? new DataLoader(data.val, { batchSize: evalBatch }) : undefined;
    const progress: EpochProgress = createProgress(io.stdout);
    let progressEpoch = 0;

    const interrupt = handleInterrupts({
      onFirst: () => {
        progress.finish();
        note('Stopping: finishing this batch and saving a checkpoint (press Ctrl-C again to quit at once)');
      },
      onSecond: (signal) => io.exit(signalExitCode(signal)),
    });
    let result: Awaited<ReturnType<typeof train>>;
    try {
      result = await train(net, trainLoader, {
        epochs: settings.epochs,
        learningRate: settings.lr,
        seed: settings.seed,
        ...(valLoader ? { valLoader } : {}),
        signal: interrupt.signal,
        checkpoints: store,
        // The worker threads that train also evaluate: each validation batch runs whole on one of them.
        ...(parallel ? { step: parallel, evaluate: parallel.evaluate } : {}),
        ...(checkpoint ? { resume: checkpoint } : {}),
        onBatchEnd: async (e) => {
          const done = Math.min(e.batch * settings.batchSize, data.train.length);
          if (progressEpoch !== e.epoch) {
            progressEpoch = e.epoch;
            progress.start(`Epoch ${e.epoch}/${e.epochs}`, data.train.length, done - e.size);
          }
          progress.update(done);
          // The training step and the loader only await microtasks, which never let Node handle a signal; one
          // macrotask turn per batch makes Ctrl-C take effect after the current batch, not at the epoch's end.
          await new Promise<void>((resolve) => setImmediate(resolve));
        },
        onEpochEnd: async (e) => {
          progress.finish();
          const record = toRecord(e, data.train.length);
          history.history.push(record);
          history.timings.trainSeconds += record.seconds;
          session.lastEpoch = e.epoch;
          history.checkpoint = await newestCheckpoint();
          await writeHistory();
          print(formatEpochLine(record, e.epochs));
        },
      });
    } finally {
      progress.finish();
      interrupt.dispose();
    }

    if (result.status === 'interrupted') {
      history.status = 'interrupted';
      session.status = 'interrupted';
      session.finishedAt = now();
      history.checkpoint = await newestCheckpoint();
      await writeHistory();
      const at = result.stoppedAt;
      const where =
        at && at.batch < trainLoader.length
          ? `at epoch ${at.epoch}, batch ${at.batch} of ${trainLoader.length}`
          : `after epoch ${result.epochsCompleted}`;
      print(`Interrupted ${where}; checkpoint saved in ${join(shownDir, history.checkpoint ?? RUN_FILES.checkpoints)}`);
      print(`Continue with: mnistkit-train --resume ${shownDir}`);
      return signalExitCode(interrupt.received());
    }

    const testStarted = performance.now();
    const testLoader = new DataLoader(data.test, { batchSize: evalBatch });
    // One pass gives the test figures and the gallery's samples.
    const shown = galleryOptions(MISCLASSIFIED_SHOWN);
    const test = await (parallel ? parallel.evaluate(net, testLoader, shown) : evaluate(net, testLoader, shown));
    const testSeconds = (performance.now() - testStarted) / 1000;
    const anyWrong = test.correct < test.total;
    const found = shownPredictions(test, data.test, MISCLASSIFIED_SHOWN);

    await saveModel(net, join(runDir, RUN_FILES.model));
    const metrics: MetricsFile = {
      format: 'mnistkit-metrics',
      version: 1,
      epochs: result.epochsCompleted,
      testLoss: test.loss,
      testAccuracy: test.accuracy,
      correct: test.correct,
      total: test.total,
      classes: outputClassNames(data.classes, test.confusion.length),
      perClassAccuracy: test.perClassAccuracy.map(finiteOrNull),
      confusionMatrix: test.confusion.map((row) => [...row]),
      misclassified: anyWrong
        ? found.map(({ index, label, predicted, confidence }) => ({ index, label, predicted, confidence }))
        : [],
      backend: backend.name,
    };
    await writeJsonAtomic(join(runDir, RUN_FILES.metrics), metrics);
    await writeCharts(runDir, history.history, metrics, found);

    history.status = 'completed';
    history.test = { loss: test.loss, accuracy: test.accuracy, seconds: testSeconds };
    history.timings.testSeconds = testSeconds;
    history.timings.finishedAt = now();
    session.status = 'completed';
    session.finishedAt = history.timings.finishedAt;
    history.checkpoint = await newestCheckpoint();
    await writeHistory();
    print(formatTestLine(test.accuracy));
    print(`Saved to ${shownDir} (model, checkpoints, history.json, metrics.json, charts)`);
    if (args.verbose)
      note(`Test loss ${test.loss.toFixed(4)}, ${formatPercent(test.accuracy)} in ${testSeconds.toFixed(1)}s`);
    return 0;
  } catch (error) {
    // A run that failed before writing anything leaves no empty folder behind.
    if (!historyWritten && !existedBefore && saved === null) await rm(runDir, { recursive: true, force: true });
    // Best effort: the error being reported matters more than recording it.
    await markFailed?.().catch(() => {});
    throw error;
  } finally {
    // Ends the worker threads on every path (done, Ctrl-C, error), so the process exits when the command returns.
    await parallel?.dispose();
    model?.dispose();
  }
}
