// WebAssembly SIMD kernels that run on tfjs-backend-wasm's own memory (imported, see
// src/kernels/simd.ts). Pointers are byte offsets of tensors in that memory. The module has no data,
// no heap and no stack in memory, so it never writes anywhere but the outputs it is given.
// Build: `pnpm --filter @mnistkit/backend build:wasm`.

/**
 * Max-pool gradient for 2x2 windows at stride 2 without padding, NHWC, channels a multiple of 4.
 * The first largest cell of each window (row-major, as tfjs-backend-cpu picks) gets the gradient,
 * the other three get 0. Rows and columns no window covers (odd sizes) are left untouched.
 */
export function maxPoolGrad2x2(
  x: usize,
  dy: usize,
  dx: usize,
  batch: i32,
  height: i32,
  width: i32,
  channels: i32,
  outHeight: i32,
  outWidth: i32,
): void {
  const cb = (<usize>channels) << 2;
  const rowBytes = <usize>width * cb;
  let o = dy;
  for (let n = 0; n < batch; n++) {
    for (let r = 0; r < outHeight; r++) {
      const rowStart = <usize>(n * height + 2 * r) * rowBytes;
      let p = x + rowStart;
      let q = dx + rowStart;
      for (let col = 0; col < outWidth; col++) {
        const end = p + cb;
        while (p < end) {
          const a = v128.load(p);
          const b = v128.load(p + cb);
          const c = v128.load(p + rowBytes);
          const d = v128.load(p + rowBytes + cb);
          const g = v128.load(o);
          // First maximum of each row pair, then of the two; ties keep the earlier cell.
          const pickB = f32x4.gt(b, a);
          const pickD = f32x4.gt(d, c);
          const pickBottom = f32x4.gt(v128.bitselect(d, c, pickD), v128.bitselect(b, a, pickB));
          const gTop = v128.andnot(g, pickBottom);
          const gBottom = v128.and(g, pickBottom);
          v128.store(q, v128.andnot(gTop, pickB));
          v128.store(q + cb, v128.and(gTop, pickB));
          v128.store(q + rowBytes, v128.andnot(gBottom, pickD));
          v128.store(q + rowBytes + cb, v128.and(gBottom, pickD));
          p += 16;
          q += 16;
          o += 16;
        }
        // Past the window's second column.
        p += cb;
        q += cb;
      }
    }
  }
}

/** Max pooling with 2x2 windows at stride 2 without padding, NHWC, channels a multiple of 4. */
export function maxPool2x2(
  x: usize,
  y: usize,
  batch: i32,
  height: i32,
  width: i32,
  channels: i32,
  outHeight: i32,
  outWidth: i32,
): void {
  const cb = (<usize>channels) << 2;
  const rowBytes = <usize>width * cb;
  let o = y;
  for (let n = 0; n < batch; n++) {
    for (let r = 0; r < outHeight; r++) {
      let p = x + <usize>(n * height + 2 * r) * rowBytes;
      for (let col = 0; col < outWidth; col++) {
        const end = p + cb;
        while (p < end) {
          const top = f32x4.max(v128.load(p), v128.load(p + cb));
          const bottom = f32x4.max(v128.load(p + rowBytes), v128.load(p + rowBytes + cb));
          v128.store(o, f32x4.max(top, bottom));
          p += 16;
          o += 16;
        }
        p += cb;
      }
    }
  }
}

/**
 * Column sums of a rows×cols float32 matrix (cols a multiple of 4) into `dst`, accumulated in
 * float64 (as tfjs-backend-cpu does) in `scratch`, which must hold `cols` float64s, 8-byte aligned.
 */
export function sumRows(src: usize, rows: i32, cols: i32, dst: usize, scratch: usize): void {
  const rowBytes = (<usize>cols) << 2;
  memory.fill(scratch, 0, rowBytes << 1);
  let s = src;
  for (let r = 0; r < rows; r++) {
    const end = s + rowBytes;
    let a = scratch;
    while (s < end) {
      const v = v128.load(s);
      v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(v)));
      const high = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
      v128.store(a, f64x2.add(v128.load(a, 16), high), 16);
      s += 16;
      a += 32;
    }
  }
  for (let c = 0; c < cols; c++) {
    store<f32>(dst + ((<usize>c) << 2), <f32>load<f64>(scratch + ((<usize>c) << 3)));
  }
}

// Rows of `b` per block: a block of b (KC x n floats) stays in cache while every row of `a` uses it.
const KC: i32 = 128;

/**
 * c[m, n] = a[m, k] · b[k, n], row-major float32, n a multiple of 4. Unlike XNNPACK's matmul it reads
 * `b` in place (XNNPACK packs it on every call, which costs as much as the product when `b` is a
 * fresh gradient with a long k, as in a filter gradient). 4x8 register tiles, k in blocks of KC.
 */
export function matmul(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  gemm(a, (<usize>k) << 2, 4, b, c, m, k, n, false);
}

/** c[m, n] = aᵀ · b for a stored [k, m] (a transposed operand read in place); n a multiple of 4. */
export function matmulTransposedA(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  gemm(a, 4, (<usize>m) << 2, b, c, m, k, n, false);
}

// The matmul with a's element (i, kk) at a + i·rs + kk·ks (bytes), so a may be stored transposed, and
// optionally adding to c instead of overwriting it.
function gemm(a: usize, rs: usize, ks: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool): void {
  const ldb = (<usize>n) << 2;
  for (let k0 = 0; k0 < k; k0 += KC) {
    const kc = min(KC, k - k0);
    const first = k0 === 0 && !accumulate;
    const bBlock = b + <usize>k0 * ldb;
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const a0 = a + <usize>i * rs + <usize>k0 * ks;
      const c0 = c + <usize>i * ldb;
      let j = 0;
      for (; j + 8 <= n; j += 8) {
        const cp = c0 + ((<usize>j) << 2);
        let r00 = f32x4.splat(0);
        let r01 = r00;
        let r10 = r00;
        let r11 = r00;
        let r20 = r00;
        let r21 = r00;
        let r30 = r00;
        let r31 = r00;
        if (!first) {
          r00 = v128.load(cp);
          r01 = v128.load(cp, 16);
          r10 = v128.load(cp + ldb);
          r11 = v128.load(cp + ldb, 16);
          r20 = v128.load(cp + 2 * ldb);
          r21 = v128.load(cp + 2 * ldb, 16);
          r30 = v128.load(cp + 3 * ldb);
          r31 = v128.load(cp + 3 * ldb, 16);
        }
        let ap = a0;
        let bp = bBlock + ((<usize>j) << 2);
        for (let kk = 0; kk < kc; kk++) {
          const b0 = v128.load(bp);
          const b1 = v128.load(bp, 16);
          const s0 = v128.load32_splat(ap);
          const s1 = v128.load32_splat(ap + rs);
          const s2 = v128.load32_splat(ap + 2 * rs);
          const s3 = v128.load32_splat(ap + 3 * rs);
          r00 = f32x4.add(r00, f32x4.mul(s0, b0));
          r01 = f32x4.add(r01, f32x4.mul(s0, b1));
          r10 = f32x4.add(r10, f32x4.mul(s1, b0));
          r11 = f32x4.add(r11, f32x4.mul(s1, b1));
          r20 = f32x4.add(r20, f32x4.mul(s2, b0));
          r21 = f32x4.add(r21, f32x4.mul(s2, b1));
          r30 = f32x4.add(r30, f32x4.mul(s3, b0));
          r31 = f32x4.add(r31, f32x4.mul(s3, b1));
          ap += ks;
          bp += ldb;
        }
        v128.store(cp, r00);
        v128.store(cp, r01, 16);
        v128.store(cp + ldb, r10);
        v128.store(cp + ldb, r11, 16);
        v128.store(cp + 2 * ldb, r20);
        v128.store(cp + 2 * ldb, r21, 16);
        v128.store(cp + 3 * ldb, r30);
        v128.store(cp + 3 * ldb, r31, 16);
      }
      for (; j < n; j += 4) {
        const cp = c0 + ((<usize>j) << 2);
        let r0 = f32x4.splat(0);
        let r1 = r0;
        let r2 = r0;
        let r3 = r0;
        if (!first) {
          r0 = v128.load(cp);
          r1 = v128.load(cp + ldb);
          r2 = v128.load(cp + 2 * ldb);
          r3 = v128.load(cp + 3 * ldb);
        }
        let ap = a0;
        let bp = bBlock + ((<usize>j) << 2);
        for (let kk = 0; kk < kc; kk++) {
          const b0 = v128.load(bp);
          r0 = f32x4.add(r0, f32x4.mul(v128.load32_splat(ap), b0));
          r1 = f32x4.add(r1, f32x4.mul(v128.load32_splat(ap + rs), b0));
          r2 = f32x4.add(r2, f32x4.mul(v128.load32_splat(ap + 2 * rs), b0));
          r3 = f32x4.add(r3, f32x4.mul(v128.load32_splat(ap + 3 * rs), b0));
          ap += ks;
          bp += ldb;
        }
        v128.store(cp, r0);
        v128.store(cp + ldb, r1);
        v128.store(cp + 2 * ldb, r2);
        v128.store(cp + 3 * ldb, r3);
      }
    }
    for (; i < m; i++) {
      const a0 = a + <usize>i * rs + <usize>k0 * ks;
      const c0 = c + <usize>i * ldb;
      for (let j = 0; j < n; j += 4) {
        const cp = c0 + ((<usize>j) << 2);
        let r0 = first ? f32x4.splat(0) : v128.load(cp);
        let ap = a0;
        let bp = bBlock + ((<usize>j) << 2);
        for (let kk = 0; kk < kc; kk++) {
          r0 = f32x4.add(r0, f32x4.mul(v128.load32_splat(ap), v128.load(bp)));
          ap += ks;
          bp += ldb;
        }
        v128.store(cp, r0);
      }
    }
  }
}

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
  const vStride = <usize>tn * cb;
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

/**
 * out[n, h, w, cout] = conv3x3(x, filter) (+ bias) (then relu), NHWC, from the transformed filter
 * `u` (winogradFilter). `bias` 0 for none. `scratch` holds 16·TILES·(cin + cout) floats.
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
  const m = scratch + 16 * <usize>TILES * cb;
  const zero = f32x4.splat(0);
  for (let t0 = 0; t0 < total; t0 += TILES) {
    const tn = min(TILES, total - t0);
    const vStride = <usize>tn * cb;
    const mStride = <usize>tn * ob;
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
 * the sum over tiles being 16 matmuls. `scratch` holds 16·(TILES·(cin + cout) + cin·cout) floats.
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
  const yv = v + 16 * <usize>TILES * cb;
  const p = yv + 16 * <usize>TILES * ob;
  const pStride = <usize>cin * ob;
  for (let t0 = 0; t0 < total; t0 += TILES) {
    const tn = min(TILES, total - t0);
    const vStride = <usize>tn * cb;
    const yStride = <usize>tn * ob;
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

/**
 * One Adam step over n float32s, written to fresh outputs (inputs are left as they are):
 *   m' = m·β1 + g·(1−β1);  v' = v·β2 + g²·(1−β2)
 *   p' = (m'/bc1) / (√(v'/bc2) + ε) · (−lr) + p
 * in float32, operation by operation in tfjs-core's AdamOptimizer order, so results are bit-identical
 * to its chain of elementwise kernels (wasm neither fuses multiply-adds nor reorders them).
 */
export function adamUpdate(
  param: usize,
  grad: usize,
  m: usize,
  v: usize,
  outParam: usize,
  outM: usize,
  outV: usize,
  n: i32,
  beta1: f32,
  oneMinusBeta1: f32,
  beta2: f32,
  oneMinusBeta2: f32,
  bc1: f32,
  bc2: f32,
  epsilon: f32,
  negLr: f32,
): void {
  const b1 = f32x4.splat(beta1);
  const c1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const c2 = f32x4.splat(oneMinusBeta2);
  const d1 = f32x4.splat(bc1);
  const d2 = f32x4.splat(bc2);
  const e = f32x4.splat(epsilon);
  const s = f32x4.splat(negLr);
  const bytes = (<usize>n) << 2;
  const vecEnd = bytes & ~(<usize>15);
  let o: usize = 0;
  for (; o < vecEnd; o += 16) {
    const g = v128.load(grad + o);
    const m1 = f32x4.add(f32x4.mul(v128.load(m + o), b1), f32x4.mul(g, c1));
    const v1 = f32x4.add(f32x4.mul(v128.load(v + o), b2), f32x4.mul(f32x4.mul(g, g), c2));
    v128.store(outM + o, m1);
    v128.store(outV + o, v1);
    const step = f32x4.div(f32x4.div(m1, d1), f32x4.add(f32x4.sqrt(f32x4.div(v1, d2)), e));
    v128.store(outParam + o, f32x4.add(f32x4.mul(step, s), v128.load(param + o)));
  }
  for (; o < bytes; o += 4) {
    const g = load<f32>(grad + o);
    const m1 = load<f32>(m + o) * beta1 + g * oneMinusBeta1;
    const v1 = load<f32>(v + o) * beta2 + g * g * oneMinusBeta2;
    store<f32>(outM + o, m1);
    store<f32>(outV + o, v1);
    const step = m1 / bc1 / (sqrt<f32>(v1 / bc2) + epsilon);
    store<f32>(outParam + o, step * negLr + load<f32>(param + o));
  }
}
