import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import '../register-kernels.js';
import { maxClose, randomTensor, runOn, withStockKernels } from '../test-utils/helpers.js';

interface ConvCase {
  batch: number;
  size: number;
  inC: number;
  outC: number;
  k: number;
  stride: 1 | 2;
  pad: 'same' | 'valid';
}

const convCases: ConvCase[] = [
  { batch: 2, size: 8, inC: 1, outC: 4, k: 3, stride: 1, pad: 'same' },
  { batch: 3, size: 7, inC: 3, outC: 5, k: 3, stride: 2, pad: 'same' },
  { batch: 1, size: 9, inC: 2, outC: 3, k: 5, stride: 1, pad: 'valid' },
  { batch: 2, size: 10, inC: 4, outC: 6, k: 5, stride: 2, pad: 'valid' },
  { batch: 2, size: 6, inC: 5, outC: 2, k: 5, stride: 1, pad: 'same' },
  { batch: 4, size: 5, inC: 8, outC: 16, k: 3, stride: 2, pad: 'valid' },
  // Like SimpleCNN's conv2 (3x3 'same', stride 1, many channels), kept small for stock cpu.
  { batch: 2, size: 8, inC: 16, outC: 32, k: 3, stride: 1, pad: 'same' },
  { batch: 3, size: 9, inC: 4, outC: 3, k: 2, stride: 1, pad: 'same' },
  // Winograd on wasm (3x3, stride 1, 'same', even size, channels % 4 == 0), over several tile blocks.
  { batch: 3, size: 10, inC: 4, outC: 8, k: 3, stride: 1, pad: 'same' },
];

function convFilterGrad(
  c: ConvCase,
  seed: number,
): { x: tf.Tensor4D; dy: tf.Tensor4D; filterShape: [number, number, number, number] } {
  const x = randomTensor([c.batch, c.size, c.size, c.inC], seed) as tf.Tensor4D;
  const filterShape: [number, number, number, number] = [c.k, c.k, c.inC, c.outC];
  const out = tf.conv2d(x, tf.zeros(filterShape) as tf.Tensor4D, c.stride, c.pad);
  const dy = randomTensor(out.shape, seed + 1) as tf.Tensor4D;
  out.dispose();
  return { x, dy, filterShape };
}

function filterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: number[], c: ConvCase): tf.Tensor {
  const attrs = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', filterShape };
  return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor;
}

describe('Conv2DBackpropFilter', () => {
  for (const [i, c] of convCases.entries()) {
    const label = `batch ${c.batch}, ${c.size}x${c.size}x${c.inC} -> ${c.outC}, ${c.k}x${c.k}, stride ${c.stride}, ${c.pad}`;
    for (const backend of ['wasm', 'cpu'] as const) {
      it(`${backend} matches tfjs-backend-cpu's stock kernel (${label})`, async () => {
        const expected = await runOn('cpu', () => {
          const { x, dy, filterShape } = convFilterGrad(c, 10 * i);
          return withStockKernels(() => filterGrad(x, dy, filterShape, c));
        });
        const actual = await runOn(backend, () => {
          const { x, dy, filterShape } = convFilterGrad(c, 10 * i);
          return filterGrad(x, dy, filterShape, c);
        });
        expect(actual.shape).toEqual([c.k, c.k, c.inC, c.outC]);
        expect(maxClose(actual.values, expected.values)).toBeLessThan(1e-4);
      });
    }
  }
});

interface PoolCase {
  batch: number;
  size: number;
  channels: number;
  filter: number;
  stride: number;
  pad: 'same' | 'valid';
}

const poolCases: PoolCase[] = [
  { batch: 2, size: 8, channels: 1, filter: 2, stride: 2, pad: 'valid' },
  { batch: 2, size: 8, channels: 3, filter: 2, stride: 2, pad: 'valid' },
  { batch: 3, size: 7, channels: 4, filter: 3, stride: 2, pad: 'same' },
  { batch: 1, size: 6, channels: 5, filter: 3, stride: 1, pad: 'same' },
  // 2x2 stride 2: odd size (a row and column no window covers), 'same' on odd size (general path),
  // and SimpleCNN's pool2.
  { batch: 2, size: 7, channels: 3, filter: 2, stride: 2, pad: 'valid' },
  { batch: 2, size: 7, channels: 2, filter: 2, stride: 2, pad: 'same' },
  { batch: 2, size: 14, channels: 64, filter: 2, stride: 2, pad: 'valid' },
  // Channels a multiple of 4 take the SIMD kernel: odd size too.
  { batch: 2, size: 7, channels: 8, filter: 2, stride: 2, pad: 'valid' },
];

describe('MaxPoolGrad on wasm', () => {
  for (const [i, c] of poolCases.entries()) {
    it(`matches tfjs-backend-cpu (batch ${c.batch}, ${c.size}x${c.size}x${c.channels}, pool ${c.filter}, stride ${c.stride}, ${c.pad})`, async () => {
      const grad = (seed: number) => {
        // Rounded inputs create ties, which must go to the same (first) cell as on cpu.
        const x = tf.round(tf.mul(randomTensor([c.batch, c.size, c.size, c.channels], seed), 2)) as tf.Tensor4D;
        const f = (t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, c.filter, c.stride, c.pad);
        const y = f(x);
        const dy = randomTensor(y.shape, seed + 1);
        return tf.grad(f)(x, dy);
      };
      const expected = await runOn('cpu', () => grad(100 + i));
      const actual = await runOn('wasm', () => grad(100 + i));
      expect(maxClose(actual.values, expected.values)).toBeLessThan(1e-6);
    });
  }
});

describe('MaxPool on wasm', () => {
  // 2x2 stride 2 with channels % 4 == 0 runs in SIMD (odd sizes drop the last row/column); the rest is stock.
  for (const [i, c] of poolCases.entries()) {
    it(`matches cpu (batch ${c.batch}, ${c.size}x${c.size}x${c.channels}, pool ${c.filter}, stride ${c.stride}, ${c.pad})`, async () => {
      const f = () =>
        tf.maxPool(
          randomTensor([c.batch, c.size, c.size, c.channels], 900 + i) as tf.Tensor4D,
          c.filter,
          c.stride,
          c.pad,
        );
      const expected = await runOn('cpu', f);
      const actual = await runOn('wasm', f);
      expect(actual.shape).toEqual(expected.shape);
      expect(maxClose(actual.values, expected.values)).toBe(0);
    });
  }
});

describe('BatchMatMul on wasm', () => {
  const cases: { a: number[]; b: number[]; ta: boolean; tb: boolean }[] = [
    { a: [5, 7], b: [7, 3], ta: false, tb: false },
    { a: [7, 5], b: [7, 3], ta: true, tb: false },
    { a: [5, 7], b: [3, 7], ta: false, tb: true },
    { a: [7, 5], b: [3, 7], ta: true, tb: true },
    { a: [1, 40, 33], b: [1, 33, 9], ta: false, tb: false },
    { a: [1, 33, 40], b: [1, 9, 33], ta: true, tb: true },
    { a: [3, 4, 6], b: [3, 5, 6], ta: false, tb: true },
    // Large right operand: computed as the transposed product (a dense layer's input gradient).
    { a: [4, 6], b: [40, 6], ta: false, tb: true },
    { a: [6, 4], b: [40, 6], ta: true, tb: true },
    { a: [1, 4, 6], b: [1, 40, 6], ta: false, tb: true },
    // Fewer rows than the reduction is long and columns a multiple of 4: mnistkit's SIMD matmul,
    // with leftover rows (6 = 4 + 2), columns (12 = 8 + 4) and reduction blocks (300 = 2·128 + 44).
    { a: [6, 300], b: [300, 12], ta: false, tb: false },
    { a: [300, 8], b: [300, 12], ta: true, tb: false },
    { a: [1, 3, 130], b: [1, 130, 4], ta: false, tb: false },
    // Aᵀ·B with columns a multiple of 4: SIMD reading A transposed in place (a dense weight gradient).
    { a: [150, 37], b: [150, 20], ta: true, tb: false },
    { a: [1, 9, 6], b: [1, 9, 4], ta: true, tb: false },
  ];
  for (const [i, c] of cases.entries()) {
    it(`matches cpu for a [${c.a}] b [${c.b}] transposeA ${c.ta} transposeB ${c.tb}`, async () => {
      const f = () => tf.matMul(randomTensor(c.a, 200 + i), randomTensor(c.b, 300 + i), c.ta, c.tb);
      const expected = await runOn('cpu', f);
      const actual = await runOn('wasm', f);
      expect(actual.shape).toEqual(expected.shape);
      expect(maxClose(actual.values, expected.values)).toBeLessThan(1e-5);
    });
  }
});

describe('Conv2DBackpropInput on wasm', () => {
  for (const [i, c] of convCases.entries()) {
    it(`matches cpu (batch ${c.batch}, ${c.size}x${c.size}x${c.inC} -> ${c.outC}, ${c.k}x${c.k}, stride ${c.stride}, ${c.pad})`, async () => {
      const f = () => {
        const { x, dy, filterShape } = convFilterGrad(c, 40 + i);
        const filter = randomTensor(filterShape, 50 + i) as tf.Tensor4D;
        return tf.grad((t: tf.Tensor) => tf.conv2d(t as tf.Tensor4D, filter, c.stride, c.pad))(x, dy);
      };
      const expected = await runOn('cpu', f);
      const actual = await runOn('wasm', f);
      expect(actual.shape).toEqual([c.batch, c.size, c.size, c.inC]);
      expect(maxClose(actual.values, expected.values)).toBeLessThan(1e-5);
    });
  }
});

describe('Sum on wasm', () => {
  const cases: { shape: number[]; axis: number[]; keepDims: boolean }[] = [
    { shape: [4, 5, 6, 3], axis: [0, 1, 2], keepDims: false },
    { shape: [4, 5, 6, 3], axis: [0, 1, 2], keepDims: true },
    { shape: [7, 9], axis: [0], keepDims: false },
    { shape: [4, 5, 6], axis: [1, 2], keepDims: false },
    { shape: [4, 5, 6], axis: [1], keepDims: true },
    // Columns a multiple of 4 take the SIMD kernel.
    { shape: [3, 5, 7, 8], axis: [0, 1, 2], keepDims: false },
    { shape: [6, 4], axis: [0], keepDims: true },
  ];
  for (const [i, c] of cases.entries()) {
    it(`matches cpu for [${c.shape}] over axes [${c.axis}] keepDims ${c.keepDims}`, async () => {
      const f = () => tf.sum(randomTensor(c.shape, 400 + i), c.axis, c.keepDims);
      const expected = await runOn('cpu', f);
      const actual = await runOn('wasm', f);
      expect(actual.shape).toEqual(expected.shape);
      expect(maxClose(actual.values, expected.values)).toBeLessThan(1e-5);
    });
  }
});

describe('Identity on wasm', () => {
  it('shares memory, and each tensor stays readable after the other is disposed', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const a = tf.tensor([1, 2, 3]);
    const b = tf.clone(a);
    a.dispose();
    expect(Array.from(await b.data())).toEqual([1, 2, 3]);
    const c = tf.clone(b);
    b.dispose();
    expect(Array.from(await c.data())).toEqual([1, 2, 3]);
    c.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Conv2D and FusedConv2D on wasm', () => {
  // Winograd F(2x2, 3x3) where it applies (3x3, stride 1, 'same', even size, channels % 4 == 0), stock otherwise.
  const cases: { batch: number; size: number; inC: number; outC: number; k: number; pad: 'same' | 'valid' }[] = [
    { batch: 2, size: 8, inC: 4, outC: 8, k: 3, pad: 'same' },
    { batch: 3, size: 6, inC: 8, outC: 12, k: 3, pad: 'same' },
    { batch: 2, size: 14, inC: 32, outC: 64, k: 3, pad: 'same' },
    { batch: 2, size: 7, inC: 4, outC: 8, k: 3, pad: 'same' },
    { batch: 2, size: 8, inC: 3, outC: 8, k: 3, pad: 'same' },
    { batch: 2, size: 8, inC: 4, outC: 8, k: 3, pad: 'valid' },
  ];
  for (const [i, c] of cases.entries()) {
    const label = `batch ${c.batch}, ${c.size}x${c.size}x${c.inC} -> ${c.outC}, ${c.k}x${c.k}, ${c.pad}`;
    const inputs = () => ({
      x: randomTensor([c.batch, c.size, c.size, c.inC], 600 + i) as tf.Tensor4D,
      filter: randomTensor([c.k, c.k, c.inC, c.outC], 700 + i) as tf.Tensor4D,
      bias: randomTensor([c.outC], 800 + i) as tf.Tensor1D,
    });
    it(`Conv2D matches cpu (${label})`, async () => {
      const f = () => {
        const { x, filter } = inputs();
        return tf.conv2d(x, filter, 1, c.pad);
      };
      const expected = await runOn('cpu', f);
      const actual = await runOn('wasm', f);
      expect(actual.shape).toEqual(expected.shape);
      expect(maxClose(actual.values, expected.values)).toBeLessThan(1e-5);
    });
    for (const activation of ['relu', 'linear', 'elu'] as const) {
      it(`FusedConv2D with bias and ${activation} matches cpu (${label})`, async () => {
        const f = () => {
          const { x, filter, bias } = inputs();
          return tf.fused.conv2d({ x, filter, bias, strides: 1, pad: c.pad, activation });
        };
        const expected = await runOn('cpu', f);
        const actual = await runOn('wasm', f);
        expect(actual.shape).toEqual(expected.shape);
        expect(maxClose(actual.values, expected.values)).toBeLessThan(1e-5);
      });
    }
  }
});
