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
