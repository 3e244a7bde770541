import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { expect, it } from 'vitest';
import '../register-kernels.js';
import { describeWasmVariants, maxClose, randomTensor, runOn } from '../test-utils/helpers.js';

describeWasmVariants('Conv2D and FusedConv2D on wasm', () => {
  // Winograd F(2x2, 3x3) where it applies (3x3, stride 1, 'same', even size, channels % 4 == 0), the one-channel
  // kernel for one input channel, stock otherwise.
  const cases: { batch: number; size: number; inC: number; outC: number; k: number; pad: 'same' | 'valid' }[] = [
    { batch: 2, size: 8, inC: 4, outC: 8, k: 3, pad: 'same' },
    { batch: 3, size: 6, inC: 8, outC: 12, k: 3, pad: 'same' },
    { batch: 2, size: 14, inC: 32, outC: 64, k: 3, pad: 'same' },
    { batch: 2, size: 7, inC: 4, outC: 8, k: 3, pad: 'same' },
    { batch: 2, size: 8, inC: 3, outC: 8, k: 3, pad: 'same' },
    // One input channel: mnistkit's direct kernel when 3x3 'same', even size, outC % 4 == 0 (SimpleCNN's conv1).
    { batch: 3, size: 28, inC: 1, outC: 32, k: 3, pad: 'same' },
    { batch: 2, size: 6, inC: 1, outC: 4, k: 3, pad: 'same' },
    { batch: 2, size: 7, inC: 1, outC: 4, k: 3, pad: 'same' },
    { batch: 2, size: 8, inC: 1, outC: 6, k: 3, pad: 'same' },
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
