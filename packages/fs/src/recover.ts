import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDirectory } from './durable.js';
import { FsError } from './errors.js';
import { pathExists } from './path-exists.js';
import { isProcessAlive } from './process-alive.js';
import { parseTempName } from './temp-names.js';
import { readJournal, rollBackEntries } from './write-batch.js';

/** What {@link recoverLeftovers} did, by name inside the folder. */
export interface RecoveryReport {
  /** Entries of an interrupted {@link WriteBatch} put back as they were before it. */
  rolledBack: string[];
  /** Entries missing after an interrupted swap, restored from their previous copy. */
  restored: string[];
  /** Leftovers removed: temporary files and folders of interrupted writes and deletions. */
  removed: string[];
  /** Temporary entries of another running process (a write in progress), left alone. */
  inUse: string[];
}

/**
 * Recognises what interrupted writes of this package left in `dir` (names from `tempName`) and cleans up:
 * interrupted batches are rolled back from their journal, an entry missing after an interrupted swap gets its
 * previous copy back, and temporary leftovers are removed. Entries of another live process are left alone (this
 * process's id counts as dead: call this before writing in `dir`, as a previous process may have had the same id).
 * A missing `dir` is an empty report. Throws {@link FsError} naming the entry it could not clean.
 */
export async function recoverLeftovers(dir: string): Promise<RecoveryReport> {
  const report: RecoveryReport = { rolledBack: [], restored: [], removed: [], inUse: [] };
  const list = async () => {
    try {
      return await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw FsError.from(dir, 'list the folder', error);
    }
  };
  const live = (pid: number) => pid !== process.pid && isProcessAlive(pid);
  for (const name of await list()) {
    const temp = parseTempName(name);
    if (temp?.kind !== 'journal' || live(temp.pid)) continue;
    const path = join(dir, name);
    const entries = await readJournal(path);
    try {
      if (entries) {
        await rollBackEntries(dir, entries);
        report.rolledBack.push(...entries.map((e) => e.name));
      }
      await rm(path, { force: true });
    } catch (error) {
      throw FsError.from(path, 'roll back the interrupted write it records', error);
    }
  }
  for (const name of await list()) {
    const temp = parseTempName(name);
    if (temp === null || temp.kind === 'journal') continue;
    if (live(temp.pid)) {
      report.inUse.push(name);
      continue;
    }
    const path = join(dir, name);
    try {
      if (temp.kind === 'old' && !(await pathExists(join(dir, temp.base)))) {
        await rename(path, join(dir, temp.base));
        report.restored.push(temp.base);
      } else {
        await rm(path, { recursive: true, force: true });
        report.removed.push(name);
      }
    } catch (error) {
      throw FsError.from(path, 'clean up this leftover of an interrupted write', error);
    }
  }
  if (report.rolledBack.length + report.restored.length + report.removed.length > 0) await fsyncDirectory(dir);
  return report;
}
