import { describe, expect, it } from 'vitest';
import { sampleMetrics } from '../test-utils/run-records.js';
import { parseRunMetrics } from './metrics-file.js';

const FILE = 'runs/a/metrics.json';

// biome-ignore lint/suspicious/noExplicitAny: a test edits any field of a record, however deep
type Editable = Record<string, any>;

function edited(edit: (m: Editable) => void): unknown {
  const m = structuredClone(sampleMetrics()) as Editable;
  edit(m);
  return m;
}

describe('parseRunMetrics', () => {
  it('accepts what the trainer writes', () => {
    expect(parseRunMetrics(sampleMetrics(), FILE)).toEqual(sampleMetrics());
  });

  it('names the file and field of anything wrong, the matrix sums included', () => {
    expect(() =>
      parseRunMetrics(
        edited((m) => (m.testAccuracy = 75)),
        FILE,
      ),
    ).toThrow(`${FILE}: field testAccuracy: expected a fraction in [0, 1], found 75`);
    expect(() =>
      parseRunMetrics(
        edited((m) => m.confusionMatrix.pop()),
        FILE,
      ),
    ).toThrow(`${FILE}: field confusionMatrix: expected 3 rows (one per class), found 2`);
    expect(() =>
      parseRunMetrics(
        edited((m) => (m.total = 5)),
        FILE,
      ),
    ).toThrow(`${FILE}: field confusionMatrix: expected counts adding up to total (5), found 4`);
    expect(() =>
      parseRunMetrics(
        edited((m) => (m.correct = 2)),
        FILE,
      ),
    ).toThrow(`${FILE}: field correct: expected the diagonal of confusionMatrix (3), found 2`);
    expect(() =>
      parseRunMetrics(
        edited((m) => (m.misclassified[0].index = -1)),
        FILE,
      ),
    ).toThrow(/field misclassified\[0\]\.index: expected a whole number >= 0, found -1$/);
  });
});
