import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  type MaxPoolAttrs,
  type MaxPoolInputs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { isPool2x2Stride2 } from '../../algorithms/pooling.js';
import { simdKernels } from '../../wasm/simd-module.js';
import { byteOffset, type WasmBackend } from '../../wasm/tfjs-wasm.js';
import { callStock } from '../stock.js';

/**
 * wasm `MaxPool`: 2x2 stride-2 unpadded pooling with channels in multiples of 4 in mnistkit's SIMD
 * module (one pass, four loads and three max per 4 channels); other cases go to stock (XNNPACK).
 */
export function maxPoolWasm(args: { inputs: MaxPoolInputs; backend: WasmBackend; attrs: MaxPoolAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  if (x.dtype === 'float32') {
    const info = backend_util.computePool2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterSize,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const simd = info.inChannels % 4 === 0 && isPool2x2Stride2(info) ? simdKernels(backend) : null;
    if (simd !== null) {
      const out = backend.makeOutput(info.outShape, 'float32');
      simd.maxPool2x2(
        byteOffset(backend, x),
        byteOffset(backend, out),
        info.batchSize,
        info.inHeight,
        info.inWidth,
        info.inChannels,
        info.outHeight,
        info.outWidth,
      );
      return out;
    }
  }
  return callStock('MaxPool', 'wasm', args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
}

/** Replaces wasm's `MaxPool` (SIMD fast path for 2x2 stride 2). */
export const maxPoolWasmConfig: KernelConfig = {
  kernelName: 'MaxPool',
  backendName: 'wasm',
  kernelFunc: maxPoolWasm as unknown as KernelFunc,
};
