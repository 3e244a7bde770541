import { execFile } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The published libraries, by folder under packages/. */
export const LIBRARIES = ['fs', 'data', 'models', 'training', 'backend', 'viz', 'tensorboard'] as const;

/** The libraries whose main entry runs in browsers (@mnistkit/fs is Node only: it is made of node:fs). */
export const BROWSER_LIBRARIES = LIBRARIES.filter((folder) => folder !== 'fs');

/** This package's folder: where its own tools (publint, attw) are on `npx`'s path. */
export const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const repoRoot = path.resolve(here, '../..');

export function packageDir(folder: string): string {
  return path.join(repoRoot, 'packages', folder);
}

/** Runs a command, failing with its full output when it exits non-zero. */
export async function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  try {
    return await run(command, args, {
      cwd,
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) failed:\n${e.stdout ?? ''}\n${e.stderr ?? ''}\n${e.message}`,
    );
  }
}

/** Packs every library with pnpm (which rewrites workspace: ranges) into one temporary folder. */
export async function packAll(): Promise<{ dir: string; tarballs: Record<string, string> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mnistkit-pack-'));
  for (const folder of LIBRARIES) {
    await sh('npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', dir], packageDir(folder));
  }
  const files = await readdir(dir);
  const tarballs: Record<string, string> = {};
  for (const folder of LIBRARIES) {
    const file = files.find((f) => f.startsWith(`mnistkit-${folder}-`) && f.endsWith('.tgz'));
    if (!file)
      throw new Error(`pnpm pack wrote no tarball for @mnistkit/${folder} in ${dir} (found: ${files.join(', ')})`);
    tarballs[folder] = path.join(dir, file);
  }
  return { dir, tarballs };
}
