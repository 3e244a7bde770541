import type { backend_util } from '@tensorflow/tfjs-core';

/**
 * Writes the transposed patch matrix of an NHWC input: `colT[k, m]` with `k = (kh, kw, ci)` and
 * `m = (n, oh, ow)`, zeros where a patch reads padding. `colT` must hold K·M floats, K = fh·fw·cin,
 * M = batch·outH·outW. Rows of `colT` are contiguous, so the filter gradient `colT · dy` needs no
 * transpose. Reads walk the input once per (kh, kw) in memory order; writes go to `cin` sequential streams.
 */
export function im2colTransposed(x: Float32Array, info: backend_util.Conv2DInfo, colT: Float32Array): void {
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: FH, filterWidth: FW, strideHeight: SH, strideWidth: SW } = info;
  const { dilationHeight: DH, dilationWidth: DW } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const M = batchSize * OH * OW;
  for (let kh = 0; kh < FH; kh++) {
    for (let kw = 0; kw < FW; kw++) {
      const k0 = (kh * FW + kw) * C;
      // The range of ow whose input column is inside the image, so the inner loops have no test.
      const colOffset = kw * DW - padLeft;
      let owStart = 0;
      while (owStart < OW && owStart * SW + colOffset < 0) owStart++;
      let owEnd = OW;
      while (owEnd > owStart && (owEnd - 1) * SW + colOffset >= W) owEnd--;
      let m = 0;
      for (let n = 0; n < batchSize; n++) {
        for (let oh = 0; oh < OH; oh++, m += OW) {
          const ih = oh * SH + kh * DH - padTop;
          if (ih < 0 || ih >= H) {
            for (let ci = 0; ci < C; ci++) colT.fill(0, (k0 + ci) * M + m, (k0 + ci) * M + m + OW);
            continue;
          }
          if (owStart > 0 || owEnd < OW) {
            for (let ci = 0; ci < C; ci++) {
              const row = (k0 + ci) * M + m;
              colT.fill(0, row, row + owStart);
              colT.fill(0, row + owEnd, row + OW);
            }
          }
          const rowBase = (n * H + ih) * W;
          if (C === 1) {
            let src = rowBase + owStart * SW + colOffset;
            const dst = k0 * M + m;
            for (let ow = owStart; ow < owEnd; ow++, src += SW) colT[dst + ow] = x[src] as number;
            continue;
          }
          for (let ow = owStart; ow < owEnd; ow++) {
            const src = (rowBase + ow * SW + colOffset) * C;
            let dst = k0 * M + m + ow;
            for (let ci = 0; ci < C; ci++, dst += M) colT[dst] = x[src + ci] as number;
          }
        }
      }
    }
  }
}
