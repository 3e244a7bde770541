import type { backend_util } from '@tensorflow/tfjs-core';

/**
 * Writes the transposed patch matrix of an NHWC input: `colT[k, m]` with `k = (kh, kw, ci)` and
 * `m = (n, oh, ow)`, zeros where a patch reads padding. `colT` must hold K·M floats, K = fh·fw·cin,
 * M = batch·outH·outW. Rows of `colT` are contiguous, so the filter gradient `colT · dy` needs no
 * transpose.
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
      // The range of ow whose input column is inside the image, so the inner loop has no test.
      const colOffset = kw * DW - padLeft;
      let owStart = 0;
      while (owStart < OW && owStart * SW + colOffset < 0) owStart++;
      let owEnd = OW;
      while (owEnd > owStart && (owEnd - 1) * SW + colOffset >= W) owEnd--;
      for (let ci = 0; ci < C; ci++) {
        let out = ((kh * FW + kw) * C + ci) * M;
        for (let n = 0; n < batchSize; n++) {
          for (let oh = 0; oh < OH; oh++) {
            const ih = oh * SH + kh * DH - padTop;
            if (ih < 0 || ih >= H) {
              colT.fill(0, out, out + OW);
              out += OW;
              continue;
            }
            const rowBase = (n * H + ih) * W;
            for (let ow = 0; ow < owStart; ow++) colT[out++] = 0;
            let src = (rowBase + owStart * SW + colOffset) * C + ci;
            const step = SW * C;
            for (let ow = owStart; ow < owEnd; ow++) {
              colT[out++] = x[src] as number;
              src += step;
            }
            for (let ow = owEnd; ow < OW; ow++) colT[out++] = 0;
          }
        }
      }
    }
  }
}
