import type { backend_util, TensorInfo } from '@tensorflow/tfjs-core';
import { type SimdKernels, simdKernels } from '../wasm/simd-module.js';
import { byteOffset, release, type WasmBackend } from '../wasm/tfjs-wasm.js';
import { isSame3x3EvenNhwc } from './conv-info.js';

/** Tiles per block in assembly/winograd.ts. */
const TILES = 32;
/** Floats of skew between the 16 planes of a block there (its SKEW, 64 bytes). */
const SKEW = 16;

/**
 * Floats of scratch assembly/winograd.ts needs for `cin` → `cout` channels: the transformed input and output of a
 * block of tiles (16 skewed planes each), plus the 16 transformed filter gradients for `winogradFilterGrad`.
 */
export function winogradScratchFloats(cin: number, cout: number, filterGradient: boolean): number {
  return 16 * (TILES * (cin + cout) + 2 * SKEW + (filterGradient ? cin * cout : 0));
}

/**
 * Whether a convolution can run as Winograd F(2x2, 3x3): 3x3 filter, stride 1, no dilation, one cell of
 * padding on every side (so the output is the input's size), even height and width, NHWC, channels in
 * and out multiples of 4 (SimpleCNN's conv2 and its input gradient).
 */
export function winogradApplies(info: backend_util.Conv2DInfo): boolean {
  return isSame3x3EvenNhwc(info) && info.inChannels % 4 === 0 && info.outChannels % 4 === 0;
}

/**
 * Writes `out` = conv3x3(x, filter) (+ bias) (then relu) with mnistkit's SIMD Winograd kernel and
 * returns true, or returns false (writing nothing) where that kernel is not loaded. `filter` is HWIO
 * [3, 3, cin, cout]; `info` must satisfy `winogradApplies`. Creates no tensors that outlive the call.
 */
export function winogradConv2D(
  backend: WasmBackend,
  x: TensorInfo,
  filter: TensorInfo,
  bias: TensorInfo | null,
  relu: boolean,
  info: backend_util.Conv2DInfo,
  out: TensorInfo,
): boolean {
  const simd: SimdKernels | null = simdKernels(backend);
  if (simd === null) return false;
  const { batchSize, inHeight, inWidth, inChannels: C, outChannels: K } = info;
  const u = backend.makeOutput([16, C, K], 'float32');
  const scratch = backend.makeOutput([winogradScratchFloats(C, K, false)], 'float32');
  simd.winogradFilter(byteOffset(backend, filter), byteOffset(backend, u), C, K);
  simd.winogradConv(
    byteOffset(backend, x),
    byteOffset(backend, u),
    bias === null ? 0 : byteOffset(backend, bias),
    byteOffset(backend, out),
    byteOffset(backend, scratch),
    batchSize,
    inHeight,
    inWidth,
    C,
    K,
    relu,
  );
  release(backend, scratch);
  release(backend, u);
  return true;
}

/**
 * Writes `dw` (HWIO [3, 3, cin, cout]) = the filter gradient of the convolution `info` describes
 * (x → dy) by Winograd F(3x3, 2x2) in mnistkit's SIMD module and returns true, or returns false
 * (writing nothing) where that module is not loaded. `info` must satisfy `winogradApplies`.
 */
export function winogradFilterGrad(
  backend: WasmBackend,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
  dw: TensorInfo,
): boolean {
  const simd = simdKernels(backend);
  if (simd === null) return false;
  const { batchSize, inHeight, inWidth, inChannels: C, outChannels: K } = info;
  const scratch = backend.makeOutput([winogradScratchFloats(C, K, true)], 'float32');
  simd.winogradFilterGrad(
    byteOffset(backend, x),
    byteOffset(backend, dy),
    byteOffset(backend, dw),
    byteOffset(backend, scratch),
    batchSize,
    inHeight,
    inWidth,
    C,
    K,
  );
  release(backend, scratch);
  return true;
}
