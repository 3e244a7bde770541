import type { backend_util } from '@tensorflow/tfjs-core';

/**
 * Max-pool gradient in one pass: each output cell's gradient goes to the first largest input of its
 * window (row-major order, as tfjs-backend-cpu picks). `dx` must be zeroed by the caller.
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
  let o = 0;
  for (let n = 0; n < batchSize; n++) {
    const imageBase = n * H * W;
    for (let oh = 0; oh < OH; oh++) {
      const rowCorner = oh * SH - padTop;
      for (let ow = 0; ow < OW; ow++) {
        const colCorner = ow * SW - padLeft;
        for (let c = 0; c < C; c++, o++) {
          let best = Number.NEGATIVE_INFINITY;
          let bestAt = -1;
          for (let fh = 0; fh < FH; fh++) {
            const ih = rowCorner + fh * DH;
            if (ih < 0 || ih >= H) continue;
            for (let fw = 0; fw < FW; fw++) {
              const iw = colCorner + fw * DW;
              if (iw < 0 || iw >= W) continue;
              const at = (imageBase + ih * W + iw) * C + c;
              const v = x[at] as number;
              if (v > best) {
                best = v;
                bestAt = at;
              }
            }
          }
          if (bestAt >= 0) dx[bestAt] = (dx[bestAt] as number) + (dy[o] as number);
        }
      }
    }
  }
}
