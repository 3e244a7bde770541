import { encodeIdx } from '@mnistkit/data';
import { expect, test } from 'vitest';
import { datasetFromBytes } from './test-set.js';

const images = encodeIdx([3, 28, 28], new Uint8Array(3 * 28 * 28).fill(7));
const labels = encodeIdx([3], Uint8Array.from([1, 2, 3]));

test('pairs an image file and a label file given in either order', () => {
  const dataset = datasetFromBytes([
    { bytes: labels, source: 'labels' },
    { bytes: images, source: 'images' },
  ]);
  expect(dataset.length).toBe(3);
  expect(dataset.get(2).label).toBe(3);
});

test('names the files when they are not one image file and one label file', () => {
  expect(() =>
    datasetFromBytes([
      { bytes: images, source: 'a.idx' },
      { bytes: images, source: 'b.idx' },
    ]),
  ).toThrow(
    /expected one image file \(magic 2051\) and one label file \(magic 2049\), found a\.idx: magic 2051, b\.idx: magic 2051/,
  );
});

test('a truncated file is reported with its name', () => {
  expect(() =>
    datasetFromBytes([
      { bytes: images.subarray(0, 100), source: 'cut-images' },
      { bytes: labels, source: 'labels' },
    ]),
  ).toThrow(/cut-images/);
});
