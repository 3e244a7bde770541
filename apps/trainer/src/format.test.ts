import { describe, expect, it } from 'vitest';
import { formatDuration, formatEpochLine, formatStepLine, formatTestLine } from './format.js';

describe('format', () => {
  it('prints epochs in the tutorial words', () => {
    const line = formatEpochLine({ epoch: 1, trainLoss: 0.24151, trainAccuracy: 0.927, seconds: 14.25 }, 10);
    expect(line).toBe('Epoch [1/10], Loss: 0.2415, Accuracy: 92.70%, Time: 14.3s');
  });

  it('adds validation figures when there are some', () => {
    const line = formatEpochLine(
      { epoch: 2, trainLoss: 0.1, trainAccuracy: 0.95, valLoss: 0.08123, valAccuracy: 0.975, seconds: 75 },
      3,
    );
    expect(line).toBe(
      'Epoch [2/3], Loss: 0.1000, Accuracy: 95.00%, Val Loss: 0.0812, Val Accuracy: 97.50%, Time: 1m 15s',
    );
  });

  it('adds the test figures of an epoch tested during training (--eval-every)', () => {
    const e = { epoch: 2, trainLoss: 0.1, trainAccuracy: 0.95, seconds: 5 };
    expect(formatEpochLine({ ...e, testLoss: 0.04567, testAccuracy: 0.9861 }, 3)).toBe(
      'Epoch [2/3], Loss: 0.1000, Accuracy: 95.00%, Test Loss: 0.0457, Test Accuracy: 98.61%, Time: 5.0s',
    );
    expect(formatEpochLine({ ...e, testLoss: null, testAccuracy: null }, 3)).toBe(formatEpochLine(e, 3));
  });

  it("prints PyTorch's example's progress line every --log-interval batches", () => {
    const e = { epoch: 1, epochs: 10, runningLoss: 0.43214, runningAccuracy: 0.862 };
    expect(formatStepLine(e, 6400, 60000)).toBe('Epoch [1/10] 6,400/60,000 (10%), Loss: 0.4321, Accuracy: 86.20%');
  });

  it('prints test accuracy and durations', () => {
    expect(formatTestLine(0.9925)).toBe('Test Accuracy: 99.25%');
    expect(formatTestLine(1)).toBe('Test Accuracy: 100.00%');
    expect(formatDuration(3725)).toBe('1h 02m');
    expect(formatDuration(Number.NaN)).toBe('?');
  });
});
