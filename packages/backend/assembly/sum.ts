// Column sums (bias gradients: the sum of [N, H, W, C] over N, H, W).

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
