import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type MaxPoolGradInputs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { isPool2x2Stride2, maxPoolGrad2x2Into, maxPoolGradInto } from './max-pool-grad.js';
import { simdKernels } from './simd.js';
import { byteOffset, f32, type WasmBackend } from './wasm-module.js';

/** wasm `MaxPoolGrad`, one pass over the input (stock tfjs 4.22 mixes channels when channels > 1); 2x2 stride 2 specialised (SIMD where channels are a multiple of 4). */
export function maxPoolGradWasm(args: {
  inputs: MaxPoolGradInputs;
  backend: WasmBackend;
  attrs: MaxPoolGradAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.input as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const { filterSize, strides, pad, dimRoundingMode } = attrs;
  const info = backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const out = backend.makeOutput([...x.shape], 'float32');
  const dx = f32(backend, out);
  const simd = simdKernels(backend);
  if (simd !== null && info.inChannels % 4 === 0 && isPool2x2Stride2(info)) {
    if (2 * info.outHeight !== info.inHeight || 2 * info.outWidth !== info.inWidth) dx.fill(0);
    simd.maxPoolGrad2x2(
      byteOffset(backend, x),
      byteOffset(backend, dy),
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
  const xs = f32(backend, x);
  const dys = f32(backend, dy);
  if (!maxPoolGrad2x2Into(xs, dys, info, dx)) {
    dx.fill(0);
    maxPoolGradInto(xs, dys, info, dx);
  }
  return out;
}

/** Replaces wasm's stock `MaxPoolGrad`. */
export const maxPoolGradWasmConfig: KernelConfig = {
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: maxPoolGradWasm as unknown as KernelFunc,
};
