import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type MaxPoolGradInputs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { maxPoolGradInto } from './max-pool-grad.js';
import { f32, type WasmBackend } from './wasm-module.js';

/** wasm `MaxPoolGrad`, one pass over the input (stock tfjs 4.22 mixes channels when channels > 1). */
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
  dx.fill(0);
  maxPoolGradInto(f32(backend, x), f32(backend, dy), info, dx);
  return out;
}

/** Replaces wasm's stock `MaxPoolGrad`. */
export const maxPoolGradWasmConfig: KernelConfig = {
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: maxPoolGradWasm as unknown as KernelFunc,
};
