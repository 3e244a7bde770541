import { lstat } from 'node:fs/promises';

/**
 * Whether anything (file, folder, symbolic link, even a dangling one) stands at `path`; lstat, so a link is not
 * followed and a leftover link counts as present.
 */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
