import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findTfjsNodePackages, packageFor, pnpmCopies } from './packages.js';

const work = realpathSync(mkdtempSync(join(tmpdir(), 'mnistkit-packages-')));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function fakePackage(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '4.22.0' }));
  return dir;
}

describe('finding tfjs-node copies', () => {
  it('maps --gpu to the package', () => {
    expect(packageFor(false)).toBe('@tensorflow/tfjs-node');
    expect(packageFor(true)).toBe('@tensorflow/tfjs-node-gpu');
  });

  it("finds pnpm's store copies from any folder below the workspace, telling tfjs-node from tfjs-node-gpu", () => {
    const root = join(work, 'pnpm-workspace');
    const store = join(root, 'node_modules', '.pnpm');
    const cpu = fakePackage(
      join(store, '@tensorflow+tfjs-node@4.22.0_seedrandom@3.0.5', 'node_modules', '@tensorflow', 'tfjs-node'),
      '@tensorflow/tfjs-node',
    );
    const gpu = fakePackage(
      join(store, '@tensorflow+tfjs-node-gpu@4.22.0_seedrandom@3.0.5', 'node_modules', '@tensorflow', 'tfjs-node-gpu'),
      '@tensorflow/tfjs-node-gpu',
    );
    mkdirSync(join(root, 'apps', 'trainer', 'dist'), { recursive: true });
    expect(pnpmCopies('@tensorflow/tfjs-node', join(root, 'apps', 'trainer', 'dist'))).toEqual([cpu]);
    expect(pnpmCopies('@tensorflow/tfjs-node-gpu', root)).toEqual([gpu]);
    expect(findTfjsNodePackages('@tensorflow/tfjs-node-gpu', [], [root, join(root, 'apps')])).toEqual([gpu]);
  });

  it("resolves npm's flat layout from the project, each real folder once", () => {
    const project = join(work, 'npm-project');
    const flat = fakePackage(join(project, 'node_modules', '@tensorflow', 'tfjs-node'), '@tensorflow/tfjs-node');
    writeFileSync(join(project, 'package.json'), '{}');
    const from = join(project, 'package.json');
    expect(findTfjsNodePackages('@tensorflow/tfjs-node', [from, from], [project])).toEqual([flat]);
  });
});
