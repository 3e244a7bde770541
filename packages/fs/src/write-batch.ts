import { mkdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fsyncDirectory, writeNewFileDurably } from './durable.js';
import { FsError } from './errors.js';
import { pathExists } from './path-exists.js';
import { tempName } from './temp-names.js';

/** The content of a file: text (written as UTF-8) or bytes. */
export type FileData = string | Uint8Array;

type Entry = { name: string; data: FileData } | { name: string; files: Readonly<Record<string, FileData>> };

/** One entry of a batch as its journal records it (names relative to the batch's folder). */
export interface JournalEntry {
  /** The entry replaced. */
  name: string;
  /** Its new content, staged under this name until swapped in. */
  tmp: string;
  /** Where the entry it replaces waits until the batch is committed. */
  old: string;
  /** Whether there was an entry to replace. */
  existed: boolean;
}

/** The journal file's content. */
interface Journal {
  format: 'mnistkit-write-batch';
  version: 1;
  entries: JournalEntry[];
}

function checkName(dir: string, name: string): void {
  if (name === '' || name === '.' || name === '..' || /[/\\]/.test(name) || name.startsWith('.')) {
    throw new FsError(join(dir, String(name)), 'expected a plain, visible name inside the folder (no path separators)');
  }
}

/** Writes a staged directory: each file flushed, then the directory itself. */
async function stageDirectory(path: string, files: Readonly<Record<string, FileData>>): Promise<void> {
  await mkdir(path);
  for (const [name, data] of Object.entries(files)) {
    checkName(path, name);
    await writeNewFileDurably(join(path, name), data);
  }
  await fsyncDirectory(path);
}

/**
 * Puts back what a batch replaced: each entry's previous copy returns, entries it added go, staged copies are
 * removed. Used when a batch fails midway and, from its journal, after a crash.
 */
export async function rollBackEntries(dir: string, entries: readonly JournalEntry[]): Promise<void> {
  for (const e of [...entries].reverse()) {
    const target = join(dir, e.name);
    const old = join(dir, e.old);
    const tmp = join(dir, e.tmp);
    if (await pathExists(old)) {
      await rm(target, { recursive: true, force: true });
      await rename(old, target);
    } else if (!e.existed && !(await pathExists(tmp))) {
      // Its staged copy is gone, so it was swapped in: the entry is the batch's, not someone's from before.
      await rm(target, { recursive: true, force: true });
    }
    await rm(tmp, { recursive: true, force: true });
  }
  await fsyncDirectory(dir);
}

/** Reads a batch journal; null when it is unreadable (a crash while writing it: no swap had started). */
export async function readJournal(path: string): Promise<JournalEntry[] | null> {
  try {
    const journal = JSON.parse(await readFile(path, 'utf8')) as Journal;
    if (journal.format !== 'mnistkit-write-batch' || !Array.isArray(journal.entries)) return null;
    return journal.entries;
  } catch {
    return null;
  }
}

/**
 * Files and directories of one folder replaced together, all or nothing, also across a crash. `commit()` first
 * writes every new copy under a temporary name (each file flushed to disk), then records the batch in a journal,
 * moves the current entries aside and renames the new ones in, flushes the folder and deletes the journal: that
 * deletion is the moment the batch takes effect. A failure before it puts everything back; after a crash,
 * {@link recoverLeftovers} finds the journal and does the same. Readers may see the folder mid-swap (some entries
 * new, some old, for the few renames' time); writers that take a lock see it whole.
 */
export class WriteBatch {
  readonly #entries: Entry[] = [];

  /** A batch of entries of `dir`. */
  constructor(readonly dir: string) {}

  /** Replaces (or creates) the file `name` with `data`. */
  file(name: string, data: FileData): this {
    checkName(this.dir, name);
    this.#entries.push({ name, data });
    return this;
  }

  /** Replaces (or creates) `name` with `value` as JSON (default: two-space indented, a final newline). */
  json(name: string, value: unknown, stringify?: (value: unknown) => string): this {
    return this.file(name, stringify ? stringify(value) : `${JSON.stringify(value, null, 2)}\n`);
  }

  /** Replaces (or creates) the directory `name` with exactly `files` (plain names). */
  directory(name: string, files: Readonly<Record<string, FileData>>): this {
    checkName(this.dir, name);
    this.#entries.push({ name, files });
    return this;
  }

  /** Writes the batch; throws {@link FsError} naming the entry at fault, leaving the folder as it was. */
  async commit(): Promise<void> {
    const dir = this.dir;
    await mkdir(dir, { recursive: true }).catch((error: unknown) => {
      throw FsError.from(dir, 'create the folder', error);
    });
    const entries: JournalEntry[] = [];
    let current = dir;
    try {
      for (const entry of this.#entries) {
        current = join(dir, entry.name);
        const staged: JournalEntry = {
          name: entry.name,
          tmp: tempName(entry.name, 'tmp'),
          old: tempName(entry.name, 'old'),
          existed: await pathExists(current),
        };
        entries.push(staged);
        if ('files' in entry) await stageDirectory(join(dir, staged.tmp), entry.files);
        else await writeNewFileDurably(join(dir, staged.tmp), entry.data);
      }
      current = dir;
      await fsyncDirectory(dir);
    } catch (error) {
      for (const e of entries) await rm(join(dir, e.tmp), { recursive: true, force: true });
      throw FsError.from(current, 'write it', error);
    }
    const journal = join(dir, tempName('batch', 'journal'));
    const record: Journal = { format: 'mnistkit-write-batch', version: 1, entries };
    try {
      await writeNewFileDurably(journal, JSON.stringify(record));
      await fsyncDirectory(dir);
      for (const e of entries) {
        current = join(dir, e.name);
        if (e.existed) await rename(current, join(dir, e.old));
        await rename(join(dir, e.tmp), current);
      }
      await fsyncDirectory(dir);
    } catch (error) {
      await rollBackEntries(dir, entries);
      await rm(journal, { force: true });
      throw FsError.from(current, 'replace it', error);
    }
    try {
      await unlink(journal);
    } catch (error) {
      await rollBackEntries(dir, entries);
      await rm(journal, { force: true });
      throw FsError.from(dir, 'finish replacing its entries', error);
    }
    // The batch has taken effect; what is left is tidying, which recoverLeftovers redoes if it fails here.
    await fsyncDirectory(dir);
    for (const e of entries) {
      if (e.existed) await rm(join(dir, e.old), { recursive: true, force: true }).catch(() => {});
    }
  }
}

/**
 * Replaces the directory `path` with exactly `files`, all or nothing (a {@link WriteBatch} of one directory): at
 * every moment a complete copy exists, at `path` or, for the instant between two renames, beside it under a
 * `.old-` name that {@link recoverLeftovers} puts back. Creates the parent folder if needed.
 */
export async function replaceDirectory(path: string, files: Readonly<Record<string, FileData>>): Promise<void> {
  await new WriteBatch(dirname(path)).directory(basename(path), files).commit();
}

/**
 * Deletes the directory `path` so that it is never seen half deleted: it is renamed aside (`.del-`) first, then
 * removed; a crash leaves only the renamed copy, which {@link recoverLeftovers} removes. Nothing happens when
 * `path` does not exist.
 */
export async function removeDirectory(path: string): Promise<void> {
  const aside = join(dirname(path), tempName(basename(path), 'del'));
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw FsError.from(path, 'remove it', error);
  }
  await fsyncDirectory(dirname(path));
  await rm(aside, { recursive: true, force: true });
}
