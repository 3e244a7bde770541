import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  type SumAttrs,
  type SumInputs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { simdKernels } from '../../wasm/simd-module.js';
import { byteOffset, f32, release, type WasmBackend } from '../../wasm/tfjs-wasm.js';
import { callStock } from '../stock.js';

/**
 * wasm `Sum` over leading axes (a bias gradient: sum of [N, H, W, C] over N, H, W) as column sums in
 * one pass (SIMD where columns are a multiple of 4); stock wasm transposes the input first. Other
 * reductions go to stock.
 */
export function sumWasm(args: { inputs: SumInputs; backend: WasmBackend; attrs: SumAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const axes = util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
  const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
  if (x.dtype !== 'float32' || !leading) {
    return callStock('Sum', 'wasm', args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
  }
  const [outShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
  const cols = util.sizeFromShape(outShape);
  const rows = util.sizeFromShape(x.shape) / cols;
  const out = backend.makeOutput(
    attrs.keepDims ? backend_util.expandShapeToKeepDim(outShape, axes) : outShape,
    'float32',
  );
  const simd = simdKernels(backend);
  if (simd !== null && cols % 4 === 0) {
    // float64 accumulators, 8-byte aligned as every wasm allocation is.
    const scratch = backend.makeOutput([2 * cols], 'float32');
    simd.sumRows(byteOffset(backend, x), rows, cols, byteOffset(backend, out), byteOffset(backend, scratch));
    release(backend, scratch);
    return out;
  }
  const src = f32(backend, x);
  const acc = new Float64Array(cols);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++, i++) acc[c] = (acc[c] as number) + (src[i] as number);
  }
  f32(backend, out).set(acc);
  return out;
}

/** Replaces wasm's `Sum` (fast path for leading-axes reductions). */
export const sumWasmConfig: KernelConfig = {
  kernelName: 'Sum',
  backendName: 'wasm',
  kernelFunc: sumWasm as unknown as KernelFunc,
};
