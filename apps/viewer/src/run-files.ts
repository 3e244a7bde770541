import { parseRunHistory, parseRunMetrics, type RunHistory } from '@mnistkit/training';
import type { HistoryEntry } from '@mnistkit/viz';

/** A run's per-epoch figures for the curves: splits the trainer did not run (null) are left out. */
export function chartEpochs(history: RunHistory): HistoryEntry[] {
  return history.history.map(
    (entry) =>
      Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== null)) as unknown as HistoryEntry,
  );
}

/**
 * The curves of a history.json, checked against @mnistkit/training's run format (`parseRunHistory`); a file of
 * another shape throws `RunFormatError` naming `source` and the field.
 */
export function historyFromJson(json: unknown, source: string): HistoryEntry[] {
  return chartEpochs(parseRunHistory(json, source));
}

/** The test accuracy (a fraction) a trainer recorded in metrics.json, checked against the run format. */
export function recordedTestAccuracy(json: unknown, source: string): number {
  return parseRunMetrics(json, source).testAccuracy;
}
