import { describe, expect, it } from 'vitest';
import { applyTransform, compose, defaultTransform, normalize, toTensor, transformTable } from './transforms.js';

describe('transforms', () => {
  it('toTensor scales bytes to [0, 1]', () => {
    expect(toTensor().apply(0)).toBe(0);
    expect(toTensor().apply(255)).toBe(1);
    expect(toTensor().apply(51)).toBeCloseTo(0.2, 12);
  });

  it('normalize defaults to (0.5, 0.5) and rejects a non-positive std', () => {
    expect(normalize().apply(0)).toBe(-1);
    expect(normalize().apply(1)).toBe(1);
    expect(normalize(0.1307, 0.3081).apply(0.1307)).toBe(0);
    expect(() => normalize(0, 0)).toThrow(/positive std, found mean=0, std=0/);
  });

  it('compose applies left to right and names the chain', () => {
    const t = compose(toTensor(), normalize());
    expect(t.apply(255)).toBe(1);
    expect(t.apply(0)).toBe(-1);
    expect(t.name).toBe('compose(toTensor(), normalize(0.5, 0.5))');
    const reversed = compose(normalize(), toTensor());
    expect(reversed.apply(255)).toBeCloseTo((255 - 0.5) / 0.5 / 255, 12);
    expect(defaultTransform().name).toBe(t.name);
  });

  it('tabulates a transform and applies it to an image', () => {
    const table = transformTable(defaultTransform());
    expect(table.length).toBe(256);
    expect(table[0]).toBe(-1);
    expect(table[255]).toBe(1);
    const out = applyTransform(defaultTransform(), Uint8Array.of(0, 255, 0));
    expect(Array.from(out)).toEqual([-1, 1, -1]);
    expect(() => transformTable({ name: 'bad', apply: (x) => 1 / (x - 3) + (x === 3 ? Number.NaN : 0) })).toThrow(
      /maps pixel value 3 to NaN/,
    );
  });
});
