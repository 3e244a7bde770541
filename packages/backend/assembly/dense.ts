// The dense head of a classifier: bias and relu after a matmul, and the last dense layer with dropout before it,
// forward and backward (src/kernels/wasm/mnistkit-simple-cnn-gradients.ts puts the loss between them).

/** x[r, c] = relu?(x[r, c] + bias[c]) in place, cols a multiple of 4. */
export function biasRelu(x: usize, bias: usize, rows: i32, cols: i32, relu: bool): void {
  const rowBytes = (<usize>cols) << 2;
  const zero = f32x4.splat(0);
  let p = x;
  for (let r = 0; r < rows; r++) {
    for (let o: usize = 0; o < rowBytes; o += 16) {
      let v = f32x4.add(v128.load(p + o), v128.load(bias + o));
      if (relu) v = f32x4.max(v, zero);
      v128.store(p + o, v);
    }
    p += rowBytes;
  }
}

/**
 * The forward half of a classifier's last dense layer with dropout before it: hd = h ⊙ mask (mask 0: no dropout)
 * and z = hd·w + bias, for h [batch, units], w [units, classes]. The softmax cross-entropy between them runs in JS
 * (src/kernels/wasm/mnistkit-simple-cnn-gradients.ts): Math.exp and Math.log here would bring lookup tables into
 * the module's data, which it must not have (it writes nowhere but its outputs in tfjs's memory).
 */
export function denseDropoutLogits(
  h: usize,
  mask: usize,
  w: usize,
  bias: usize,
  batch: i32,
  units: i32,
  classes: i32,
  hd: usize,
  z: usize,
): void {
  const ub = (<usize>units) << 2;
  const cb = (<usize>classes) << 2;
  for (let i = 0; i < batch; i++) {
    const hRow = h + <usize>i * ub;
    const hdRow = hd + <usize>i * ub;
    if (mask !== 0) {
      const mRow = mask + <usize>i * ub;
      for (let u: usize = 0; u < ub; u += 4) store<f32>(hdRow + u, load<f32>(hRow + u) * load<f32>(mRow + u));
    } else {
      memory.copy(hdRow, hRow, ub);
    }
    const zRow = z + <usize>i * cb;
    for (let c: usize = 0; c < cb; c += 4) {
      let s: f32 = 0;
      for (let u: usize = 0; u < ub; u += 4) s += load<f32>(hdRow + u) * load<f32>(w + (u >> 2) * cb + c);
      store<f32>(zRow + c, s + load<f32>(bias + c));
    }
  }
}

/**
 * The backward half, from dz [batch, classes] (the loss gradient of the logits): dw = hdᵀ·dz, db = Σ dz,
 * dh = (dz·wᵀ) ⊙ mask ⊙ [h > 0] (the gradient before the relu that made h), dbh = Σ dh (that layer's bias gradient).
 */
export function denseDropoutBackward(
  h: usize,
  hd: usize,
  mask: usize,
  w: usize,
  dz: usize,
  batch: i32,
  units: i32,
  classes: i32,
  dh: usize,
  dw: usize,
  db: usize,
  dbh: usize,
): void {
  const ub = (<usize>units) << 2;
  const cb = (<usize>classes) << 2;
  memory.fill(dw, 0, <usize>units * cb);
  memory.fill(db, 0, cb);
  memory.fill(dbh, 0, ub);
  for (let i = 0; i < batch; i++) {
    const hRow = h + <usize>i * ub;
    const hdRow = hd + <usize>i * ub;
    const dzRow = dz + <usize>i * cb;
    const dhRow = dh + <usize>i * ub;
    for (let c: usize = 0; c < cb; c += 4) store<f32>(db + c, load<f32>(db + c) + load<f32>(dzRow + c));
    for (let u: usize = 0; u < ub; u += 4) {
      const x = load<f32>(hdRow + u);
      const wRow = w + (u >> 2) * cb;
      const dwRow = dw + (u >> 2) * cb;
      let g: f32 = 0;
      for (let c: usize = 0; c < cb; c += 4) {
        const d = load<f32>(dzRow + c);
        store<f32>(dwRow + c, load<f32>(dwRow + c) + x * d);
        g += d * load<f32>(wRow + c);
      }
      if (mask !== 0) g *= load<f32>(mask + <usize>i * ub + u);
      if (!(load<f32>(hRow + u) > 0)) g = 0;
      store<f32>(dhRow + u, g);
      store<f32>(dbh + u, load<f32>(dbh + u) + g);
    }
  }
}
