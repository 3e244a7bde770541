import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDoc, type RepoFacts } from './docs-check.js';
import { repoRoot, sh } from './helpers.js';

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(path.join(repoRoot, file), 'utf8')) as T;
}

async function listDir(dir: string): Promise<string[]> {
  return (await readdir(path.join(repoRoot, dir)).catch(() => [] as string[])).sort();
}

/** The facts the docs are checked against, read from the repository (and the built trainer's --help). */
async function repoFacts(): Promise<RepoFacts> {
  const packages: RepoFacts['packages'] = new Map();
  const bins: RepoFacts['bins'] = new Map();
  const turboTasks = new Set(Object.keys((await readJson<{ tasks: object }>('turbo.json')).tasks));
  for (const parent of ['apps', 'packages']) {
    for (const folder of await listDir(parent)) {
      const dir = `${parent}/${folder}`;
      const manifest = await readJson<{
        name: string;
        scripts?: Record<string, string>;
        exports?: object;
        bin?: Record<string, string>;
      }>(`${dir}/package.json`).catch(() => undefined);
      if (manifest === undefined) continue;
      for (const [bin, script] of Object.entries(manifest.bin ?? {})) bins.set(bin, path.posix.join(dir, script));
      packages.set(manifest.name, {
        dir,
        scripts: manifest.scripts ?? {},
        exports: Object.keys(manifest.exports ?? {}),
      });
      const turbo = await readJson<{ tasks?: object }>(`${dir}/turbo.json`).catch(() => undefined);
      for (const task of Object.keys(turbo?.tasks ?? {})) turboTasks.add(task);
    }
  }
  const lockfile: RepoFacts['lockfile'] = new Map();
  const lock = await readFile(path.join(repoRoot, 'pnpm-lock.yaml'), 'utf8');
  const section = lock.slice(lock.indexOf('\npackages:'), lock.indexOf('\nsnapshots:'));
  for (const match of section.matchAll(/^ {2}'?(@?[^@\s']+)@([^(':\s]+)/gm)) {
    const [name, version] = [match[1] as string, match[2] as string];
    lockfile.set(name, (lockfile.get(name) ?? new Set()).add(version));
  }
  const { stdout: help } = await sh('node', ['apps/trainer/dist/cli.js', '--help'], repoRoot);
  const trainerFlags = new Set([...help.matchAll(/--[a-z][a-z0-9-]*/g)].map((m) => m[0]));
  const { scripts: rootScripts = {} } = await readJson<{ scripts?: Record<string, string> }>('package.json');
  return { packages, rootScripts, lockfile, turboTasks, trainerFlags, bins };
}

/** Every README and doc a user reads: the root README, docs/, each package's and app's README, the changesets. */
async function docFiles(): Promise<string[]> {
  const files = ['README.md'];
  for (const dir of ['docs', '.changeset']) {
    files.push(...(await listDir(dir)).filter((f) => f.endsWith('.md')).map((f) => `${dir}/${f}`));
  }
  for (const parent of ['apps', 'packages']) {
    for (const folder of await listDir(parent)) {
      if ((await listDir(`${parent}/${folder}`)).includes('README.md')) files.push(`${parent}/${folder}/README.md`);
    }
  }
  return files;
}

let facts: RepoFacts;

beforeAll(async () => {
  facts = await repoFacts();
});

describe('the docs name only what exists', () => {
  it('reads the facts it checks against', () => {
    expect(facts.packages.get('@mnistkit/data')?.exports).toContain('./node');
    expect(facts.rootScripts.train).toMatch(/apps\/trainer\/dist\/cli\.js/);
    expect(facts.trainerFlags).toContain('--epochs');
    expect(facts.lockfile.get('@tensorflow/tfjs-core')).toContain('4.22.0');
    expect(facts.turboTasks).toContain('build');
    expect(facts.bins.get('mnistkit-train')).toBe('apps/trainer/dist/cli.js');
  });

  it('every README, doc and changeset: packages, install lines, pnpm scripts, turbo tasks, trainer flags', async () => {
    const files = await docFiles();
    expect(files).toContain('docs/architecture.md');
    expect(files).toContain('apps/trainer/README.md');
    const problems = [];
    for (const file of files) {
      problems.push(...checkDoc(file, await readFile(path.join(repoRoot, file), 'utf8'), facts));
    }
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([]);
  });
});
