import { describe, expect, it } from 'vitest';
import { formatCount, formatPercent } from './format.js';

describe('number formatting', () => {
  it('prints counts with thousands separators, whole', () => {
    expect(formatCount(421642)).toBe('421,642');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1234.6)).toBe('1,235');
    expect(formatCount(60000)).toBe('60,000');
  });

  it('prints fractions as percentages with two decimals, or as many as asked', () => {
    expect(formatPercent(0.927)).toBe('92.70%');
    expect(formatPercent(1)).toBe('100.00%');
    expect(formatPercent(0)).toBe('0.00%');
    expect(formatPercent(0.99371, 1)).toBe('99.4%');
    // Same digits as the tutorial's `100 * correct / total` printed with two decimals.
    for (let correct = 0; correct <= 200; correct++) {
      expect(formatPercent(correct / 200)).toBe(`${((correct / 200) * 100).toFixed(2)}%`);
    }
  });
});
