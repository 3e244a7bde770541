import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { expect, it } from 'vitest';
import '../register-kernels.js';
import { poolCases } from '../test-utils/cases.js';
import { describeWasmVariants, maxClose, randomTensor, runOn } from '../test-utils/helpers.js';

describeWasmVariants('MaxPool on wasm', () => {
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
