import type { backend_util } from '@tensorflow/tfjs-core';

/**
 * Writes the transposed patch matrix `colT[k, m]` (`k = (kh, kw, ci)`, `m = (n, oh, ow)`, zeros where a
 * patch reads padding) from the input stored channel-major: `planes[ci][n][h][w]` (an NHWC input with
 * one channel already is). Both live in `heap` (wasm memory) at the float offsets `planes` and `colT`;
 * `colT` holds K·M floats, K = fh·fw·cin, M = batch·outH·outW.
 *
 * Each row of `colT` is a shifted copy of one channel plane, so the work is block copies
 * (`copyWithin`, a memmove) plus zeroing the cells that read padding; per-element JS writes were the
 * cost of the previous fill.
 */
export function im2colTransposedFromPlanes(
  heap: Float32Array,
  planes: number,
  info: backend_util.Conv2DInfo,
  colT: number,
): void {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: FH, filterWidth: FW, strideHeight: SH, strideWidth: SW } = info;
  const { dilationHeight: DH, dilationWidth: DW } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const M = N * OH * OW;
  const plane = N * H * W;
  const image = OH * OW;
  for (let kh = 0; kh < FH; kh++) {
    const rowOffset = kh * DH - padTop;
    // Output rows whose input row is inside the image.
    let ohStart = 0;
    while (ohStart < OH && ohStart * SH + rowOffset < 0) ohStart++;
    let ohEnd = OH;
    while (ohEnd > ohStart && (ohEnd - 1) * SH + rowOffset >= H) ohEnd--;
    for (let kw = 0; kw < FW; kw++) {
      const colOffset = kw * DW - padLeft;
      let owStart = 0;
      while (owStart < OW && owStart * SW + colOffset < 0) owStart++;
      let owEnd = OW;
      while (owEnd > owStart && (owEnd - 1) * SW + colOffset >= W) owEnd--;
      // With stride 1 and outW = inW, the valid rows of one image are one contiguous run in both layouts.
      const blocks = SH === 1 && SW === 1 && OW === W;
      for (let ci = 0; ci < C; ci++) {
        const row = colT + ((kh * FW + kw) * C + ci) * M;
        const src = planes + ci * plane;
        if (ohStart >= ohEnd || owStart >= owEnd) {
          heap.fill(0, row, row + M);
          continue;
        }
        for (let n = 0; n < N; n++) {
          const d = row + n * image;
          heap.fill(0, d, d + ohStart * OW);
          heap.fill(0, d + ohEnd * OW, d + image);
          if (blocks) {
            const s = src + (n * H + ohStart + rowOffset) * W + colOffset;
            const dd = d + ohStart * OW;
            const len = (ohEnd - ohStart) * OW;
            // Cells before or after the plane are padding cells, zeroed below.
            const lo = Math.max(0, src - s);
            const hi = Math.min(len, src + plane - s);
            heap.copyWithin(dd + lo, s + lo, s + hi);
            if (owStart > 0 || owEnd < OW) {
              for (let r = dd, end = dd + len; r < end; r += OW) {
                for (let ow = 0; ow < owStart; ow++) heap[r + ow] = 0;
                for (let ow = owEnd; ow < OW; ow++) heap[r + ow] = 0;
              }
            }
            continue;
          }
          for (let oh = ohStart; oh < ohEnd; oh++) {
            const r = d + oh * OW;
            for (let ow = 0; ow < owStart; ow++) heap[r + ow] = 0;
            for (let ow = owEnd; ow < OW; ow++) heap[r + ow] = 0;
            let s = src + (n * H + oh * SH + rowOffset) * W + owStart * SW + colOffset;
            for (let ow = owStart; ow < owEnd; ow++, s += SW) heap[r + ow] = heap[s] as number;
          }
        }
      }
    }
  }
}
