import { describe, expect, it } from 'vitest';
import { accuracy, confusionAccuracy, confusionMatrix, meanLoss, perClassAccuracy } from './metrics.js';

describe('metrics', () => {
  it('builds a [true][predicted] confusion matrix and per-class accuracy', () => {
    const labels = [0, 0, 1, 1, 2, 2];
    const preds = [0, 1, 1, 1, 0, 2];
    const m = confusionMatrix(labels, preds, 4);
    expect(m).toEqual([
      [1, 1, 0, 0],
      [0, 2, 0, 0],
      [1, 0, 1, 0],
      [0, 0, 0, 0],
    ]);
    expect(perClassAccuracy(m)).toEqual([0.5, 1, 0.5, Number.NaN]);
    expect(confusionAccuracy(m)).toBeCloseTo(4 / 6);
    expect(accuracy(labels, preds)).toBeCloseTo(4 / 6);
    expect(confusionMatrix([], [], 10)).toHaveLength(10);
  });

  it('rejects mismatched lengths and out-of-range classes', () => {
    expect(() => accuracy([1, 2], [1])).toThrow('accuracy: 2 labels but 1 predictions');
    expect(() => confusionMatrix([0, 10], [0, 1], 10)).toThrow('pair 1 (label 10, prediction 1) is outside 0..9');
  });

  it('averages losses', () => {
    expect(meanLoss([1, 2, 3])).toBe(2);
    expect(meanLoss([])).toBeNaN();
  });
});
