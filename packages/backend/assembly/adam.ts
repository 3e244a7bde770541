// mnistkit's fused Adam step (src/kernels/wasm/mnistkit-adam-update.ts). No multiply-add is fused, even in the
// relaxed-SIMD build: the results must equal tfjs-core's AdamOptimizer bit for bit.

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
