import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './args.js';

describe('bench flags', () => {
  it('defaults to two rounds; --quick runs one with fewer batches', () => {
    expect(parseBenchArgs([])).toMatchObject({ rounds: 2, batches: 40, vsPytorch: false, full: false, kernels: true });
    expect(parseBenchArgs(['--quick', '--vs-pytorch', '--no-kernels'])).toMatchObject({
      rounds: 1,
      batches: 15,
      vsPytorch: true,
      kernels: false,
    });
  });

  it('names the flag that is wrong', () => {
    expect(() => parseBenchArgs(['--rounds', '0'])).toThrow("--rounds: expected a positive integer, found '0'");
    expect(() => parseBenchArgs(['--fast'])).toThrow(/--fast/);
  });
});
