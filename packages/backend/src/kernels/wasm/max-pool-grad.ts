import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type MaxPoolGradInputs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { isPool2x2Stride2 } from '../../algorithms/pooling.js';
import { simdKernels } from '../../wasm/simd-module.js';
import { byteOffset, f32, type WasmBackend } from '../../wasm/tfjs-wasm.js';

/**
 * wasm `MaxPoolGrad`, one pass over the input (stock tfjs 4.22 mixes channels when channels > 1); 2x2 stride 2
 * specialised (assembly/max-pool.ts where channels are a multiple of 4, else the JS loops below).
 */
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

/**
 * Max-pool gradient for 2x2 windows at stride 2 without padding (the pooling SimpleCNN uses): every
 * input cell belongs to at most one window, so each window writes its four cells (gradient to the first
 * largest in row-major order, as tfjs-backend-cpu picks; zeros elsewhere) and nothing is zeroed twice.
 * Returns false, writing nothing, for other pooling shapes. `dx` need not be zeroed.
 */
export function maxPoolGrad2x2Into(
  x: Float32Array,
  dy: Float32Array,
  info: backend_util.Conv2DInfo,
  dx: Float32Array,
): boolean {
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  if (!isPool2x2Stride2(info)) return false;
  // Rows or columns no window covers (odd sizes) get no gradient.
  if (2 * OH !== H || 2 * OW !== W) dx.fill(0);
  const rowStride = W * C;
  let o = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < OH; oh++) {
      let p00 = (n * H + 2 * oh) * rowStride;
      for (let ow = 0; ow < OW; ow++, p00 += C) {
        const end = p00 + C;
        for (; p00 < end; p00++, o++) {
          const p01 = p00 + C;
          const p10 = p00 + rowStride;
          const p11 = p10 + C;
          const a = x[p00] as number;
          const b = x[p01] as number;
          const c = x[p10] as number;
          const d = x[p11] as number;
          const g = dy[o] as number;
          let at = 0;
          let best = a;
          if (b > best) {
            best = b;
            at = 1;
          }
          if (c > best) {
            best = c;
            at = 2;
          }
          if (d > best) at = 3;
          dx[p00] = at === 0 ? g : 0;
          dx[p01] = at === 1 ? g : 0;
          dx[p10] = at === 2 ? g : 0;
          dx[p11] = at === 3 ? g : 0;
        }
      }
    }
  }
  return true;
}

/**
 * Max-pool gradient in one pass: each output cell's gradient goes to the first largest input of its
 * window (row-major order, as tfjs-backend-cpu picks). Channels are the innermost loop so every read
 * is contiguous. `dx` must be zeroed by the caller.
 */
export function maxPoolGradInto(
  x: Float32Array,
  dy: Float32Array,
  info: backend_util.Conv2DInfo,
  dx: Float32Array,
): void {
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { strideHeight: SH, strideWidth: SW, filterHeight: FH, filterWidth: FW } = info;
  const { dilationHeight: DH, dilationWidth: DW } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const best = new Float32Array(C);
  const bestAt = new Int32Array(C);
  let o = 0;
  for (let n = 0; n < batchSize; n++) {
    const imageBase = n * H * W;
    for (let oh = 0; oh < OH; oh++) {
      const rowCorner = oh * SH - padTop;
      for (let ow = 0; ow < OW; ow++, o += C) {
        const colCorner = ow * SW - padLeft;
        best.fill(Number.NEGATIVE_INFINITY);
        bestAt.fill(-1);
        for (let fh = 0; fh < FH; fh++) {
          const ih = rowCorner + fh * DH;
          if (ih < 0 || ih >= H) continue;
          for (let fw = 0; fw < FW; fw++) {
            const iw = colCorner + fw * DW;
            if (iw < 0 || iw >= W) continue;
            const base = (imageBase + ih * W + iw) * C;
            for (let c = 0; c < C; c++) {
              const v = x[base + c] as number;
              if (v > (best[c] as number)) {
                best[c] = v;
                bestAt[c] = base + c;
              }
            }
          }
        }
        for (let c = 0; c < C; c++) {
          const at = bestAt[c] as number;
          if (at >= 0) dx[at] = (dx[at] as number) + (dy[o + c] as number);
        }
      }
    }
  }
}

/** Replaces wasm's stock `MaxPoolGrad`. */
export const maxPoolGradWasmConfig: KernelConfig = {
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: maxPoolGradWasm as unknown as KernelFunc,
};
