import { describe, expect, it } from 'vitest';
import { mixSeed, tfSeed } from './random.js';

describe('tfSeed', () => {
  it('is mixSeed folded into 1 … 2³¹ − 2: deterministic, never 0, different for neighbouring inputs', () => {
    const seen = new Set<number>();
    for (let epoch = 0; epoch < 50; epoch++) {
      for (let step = 0; step < 40; step++) {
        const s = tfSeed(42, epoch, step, 0);
        expect(s).toBe(tfSeed(42, epoch, step, 0));
        expect(s).toBe((mixSeed(42, epoch, step, 0) % 2147483646) + 1);
        expect(Number.isInteger(s) && s >= 1 && s <= 2147483646).toBe(true);
        seen.add(s);
      }
    }
    expect(seen.size).toBe(2000);
    expect(tfSeed(0)).toBeGreaterThan(0);
    expect(tfSeed(-1, 2 ** 40)).toBeGreaterThan(0);
  });
});
