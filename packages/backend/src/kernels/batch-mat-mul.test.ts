import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { expect, it } from 'vitest';
import '../register-kernels.js';
import { describeWasmVariants, maxClose, randomTensor, runOn } from '../test-utils/helpers.js';

describeWasmVariants('BatchMatMul on wasm', () => {
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
