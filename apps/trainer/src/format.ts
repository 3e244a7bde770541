import { formatCount, formatPercent } from '@mnistkit/models';
import type { EpochRecord } from '@mnistkit/training';

/** Seconds as people read them: `0.8s`, `14.2s`, `2m 05s`, `1h 02m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  const p = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)}m ${p(s % 60)}s`;
  return `${Math.floor(s / 3600)}h ${p(Math.floor((s % 3600) / 60))}m`;
}

/**
 * The figures of an epoch the epoch line shows: a history.json entry's (validation and test ones may be absent or
 * null).
 */
export type EpochFigures = Pick<EpochRecord, 'epoch' | 'trainLoss' | 'trainAccuracy' | 'seconds'> &
  Partial<Pick<EpochRecord, 'valLoss' | 'valAccuracy' | 'testLoss' | 'testAccuracy'>>;

/**
 * The tutorial's epoch line, `Epoch [1/10], Loss: 0.2415, Accuracy: 92.70%`, followed by the validation figures
 * when there is a validation set, the test figures when the epoch was tested (`--eval-every`), and the epoch's wall
 * time.
 */
export function formatEpochLine(e: EpochFigures, totalEpochs: number): string {
  let line = `Epoch [${e.epoch}/${totalEpochs}], Loss: ${e.trainLoss.toFixed(4)}, Accuracy: ${formatPercent(e.trainAccuracy)}`;
  if (e.valLoss != null && e.valAccuracy != null) {
    line += `, Val Loss: ${e.valLoss.toFixed(4)}, Val Accuracy: ${formatPercent(e.valAccuracy)}`;
  }
  if (e.testLoss != null && e.testAccuracy != null) {
    line += `, Test Loss: ${e.testLoss.toFixed(4)}, Test Accuracy: ${formatPercent(e.testAccuracy)}`;
  }
  return `${line}, Time: ${formatDuration(e.seconds)}`;
}

/**
 * The PyTorch example's progress line every `--log-interval` batches, with the epoch's running figures:
 * `Epoch [1/10] 6,400/60,000 (10%), Loss: 0.4321, Accuracy: 86.20%`.
 */
export function formatStepLine(
  e: { epoch: number; epochs: number; runningLoss: number; runningAccuracy: number },
  done: number,
  total: number,
): string {
  const pct = total > 0 ? Math.floor((100 * done) / total) : 0;
  return `Epoch [${e.epoch}/${e.epochs}] ${formatCount(done)}/${formatCount(total)} (${pct}%), Loss: ${e.runningLoss.toFixed(4)}, Accuracy: ${formatPercent(e.runningAccuracy)}`;
}

/** The tutorial's final line: `Test Accuracy: 99.25%`. */
export function formatTestLine(accuracy: number): string {
  return `Test Accuracy: ${formatPercent(accuracy)}`;
}
