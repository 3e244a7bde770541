import { describe, expect, it } from 'vitest';
import { IdxDataset, randomSplit, Subset } from './dataset.js';
import { DatasetError } from './errors.js';
import { encodeIdx, parseIdx } from './idx.js';
import { syntheticIdx } from './test-utils/synthetic.js';

describe('IdxDataset', () => {
  it('returns (image, label) on demand as views of the file bytes', () => {
    const { images, labels } = syntheticIdx(12);
    const ds = IdxDataset.fromBytes(images, labels);
    expect(ds.length).toBe(12);
    expect(ds.imageShape).toEqual([28, 28]);
    const s = ds.get(3);
    expect(s.label).toBe(3);
    expect(s.image.length).toBe(784);
    expect(s.image[0]).toBe(21);
    expect(s.image[5]).toBe(26);
    expect(s.image.buffer).toBe(ds.images.data.buffer);
    expect(() => ds.get(12)).toThrow(/outside 0\.\.11/);
    expect(() => ds.get(-1)).toThrow(RangeError);
  });

  it('rejects an image/label count mismatch naming the labels file and both counts', () => {
    const { images } = syntheticIdx(5);
    const labels = encodeIdx([4], new Uint8Array(4));
    const e = captureError(() => IdxDataset.fromBytes(images, labels, { imagesSource: 'i', labelsSource: 'l' }));
    expect(e.file).toBe('l');
    expect(e.message).toMatch(/count mismatch: i holds 5 images, but this file holds 4 labels/);
  });

  it('rejects a label out of range with its index', () => {
    const { images } = syntheticIdx(3);
    const labels = encodeIdx([3], Uint8Array.of(1, 10, 2));
    const e = captureError(() => IdxDataset.fromBytes(images, labels, { labelsSource: 'labels.idx' }));
    expect(e.file).toBe('labels.idx');
    expect(e.message).toMatch(/label out of range at index 1: expected 0\.\.9, found 10/);
  });

  it('rejects a wrong image size unless told to accept it', () => {
    const { images, labels } = syntheticIdx(2, 32, 32);
    const e = captureError(() => IdxDataset.fromBytes(images, labels, { imagesSource: 'big' }));
    expect(e.file).toBe('big');
    expect(e.message).toMatch(/expected 28x28 images, found 32x32/);
    const ok = IdxDataset.fromBytes(images, labels, { imageShape: null });
    expect(ok.imageShape).toEqual([32, 32]);
    expect(ok.get(1).image.length).toBe(1024);
  });

  it('rejects swapped files (labels given as images)', () => {
    const { images, labels } = syntheticIdx(2);
    const e = captureError(() => new IdxDataset(parseIdx(labels, 'L'), parseIdx(images, 'I')));
    expect(e.file).toBe('L');
    expect(e.message).toMatch(/expected an IDX image file \(magic 2051, 3 dims\), found magic 2049 with 1 dims/);
  });
});

describe('Subset and randomSplit', () => {
  const { images, labels } = syntheticIdx(50);
  const ds = IdxDataset.fromBytes(images, labels);

  it('Subset maps indices to the parent data set', () => {
    const sub = new Subset(ds, [7, 2]);
    expect(sub.length).toBe(2);
    expect(sub.get(0).label).toBe(7);
    expect(sub.get(1).image).toEqual(ds.get(2).image);
    expect(() => new Subset(ds, [50])).toThrow(/outside 0\.\.49/);
  });

  it('splits into disjoint parts covering every sample, reproducibly from the seed', () => {
    const [a, b] = randomSplit(ds, [40, 10], 123);
    expect(a.length).toBe(40);
    expect(b.length).toBe(10);
    const all = [...a.indices, ...b.indices].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const [a2] = randomSplit(ds, [40, 10], 123);
    expect(Array.from(a2.indices)).toEqual(Array.from(a.indices));
    const [a3] = randomSplit(ds, [40, 10], 124);
    expect(Array.from(a3.indices)).not.toEqual(Array.from(a.indices));
  });

  it('accepts fractions and rejects lengths that do not add up', () => {
    const [a, b] = randomSplit(ds, [0.9, 0.1], 1);
    expect(a.length + b.length).toBe(50);
    expect(a.length).toBe(45);
    expect(() => randomSplit(ds, [30, 10], 1)).toThrow(/summing to the data set's length 50/);
  });
});

function captureError(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return error as DatasetError;
  }
  throw new Error('expected a DatasetError');
}
