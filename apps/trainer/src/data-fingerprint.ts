import { createHash } from 'node:crypto';
import type { Dataset } from '@mnistkit/data';
import type { DataFingerprint } from '@mnistkit/training';

/** Samples hashed from each set: enough to notice other data, cheap even for image folders decoded on demand. */
export const FINGERPRINT_SAMPLES = 256;

/**
 * What identifies a run's data: the training and test sets' sizes and a sha256 over `samples` evenly spaced samples
 * of each (image bytes and label), recorded in history.json at the start and compared on resume. `train` is the
 * training pool (after `--limit`, before the validation split) and `test` the whole test set (before
 * `--test-limit`, which a resumed run may change).
 */
export function fingerprintData(train: Dataset, test: Dataset, samples = FINGERPRINT_SAMPLES): DataFingerprint {
  const hash = createHash('sha256');
  hash.update(`mnistkit-data-fingerprint-1 ${train.length} ${test.length}\n`);
  for (const set of [train, test]) {
    const n = Math.min(samples, set.length);
    for (let k = 0; k < n; k++) {
      const sample = set.get(Math.floor((k * set.length) / n));
      hash.update(sample.image);
      hash.update(Uint8Array.of(sample.label));
    }
  }
  return {
    method: 'sha256-sampled',
    trainSamples: train.length,
    testSamples: test.length,
    sampled: samples,
    sha256: hash.digest('hex'),
  };
}

/** Why `found` is not the data `saved` describes, or null when it is the same (or nothing was recorded). */
export function fingerprintMismatch(saved: DataFingerprint | null, found: DataFingerprint): string | null {
  if (saved === null) return null;
  if (saved.trainSamples !== found.trainSamples || saved.testSamples !== found.testSamples) {
    return `expected ${saved.trainSamples} training and ${saved.testSamples} test samples, found ${found.trainSamples} and ${found.testSamples}`;
  }
  if (saved.sampled !== found.sampled || saved.sha256 !== found.sha256) {
    return `expected samples hashing to ${saved.sha256.slice(0, 12)}…, found ${found.sha256.slice(0, 12)}… (the same counts, other images or labels)`;
  }
  return null;
}
