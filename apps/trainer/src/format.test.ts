import { describe, expect, it } from 'vitest';
import { formatDuration, formatEpochLine, formatTestLine } from './format.js';

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

  it('prints test accuracy and durations', () => {
    expect(formatTestLine(0.9925)).toBe('Test Accuracy: 99.25%');
    expect(formatTestLine(1)).toBe('Test Accuracy: 100.00%');
    expect(formatDuration(3725)).toBe('1h 02m');
    expect(formatDuration(Number.NaN)).toBe('?');
  });
});
