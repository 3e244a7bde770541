// The data-parallel trace, off by default (MNISTKIT_PARALLEL_PROFILE=1 turns it on): each thread adds the
// milliseconds it spends in each phase to its own row of a shared Float64Array, and the main thread prints the rows
// on dispose(). Costs one performance.now() per phase when on, one branch when off.

/** Phases of a step or inference call, per thread. */
export const PHASES = [
  'between calls (main: loop/loader; worker: idle)',
  'wake (command → worker running)',
  'batch copy-in / input tensors',
  'forward + backward',
  'gradient readback + write to shared',
  'wait at barrier',
  'sum of shards',
  'tensors for summed grads',
  'optimizer apply',
  'inference forward + readback',
  'wait for workers (inference)',
  'other',
] as const;
export type Phase = number;
export const P_BETWEEN = 0;
export const P_WAKE = 1;
export const P_COPY = 2;
export const P_COMPUTE = 3;
export const P_READBACK = 4;
export const P_BARRIER = 5;
export const P_SUM = 6;
export const P_TENSORS = 7;
export const P_APPLY = 8;
export const P_INFER = 9;
export const P_INFER_WAIT = 10;
export const P_OTHER = 11;
/** Calls left out of the profile. */
const WARMUP = 3;
/** Per thread: phases, then the call count. */
const ROW = PHASES.length + 1;

/** Whether tracing is on in this process (workers inherit the environment). */
export const tracing = (): boolean =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.MNISTKIT_PARALLEL_PROFILE ===
  '1';

/** Bytes of the trace buffer for `threads` threads (0 when off). */
export const traceBytes = (threads: number): number => (tracing() ? (threads * ROW + 1) * 8 : 0);

/** Wall-clock ms comparable across threads. */
const wall = () => performance.timeOrigin + performance.now();

/** A thread's trace: `mark(p)` charges the time since the previous mark to phase `p`; all no-ops when off. */
export class Trace {
  private readonly row: Float64Array | undefined;
  private readonly all: Float64Array | undefined;
  private last = performance.now();
  constructor(buffer: SharedArrayBuffer, thread: number) {
    this.all = buffer.byteLength > 0 ? new Float64Array(buffer) : undefined;
    this.row = this.all ? new Float64Array(buffer, thread * ROW * 8, ROW) : undefined;
  }
  mark(phase: Phase): void {
    if (!this.row) return;
    const now = performance.now();
    this.row[phase] = (this.row[phase] as number) + (now - this.last);
    this.last = now;
  }
  /** Starts a new interval without charging the time since the last mark. */
  reset(): void {
    if (this.row) this.last = performance.now();
  }
  /** Main thread: notes when a command was issued, so the workers can tell their wake-up latency. */
  issued(): void {
    if (this.all) this.all[this.all.length - 1] = wall();
  }
  /** Worker: moves the wake-up latency of the current command out of `from` into {@link P_WAKE}. */
  woke(from: Phase): void {
    if (!this.row || !this.all) return;
    const late = Math.max(0, wall() - (this.all[this.all.length - 1] as number));
    this.row[from] = (this.row[from] as number) - late;
    this.row[P_WAKE] = (this.row[P_WAKE] as number) + late;
  }
  /** Ends a call; the first {@link WARMUP} calls (startup, first sync, compilation) are dropped from the totals. */
  count(): void {
    if (!this.row) return;
    if (++this.calls <= WARMUP) this.row.fill(0);
    else this.row[ROW - 1] = (this.row[ROW - 1] as number) + 1;
  }
  private calls = 0;
}

/** The breakdown, ms per call per thread, as text ('' when tracing is off). */
export function formatTrace(buffer: SharedArrayBuffer, threads: number): string {
  if (buffer.byteLength === 0) return '';
  const all = new Float64Array(buffer);
  const lines = [`data-parallel profile (ms per call; columns: thread 0 = main, 1.. = workers)`];
  const calls = Array.from({ length: threads }, (_, r) => Math.max(1, all[r * ROW + ROW - 1] as number));
  PHASES.forEach((name, p) => {
    const cells = calls.map((n, r) => ((all[r * ROW + p] as number) / n).toFixed(2).padStart(8));
    if (cells.some((c) => Number(c) !== 0)) lines.push(`  ${name.padEnd(48)} ${cells.join(' ')}`);
  });
  const totals = calls.map((n, r) => {
    let t = 0;
    for (let p = 0; p < PHASES.length; p++) t += all[r * ROW + p] as number;
    return (t / n).toFixed(2).padStart(8);
  });
  lines.push(`  ${'total'.padEnd(48)} ${totals.join(' ')}`);
  lines.push(`  ${`calls (after ${WARMUP} left out)`.padEnd(48)} ${calls.map((n) => String(n).padStart(8)).join(' ')}`);
  return lines.join('\n');
}
