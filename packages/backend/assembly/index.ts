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
  const lda = (<usize>k) << 2;
  const ldb = (<usize>n) << 2;
  for (let k0 = 0; k0 < k; k0 += KC) {
    const kc = min(KC, k - k0);
    const first = k0 === 0;
    const bBlock = b + <usize>k0 * ldb;
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const a0 = a + <usize>i * lda + ((<usize>k0) << 2);
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
          const s1 = v128.load32_splat(ap + lda);
          const s2 = v128.load32_splat(ap + 2 * lda);
          const s3 = v128.load32_splat(ap + 3 * lda);
          r00 = f32x4.add(r00, f32x4.mul(s0, b0));
          r01 = f32x4.add(r01, f32x4.mul(s0, b1));
          r10 = f32x4.add(r10, f32x4.mul(s1, b0));
          r11 = f32x4.add(r11, f32x4.mul(s1, b1));
          r20 = f32x4.add(r20, f32x4.mul(s2, b0));
          r21 = f32x4.add(r21, f32x4.mul(s2, b1));
          r30 = f32x4.add(r30, f32x4.mul(s3, b0));
          r31 = f32x4.add(r31, f32x4.mul(s3, b1));
          ap += 4;
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
          r1 = f32x4.add(r1, f32x4.mul(v128.load32_splat(ap + lda), b0));
          r2 = f32x4.add(r2, f32x4.mul(v128.load32_splat(ap + 2 * lda), b0));
          r3 = f32x4.add(r3, f32x4.mul(v128.load32_splat(ap + 3 * lda), b0));
          ap += 4;
          bp += ldb;
        }
        v128.store(cp, r0);
        v128.store(cp + ldb, r1);
        v128.store(cp + 2 * ldb, r2);
        v128.store(cp + 3 * ldb, r3);
      }
    }
    for (; i < m; i++) {
      const a0 = a + <usize>i * lda + ((<usize>k0) << 2);
      const c0 = c + <usize>i * ldb;
      for (let j = 0; j < n; j += 4) {
        const cp = c0 + ((<usize>j) << 2);
        let r0 = first ? f32x4.splat(0) : v128.load(cp);
        let ap = a0;
        let bp = bBlock + ((<usize>j) << 2);
        for (let kk = 0; kk < kc; kk++) {
          r0 = f32x4.add(r0, f32x4.mul(v128.load32_splat(ap), v128.load(bp)));
          ap += 4;
          bp += ldb;
        }
        v128.store(cp, r0);
      }
    }
  }
}
