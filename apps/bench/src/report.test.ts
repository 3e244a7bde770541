import { describe, expect, it } from 'vitest';
import { best, formatMarkdown, formatTable, type Measurement, ratios } from './report.js';

const rows: Measurement[] = [
  { suite: 'mnistkit', task: 'train', threads: 1, samplesPerSecond: 1500 },
  { suite: 'mnistkit', task: 'train', threads: 2, samplesPerSecond: 2800 },
  { suite: 'mnistkit', task: 'train', threads: 2, samplesPerSecond: 3000 },
  { suite: 'mnistkit', task: 'infer', threads: 2, samplesPerSecond: 9000 },
  { suite: 'pytorch', task: 'train', threads: 2, samplesPerSecond: 3600 },
  { suite: 'pytorch', task: 'infer', threads: 2, samplesPerSecond: 8000 },
  { suite: 'tfjs-node', task: 'train', threads: 0, samplesPerSecond: 1700 },
];

describe('bench report', () => {
  it('keeps the best figure of each row over the rounds', () => {
    const top = best(rows);
    expect(top.filter((r) => r.suite === 'mnistkit' && r.task === 'train' && r.threads === 2)).toEqual([
      { suite: 'mnistkit', task: 'train', threads: 2, samplesPerSecond: 3000 },
    ]);
  });

  it("divides mnistkit's 2-thread figures by PyTorch's, and leaves out what is missing", () => {
    expect(ratios(best(rows))).toEqual({ train: 3000 / 3600, infer: 9000 / 8000 });
    expect(ratios(rows.filter((r) => r.suite !== 'pytorch'))).toEqual({});
  });

  it('prints the verdicts against the bars and the reason a row is missing', () => {
    const text = formatTable(best(rows), [{ suite: 'tfjs-node', reason: 'no binding' }]);
    expect(text).toContain('training ×0.83 (bar ≥ 0.8: met), inference ×1.13 (bar ≥ 1.2: not met)');
    expect(text).toMatch(/tfjs-node \(libtensorflow\)\s+not measured: no binding/);
    expect(text).toMatch(/mnistkit \(wasm\)\s+1,500\s+3,000\s+—\s+9,000/);
  });

  it("writes the README's markdown table with tfjs-node in the 2-thread columns", () => {
    const md = formatMarkdown(best(rows), 'Measured today.');
    expect(md).toContain('| mnistkit (wasm) | 1,500 samples/s | 3,000 samples/s |  | 9,000 samples/s |');
    expect(md).toContain('| tfjs-node (libtensorflow) (its own thread pool, all cores) |  | 1,700 samples/s |  |  |');
    expect(md).toContain('| mnistkit / PyTorch | | ×0.83 (bar 0.8) | | ×1.13 (bar 1.2) |');
  });
});
