import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { expect, it } from 'vitest';
import '../register-kernels.js';
import { describeWasmVariants, maxClose, randomTensor, runOn } from '../test-utils/helpers.js';

describeWasmVariants('Sum on wasm', () => {
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
