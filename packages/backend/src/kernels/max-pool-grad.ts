import type { backend_util } from '@tensorflow/tfjs-core';

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
