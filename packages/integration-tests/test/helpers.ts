import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The published libraries, by folder under packages/. */
export const LIBRARIES = ['fs', 'data', 'mnist', 'models', 'training', 'backend', 'viz', 'tensorboard'] as const;

/** A published library, by folder under packages/. */
export type Library = (typeof LIBRARIES)[number];

/** The libraries whose main entry runs in browsers (@mnistkit/fs is Node only: it is made of node:fs). */
export const BROWSER_LIBRARIES = LIBRARIES.filter((folder) => folder !== 'fs');

/** The one TensorFlow.js version every package is built and tested with (peer ranges say exactly this). */
export const TFJS_VERSION = '4.22.0';

/** This package's folder: where its own tools (publint, attw) are on `npx`'s path. */
export const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const repoRoot = path.resolve(here, '../..');

export function packageDir(folder: string): string {
  return path.join(repoRoot, 'packages', folder);
}

/**
 * Runs a command, failing with its full output when it exits non-zero. NODE_PATH is dropped: pnpm's bin shims set it
 * to the workspace's hoisted packages, where a consumer's script would find packages it never installed.
 */
export async function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const { NODE_PATH: _workspacePackages, ...inherited } = process.env;
  try {
    return await run(command, args, {
      cwd,
      env: { ...inherited, ...env },
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

/** The package.json of a library, as in the repository. */
export async function manifestOf(folder: string): Promise<{
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}> {
  return JSON.parse(await readFile(path.join(packageDir(folder), 'package.json'), 'utf8'));
}

/** The libraries `folder` depends on (dependencies, transitively), by folder; `folder` itself first. */
export async function withLibraryDependencies(folder: Library): Promise<Library[]> {
  const found: Library[] = [];
  const todo: Library[] = [folder];
  while (todo.length > 0) {
    const next = todo.shift() as Library;
    if (found.includes(next)) continue;
    found.push(next);
    for (const dep of Object.keys((await manifestOf(next)).dependencies ?? {})) {
      const lib = LIBRARIES.find((l) => `@mnistkit/${l}` === dep);
      if (lib !== undefined) todo.push(lib);
    }
  }
  return found;
}

/** The peer dependencies a consumer of `folder` must install (not optional), at the tested version. */
export async function requiredPeers(folder: Library): Promise<string[]> {
  const manifest = await manifestOf(folder);
  return Object.entries(manifest.peerDependencies ?? {})
    .filter(([name]) => !manifest.peerDependenciesMeta?.[name]?.optional)
    .map(([name, range]) => `${name}@${range}`);
}

/** A new npm project (an ES module package) in a temporary folder, outside the workspace. */
export async function newNpmProject(prefix: string): Promise<string> {
  const project = await mkdtemp(path.join(tmpdir(), `mnistkit-${prefix}-`));
  await writeFile(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2),
  );
  return project;
}

/** `npm install` of `specs` (tarball paths or name@version) in `project`, as a user would run it. */
export async function npmInstall(project: string, specs: string[], extra: string[] = []) {
  return sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...extra, ...specs], project);
}
