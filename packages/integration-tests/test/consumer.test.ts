import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LIBRARIES, packAll, sh } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * A user outside the workspace: installs the packed tarballs with plain npm, plus the peer dependencies the
 * READMEs name, then runs a script that uses only the documented public API.
 */
describe('a consumer installing the packed packages with npm', () => {
  it('loads MNIST, builds SimpleCNN, trains one short epoch, evaluates and saves', async () => {
    const { tarballs } = await packAll();
    const project = await mkdtemp(path.join(tmpdir(), 'mnistkit-consumer-'));
    await writeFile(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2),
    );
    const peers = ['@tensorflow/tfjs-core@4.22.0', '@tensorflow/tfjs-layers@4.22.0'];
    await sh(
      'npm',
      ['install', '--no-audit', '--no-fund', '--loglevel=error', ...LIBRARIES.map((f) => tarballs[f] ?? ''), ...peers],
      project,
    );
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
    };
    expect(report.backend).toBe('wasm');
    expect(report.parameters).toBe(421_642);
    expect(Number.isFinite(report.trainLoss)).toBe(true);
    // 2,000 images for one epoch: far better than chance (10 %) on held-out images.
    expect(report.testAccuracy).toBeGreaterThan(0.6);
    expect(report.savedFiles.sort()).toEqual(['model.json', 'weights.bin']);
    expect(report.reloadedMatches).toBe(true);
    expect(report.svg).toBe(true);
    const modelJson = JSON.parse(await readFile(path.join(project, 'saved-model/model.json'), 'utf8')) as {
      format?: string;
    };
    expect(modelJson.format).toBe('layers-model');
  });
});
