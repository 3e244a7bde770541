import type {
  Conv2DBackpropFilterAttrs,
  Conv2DBackpropFilterInputs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { filterGradientInfo } from '../../algorithms/conv-info.js';
import { im2colTransposedFromPlanes } from '../../algorithms/im2col.js';
import { matmul, transposeInto } from '../../algorithms/matmul.js';
import { winogradApplies, winogradFilterGrad } from '../../algorithms/winograd.js';
import { f32, floatOffset, heapF32, release, type WasmBackend } from '../../wasm/tfjs-wasm.js';

/**
 * Filter gradient on wasm: the input is transposed to channel planes, the transposed patch matrix is
 * built from them by block copies in wasm memory, and one matmul `colT[K, M] · dy[M, cout]` gives
 * `dW[fh, fw, cin, cout]`: mnistkit's SIMD matmul where it loads (XNNPACK would pack the fresh `dy`,
 * as costly as the product), else XNNPACK's. 3x3 stride-1 'same' cases with channels in multiples
 * of 4 run as Winograd F(3x3, 2x2) instead (no patch matrix, 2.25x fewer flops).
 */
export function conv2DBackpropFilterWasm(args: {
  inputs: Conv2DBackpropFilterInputs;
  backend: WasmBackend;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const { filterShape } = attrs;
  const info = filterGradientInfo(x, attrs, 'Conv2DBackpropFilter on wasm');
  if (winogradApplies(info)) {
    const dw = backend.makeOutput([...filterShape], 'float32');
    if (winogradFilterGrad(backend, x, dy, info, dw)) return dw;
    release(backend, dw);
  }
  const K = info.filterHeight * info.filterWidth * info.inChannels;
  const M = info.batchSize * info.outHeight * info.outWidth;
  const C = info.inChannels;
  const P = info.batchSize * info.inHeight * info.inWidth;
  const planes = C > 1 ? backend.makeOutput([C, P], 'float32') : x;
  const colT = backend.makeOutput([K, M], 'float32');
  const out = backend.makeOutput([...filterShape], 'float32');
  if (C > 1) transposeInto(f32(backend, x), P, C, f32(backend, planes));
  im2colTransposedFromPlanes(heapF32(backend), floatOffset(backend, planes), info, floatOffset(backend, colT));
  matmul(backend, colT, K, M, dy, info.outChannels, out);
  release(backend, colT);
  if (C > 1) release(backend, planes);
  return out;
}

/** Registers as wasm's `Conv2DBackpropFilter` (stock wasm has none). */
export const conv2DBackpropFilterWasmConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilterWasm as unknown as KernelFunc,
};
