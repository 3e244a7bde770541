import { encodeIdx, IdxDataset } from '@mnistkit/data';
import { describe, expect, it } from 'vitest';
import { splitRunData } from './dataset.js';

function dataset(count: number): IdxDataset {
  const pixels = new Uint8Array(count * 784).map((_, i) => Math.floor(i / 784) % 256);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  return IdxDataset.fromBytes(encodeIdx([count, 28, 28], pixels), encodeIdx([count], labels));
}

const train = dataset(100);
const test = dataset(50);
const all = { limit: null, testLimit: null, valSplit: 0, seed: 1 };

describe('splitRunData', () => {
  it('keeps everything without limits or validation', () => {
    const data = splitRunData('mnist', 'mnist', train, test, all);
    expect([data.train.length, data.val, data.test.length]).toEqual([100, null, 50]);
    expect(data.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('takes the first --limit / --test-limit samples, then splits off validation by seed', () => {
    const data = splitRunData('mnist', 'mnist', train, test, { limit: 40, testLimit: 7, valSplit: 0.25, seed: 3 });
    expect([data.train.length, data.val?.length, data.test.length]).toEqual([30, 10, 7]);
    expect(data.test.get(6).image[0]).toBe(6);
    const seen = new Set<number>();
    for (const part of [data.train, data.val]) {
      for (let i = 0; i < (part?.length ?? 0); i++) seen.add(part?.get(i).image[0] as number);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const again = splitRunData('mnist', 'mnist', train, test, { limit: 40, testLimit: 7, valSplit: 0.25, seed: 3 });
    expect(again.val?.get(0).image[0]).toBe(data.val?.get(0).image[0]);
  });

  it('rejects a validation split that leaves nothing on one side', () => {
    expect(() => splitRunData('mnist', 'mnist', train, test, { ...all, limit: 3, valSplit: 0.1 })).toThrow(
      /--val-split 0\.1: leaves 0 of 3 training samples for validation/,
    );
  });
});
