import type { Conv2DAttrs, Conv2DInputs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { conv2DInfo } from '../../algorithms/conv-info.js';
import { conv3x3C1, conv3x3C1Applies } from '../../algorithms/conv3x3-c1.js';
import { winogradApplies, winogradConv2D } from '../../algorithms/winograd.js';
import type { WasmBackend } from '../../wasm/tfjs-wasm.js';
import { callStock } from '../stock.js';

/**
 * wasm `Conv2D`: 3x3 stride-1 'same' convolutions with channels in multiples of 4 run as Winograd
 * F(2x2, 3x3) in mnistkit's SIMD module (2.25x fewer flops than XNNPACK's direct convolution), and those of a
 * one-channel image (SimpleCNN's conv1) in its direct one-channel kernel; other cases, or no SIMD module, go to
 * stock (XNNPACK).
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
    if (conv3x3C1Applies(info)) {
      const out = backend.makeOutput(info.outShape, 'float32');
      if (conv3x3C1(backend, x, filter, null, false, info, out)) return out;
      backend.disposeData(out.dataId);
    }
  }
  return callStock('Conv2D', 'wasm', args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
}

/** Replaces wasm's `Conv2D` (Winograd and one-channel fast paths). */
export const conv2DWasmConfig: KernelConfig = {
  kernelName: 'Conv2D',
  backendName: 'wasm',
  kernelFunc: conv2DWasm as unknown as KernelFunc,
};
