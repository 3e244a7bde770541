import {
  type FusedConv2DAttrs,
  type FusedConv2DInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { conv2DInfo } from '../../algorithms/conv-info.js';
import { conv3x3C1, conv3x3C1Applies } from '../../algorithms/conv3x3-c1.js';
import { winogradApplies, winogradConv2D } from '../../algorithms/winograd.js';
import type { WasmBackend } from '../../wasm/tfjs-wasm.js';
import { callStock } from '../stock.js';

/**
 * wasm `FusedConv2D` (inference: convolution, bias, relu in one pass): Winograd or the one-channel
 * kernel as in wasm `Conv2D` when the activation is none or relu and the bias is per output channel; else stock.
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
    if (conv3x3C1Applies(info)) {
      const out = backend.makeOutput(info.outShape, 'float32');
      if (conv3x3C1(backend, x, filter, bias, activation === 'relu', info, out)) return out;
      backend.disposeData(out.dataId);
    }
  }
  return callStock('FusedConv2D', 'wasm', args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
}

/** Replaces wasm's `FusedConv2D` (Winograd and one-channel fast paths). */
export const fusedConv2DWasmConfig: KernelConfig = {
  kernelName: 'FusedConv2D',
  backendName: 'wasm',
  kernelFunc: fusedConv2DWasm as unknown as KernelFunc,
};
