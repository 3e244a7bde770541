import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import '../register-kernels.js';
import { type ConvCase, convCases, convFilterGrad } from '../test-utils/cases.js';
import { describeWasmVariants, maxClose, runOn, withStockKernels } from '../test-utils/helpers.js';

function filterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: number[], c: ConvCase): tf.Tensor {
  const attrs = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', filterShape };
  return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor;
}

/** The cases on one backend, each against tfjs-backend-cpu's stock kernel. */
function matchesStockCpu(backend: 'wasm' | 'cpu'): void {
  for (const [i, c] of convCases.entries()) {
    const label = `batch ${c.batch}, ${c.size}x${c.size}x${c.inC} -> ${c.outC}, ${c.k}x${c.k}, stride ${c.stride}, ${c.pad}`;
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

describe('Conv2DBackpropFilter on cpu', () => matchesStockCpu('cpu'));
describeWasmVariants('Conv2DBackpropFilter on wasm', () => matchesStockCpu('wasm'));
