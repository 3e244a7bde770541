import { copyFile, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { findFiles } from './footprint.js';
import { LIBRARIES, newNpmProject, npmInstall, sh, TFJS_VERSION } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));

const tarballs = inject('tarballs');
const projects: string[] = [];

afterAll(async () => {
  for (const project of projects) await rm(project, { recursive: true, force: true });
});

/** Every copy of tfjs-core npm installed in `project`, with its version. */
async function tfjsCoreCopies(project: string): Promise<string[]> {
  const manifests = await findFiles(path.join(project, 'node_modules'), /(^|\/)@tensorflow\/tfjs-core\/package\.json$/);
  return Promise.all(
    manifests.map(async (m) => {
      const { version } = JSON.parse(await readFile(path.join(project, 'node_modules', m), 'utf8')) as {
        version: string;
      };
      return `${path.dirname(m)}@${version}`;
    }),
  );
}

/**
 * A user outside the workspace: installs the packed tarballs with plain npm, plus the peer dependencies the
 * READMEs name, then runs a script that uses only the documented public API.
 */
describe('a consumer installing the packed packages with npm', () => {
  it('loads MNIST, builds SimpleCNN, trains one short epoch, evaluates, saves and draws', async () => {
    const project = await newNpmProject('consumer');
    projects.push(project);
    const peers = [
      `@tensorflow/tfjs-core@${TFJS_VERSION}`,
      `@tensorflow/tfjs-layers@${TFJS_VERSION}`,
      // The optional peer of @mnistkit/viz/node's PNG rendering.
      '@resvg/resvg-js@^2.6.2',
    ];
    await npmInstall(project, [...LIBRARIES.map((f) => tarballs[f] ?? ''), ...peers]);
    // One engine, the tested one: a second or other tfjs-core would fail here before anything runs.
    expect(await tfjsCoreCopies(project)).toEqual([`@tensorflow/tfjs-core@${TFJS_VERSION}`]);
    await copyFile(path.join(here, '../fixtures/consumer.mjs'), path.join(project, 'consumer.mjs'));
    const { stdout } = await sh('node', ['consumer.mjs'], project);
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      backend: string;
      parameters: number;
      trainLoss: number;
      testAccuracy: number;
      savedFiles: string[];
      reloadedMatches: boolean;
      svg: boolean;
      png: boolean;
      tfjsCore: string;
    };
    expect(report.tfjsCore).toBe(TFJS_VERSION);
    expect(report.backend).toBe('wasm');
    expect(report.parameters).toBe(421_642);
    expect(Number.isFinite(report.trainLoss)).toBe(true);
    // 2,000 images for one epoch: far better than chance (10 %) on held-out images.
    expect(report.testAccuracy).toBeGreaterThan(0.6);
    expect(report.savedFiles.sort()).toEqual(['model.json', 'weights.bin']);
    expect(report.reloadedMatches).toBe(true);
    expect(report.svg).toBe(true);
    expect(report.png).toBe(true);
    const modelJson = JSON.parse(await readFile(path.join(project, 'saved-model/model.json'), 'utf8')) as {
      format?: string;
    };
    expect(modelJson.format).toBe('layers-model');
  });

  it('cannot install them next to another tfjs-core: the peer ranges name the tested version', async () => {
    const project = await newNpmProject('consumer-tfjs-4.21');
    projects.push(project);
    const other = ['@tensorflow/tfjs-core@4.21.0', '@tensorflow/tfjs-layers@4.21.0'];
    // --dry-run: npm resolves the whole tree (and refuses it) without downloading the packages.
    const error = await npmInstall(project, [...LIBRARIES.map((f) => tarballs[f] ?? ''), ...other], ['--dry-run']).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/ERESOLVE/);
    expect(error?.message).toMatch(/peer @tensorflow\/tfjs-core@"4\.22\.0" from @mnistkit\//);
  });
});
