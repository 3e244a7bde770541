import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confusionMatrixSpec } from './confusion-matrix.js';
import { parseSvg, pngSize } from './test-utils/svg.js';
import { trainingCurvesSpec } from './training-curves.js';
import { writeChart } from './write-chart.js';

const history = [
  { epoch: 1, trainLoss: 0.24, trainAccuracy: 0.927 },
  { epoch: 2, trainLoss: 0.07, trainAccuracy: 0.978 },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mnistkit-viz-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeChart', () => {
  it('writes <base>.svg and <base>.png, creating folders, leaving no temporary files', async () => {
    const files = await writeChart(trainingCurvesSpec(history), join(dir, 'charts', 'curves'));
    expect(files).toEqual({ svg: join(dir, 'charts', 'curves.svg'), png: join(dir, 'charts', 'curves.png') });
    expect(parseSvg(await readFile(files.svg, 'utf8')).texts).toContain('Accuracy (%)');
    expect(pngSize(new Uint8Array(await readFile(files.png))).width).toBeGreaterThan(0);
    expect((await readdir(join(dir, 'charts'))).sort()).toEqual(['curves.png', 'curves.svg']);
  });

  it('drops a .png or .svg extension given in the base path and replaces old files', async () => {
    await writeChart(confusionMatrixSpec([[1]]), join(dir, 'cm.png'));
    const files = await writeChart(confusionMatrixSpec([[7]]), join(dir, 'cm.svg'));
    expect(files.png).toBe(join(dir, 'cm.png'));
    expect(parseSvg(await readFile(files.svg, 'utf8')).texts).toContain('7');
  });

  it('reports a path it cannot write', async () => {
    const blocker = join(dir, 'charts', 'curves.svg');
    await expect(writeChart(confusionMatrixSpec([[1]]), join(blocker, 'x'))).rejects.toThrow(/curves\.svg/);
  });
});
