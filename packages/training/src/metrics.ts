/** A numClasses×numClasses count matrix: `matrix[trueClass][predictedClass]`. */
export type ConfusionMatrix = number[][];

/** An empty confusion matrix. */
export function emptyConfusion(numClasses = 10): ConfusionMatrix {
  return Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
}

/** Adds label/prediction pairs into `matrix` (mutates it); labels outside [0, numClasses) throw a RangeError. */
export function addToConfusion(
  matrix: ConfusionMatrix,
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
): void {
  if (labels.length !== predictions.length) {
    throw new RangeError(`confusion: ${labels.length} labels but ${predictions.length} predictions`);
  }
  const n = matrix.length;
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i] as number;
    const p = predictions[i] as number;
    if (!(t >= 0 && t < n && p >= 0 && p < n)) {
      throw new RangeError(`confusion: pair ${i} (label ${t}, prediction ${p}) is outside 0..${n - 1}`);
    }
    (matrix[t] as number[])[p] = ((matrix[t] as number[])[p] as number) + 1;
  }
}

/** The confusion matrix (`[true][predicted]` counts) of plain label and prediction arrays. */
export function confusionMatrix(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  numClasses = 10,
): ConfusionMatrix {
  const m = emptyConfusion(numClasses);
  addToConfusion(m, labels, predictions);
  return m;
}

/** Per-class accuracy (recall) from a confusion matrix, as fractions; NaN for a class with no samples. */
export function perClassAccuracy(confusion: ConfusionMatrix): number[] {
  return confusion.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? Number.NaN : (row[c] as number) / total;
  });
}

/** Fraction of predictions equal to their labels (0 when empty). */
export function accuracy(labels: ArrayLike<number>, predictions: ArrayLike<number>): number {
  if (labels.length !== predictions.length) {
    throw new RangeError(`accuracy: ${labels.length} labels but ${predictions.length} predictions`);
  }
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === predictions[i]) correct++;
  return labels.length === 0 ? 0 : correct / labels.length;
}

/** Overall accuracy from a confusion matrix (trace / sum; 0 when empty). */
export function confusionAccuracy(confusion: ConfusionMatrix): number {
  let correct = 0;
  let total = 0;
  confusion.forEach((row, i) => {
    for (const v of row) total += v;
    correct += row[i] as number;
  });
  return total === 0 ? 0 : correct / total;
}

/** Mean of the values (NaN when empty), e.g. the epoch's mean of batch losses as the tutorial prints. */
export function meanLoss(losses: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < losses.length; i++) s += losses[i] as number;
  return losses.length === 0 ? Number.NaN : s / losses.length;
}
