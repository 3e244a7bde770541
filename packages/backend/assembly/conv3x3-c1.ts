// 3x3 stride-1 'same' convolution of a one-channel image (SimpleCNN's conv1: a 28x28 gray image to 32 channels),
// forward with bias, relu and 2x2 max pooling fused in, and backward from the pooled gradient straight to the
// filter and bias gradients. XNNPACK runs such a convolution at a fraction of its speed on many channels, and the
// ops around it (bias, relu, pool and their gradients) each read and write the largest tensor of the network.
// Images are read from a copy padded with one cell of zeros on every side (`padImage`), so no tap needs a bounds
// check. Output channels (cout) a multiple of 4, height and width even; NHWC, filter HWIO [3][3][1][cout].

import { madd } from './gemm';

/** xp[n][h + 1][w + 1] = x[n][h][w], zeros around: one image per [height + 2][width + 2] floats. */
export function padImage(x: usize, xp: usize, batch: i32, height: i32, width: i32): void {
  const pw = width + 2;
  const plane = (<usize>((height + 2) * pw)) << 2;
  memory.fill(xp, 0, plane * <usize>batch);
  const rowBytes = (<usize>width) << 2;
  for (let n = 0; n < batch; n++) {
    const src = x + <usize>(n * height) * rowBytes;
    const dst = xp + <usize>n * plane + ((<usize>pw + 1) << 2);
    for (let h = 0; h < height; h++) {
      memory.copy(dst + <usize>(h * pw) * 4, src + <usize>h * rowBytes, rowBytes);
    }
  }
}

/**
 * y[n, h, w, k] = conv3x3(x)[k] (+ bias[k]) (then relu), from the padded image `xp` (padImage); with `pooled` not 0
 * also pooled[n, h/2, w/2, k] = the maximum of each 2x2 window of y. `bias` 0 for none. Works on 2x2 output
 * blocks so the nine filter vectors of 4 channels stay in registers while a 4x4 patch feeds four outputs.
 */
export function conv3x3C1(
  xp: usize,
  w: usize,
  bias: usize,
  y: usize,
  pooled: usize,
  batch: i32,
  height: i32,
  width: i32,
  cout: i32,
  relu: bool,
): void {
  const pw = (<usize>(width + 2)) << 2;
  const plane = pw * <usize>(height + 2);
  const kb = (<usize>cout) << 2;
  const yRow = <usize>width * kb;
  const pRow = <usize>(width >> 1) * kb;
  const zero = f32x4.splat(0);
  for (let cv: usize = 0; cv < kb; cv += 16) {
    const w0 = v128.load(w + cv);
    const w1 = v128.load(w + kb + cv);
    const w2 = v128.load(w + 2 * kb + cv);
    const w3 = v128.load(w + 3 * kb + cv);
    const w4 = v128.load(w + 4 * kb + cv);
    const w5 = v128.load(w + 5 * kb + cv);
    const w6 = v128.load(w + 6 * kb + cv);
    const w7 = v128.load(w + 7 * kb + cv);
    const w8 = v128.load(w + 8 * kb + cv);
    const b = bias !== 0 ? v128.load(bias + cv) : zero;
    for (let n = 0; n < batch; n++) {
      const img = xp + <usize>n * plane;
      const yImg = y + <usize>(n * height) * yRow + cv;
      const pImg = pooled + <usize>(n * (height >> 1)) * pRow + cv;
      for (let by = 0; by < height; by += 2) {
        const r0 = img + <usize>by * pw;
        const r1 = r0 + pw;
        const r2 = r1 + pw;
        const r3 = r2 + pw;
        const yTop = yImg + <usize>by * yRow;
        const pOut = pImg + <usize>(by >> 1) * pRow;
        for (let bx = 0; bx < width; bx += 2) {
          const c = (<usize>bx) << 2;
          const p00 = f32x4.splat(load<f32>(r0 + c));
          const p01 = f32x4.splat(load<f32>(r0 + c, 4));
          const p02 = f32x4.splat(load<f32>(r0 + c, 8));
          const p03 = f32x4.splat(load<f32>(r0 + c, 12));
          const p10 = f32x4.splat(load<f32>(r1 + c));
          const p11 = f32x4.splat(load<f32>(r1 + c, 4));
          const p12 = f32x4.splat(load<f32>(r1 + c, 8));
          const p13 = f32x4.splat(load<f32>(r1 + c, 12));
          const p20 = f32x4.splat(load<f32>(r2 + c));
          const p21 = f32x4.splat(load<f32>(r2 + c, 4));
          const p22 = f32x4.splat(load<f32>(r2 + c, 8));
          const p23 = f32x4.splat(load<f32>(r2 + c, 12));
          const p30 = f32x4.splat(load<f32>(r3 + c));
          const p31 = f32x4.splat(load<f32>(r3 + c, 4));
          const p32 = f32x4.splat(load<f32>(r3 + c, 8));
          const p33 = f32x4.splat(load<f32>(r3 + c, 12));
          let y00 = madd(p00, w0, madd(p01, w1, madd(p02, w2, b)));
          y00 = madd(p10, w3, madd(p11, w4, madd(p12, w5, y00)));
          y00 = madd(p20, w6, madd(p21, w7, madd(p22, w8, y00)));
          let y01 = madd(p01, w0, madd(p02, w1, madd(p03, w2, b)));
          y01 = madd(p11, w3, madd(p12, w4, madd(p13, w5, y01)));
          y01 = madd(p21, w6, madd(p22, w7, madd(p23, w8, y01)));
          let y10 = madd(p10, w0, madd(p11, w1, madd(p12, w2, b)));
          y10 = madd(p20, w3, madd(p21, w4, madd(p22, w5, y10)));
          y10 = madd(p30, w6, madd(p31, w7, madd(p32, w8, y10)));
          let y11 = madd(p11, w0, madd(p12, w1, madd(p13, w2, b)));
          y11 = madd(p21, w3, madd(p22, w4, madd(p23, w5, y11)));
          y11 = madd(p31, w6, madd(p32, w7, madd(p33, w8, y11)));
          if (relu) {
            y00 = f32x4.max(y00, zero);
            y01 = f32x4.max(y01, zero);
            y10 = f32x4.max(y10, zero);
            y11 = f32x4.max(y11, zero);
          }
          const o = yTop + <usize>bx * kb;
          v128.store(o, y00);
          v128.store(o + kb, y01);
          v128.store(o + yRow, y10);
          v128.store(o + yRow + kb, y11);
          if (pooled !== 0) {
            v128.store(pOut + <usize>(bx >> 1) * kb, f32x4.max(f32x4.max(y00, y01), f32x4.max(y10, y11)));
          }
        }
      }
    }
  }
}

/**
 * The filter and bias gradients of `conv3x3C1` with relu and pooling, from the gradient of the pooled output `dp`:
 * each 2x2 window's gradient goes to its first largest cell of y (row-major, as tfjs's MaxPoolGrad picks) when that
 * cell is positive (relu's derivative), and from there into dw[kh][kw][0][k] += x·dy and db[k] += dy, without
 * writing the gradient of y. `xp` is the padded image the forward pass read, `y` its relu output.
 */
export function conv3x3C1PoolGrad(
  xp: usize,
  y: usize,
  dp: usize,
  dw: usize,
  db: usize,
  batch: i32,
  height: i32,
  width: i32,
  cout: i32,
): void {
  const pw = (<usize>(width + 2)) << 2;
  const plane = pw * <usize>(height + 2);
  const kb = (<usize>cout) << 2;
  const yRow = <usize>width * kb;
  const pRow = <usize>(width >> 1) * kb;
  const zero = f32x4.splat(0);
  memory.fill(dw, 0, 9 * kb);
  memory.fill(db, 0, kb);
  for (let cv: usize = 0; cv < kb; cv += 16) {
    for (let n = 0; n < batch; n++) {
      // Sums over one image in registers, then added to memory: shorter float32 sums than one over the batch.
      let a0 = zero;
      let a1 = zero;
      let a2 = zero;
      let a3 = zero;
      let a4 = zero;
      let a5 = zero;
      let a6 = zero;
      let a7 = zero;
      let a8 = zero;
      let ab = zero;
      const img = xp + <usize>n * plane;
      const yImg = y + <usize>(n * height) * yRow + cv;
      const pImg = dp + <usize>(n * (height >> 1)) * pRow + cv;
      for (let by = 0; by < height; by += 2) {
        const r0 = img + <usize>by * pw;
        const r1 = r0 + pw;
        const r2 = r1 + pw;
        const r3 = r2 + pw;
        const yTop = yImg + <usize>by * yRow;
        const pIn = pImg + <usize>(by >> 1) * pRow;
        for (let bx = 0; bx < width; bx += 2) {
          const o = yTop + <usize>bx * kb;
          const ya = v128.load(o);
          const yb = v128.load(o + kb);
          const yc = v128.load(o + yRow);
          const yd = v128.load(o + yRow + kb);
          const pickB = f32x4.gt(yb, ya);
          const pickD = f32x4.gt(yd, yc);
          const top = v128.bitselect(yb, ya, pickB);
          const bottom = v128.bitselect(yd, yc, pickD);
          const pickBottom = f32x4.gt(bottom, top);
          const best = v128.bitselect(bottom, top, pickBottom);
          const g = v128.and(v128.load(pIn + <usize>(bx >> 1) * kb), f32x4.gt(best, zero));
          const gTop = v128.andnot(g, pickBottom);
          const gBottom = v128.and(g, pickBottom);
          const g00 = v128.andnot(gTop, pickB);
          const g01 = v128.and(gTop, pickB);
          const g10 = v128.andnot(gBottom, pickD);
          const g11 = v128.and(gBottom, pickD);
          ab = f32x4.add(ab, g);
          const c = (<usize>bx) << 2;
          // Tap (kh, kw) of output cell (i, j) reads patch cell (i + kh, j + kw).
          const p00 = f32x4.splat(load<f32>(r0 + c));
          const p01 = f32x4.splat(load<f32>(r0 + c, 4));
          const p02 = f32x4.splat(load<f32>(r0 + c, 8));
          const p03 = f32x4.splat(load<f32>(r0 + c, 12));
          a0 = madd(p00, g00, madd(p01, g01, a0));
          a1 = madd(p01, g00, madd(p02, g01, a1));
          a2 = madd(p02, g00, madd(p03, g01, a2));
          const p10 = f32x4.splat(load<f32>(r1 + c));
          const p11 = f32x4.splat(load<f32>(r1 + c, 4));
          const p12 = f32x4.splat(load<f32>(r1 + c, 8));
          const p13 = f32x4.splat(load<f32>(r1 + c, 12));
          a0 = madd(p10, g10, madd(p11, g11, a0));
          a1 = madd(p11, g10, madd(p12, g11, a1));
          a2 = madd(p12, g10, madd(p13, g11, a2));
          a3 = madd(p10, g00, madd(p11, g01, a3));
          a4 = madd(p11, g00, madd(p12, g01, a4));
          a5 = madd(p12, g00, madd(p13, g01, a5));
          const p20 = f32x4.splat(load<f32>(r2 + c));
          const p21 = f32x4.splat(load<f32>(r2 + c, 4));
          const p22 = f32x4.splat(load<f32>(r2 + c, 8));
          const p23 = f32x4.splat(load<f32>(r2 + c, 12));
          a3 = madd(p20, g10, madd(p21, g11, a3));
          a4 = madd(p21, g10, madd(p22, g11, a4));
          a5 = madd(p22, g10, madd(p23, g11, a5));
          a6 = madd(p20, g00, madd(p21, g01, a6));
          a7 = madd(p21, g00, madd(p22, g01, a7));
          a8 = madd(p22, g00, madd(p23, g01, a8));
          const p30 = f32x4.splat(load<f32>(r3 + c));
          const p31 = f32x4.splat(load<f32>(r3 + c, 4));
          const p32 = f32x4.splat(load<f32>(r3 + c, 8));
          const p33 = f32x4.splat(load<f32>(r3 + c, 12));
          a6 = madd(p30, g10, madd(p31, g11, a6));
          a7 = madd(p31, g10, madd(p32, g11, a7));
          a8 = madd(p32, g10, madd(p33, g11, a8));
        }
      }
      v128.store(dw + cv, f32x4.add(v128.load(dw + cv), a0));
      v128.store(dw + kb + cv, f32x4.add(v128.load(dw + kb + cv), a1));
      v128.store(dw + 2 * kb + cv, f32x4.add(v128.load(dw + 2 * kb + cv), a2));
      v128.store(dw + 3 * kb + cv, f32x4.add(v128.load(dw + 3 * kb + cv), a3));
      v128.store(dw + 4 * kb + cv, f32x4.add(v128.load(dw + 4 * kb + cv), a4));
      v128.store(dw + 5 * kb + cv, f32x4.add(v128.load(dw + 5 * kb + cv), a5));
      v128.store(dw + 6 * kb + cv, f32x4.add(v128.load(dw + 6 * kb + cv), a6));
      v128.store(dw + 7 * kb + cv, f32x4.add(v128.load(dw + 7 * kb + cv), a7));
      v128.store(dw + 8 * kb + cv, f32x4.add(v128.load(dw + 8 * kb + cv), a8));
      v128.store(db + cv, f32x4.add(v128.load(db + cv), ab));
    }
  }
}
