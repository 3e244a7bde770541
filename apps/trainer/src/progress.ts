import { formatCount, formatPercent } from '@mnistkit/models';
import { formatDuration } from './format.js';

/** Where progress goes: a terminal (redrawn in place) or a log (occasional plain lines). */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Reports progress through one epoch. */
export interface EpochProgress {
  /** Starts a new bar for `label` (e.g. `Epoch 3/10`) over `total` samples, `initial` of them already done (resume). */
  start(label: string, total: number, initial?: number): void;
  /** `done` samples of the epoch have been processed; `running`: the epoch's running loss and accuracy so far. */
  update(done: number, running?: { loss: number; accuracy: number }): void;
  /** Removes the bar (terminal) so the epoch line can take its place. */
  finish(): void;
}

/** Figures shown for an epoch in progress. */
export interface ProgressState {
  label: string;
  done: number;
  total: number;
  elapsedSeconds: number;
  /** Samples done before timing started (a resumed epoch); they do not count towards the rate. */
  initial?: number;
  /** The epoch's running loss and accuracy so far (as the tutorial accumulates them). */
  running?: { loss: number; accuracy: number };
}

/** ` loss 0.2415 acc 92.70%`, or nothing before the first batch. */
function runningText(s: ProgressState): string {
  return s.running ? ` loss ${s.running.loss.toFixed(4)} acc ${formatPercent(s.running.accuracy)}` : '';
}

/** Samples per second and seconds left, from the samples done so far; null until there is something to go on. */
export function rateAndEta(s: ProgressState): { rate: number | null; eta: number | null } {
  const timed = s.done - (s.initial ?? 0);
  if (timed <= 0 || s.elapsedSeconds <= 0) return { rate: null, eta: null };
  const rate = timed / s.elapsedSeconds;
  return { rate, eta: Math.max(0, s.total - s.done) / rate };
}

/** One line of a terminal progress bar, at most `width` characters: `Epoch 1/10 [████░░░░] 12,800/60,000 850 samples/s 55.0s left`. */
export function renderBar(s: ProgressState, width = 80): string {
  const { rate, eta } = rateAndEta(s);
  const counts = `${formatCount(s.done)}/${formatCount(s.total)}`;
  const speed = rate === null ? '' : ` ${formatCount(rate)} samples/s`;
  const left = eta === null ? '' : ` ${formatDuration(eta)} left`;
  const tail = ` ${counts}${runningText(s)}${speed}${left}`;
  const barWidth = Math.max(0, Math.min(40, width - 1 - s.label.length - 3 - tail.length));
  if (barWidth < 5) return `${s.label}${tail}`.slice(0, Math.max(0, width - 1));
  const ratio = s.total > 0 ? Math.min(1, s.done / s.total) : 0;
  const filled = Math.round(ratio * barWidth);
  return `${s.label} [${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}]${tail}`;
}

/** One plain log line for non-terminals: `  Epoch 1/10: 12,800/60,000 (21%), 850 samples/s, 55.0s left`. */
export function renderPlainLine(s: ProgressState): string {
  const { rate, eta } = rateAndEta(s);
  const pct = s.total > 0 ? Math.floor((100 * s.done) / s.total) : 0;
  const extra = rate === null || eta === null ? '' : `, ${formatCount(rate)} samples/s, ${formatDuration(eta)} left`;
  return `  ${s.label}: ${formatCount(s.done)}/${formatCount(s.total)} (${pct}%)${runningText(s)}${extra}`;
}

type Clock = () => number;

/** A bar redrawn in place with `\r`, at most every `intervalMs` so a fast epoch does not flood the terminal. */
export class TerminalProgress implements EpochProgress {
  private state: ProgressState | null = null;
  private startedAt = 0;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: Clock = () => performance.now(),
    private readonly intervalMs = 100,
  ) {}

  start(label: string, total: number, initial = 0): void {
    this.startedAt = this.now();
    this.state = { label, done: initial, total, elapsedSeconds: 0, initial };
    this.lastDraw = Number.NEGATIVE_INFINITY;
    this.draw();
  }

  update(done: number, running?: { loss: number; accuracy: number }): void {
    if (!this.state) return;
    const t = this.now();
    this.state.done = done;
    if (running) this.state.running = running;
    this.state.elapsedSeconds = (t - this.startedAt) / 1000;
    if (t - this.lastDraw >= this.intervalMs || done >= this.state.total) this.draw();
  }

  finish(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
    this.state = null;
  }

  private draw(): void {
    if (!this.state) return;
    this.lastDraw = this.now();
    this.stream.write(`\r${renderBar(this.state, this.stream.columns || 80)}\x1b[K`);
    this.drawn = true;
  }
}

/** For logs and CI: a plain line at most every `intervalMs` (30 s), so long epochs on slow backends show life. */
export class PlainProgress implements EpochProgress {
  private state: ProgressState | null = null;
  private startedAt = 0;
  private lastLine = 0;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: Clock = () => performance.now(),
    private readonly intervalMs = 30_000,
  ) {}

  start(label: string, total: number, initial = 0): void {
    this.startedAt = this.now();
    this.lastLine = this.startedAt;
    this.state = { label, done: initial, total, elapsedSeconds: 0, initial };
  }

  update(done: number, running?: { loss: number; accuracy: number }): void {
    if (!this.state) return;
    const t = this.now();
    this.state.done = done;
    if (running) this.state.running = running;
    this.state.elapsedSeconds = (t - this.startedAt) / 1000;
    if (t - this.lastLine >= this.intervalMs && done < this.state.total) {
      this.lastLine = t;
      this.stream.write(`${renderPlainLine(this.state)}\n`);
    }
  }

  finish(): void {
    this.state = null;
  }
}

/** A terminal bar when `stream` is a TTY, plain occasional lines otherwise (CI, pipes, files). */
export function createProgress(stream: ProgressStream): EpochProgress {
  return stream.isTTY ? new TerminalProgress(stream) : new PlainProgress(stream);
}
