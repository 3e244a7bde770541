import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors.js';
import { gunzip, isGzip, MAX_GUNZIP_BYTES } from './gzip.js';
import { encodeIdx, parseIdx } from './idx.js';

/** A copy of `gz` whose size trailer (ISIZE, the last 4 bytes, little-endian) says `size`. */
function withTrailer(gz: Uint8Array, size: number): Uint8Array {
  const out = gz.slice();
  new DataView(out.buffer).setUint32(out.length - 4, size, true);
  return out;
}

function caught(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return error as DatasetError;
  }
  throw new Error('expected a DatasetError');
}

/** 20 labels, gzipped: 49 bytes, as in the report. */
const SMALL = encodeIdx(
  [20],
  Uint8Array.from({ length: 20 }, (_, i) => (i * 37) % 256),
);
const SMALL_GZ = gzipSync(SMALL);

describe('gunzip', () => {
  it('inflates a gzip file to exactly its declared size', () => {
    expect(isGzip(SMALL_GZ)).toBe(true);
    expect(Array.from(gunzip(SMALL_GZ, 'labels.gz'))).toEqual(Array.from(SMALL));
    const big = new Uint8Array(300_000).map((_, i) => (i * 7) % 251);
    // Buffer.equals: vitest's toEqual walks 300k elements one by one.
    expect(Buffer.from(gunzip(gzipSync(big), 'big.gz')).equals(big)).toBe(true);
  });

  it('refuses a 49-byte file claiming 4 GiB before allocating anything', () => {
    expect(SMALL_GZ.length).toBe(49);
    const forged = withTrailer(SMALL_GZ, 0xffff_ffff);
    const e = caught(() => parseIdx(forged, 'forged.gz'));
    expect(e.file).toBe('forged.gz');
    expect(e.message).toMatch(/^forged\.gz: gzip trailer declares 4294967295 inflated bytes, more than 49 compressed/);
    expect(e.message).not.toMatch(/IDX/);
  });

  it('refuses a plausible declared size above the limit', () => {
    const gz = gzipSync(new Uint8Array(5000));
    const e = caught(() => gunzip(gz, 'zeros.gz', { maxBytes: 4096 }));
    expect(e.message).toBe(
      'zeros.gz: gzip trailer declares 5000 inflated bytes, expected at most 4096 (the largest IDX file accepted)',
    );
    expect(MAX_GUNZIP_BYTES).toBe(2 ** 30);
  });

  it('reports a trailer claiming too little as a size mismatch, not as a truncated IDX file', () => {
    const e = caught(() => parseIdx(withTrailer(SMALL_GZ, SMALL.length - 10), 'short.gz'));
    expect(e.file).toBe('short.gz');
    expect(e.message).toMatch(/^short\.gz: gzip size mismatch: the trailer declares 18 inflated bytes, the data /);
    expect(e.message).toMatch(/inflate to more than 18/);
    expect(e.message).not.toMatch(/truncated IDX/);
  });

  it('reports a trailer claiming too much as a size mismatch with both sizes', () => {
    const e = caught(() => parseIdx(withTrailer(SMALL_GZ, SMALL.length + 10), 'long.gz'));
    expect(e.message).toMatch(
      /^long\.gz: gzip size mismatch: the trailer declares 38 inflated bytes, the data inflate to 28;/,
    );
  });

  it('reports cut-off files as corrupt or truncated gzip data', () => {
    const gz = gzipSync(new Uint8Array(100_000).map((_, i) => (i * 13) % 256));
    const e = caught(() => gunzip(gz.subarray(0, gz.length >> 1), 'half.gz'));
    expect(e.message).toMatch(/^half\.gz: (corrupt or truncated gzip data|gzip trailer declares)/);
    expect(caught(() => gunzip(SMALL_GZ.subarray(0, 12), 'tiny.gz')).message).toBe(
      'tiny.gz: truncated gzip data: expected at least 20 bytes (header and trailer), found 12',
    );
  });
});
