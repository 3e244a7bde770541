import * as tf from '@tensorflow/tfjs-core';
import { randomTensor } from './helpers.js';

/** A convolution the filter- and input-gradient tests run on every backend. */
export interface ConvCase {
  batch: number;
  size: number;
  inC: number;
  outC: number;
  k: number;
  stride: 1 | 2;
  pad: 'same' | 'valid';
}

/** Strides, paddings and channel counts that take every path of the convolution kernels. */
export const convCases: ConvCase[] = [
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

/** Seeded x and dy of a convolution case (dy has the convolution's output shape). */
export function convFilterGrad(
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

/** A pooling the max-pool tests run on wasm and cpu. */
export interface PoolCase {
  batch: number;
  size: number;
  channels: number;
  filter: number;
  stride: number;
  pad: 'same' | 'valid';
}

/** Pool sizes, strides, paddings and channel counts that take every path of the pooling kernels. */
export const poolCases: PoolCase[] = [
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
