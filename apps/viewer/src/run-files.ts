import type { HistoryEntry } from '@mnistkit/viz';
import { ViewerLoadError } from './errors.js';

/**
 * The per-epoch entries of a history.json: either the array itself or an object holding it under `history` or
 * `epochs` (the trainer stores its settings alongside). Throws {@link ViewerLoadError} naming `source`.
 */
export function historyFromJson(json: unknown, source: string): HistoryEntry[] {
  const record = json as Record<string, unknown> | null;
  const entries = Array.isArray(json) ? json : (record?.history ?? record?.epochs);
  if (!Array.isArray(entries)) {
    throw new ViewerLoadError(
      source,
      'expected an array of { epoch, trainLoss, trainAccuracy, … } or an object with a "history" array',
    );
  }
  for (const [i, entry] of entries.entries()) {
    const e = entry as Partial<HistoryEntry> | null;
    if (typeof e?.epoch !== 'number' || typeof e.trainLoss !== 'number' || typeof e.trainAccuracy !== 'number') {
      throw new ViewerLoadError(source, `history entry ${i}: expected numbers epoch, trainLoss and trainAccuracy`);
    }
  }
  // The trainer writes null for splits it did not run; the chart takes those as absent.
  return entries.map((entry) =>
    Object.fromEntries(Object.entries(entry as object).filter(([, value]) => value !== null)),
  ) as HistoryEntry[];
}

/** The test accuracy a trainer recorded in metrics.json (a fraction), when it names one. */
export function recordedTestAccuracy(json: unknown): number | undefined {
  const record = json as Record<string, unknown> | null;
  const test = record?.test as Record<string, unknown> | undefined;
  const value = record?.testAccuracy ?? test?.accuracy ?? record?.accuracy;
  return typeof value === 'number' && value >= 0 && value <= 1 ? value : undefined;
}
