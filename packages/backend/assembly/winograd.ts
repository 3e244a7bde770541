import { gemm } from './gemm';

// Winograd F(2x2, 3x3) convolution: 3x3 filters, stride 1, padding 1, even height and width, channels
// multiples of 4. Each 2x2 output tile costs 16 products per channel pair instead of 36, so the
// transformed products (16 matmuls) do 2.25x fewer flops than the direct convolution.

/** u[16][cin][cout] = G g Gᵀ for a filter g[3][3][cin][cout] (HWIO), cout a multiple of 4. */
export function winogradFilter(g: usize, u: usize, cin: i32, cout: i32): void {
  const plane = (<usize>(cin * cout)) << 2;
  const half = f32x4.splat(0.5);
  for (let o: usize = 0; o < plane; o += 16) {
    // Rows kh of G g: r0 = g0, r1 = (g0 + g1 + g2) / 2, r2 = (g0 - g1 + g2) / 2, r3 = g2 (per kw).
    for (let kw: usize = 0; kw < 3; kw++) {
      const g0 = v128.load(g + kw * plane + o);
      const g1 = v128.load(g + (3 + kw) * plane + o);
      const g2 = v128.load(g + (6 + kw) * plane + o);
      const s = f32x4.add(g0, g2);
      // Scratch rows for this column go straight into u's kw-th column slots 0..2; fixed below.
      v128.store(u + kw * plane + o, g0);
      v128.store(u + (4 + kw) * plane + o, f32x4.mul(f32x4.add(s, g1), half));
      v128.store(u + (8 + kw) * plane + o, f32x4.mul(f32x4.sub(s, g1), half));
      v128.store(u + (12 + kw) * plane + o, g2);
    }
    // Columns: (G g) Gᵀ on each of the four rows.
    for (let r: usize = 0; r < 16; r += 4) {
      const a0 = v128.load(u + r * plane + o);
      const a1 = v128.load(u + (r + 1) * plane + o);
      const a2 = v128.load(u + (r + 2) * plane + o);
      const s = f32x4.add(a0, a2);
      v128.store(u + (r + 1) * plane + o, f32x4.mul(f32x4.add(s, a1), half));
      v128.store(u + (r + 2) * plane + o, f32x4.mul(f32x4.sub(s, a1), half));
      v128.store(u + (r + 3) * plane + o, a2);
    }
  }
}

// A patch cell's 4 channels, zeros in the padding (binaryen inlines it at -O3).
function at(x: usize, y: i32, xx: i32, height: i32, width: i32, rowBytes: usize, cb: usize): v128 {
  if (y < 0 || y >= height || xx < 0 || xx >= width) return f32x4.splat(0);
  return v128.load(x + <usize>y * rowBytes + <usize>xx * cb);
}

/** v[16][tn][cin] = Bᵀ d B for the 4x4 input patches of output tiles t0 .. t0 + tn (padding 1). */
function winogradInput(x: usize, v: usize, t0: i32, tn: i32, height: i32, width: i32, cin: i32): void {
  const cb = (<usize>cin) << 2;
  const rowBytes = <usize>width * cb;
  const tilesX = width >> 1;
  const perImage = (height >> 1) * tilesX;
  const vStride = <usize>tn * cb + SKEW;
  for (let t = 0; t < tn; t++) {
    const tile = t0 + t;
    const n = tile / perImage;
    const rest = tile - n * perImage;
    const y0 = ((rest / tilesX) << 1) - 1;
    const x0 = ((rest % tilesX) << 1) - 1;
    const img = x + <usize>n * <usize>height * rowBytes;
    for (let c: usize = 0; c < cb; c += 16) {
      const p = img + c;
      const d00 = at(p, y0, x0, height, width, rowBytes, cb);
      const d01 = at(p, y0, x0 + 1, height, width, rowBytes, cb);
      const d02 = at(p, y0, x0 + 2, height, width, rowBytes, cb);
      const d03 = at(p, y0, x0 + 3, height, width, rowBytes, cb);
      const d10 = at(p, y0 + 1, x0, height, width, rowBytes, cb);
      const d11 = at(p, y0 + 1, x0 + 1, height, width, rowBytes, cb);
      const d12 = at(p, y0 + 1, x0 + 2, height, width, rowBytes, cb);
      const d13 = at(p, y0 + 1, x0 + 3, height, width, rowBytes, cb);
      const d20 = at(p, y0 + 2, x0, height, width, rowBytes, cb);
      const d21 = at(p, y0 + 2, x0 + 1, height, width, rowBytes, cb);
      const d22 = at(p, y0 + 2, x0 + 2, height, width, rowBytes, cb);
      const d23 = at(p, y0 + 2, x0 + 3, height, width, rowBytes, cb);
      const d30 = at(p, y0 + 3, x0, height, width, rowBytes, cb);
      const d31 = at(p, y0 + 3, x0 + 1, height, width, rowBytes, cb);
      const d32 = at(p, y0 + 3, x0 + 2, height, width, rowBytes, cb);
      const d33 = at(p, y0 + 3, x0 + 3, height, width, rowBytes, cb);
      // Rows: Bᵀ d.
      const a0 = f32x4.sub(d00, d20);
      const a1 = f32x4.sub(d01, d21);
      const a2 = f32x4.sub(d02, d22);
      const a3 = f32x4.sub(d03, d23);
      const b0 = f32x4.add(d10, d20);
      const b1 = f32x4.add(d11, d21);
      const b2 = f32x4.add(d12, d22);
      const b3 = f32x4.add(d13, d23);
      const e0 = f32x4.sub(d20, d10);
      const e1 = f32x4.sub(d21, d11);
      const e2 = f32x4.sub(d22, d12);
      const e3 = f32x4.sub(d23, d13);
      const h0 = f32x4.sub(d10, d30);
      const h1 = f32x4.sub(d11, d31);
      const h2 = f32x4.sub(d12, d32);
      const h3 = f32x4.sub(d13, d33);
      // Columns: (Bᵀ d) B, stored as v[xi][t][c].
      const q = v + <usize>t * cb + c;
      v128.store(q, f32x4.sub(a0, a2));
      v128.store(q + vStride, f32x4.add(a1, a2));
      v128.store(q + 2 * vStride, f32x4.sub(a2, a1));
      v128.store(q + 3 * vStride, f32x4.sub(a1, a3));
      v128.store(q + 4 * vStride, f32x4.sub(b0, b2));
      v128.store(q + 5 * vStride, f32x4.add(b1, b2));
      v128.store(q + 6 * vStride, f32x4.sub(b2, b1));
      v128.store(q + 7 * vStride, f32x4.sub(b1, b3));
      v128.store(q + 8 * vStride, f32x4.sub(e0, e2));
      v128.store(q + 9 * vStride, f32x4.add(e1, e2));
      v128.store(q + 10 * vStride, f32x4.sub(e2, e1));
      v128.store(q + 11 * vStride, f32x4.sub(e1, e3));
      v128.store(q + 12 * vStride, f32x4.sub(h0, h2));
      v128.store(q + 13 * vStride, f32x4.add(h1, h2));
      v128.store(q + 14 * vStride, f32x4.sub(h2, h1));
      v128.store(q + 15 * vStride, f32x4.sub(h1, h3));
    }
  }
}

// Tiles per block: a block's transformed input and products stay in cache.
const TILES: i32 = 32;

// Bytes between the 16 planes of a block's transformed tiles beyond their size: planes a multiple of 4 KiB apart
// map to the same L1 cache sets, so the 16 loads or stores of one tile's transform would evict one another.
// src/algorithms/winograd.ts sizes the scratch to match (winogradScratchFloats).
const SKEW: usize = 64;

/**
 * out[n, h, w, cout] = conv3x3(x, filter) (+ bias) (then relu), NHWC, from the transformed filter
 * `u` (winogradFilter). `bias` 0 for none. `scratch` holds 16·(TILES·(cin + cout) + 32) floats.
 */
export function winogradConv(
  x: usize,
  u: usize,
  bias: usize,
  out: usize,
  scratch: usize,
  batch: i32,
  height: i32,
  width: i32,
  cin: i32,
  cout: i32,
  relu: bool,
): void {
  const cb = (<usize>cin) << 2;
  const ob = (<usize>cout) << 2;
  const outRow = <usize>width * ob;
  const tilesX = width >> 1;
  const perImage = (height >> 1) * tilesX;
  const total = batch * perImage;
  const v = scratch;
  const m = scratch + 16 * (<usize>TILES * cb + SKEW);
  const zero = f32x4.splat(0);
  for (let t0 = 0; t0 < total; t0 += TILES) {
    const tn = min(TILES, total - t0);
    const vStride = <usize>tn * cb + SKEW;
    const mStride = <usize>tn * ob + SKEW;
    winogradInput(x, v, t0, tn, height, width, cin);
    // 16 products m[xi] = v[xi] · u[xi].
    const uStride = <usize>cin * ob;
    for (let xi: usize = 0; xi < 16; xi++) {
      gemm(v + xi * vStride, cb, 4, u + xi * uStride, m + xi * mStride, tn, cin, cout, false);
    }
    // Output transform Aᵀ m A, bias, relu.
    for (let t = 0; t < tn; t++) {
      const tile = t0 + t;
      const n = tile / perImage;
      const rest = tile - n * perImage;
      const y = (rest / tilesX) << 1;
      const xx = (rest % tilesX) << 1;
      const o = out + (<usize>n * <usize>height + <usize>y) * outRow + <usize>xx * ob;
      for (let k: usize = 0; k < ob; k += 16) {
        const q = m + <usize>t * ob + k;
        const m00 = v128.load(q);
        const m01 = v128.load(q + mStride);
        const m02 = v128.load(q + 2 * mStride);
        const m03 = v128.load(q + 3 * mStride);
        const m10 = v128.load(q + 4 * mStride);
        const m11 = v128.load(q + 5 * mStride);
        const m12 = v128.load(q + 6 * mStride);
        const m13 = v128.load(q + 7 * mStride);
        const m20 = v128.load(q + 8 * mStride);
        const m21 = v128.load(q + 9 * mStride);
        const m22 = v128.load(q + 10 * mStride);
        const m23 = v128.load(q + 11 * mStride);
        const m30 = v128.load(q + 12 * mStride);
        const m31 = v128.load(q + 13 * mStride);
        const m32 = v128.load(q + 14 * mStride);
        const m33 = v128.load(q + 15 * mStride);
        // Rows: Aᵀ m.
        const s0 = f32x4.add(f32x4.add(m00, m10), m20);
        const s1 = f32x4.add(f32x4.add(m01, m11), m21);
        const s2 = f32x4.add(f32x4.add(m02, m12), m22);
        const s3 = f32x4.add(f32x4.add(m03, m13), m23);
        const r0 = f32x4.sub(f32x4.sub(m10, m20), m30);
        const r1 = f32x4.sub(f32x4.sub(m11, m21), m31);
        const r2 = f32x4.sub(f32x4.sub(m12, m22), m32);
        const r3 = f32x4.sub(f32x4.sub(m13, m23), m33);
        const bk = bias !== 0 ? v128.load(bias + k) : zero;
        let y00 = f32x4.add(f32x4.add(f32x4.add(s0, s1), s2), bk);
        let y01 = f32x4.add(f32x4.sub(f32x4.sub(s1, s2), s3), bk);
        let y10 = f32x4.add(f32x4.add(f32x4.add(r0, r1), r2), bk);
        let y11 = f32x4.add(f32x4.sub(f32x4.sub(r1, r2), r3), bk);
        if (relu) {
          y00 = f32x4.max(y00, zero);
          y01 = f32x4.max(y01, zero);
          y10 = f32x4.max(y10, zero);
          y11 = f32x4.max(y11, zero);
        }
        v128.store(o + k, y00);
        v128.store(o + ob + k, y01);
        v128.store(o + outRow + k, y10);
        v128.store(o + outRow + ob + k, y11);
      }
    }
  }
}

/**
 * dw[3][3][cin][cout] (HWIO) = filter gradient of the 3x3 stride-1 pad-1 convolution of x giving dy,
 * by Winograd F(3x3, 2x2) (the transpose of F(2x2, 3x3)): dw = Gᵀ [Σ_tiles (Bᵀ d B) ⊙ (A dy Aᵀ)] G,
 * the sum over tiles being 16 matmuls. `scratch` holds 16·(TILES·(cin + cout) + 32 + cin·cout)
 * floats.
 */
export function winogradFilterGrad(
  x: usize,
  dy: usize,
  dw: usize,
  scratch: usize,
  batch: i32,
  height: i32,
  width: i32,
  cin: i32,
  cout: i32,
): void {
  const cb = (<usize>cin) << 2;
  const ob = (<usize>cout) << 2;
  const dyRow = <usize>width * ob;
  const tilesX = width >> 1;
  const perImage = (height >> 1) * tilesX;
  const total = batch * perImage;
  const v = scratch;
  const yv = v + 16 * (<usize>TILES * cb + SKEW);
  const p = yv + 16 * (<usize>TILES * ob + SKEW);
  const pStride = <usize>cin * ob;
  for (let t0 = 0; t0 < total; t0 += TILES) {
    const tn = min(TILES, total - t0);
    const vStride = <usize>tn * cb + SKEW;
    const yStride = <usize>tn * ob + SKEW;
    winogradInput(x, v, t0, tn, height, width, cin);
    // A dy Aᵀ of each 2x2 output-gradient tile.
    for (let t = 0; t < tn; t++) {
      const tile = t0 + t;
      const n = tile / perImage;
      const rest = tile - n * perImage;
      const y = (rest / tilesX) << 1;
      const xx = (rest % tilesX) << 1;
      const src = dy + (<usize>n * <usize>height + <usize>y) * dyRow + <usize>xx * ob;
      for (let k: usize = 0; k < ob; k += 16) {
        const a = v128.load(src + k);
        const b = v128.load(src + ob + k);
        const c = v128.load(src + dyRow + k);
        const d = v128.load(src + dyRow + ob + k);
        const ac = f32x4.add(a, c);
        const bd = f32x4.add(b, d);
        const acm = f32x4.sub(a, c);
        const bdm = f32x4.sub(b, d);
        const nc = f32x4.neg(c);
        const nd = f32x4.neg(d);
        const q = yv + <usize>t * ob + k;
        // Rows [a b], [a+c b+d], [a-c b-d], [-c -d]; each row [p q] -> [p, p+q, p-q, -q].
        v128.store(q, a);
        v128.store(q + yStride, f32x4.add(a, b));
        v128.store(q + 2 * yStride, f32x4.sub(a, b));
        v128.store(q + 3 * yStride, f32x4.neg(b));
        v128.store(q + 4 * yStride, ac);
        v128.store(q + 5 * yStride, f32x4.add(ac, bd));
        v128.store(q + 6 * yStride, f32x4.sub(ac, bd));
        v128.store(q + 7 * yStride, f32x4.neg(bd));
        v128.store(q + 8 * yStride, acm);
        v128.store(q + 9 * yStride, f32x4.add(acm, bdm));
        v128.store(q + 10 * yStride, f32x4.sub(acm, bdm));
        v128.store(q + 11 * yStride, f32x4.neg(bdm));
        v128.store(q + 12 * yStride, nc);
        v128.store(q + 13 * yStride, f32x4.add(nc, nd));
        v128.store(q + 14 * yStride, f32x4.sub(nc, nd));
        v128.store(q + 15 * yStride, f32x4.neg(nd));
      }
    }
    // p[xi] (+)= v[xi]ᵀ · y[xi]: v[xi] is [tn][cin], read transposed.
    for (let xi: usize = 0; xi < 16; xi++) {
      gemm(v + xi * vStride, 4, cb, yv + xi * yStride, p + xi * pStride, cin, tn, cout, t0 > 0);
    }
  }
  // dw = Gᵀ p G; Gᵀ = [[1, .5, .5, 0], [0, .5, -.5, 0], [0, .5, .5, 1]].
  const half = f32x4.splat(0.5);
  for (let o: usize = 0; o < pStride; o += 16) {
    for (let s: usize = 0; s < 4; s++) {
      // Rows, into p's slots (r, s) for r = 0..2 (read before written).
      const p0 = v128.load(p + s * pStride + o);
      const p1 = v128.load(p + (4 + s) * pStride + o);
      const p2 = v128.load(p + (8 + s) * pStride + o);
      const p3 = v128.load(p + (12 + s) * pStride + o);
      const h = f32x4.mul(f32x4.add(p1, p2), half);
      v128.store(p + s * pStride + o, f32x4.add(p0, h));
      v128.store(p + (4 + s) * pStride + o, f32x4.mul(f32x4.sub(p1, p2), half));
      v128.store(p + (8 + s) * pStride + o, f32x4.add(h, p3));
    }
    for (let r: usize = 0; r < 3; r++) {
      const x0 = v128.load(p + 4 * r * pStride + o);
      const x1 = v128.load(p + (4 * r + 1) * pStride + o);
      const x2 = v128.load(p + (4 * r + 2) * pStride + o);
      const x3 = v128.load(p + (4 * r + 3) * pStride + o);
      const h = f32x4.mul(f32x4.add(x1, x2), half);
      v128.store(dw + 3 * r * pStride + o, f32x4.add(x0, h));
      v128.store(dw + (3 * r + 1) * pStride + o, f32x4.mul(f32x4.sub(x1, x2), half));
      v128.store(dw + (3 * r + 2) * pStride + o, f32x4.add(h, x3));
    }
  }
}
