import { formatPercent } from '@mnistkit/models';
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

/** The figures of an epoch the epoch line shows: a history.json entry's (validation ones may be absent or null). */
export type EpochFigures = Pick<EpochRecord, 'epoch' | 'trainLoss' | 'trainAccuracy' | 'seconds'> &
  Partial<Pick<EpochRecord, 'valLoss' | 'valAccuracy'>>;

/**
 * The tutorial's epoch line, `Epoch [1/10], Loss: 0.2415, Accuracy: 92.70%`, followed by the validation figures
 * when there is a validation set and the epoch's wall time.
 */
export function formatEpochLine(e: EpochFigures, totalEpochs: number): string {
  let line = `Epoch [${e.epoch}/${totalEpochs}], Loss: ${e.trainLoss.toFixed(4)}, Accuracy: ${formatPercent(e.trainAccuracy)}`;
  if (e.valLoss != null && e.valAccuracy != null) {
    line += `, Val Loss: ${e.valLoss.toFixed(4)}, Val Accuracy: ${formatPercent(e.valAccuracy)}`;
  }
  return `${line}, Time: ${formatDuration(e.seconds)}`;
}

/** The tutorial's final line: `Test Accuracy: 99.25%`. */
export function formatTestLine(accuracy: number): string {
  return `Test Accuracy: ${formatPercent(accuracy)}`;
}
