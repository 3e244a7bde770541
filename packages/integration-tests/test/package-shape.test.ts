import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { here, LIBRARIES, packageDir, repoRoot, sh, TFJS_VERSION } from './helpers.js';

const tarballs = inject('tarballs');

async function tarList(tarball: string): Promise<string[]> {
  const { stdout } = await sh('tar', ['-tzf', tarball], repoRoot);
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
}

async function tarPackageJson(tarball: string): Promise<Record<string, unknown>> {
  const { stdout } = await sh('tar', ['-xzOf', tarball, 'package/package.json'], repoRoot);
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe.each(LIBRARIES)('@mnistkit/%s as published', (folder) => {
  it('ships dist with types, a README and nothing of tests or fixtures', async () => {
    const tarball = tarballs[folder];
    if (!tarball) throw new Error(`no tarball for ${folder}`);
    const files = await tarList(tarball);
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    const manifest = await tarPackageJson(tarball);
    if ('./node' in (manifest.exports as Record<string, unknown>)) {
      expect(files).toContain('dist/node.js');
      expect(files).toContain('dist/node.d.ts');
    }
    const shipped = files.filter((f) => /\.test\.|fixtures\/|test-utils\/|\.tsbuildinfo$/.test(f));
    expect(shipped).toEqual([]);
  });

  it('has no workspace: ranges, and its exports map resolves to shipped files', async () => {
    const tarball = tarballs[folder];
    if (!tarball) throw new Error(`no tarball for ${folder}`);
    const manifest = await tarPackageJson(tarball);
    expect(JSON.stringify(manifest)).not.toContain('workspace:');
    expect(manifest.type).toBe('module');
    // The MNIST images are CC BY-SA 3.0; the code is MIT everywhere.
    expect(manifest.license).toBe(folder === 'mnist' ? 'MIT AND CC-BY-SA-3.0' : 'MIT');
    const files = new Set(await tarList(tarball));
    const exportsMap = manifest.exports as Record<string, Record<string, string> | string>;
    for (const [subpath, target] of Object.entries(exportsMap)) {
      if (typeof target === 'string') continue;
      expect(Object.keys(target)[0], `${subpath}: the @mnistkit/source condition leads, types next`).toBe(
        '@mnistkit/source',
      );
      expect(Object.keys(target)[1], `${subpath}: types come before default`).toBe('types');
      for (const condition of ['types', 'default']) {
        const file = target[condition];
        expect(file, `${subpath} ${condition}`).toBeDefined();
        expect(files.has(String(file).replace(/^\.\//, '')), `${subpath} ${condition} -> ${file} is shipped`).toBe(
          true,
        );
      }
    }
  });

  it('passes publint --strict', async () => {
    const tarball = tarballs[folder];
    if (!tarball) throw new Error(`no tarball for ${folder}`);
    // Lint the tarball pnpm packed: exactly what npm would receive.
    const { stdout } = await sh('npx', ['publint', 'run', tarball, '--strict'], here);
    expect(stdout).not.toMatch(/error|warning/i);
  });

  it('passes arethetypeswrong for ESM consumers', async () => {
    const tarball = tarballs[folder];
    if (!tarball) throw new Error(`no tarball for ${folder}`);
    await sh('npx', ['attw', tarball, '--profile', 'esm-only', '--format', 'table'], here);
  });

  it('pins every @tensorflow dependency to the one tested version, peers included', async () => {
    const manifest = JSON.parse(await readFile(path.join(packageDir(folder), 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    for (const deps of [manifest.dependencies, manifest.devDependencies]) {
      for (const [name, range] of Object.entries(deps ?? {})) {
        if (name.startsWith('@tensorflow/')) expect(range, name).toBe(TFJS_VERSION);
      }
    }
    const usesTf = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).some((n) =>
      n.startsWith('@tensorflow/'),
    );
    if (usesTf) expect(manifest.peerDependencies?.['@tensorflow/tfjs-core']).toBe(TFJS_VERSION);
    expect(manifest.dependencies?.['@tensorflow/tfjs-core'], 'tfjs-core is never a direct dependency').toBeUndefined();
    for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
      // Exact, as tfjs's own packages peer on each other: the kernels and the fused optimizer use 4.22 internals.
      if (name.startsWith('@tensorflow/')) expect(range, name).toBe(TFJS_VERSION);
    }
  });
});
