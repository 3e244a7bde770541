// 2x2 stride-2 max pooling and its gradient, NHWC, channels a multiple of 4 (SimpleCNN's pool1 and pool2).

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
 * The gradient through relu then 2x2 stride-2 max pooling (no padding, even height and width, channels a multiple
 * of 4), from y = relu's output and dp = the pooled output's gradient: each window's gradient goes to its first
 * largest cell (row-major, as tfjs's MaxPoolGrad picks) when that cell is positive (relu's derivative), zeros
 * elsewhere, into dy; db[c] += Σ dy[.., c] (the bias gradient of the layer before relu).
 */
export function maxPoolReluGrad2x2(
  y: usize,
  dp: usize,
  dy: usize,
  db: usize,
  batch: i32,
  height: i32,
  width: i32,
  channels: i32,
): void {
  const cb = (<usize>channels) << 2;
  const rowBytes = <usize>width * cb;
  const zero = f32x4.splat(0);
  memory.fill(db, 0, cb);
  let o = dp;
  for (let n = 0; n < batch; n++) {
    for (let r = 0; r < height; r += 2) {
      const rowStart = <usize>(n * height + r) * rowBytes;
      let p = y + rowStart;
      let q = dy + rowStart;
      for (let col = 0; col < width; col += 2) {
        let bias = db;
        const end = p + cb;
        while (p < end) {
          const a = v128.load(p);
          const b = v128.load(p + cb);
          const c = v128.load(p + rowBytes);
          const d = v128.load(p + rowBytes + cb);
          const pickB = f32x4.gt(b, a);
          const pickD = f32x4.gt(d, c);
          const top = v128.bitselect(b, a, pickB);
          const bottom = v128.bitselect(d, c, pickD);
          const pickBottom = f32x4.gt(bottom, top);
          const g = v128.and(v128.load(o), f32x4.gt(v128.bitselect(bottom, top, pickBottom), zero));
          const gTop = v128.andnot(g, pickBottom);
          const gBottom = v128.and(g, pickBottom);
          v128.store(q, v128.andnot(gTop, pickB));
          v128.store(q + cb, v128.and(gTop, pickB));
          v128.store(q + rowBytes, v128.andnot(gBottom, pickD));
          v128.store(q + rowBytes + cb, v128.and(gBottom, pickD));
          v128.store(bias, f32x4.add(v128.load(bias), g));
          bias += 16;
          p += 16;
          q += 16;
          o += 16;
        }
        p += cb;
        q += cb;
      }
    }
  }
}
