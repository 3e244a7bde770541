/** One epoch's figures. Accuracies are fractions in [0, 1]; losses are means. */
export interface HistoryEntry {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean of the epoch's batch losses (as the tutorial prints). */
  trainLoss: number;
  trainAccuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  testLoss?: number;
  testAccuracy?: number;
  /** Wall-clock seconds of the epoch's training steps (evaluation excluded). */
  seconds: number;
}

/** Per-epoch figures, oldest first. */
export type History = HistoryEntry[];
