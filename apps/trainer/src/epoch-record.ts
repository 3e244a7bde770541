import type { EpochRecord, HistoryEntry } from '@mnistkit/training';

/**
 * An epoch's history.json entry from the training loop's: validation figures null when absent, test figures only
 * when the epoch was tested, and throughput.
 */
export function toEpochRecord(entry: HistoryEntry, trainSamples: number): EpochRecord {
  return {
    epoch: entry.epoch,
    trainLoss: entry.trainLoss,
    trainAccuracy: entry.trainAccuracy,
    valLoss: entry.valLoss ?? null,
    valAccuracy: entry.valAccuracy ?? null,
    ...(entry.testLoss !== undefined && entry.testAccuracy !== undefined
      ? { testLoss: entry.testLoss, testAccuracy: entry.testAccuracy }
      : {}),
    seconds: entry.seconds,
    samplesPerSecond: entry.seconds > 0 ? trainSamples / entry.seconds : 0,
  };
}
