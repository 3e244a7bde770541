// Timings of the phases inside mnistkit's fused kernels (tf.profile sees each fused kernel as one), for benchmarks.
// Off unless started; then each phase adds its milliseconds (performance.now, as tf.profile measures kernels).

let phases: Map<string, number> | null = null;

/** Starts recording the phases of mnistkit's fused kernels (their sums by phase name, from zero). */
export function startKernelPhaseProfile(): void {
  phases = new Map();
}

/** Stops recording and returns milliseconds by phase name, in the order phases first ran. */
export function stopKernelPhaseProfile(): Map<string, number> {
  const out = phases ?? new Map<string, number>();
  phases = null;
  return out;
}

/** Runs `f`, adding its time to `name` when a profile is being recorded. */
export function phase(name: string, f: () => void): void {
  if (phases === null) {
    f();
    return;
  }
  const t0 = performance.now();
  f();
  phases.set(name, (phases.get(name) ?? 0) + performance.now() - t0);
}
