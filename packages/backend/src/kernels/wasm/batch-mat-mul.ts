import type { BatchMatMulAttrs, BatchMatMulInputs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { matmul, transposeInto } from '../../algorithms/matmul.js';
import { simdKernels } from '../../wasm/simd-module.js';
import { byteOffset, f32, release, type WasmBackend } from '../../wasm/tfjs-wasm.js';
import { callStock } from '../stock.js';

function batchOf(shape: number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length - 2; i++) n *= shape[i] as number;
  return n;
}

/**
 * wasm `BatchMatMul`: the stock kernel only reaches XNNPACK without transposes (else a scalar loop),
 * so transposed single-batch operands are copied out transposed first, or the transposed product is
 * computed when that copies less. Batched products go to stock.
 */
export function batchMatMulWasm(args: {
  inputs: BatchMatMulInputs;
  backend: WasmBackend;
  attrs: BatchMatMulAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const a = inputs.a as TensorInfo;
  const b = inputs.b as TensorInfo;
  const { transposeA, transposeB } = attrs;
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || batchOf(a.shape) !== 1 || batchOf(b.shape) !== 1) {
    return callStock('BatchMatMul', 'wasm', args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
  }
  const aRows = a.shape[a.shape.length - 2] as number;
  const aCols = a.shape[a.shape.length - 1] as number;
  const bRows = b.shape[b.shape.length - 2] as number;
  const bCols = b.shape[b.shape.length - 1] as number;
  const [m, k] = transposeA ? [aCols, aRows] : [aRows, aCols];
  const [k2, n] = transposeB ? [bCols, bRows] : [bRows, bCols];
  if (k !== k2) {
    throw new Error(
      `BatchMatMul on wasm: inner dimensions differ: a [${a.shape}] (transposeA ${transposeA}) and b [${b.shape}] (transposeB ${transposeB})`,
    );
  }
  const outShape = [...a.shape.slice(0, -2), m, n];
  // XNNPACK packs the right operand on every call, so its size counts like a copy. `C = op(A)·op(B)`
  // or `Cᵀ = op(B)ᵀ·op(A)ᵀ` (then transposed back): take the one that copies less. For a dense
  // layer's input gradient `dy·Wᵀ` the second reads W in place and packs only dy.
  const direct = (transposeA ? m * k : 0) + (transposeB ? k * n : 0) + k * n;
  const swapped = (transposeB ? 0 : k * n) + (transposeA ? 0 : m * k) + m * k + m * n;
  const out = backend.makeOutput(outShape, 'float32');
  if (swapped < direct) {
    // A' = op(B)ᵀ [n, k] is B itself when transposeB; B' = op(A)ᵀ [k, m] is A itself when transposeA.
    const at = transposeB ? b : backend.makeOutput([n, k], 'float32');
    const bt = transposeA ? a : backend.makeOutput([k, m], 'float32');
    const outT = backend.makeOutput([n, m], 'float32');
    if (!transposeB) transposeInto(f32(backend, b), bRows, bCols, f32(backend, at));
    if (!transposeA) transposeInto(f32(backend, a), aRows, aCols, f32(backend, bt));
    matmul(backend, at, n, k, bt, m, outT);
    transposeInto(f32(backend, outT), n, m, f32(backend, out));
    release(backend, outT);
    if (!transposeB) release(backend, at);
    if (!transposeA) release(backend, bt);
    return out;
  }
  const simd = transposeA && !transposeB && n % 4 === 0 ? simdKernels(backend) : null;
  if (simd !== null) {
    // Aᵀ·B (a dense layer's weight gradient): the SIMD matmul reads A transposed in place, no copy.
    simd.matmulTransposedA(byteOffset(backend, a), byteOffset(backend, b), byteOffset(backend, out), m, k, n);
    return out;
  }
  const at = transposeA ? backend.makeOutput([m, k], 'float32') : a;
  const bt = transposeB ? backend.makeOutput([k, n], 'float32') : b;
  if (transposeA) transposeInto(f32(backend, a), aRows, aCols, f32(backend, at));
  if (transposeB) transposeInto(f32(backend, b), bRows, bCols, f32(backend, bt));
  matmul(backend, at, m, k, bt, n, out);
  if (transposeA) release(backend, at);
  if (transposeB) release(backend, bt);
  return out;
}

/** Replaces wasm's `BatchMatMul` (fast path for transposed operands). */
export const batchMatMulWasmConfig: KernelConfig = {
  kernelName: 'BatchMatMul',
  backendName: 'wasm',
  kernelFunc: batchMatMulWasm as unknown as KernelFunc,
};
