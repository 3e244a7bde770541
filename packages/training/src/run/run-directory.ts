import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { acquireLock, describeErrno, type Lock, writeJsonAtomic } from '@mnistkit/fs';
import { parseRunHistory, type RunHistory } from './history-file.js';
import { parseRunMetrics, type RunMetrics } from './metrics-file.js';
import { formatRunJson, RUN_FILES } from './run-files.js';
import { RunFormatError } from './run-format-error.js';

/** Reads and parses a JSON file; throws {@link RunFormatError} naming it when it is missing or not JSON. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new RunFormatError(path, '', `cannot read it (${describeErrno(error)})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RunFormatError(path, '', `expected JSON, found text that does not parse (${(error as Error).message})`);
  }
}

/** The run's history.json, checked (see `parseRunHistory`); throws {@link RunFormatError} naming the file and field. */
export async function readRunHistory(runDir: string): Promise<RunHistory> {
  const path = join(runDir, RUN_FILES.history);
  return parseRunHistory(await readJsonFile(path), path);
}

/** The run's metrics.json, checked (see `parseRunMetrics`); throws {@link RunFormatError} naming the file and field. */
export async function readRunMetrics(runDir: string): Promise<RunMetrics> {
  const path = join(runDir, RUN_FILES.metrics);
  return parseRunMetrics(await readJsonFile(path), path);
}

/** Writes the run's history.json atomically and durably, in the run files' JSON layout. */
export async function writeRunHistory(runDir: string, history: RunHistory): Promise<void> {
  await writeJsonAtomic(join(runDir, RUN_FILES.history), history, { stringify: formatRunJson });
}

/**
 * Takes the run directory's lock (`run.lock`) for this process: one writer per run at a time. A stale lock (its
 * process is gone) is replaced and reported in `replacedStale`; a live one throws `LockError` naming its owner.
 */
export async function lockRunDirectory(runDir: string, command?: string): Promise<Lock> {
  return acquireLock(join(runDir, RUN_FILES.lock), command === undefined ? {} : { command });
}
