import { describe, expect, it } from 'vitest';
import { formatFull, mnistkitFull } from './full.js';

describe('the 10-epoch comparison', () => {
  it('judges wall time, epoch spread, accuracy and memory against the bars', () => {
    const ours = {
      label: 'mnistkit (wasm)',
      wall: 250,
      epochs: [24, 25, 25, 26, 30],
      testAccuracy: 99.3,
      peakRss: 450 * 2 ** 20,
    };
    const theirs = {
      label: 'PyTorch 2.13.0+cpu',
      wall: 228.5,
      epochs: [19, 19, 20],
      testAccuracy: 99.31,
      peakRss: null,
    };
    const text = formatFull(ours, theirs);
    expect(text).toContain("wall time ×1.09 PyTorch's (bar ≤ 1.1: met)");
    expect(text).toContain('slowest epoch 1.20× the median (bar ≤ 1.15: not met)');
    expect(text).toContain('test accuracy 99.30 % (bar ≥ 99.2: met)');
    expect(text).toContain('peak RSS 450 MiB (bar ≤ 600: met)');
    expect(text).toMatch(/PyTorch 2\.13\.0\+cpu\s+228\.5 s\s+58\.0 s\s+99\.31 %\s+n\/a/);
  });
});

describe("mnistkit's run for --full", () => {
  it('runs the built trainer and reads its epochs, test accuracy and peak RSS', async () => {
    const lines: string[] = [];
    const run = await mnistkitFull(
      (line) => lines.push(line),
      ['--epochs', '2', '--limit', '512', '--test-limit', '256'],
    );
    expect(run.epochs).toHaveLength(2);
    expect(run.epochs.every((s) => s > 0)).toBe(true);
    expect(run.testAccuracy).toBeGreaterThan(10);
    expect(run.wall).toBeGreaterThan(run.epochs[0] as number);
    if (process.platform === 'linux') expect(run.peakRss).toBeGreaterThan(50 * 2 ** 20);
    expect(lines.filter((l) => l.includes('Epoch'))).toHaveLength(2);
  }, 600_000);
});
