import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fsyncDirectory, writeNewFileDurably } from './durable.js';
import { FsError } from './errors.js';
import { tempName } from './temp-names.js';

/** Options of {@link writeFileAtomic}. */
export interface WriteFileOptions {
  /** File mode of a new file (before the umask); default 0o666. */
  mode?: number;
}

/**
 * Writes `path` atomically and durably: the data goes to a temporary file in the same folder, is flushed to disk
 * (`fsync`), renamed over `path`, and the folder is flushed. Readers see the old file or the new one, never half of
 * one, and after a crash or power loss the file is the old or the new one. A failed write removes its temporary
 * file and leaves `path` as it was; a crash leaves a `.<name>.tmp-<pid>-<hex>` file that {@link recoverLeftovers}
 * removes. Throws {@link FsError} naming `path`.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileOptions = {},
): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, tempName(basename(path), 'tmp'));
  try {
    await writeNewFileDurably(tmp, data, options.mode);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw FsError.from(path, 'write it', error);
  }
  await fsyncDirectory(dir);
}

/** Options of {@link writeJsonAtomic}. */
export interface WriteJsonOptions extends WriteFileOptions {
  /** Turns the value into text; default `JSON.stringify(value, null, 2)` plus a newline. */
  stringify?: (value: unknown) => string;
}

/** Writes `value` as JSON with {@link writeFileAtomic}. */
export async function writeJsonAtomic(path: string, value: unknown, options: WriteJsonOptions = {}): Promise<void> {
  const text = options.stringify ? options.stringify(value) : `${JSON.stringify(value, null, 2)}\n`;
  await writeFileAtomic(path, text, options);
}
