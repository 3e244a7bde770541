import { open } from 'node:fs/promises';
import { FsError } from './errors.js';

/** Errors of platforms where a folder cannot be opened or synced (Windows): there, renames are durable on their own. */
const NO_DIRECTORY_SYNC = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'EBADF', 'ENOTSUP']);

/**
 * Flushes a folder's entries to disk (`fsync` on the folder), so a rename or a new file inside it survives a power
 * loss. A no-op where the platform cannot open folders.
 */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    if (NO_DIRECTORY_SYNC.has((error as NodeJS.ErrnoException).code ?? '')) return;
    throw FsError.from(dir, 'open the folder to flush it', error);
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!NO_DIRECTORY_SYNC.has((error as NodeJS.ErrnoException).code ?? '')) {
      throw FsError.from(dir, 'flush the folder to disk', error);
    }
  } finally {
    await handle.close();
  }
}

/** Creates `path` (which must not exist), writes `data` and flushes it to disk before closing. */
export async function writeNewFileDurably(path: string, data: string | Uint8Array, mode = 0o666): Promise<void> {
  const handle = await open(path, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
