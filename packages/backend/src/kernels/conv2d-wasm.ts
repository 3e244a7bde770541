import {
  backend_util,
  type Conv2DAttrs,
  type Conv2DInputs,
  type FusedConv2DAttrs,
  type FusedConv2DInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { callStock } from './stock.js';
import type { WasmBackend } from './wasm-module.js';
import { winogradApplies, winogradConv2D } from './winograd.js';

function conv2DInfo(x: TensorInfo, filter: TensorInfo, attrs: Conv2DAttrs): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
}

/**
 * wasm `Conv2D`: 3x3 stride-1 'same' convolutions with channels in multiples of 4 run as Winograd
 * F(2x2, 3x3) in mnistkit's SIMD module (2.25x fewer flops than XNNPACK's direct convolution); other
 * cases, or no SIMD module, go to stock (XNNPACK).
 */
export function conv2DWasm(args: { inputs: Conv2DInputs; backend: WasmBackend; attrs: Conv2DAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  if (x.dtype === 'float32' && filter.dtype === 'float32') {
    const info = conv2DInfo(x, filter, attrs);
    if (winogradApplies(info)) {
      const out = backend.makeOutput(info.outShape, 'float32');
      if (winogradConv2D(backend, x, filter, null, false, info, out)) return out;
      backend.disposeData(out.dataId);
    }
  }
  return callStock('Conv2D', 'wasm', args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
}

/**
 * wasm `FusedConv2D` (inference: convolution, bias, relu in one pass): Winograd as in `conv2DWasm`
 * when the activation is none or relu and the bias is per output channel; else stock.
 */
export function fusedConv2DWasm(args: {
  inputs: FusedConv2DInputs;
  backend: WasmBackend;
  attrs: FusedConv2DAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const bias = (inputs.bias as TensorInfo | undefined) ?? null;
  const activation = attrs.activation ?? 'linear';
  if (
    x.dtype === 'float32' &&
    filter.dtype === 'float32' &&
    (activation === 'linear' || activation === 'relu') &&
    inputs.preluActivationWeights == null &&
    (bias === null || (bias.dtype === 'float32' && util.sizeFromShape(bias.shape) === filter.shape[3]))
  ) {
    const info = conv2DInfo(x, filter, attrs);
    if (winogradApplies(info)) {
      const out = backend.makeOutput(info.outShape, 'float32');
      if (winogradConv2D(backend, x, filter, bias, activation === 'relu', info, out)) return out;
      backend.disposeData(out.dataId);
    }
  }
  return callStock('FusedConv2D', 'wasm', args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
}

/** Replaces wasm's `Conv2D` (Winograd fast path). */
export const conv2DWasmConfig: KernelConfig = {
  kernelName: 'Conv2D',
  backendName: 'wasm',
  kernelFunc: conv2DWasm as unknown as KernelFunc,
};

/** Replaces wasm's `FusedConv2D` (Winograd fast path). */
export const fusedConv2DWasmConfig: KernelConfig = {
  kernelName: 'FusedConv2D',
  backendName: 'wasm',
  kernelFunc: fusedConv2DWasm as unknown as KernelFunc,
};
