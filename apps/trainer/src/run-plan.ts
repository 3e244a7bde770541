import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ModelName } from '@mnistkit/models';
import { type CliArgs, settingsForResume } from './args.js';
import { CliError, UsageError } from './errors.js';
import { resolveModelName } from './model-name.js';
import { type HistoryFile, parseHistoryFile } from './records.js';
import { DEFAULT_RUNS_ROOT, newRunPath, RUN_FILES, readJson } from './run-dir.js';
import { settingsForNewRun, type TrainSettings } from './settings.js';

/** What the command line asks for, before anything is created: where the run goes and with which settings. */
export interface RunPlan {
  settings: TrainSettings;
  /** The model registry's name for `settings.model`. */
  modelName: ModelName;
  /** The run directory, as given or chosen (not yet created). */
  runDir: string;
  /** The history.json of the run being resumed; null for a new run. */
  saved: HistoryFile | null;
  /** With `--resume` of one checkpoint directory: that directory; else undefined (the run's newest). */
  checkpointDir: string | undefined;
  /** `--resume` as given, for messages; undefined for a new run. */
  resumeArg: string | undefined;
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
 * Step 0: reads the command line into a {@link RunPlan}. A new run gets the defaults and a fresh `runs/<timestamp>`
 * unless `--out` names one; `--resume` reads and checks the run's history.json and allows only resumable changes.
 * Creates nothing.
 */
export async function planRun(args: CliArgs): Promise<RunPlan> {
  if (args.resume === undefined) {
    const settings = settingsForNewRun(args.given);
    return {
      settings,
      modelName: resolveModelName(settings.model),
      runDir: args.out ?? (await newRunPath(DEFAULT_RUNS_ROOT)),
      saved: null,
      checkpointDir: undefined,
      resumeArg: undefined,
    };
  }
  if (args.out !== undefined) {
    throw new UsageError('--out: cannot be combined with --resume; a resumed run continues in its own directory');
  }
  const { runDir, checkpointDir } = await locateResume(args.resume);
  const saved = parseHistoryFile(await readJson(join(runDir, RUN_FILES.history), '--resume'), args.resume);
  const settings = settingsForResume(saved.settings, args.given);
  return {
    settings,
    modelName: resolveModelName(settings.model),
    runDir,
    saved,
    checkpointDir,
    resumeArg: args.resume,
  };
}
