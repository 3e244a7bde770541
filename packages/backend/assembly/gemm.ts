// Matrix products on tfjs-backend-wasm's memory: the register-tiled kernel behind the matmul exports and the
// Winograd products (assembly/winograd.ts).

/**
 * a·b + c per lane. Built with relaxed SIMD (`wasm/kernels-relaxed.wasm`) it is one `f32x4.relaxed_madd`, a fused
 * multiply-add where the CPU has one (a single rounding, so results differ from the baseline module's in the last
 * bits); otherwise a multiply then an add. Binaryen inlines it at -O3.
 */
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
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

/**
 * c[m, n] = a[m, k] · b[n, k]ᵀ (b stored row-major [n, k], read in place), k a multiple of 4: dot products of rows,
 * 2 rows of a by 4 rows of b at a time (a dense layer's input gradient dy·Wᵀ with W stored [in, out]).
 */
export function matmulTransposedB(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  const kb = (<usize>k) << 2;
  const ldc = (<usize>n) << 2;
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const a0 = a + <usize>i * kb;
    const a1 = a0 + kb;
    const c0 = c + <usize>i * ldc;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const b0 = b + <usize>j * kb;
      const b1 = b0 + kb;
      const b2 = b1 + kb;
      const b3 = b2 + kb;
      let r00 = f32x4.splat(0);
      let r01 = r00;
      let r02 = r00;
      let r03 = r00;
      let r10 = r00;
      let r11 = r00;
      let r12 = r00;
      let r13 = r00;
      for (let o: usize = 0; o < kb; o += 16) {
        const x0 = v128.load(a0 + o);
        const x1 = v128.load(a1 + o);
        const v0 = v128.load(b0 + o);
        const v1 = v128.load(b1 + o);
        const v2 = v128.load(b2 + o);
        const v3 = v128.load(b3 + o);
        r00 = madd(x0, v0, r00);
        r01 = madd(x0, v1, r01);
        r02 = madd(x0, v2, r02);
        r03 = madd(x0, v3, r03);
        r10 = madd(x1, v0, r10);
        r11 = madd(x1, v1, r11);
        r12 = madd(x1, v2, r12);
        r13 = madd(x1, v3, r13);
      }
      const cp = c0 + ((<usize>j) << 2);
      v128.store(cp, lanes4(r00, r01, r02, r03));
      v128.store(cp + ldc, lanes4(r10, r11, r12, r13));
    }
    for (; j < n; j++) {
      const b0 = b + <usize>j * kb;
      let r0 = f32x4.splat(0);
      let r1 = r0;
      for (let o: usize = 0; o < kb; o += 16) {
        const v0 = v128.load(b0 + o);
        r0 = madd(v128.load(a0 + o), v0, r0);
        r1 = madd(v128.load(a1 + o), v0, r1);
      }
      store<f32>(c0 + ((<usize>j) << 2), sum4(r0));
      store<f32>(c0 + ldc + ((<usize>j) << 2), sum4(r1));
    }
  }
  for (; i < m; i++) {
    const a0 = a + <usize>i * kb;
    const c0 = c + <usize>i * ldc;
    for (let j = 0; j < n; j++) {
      const b0 = b + <usize>j * kb;
      let r0 = f32x4.splat(0);
      for (let o: usize = 0; o < kb; o += 16) r0 = madd(v128.load(a0 + o), v128.load(b0 + o), r0);
      store<f32>(c0 + ((<usize>j) << 2), sum4(r0));
    }
  }
}

// The four lane sums of one vector.
function sum4(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

// [sum4(a), sum4(b), sum4(c), sum4(d)]: pairwise adds of interleaved lanes ([a0+a1, b0+b1, a2+a3, b2+b3], ...),
// then of the halves.
function lanes4(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = f32x4.add(v128.shuffle<f32>(a, b, 0, 4, 2, 6), v128.shuffle<f32>(a, b, 1, 5, 3, 7));
  const cd = f32x4.add(v128.shuffle<f32>(c, d, 0, 4, 2, 6), v128.shuffle<f32>(c, d, 1, 5, 3, 7));
  return f32x4.add(v128.shuffle<f32>(ab, cd, 0, 1, 4, 5), v128.shuffle<f32>(ab, cd, 2, 3, 6, 7));
}

/**
 * The matmul with a's element (i, kk) at a + i·rs + kk·ks (bytes), so a may be stored transposed, optionally adding
 * to c instead of overwriting it; n a multiple of 4, c row-major with n columns.
 */
export function gemm(
  a: usize,
  rs: usize,
  ks: usize,
  b: usize,
  c: usize,
  m: i32,
  k: i32,
  n: i32,
  accumulate: bool,
): void {
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
          r00 = madd(s0, b0, r00);
          r01 = madd(s0, b1, r01);
          r10 = madd(s1, b0, r10);
          r11 = madd(s1, b1, r11);
          r20 = madd(s2, b0, r20);
          r21 = madd(s2, b1, r21);
          r30 = madd(s3, b0, r30);
          r31 = madd(s3, b1, r31);
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
          r0 = madd(v128.load32_splat(ap), b0, r0);
          r1 = madd(v128.load32_splat(ap + rs), b0, r1);
          r2 = madd(v128.load32_splat(ap + 2 * rs), b0, r2);
          r3 = madd(v128.load32_splat(ap + 3 * rs), b0, r3);
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
          r0 = madd(v128.load32_splat(ap), v128.load(bp), r0);
          ap += ks;
          bp += ldb;
        }
        v128.store(cp, r0);
      }
    }
  }
}
