import { loadMnist } from '@mnistkit/data/node';
import { describe, expect, test } from 'vitest';
import { inkBounds, MNIST_SIZE, mnistFromDrawing, resampleArea, rgbaToGray } from './preprocess.js';

/** Paints a filled rectangle of ink (255) on a black `size` x `size` image. */
function rectangle(size: number, x: number, y: number, w: number, h: number): Uint8Array {
  const gray = new Uint8Array(size * size);
  for (let r = y; r < y + h; r++) gray.fill(255, r * size + x, r * size + x + w);
  return gray;
}

function centreOfMass(pixels: Uint8Array, size: number): [number, number] {
  let m = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i] ?? 0;
    m += v;
    cx += v * (i % size);
    cy += v * Math.floor(i / size);
  }
  return [cx / m, cy / m];
}

describe('mnistFromDrawing', () => {
  test('an empty drawing gives null', () => {
    expect(mnistFromDrawing(new Uint8Array(280 * 280), 280, 280)).toBeNull();
  });

  test('scales the ink’s bounding box to 20 pixels on its long side, keeping the aspect ratio', () => {
    // 40 wide, 200 tall, in a corner: like a "1" drawn off-centre.
    const out = mnistFromDrawing(rectangle(280, 10, 20, 40, 200), 280, 280);
    if (out === null) throw new Error('expected an image');
    expect(inkBounds(out, MNIST_SIZE, MNIST_SIZE)).toMatchObject({ width: 4, height: 20 });
  });

  test('puts the centre of mass at the centre of the 28x28 field', () => {
    const out = mnistFromDrawing(rectangle(280, 150, 5, 120, 90), 280, 280);
    if (out === null) throw new Error('expected an image');
    const [cx, cy] = centreOfMass(out, MNIST_SIZE);
    expect(Math.abs(cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cy - 14)).toBeLessThanOrEqual(0.5);
  });

  test('turns a real MNIST digit, drawn 10x larger, back into nearly the same 28x28 image', async () => {
    const { test: testSet } = await loadMnist();
    for (const index of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      const { image } = testSet.get(index);
      const big = new Uint8Array(280 * 280);
      for (let y = 0; y < 280; y++) {
        for (let x = 0; x < 280; x++) big[y * 280 + x] = image[Math.floor(y / 10) * 28 + Math.floor(x / 10)] ?? 0;
      }
      const out = mnistFromDrawing(big, 280, 280);
      if (out === null) throw new Error('expected an image');
      expect(correlation(out, image), `test image ${index}`).toBeGreaterThan(0.95);
    }
  });
});

test('resampleArea averages the covered area, counting partly covered pixels by their share', () => {
  const gray = Uint8Array.from([0, 255, 255, 0, 255, 255]);
  // 3x2 → 2x1: each output pixel covers 1.5 columns and both rows.
  const out = resampleArea(gray, 3, { x: 0, y: 0, width: 3, height: 2 }, 2, 1);
  expect(Array.from(out)).toEqual([85, 255]);
});

test('rgbaToGray weights the channels by luminance and alpha', () => {
  const gray = rgbaToGray(Uint8ClampedArray.from([255, 255, 255, 255, 255, 0, 0, 255, 255, 255, 255, 0]), 3, 1);
  expect(Array.from(gray)).toEqual([255, 76, 0]);
  expect(() => rgbaToGray(new Uint8ClampedArray(7), 3, 1)).toThrow(/expected 3x1x4 = 12 RGBA bytes, found 7/);
});

function correlation(a: Uint8Array, b: Uint8Array): number {
  const n = a.length;
  const mean = (v: Uint8Array) => v.reduce((s, x) => s + x, 0) / n;
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] ?? 0) - ma;
    const db = (b[i] ?? 0) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}
