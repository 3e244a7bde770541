import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ModelName } from '@mnistkit/models';
import { DEFAULT_RUNS_ROOT, RUN_FILES, type RunHistory } from '@mnistkit/training';
import { type CliArgs, settingsForResume } from './args.js';
import { CliError, UsageError } from './errors.js';
import { resolveModelName } from './model-name.js';
import { newRunPath } from './run-dir.js';
import { settingsForNewRun, type TrainSettings } from './settings.js';

/** What the command line asks for, before anything is created or read: where the run goes. */
export interface RunPlan {
  /** The run directory, as given or chosen (not yet created). */
  runDir: string;
  /** The flag that named the directory, for messages: `--out` or `--resume`. */
  flag: '--out' | '--resume';
  /** `--resume`: the checkpoint directory it named, if it named one (else the run's newest is used). */
  resume: { arg: string; checkpointDir: string | undefined } | null;
  /** A new run's settings (the defaults, overridden by the flags); null when resuming (they come from the run). */
  settings: TrainSettings | null;
  /** The settings the command line gave. */
  given: Partial<TrainSettings>;
}

/** The settings a run trains with and the model they name, once the run being resumed (if any) is read. */
export interface RunSetup {
  settings: TrainSettings;
  modelName: ModelName;
  /** The history.json of the run being resumed (checked); null for a new run. */
  saved: RunHistory | null;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** `--resume` takes a run directory, or one checkpoint directory inside a run's `checkpoints/`. */
export async function locateResume(path: string): Promise<{ runDir: string; checkpointDir: string | undefined }> {
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

/**
 * Step 0: reads the command line into a {@link RunPlan}: a new run gets the defaults and a fresh `runs/<timestamp>`
 * unless `--out` names one (and a bad `--model` is refused here, before anything is created); `--resume` finds the
 * run. Creates and reads nothing of the run: that waits for its lock.
 */
export async function planRun(args: CliArgs): Promise<RunPlan> {
  if (args.resume === undefined) {
    const settings = settingsForNewRun(args.given);
    resolveModelName(settings.model);
    return {
      runDir: args.out ?? (await newRunPath(DEFAULT_RUNS_ROOT)),
      flag: '--out',
      resume: null,
      settings,
      given: args.given,
    };
  }
  if (args.out !== undefined) {
    throw new UsageError('--out: cannot be combined with --resume; a resumed run continues in its own directory');
  }
  if (args.given.initFrom !== undefined) {
    throw new UsageError(
      '--init-from: cannot be combined with --resume; a resumed run continues from its own checkpoint (start a new run to load other weights)',
    );
  }
  const { runDir, checkpointDir } = await locateResume(args.resume);
  return { runDir, flag: '--resume', resume: { arg: args.resume, checkpointDir }, settings: null, given: args.given };
}

/**
 * The settings a run trains with: a new run's from the plan; a resumed run's from its history.json (`saved`, read
 * under the lock), with only the resumable flags changed.
 */
export function setupRun(plan: RunPlan, saved: RunHistory | null): RunSetup {
  const settings = saved ? settingsForResume(saved.settings, plan.given) : (plan.settings as TrainSettings);
  return { settings, modelName: resolveModelName(settings.model), saved };
}
