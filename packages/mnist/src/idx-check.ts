import { createHash } from 'node:crypto';
import type { MnistFile } from './mnist-files.js';

/** Whether `idx` (uncompressed IDX bytes) is exactly the file `expected` describes: its size and SHA-256. */
export function isExpectedIdx(idx: Uint8Array, expected: MnistFile): boolean {
  return idx.length === expected.bytes && createHash('sha256').update(idx).digest('hex') === expected.sha256;
}
