import type { backend_util, TensorInfo } from '@tensorflow/tfjs-core';
import { simdKernels } from '../wasm/simd-module.js';
import { byteOffset, release, type WasmBackend } from '../wasm/tfjs-wasm.js';
import { isSame3x3EvenNhwc } from './conv-info.js';

/**
 * Whether a convolution can run as mnistkit's one-channel kernel (assembly/conv3x3-c1.ts): NHWC, one input channel,
 * 3x3 filter, stride 1, no dilation, one cell of padding on every side, even height and width, output channels a
 * multiple of 4 (SimpleCNN's conv1).
 */
export function conv3x3C1Applies(info: backend_util.Conv2DInfo): boolean {
  return isSame3x3EvenNhwc(info) && info.inChannels === 1 && info.outChannels % 4 === 0;
}

/**
 * Writes `out` = conv3x3(x, filter) (+ bias) (then relu) with mnistkit's one-channel SIMD kernel and returns true, or
 * returns false (writing nothing) where that module is not loaded. `info` must satisfy `conv3x3C1Applies`. Creates
 * no tensors that outlive the call.
 */
export function conv3x3C1(
  backend: WasmBackend,
  x: TensorInfo,
  filter: TensorInfo,
  bias: TensorInfo | null,
  relu: boolean,
  info: backend_util.Conv2DInfo,
  out: TensorInfo,
): boolean {
  const simd = simdKernels(backend);
  if (simd === null) return false;
  const { batchSize, inHeight, inWidth, outChannels } = info;
  const padded = backend.makeOutput([batchSize, inHeight + 2, inWidth + 2], 'float32');
  simd.padImage(byteOffset(backend, x), byteOffset(backend, padded), batchSize, inHeight, inWidth);
  simd.conv3x3C1(
    byteOffset(backend, padded),
    byteOffset(backend, filter),
    bias === null ? 0 : byteOffset(backend, bias),
    byteOffset(backend, out),
    0,
    batchSize,
    inHeight,
    inWidth,
    outChannels,
    relu,
  );
  release(backend, padded);
  return true;
}
