/** A fraction in [0, 1] as the tutorial prints it: `92.70%`. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

/** Seconds as people read them: `0.8s`, `14.2s`, `2m 05s`, `1h 02m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  const p = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)}m ${p(s % 60)}s`;
  return `${Math.floor(s / 3600)}h ${p(Math.floor((s % 3600) / 60))}m`;
}

/** An integer with thousands separators, as the tutorial prints the parameter count: `421,642`. */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** One epoch's figures, as history.json stores them (accuracies are fractions in [0, 1]). */
export interface EpochFigures {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  valLoss?: number | null;
  valAccuracy?: number | null;
  testLoss?: number | null;
  testAccuracy?: number | null;
  seconds: number;
}

/**
 * The tutorial's epoch line, `Epoch [1/10], Loss: 0.2415, Accuracy: 92.70%`, followed by the validation figures
 * when there is a validation set and the epoch's wall time.
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

/** The tutorial's final line: `Test Accuracy: 99.25%`. */
export function formatTestLine(accuracy: number): string {
  return `Test Accuracy: ${formatPercent(accuracy)}`;
}
