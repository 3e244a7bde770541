import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors.js';
import { gunzipFile } from './gunzip-file.js';
import { type GunzipOptions, gunzip, isGzip, MAX_GUNZIP_BYTES } from './gzip.js';
import { encodeIdx, parseIdx } from './idx.js';
import { readIdxFile } from './idx-directory.js';

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

type Inflate = (bytes: Uint8Array, source: string, options?: GunzipOptions) => Uint8Array;

describe.each<[string, Inflate]>([
  ['gunzip (fflate, browsers)', gunzip],
  ['gunzipFile (node:zlib)', gunzipFile],
])('%s', (_name, inflate) => {
  it('inflates a gzip file to exactly its declared size', () => {
    expect(isGzip(SMALL_GZ)).toBe(true);
    expect(Array.from(inflate(SMALL_GZ, 'labels.gz'))).toEqual(Array.from(SMALL));
    const big = new Uint8Array(300_000).map((_, i) => (i * 7) % 251);
    // Buffer.equals: vitest's toEqual walks 300k elements one by one.
    expect(Buffer.from(inflate(gzipSync(big), 'big.gz')).equals(big)).toBe(true);
    expect(inflate(gzipSync(new Uint8Array(0)), 'empty.gz').length).toBe(0);
  });

  it('refuses a trailer claiming more than the compressed bytes can hold, before allocating', () => {
    const e = caught(() => inflate(withTrailer(SMALL_GZ, 0xffff_ffff), 'forged.gz'));
    expect(e.message).toMatch(/^forged\.gz: gzip trailer declares 4294967295 inflated bytes, more than 49 compressed/);
  });

  it('refuses a plausible declared size above the limit', () => {
    const gz = gzipSync(new Uint8Array(5000));
    expect(caught(() => inflate(gz, 'zeros.gz', { maxBytes: 4096 })).message).toBe(
      'zeros.gz: gzip trailer declares 5000 inflated bytes, expected at most 4096 (the largest IDX file accepted)',
    );
  });

  it('reports a trailer that disagrees with the data as a size mismatch', () => {
    expect(caught(() => inflate(withTrailer(SMALL_GZ, 18), 'short.gz')).message).toBe(
      'short.gz: gzip size mismatch: the trailer declares 18 inflated bytes, the data inflate to more than 18; ' +
        'expected a complete, single-member .gz file',
    );
    expect(caught(() => inflate(withTrailer(SMALL_GZ, 38), 'long.gz')).message).toMatch(
      /^long\.gz: gzip size mismatch: the trailer declares 38 inflated bytes, the data inflate to 28;/,
    );
  });

  it('reports cut-off and corrupt files as corrupt or truncated gzip data', () => {
    const gz = gzipSync(new Uint8Array(100_000).map((_, i) => (i * 13) % 256));
    const half = gz.slice(0, gz.length >> 1);
    // Keep the real trailer, so that only the deflate data are short.
    half.set(gz.subarray(gz.length - 4), half.length - 4);
    expect(caught(() => inflate(half, 'half.gz')).message).toMatch(/^half\.gz: corrupt or truncated gzip data \(/);
    expect(caught(() => inflate(SMALL_GZ.subarray(0, 12), 'tiny.gz')).message).toBe(
      'tiny.gz: truncated gzip data: expected at least 20 bytes (header and trailer), found 12',
    );
  });
});

describe('IDX files with a lying gzip trailer (issue 11.9)', () => {
  it('a 49-byte .gz claiming 4 GiB is refused, not allocated', () => {
    expect(SMALL_GZ.length).toBe(49);
    const e = caught(() => parseIdx(withTrailer(SMALL_GZ, 0xffff_ffff), 'forged.gz'));
    expect(e.file).toBe('forged.gz');
    expect(e.message).toMatch(/^forged\.gz: gzip trailer declares 4294967295 inflated bytes/);
  });

  it('a trailer claiming too little is a gzip size mismatch, not a truncated IDX file', () => {
    const e = caught(() => parseIdx(withTrailer(SMALL_GZ, SMALL.length - 10), 'short.gz'));
    expect(e.file).toBe('short.gz');
    expect(e.message).toMatch(/^short\.gz: gzip size mismatch: the trailer declares 18 inflated bytes/);
    expect(e.message).not.toMatch(/truncated IDX/);
  });

  it('a trailer claiming too much is a gzip size mismatch, not silently accepted', () => {
    const e = caught(() => parseIdx(withTrailer(SMALL_GZ, SMALL.length + 10), 'long.gz'));
    expect(e.message).toMatch(/^long\.gz: gzip size mismatch: the trailer declares 38 inflated bytes, the data/);
  });

  it('reading from disk names the file the same way', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mnistkit-gzip-'));
    try {
      const file = join(dir, 'train-labels-idx1-ubyte.gz');
      await writeFile(file, withTrailer(SMALL_GZ, SMALL.length - 10));
      await expect(readIdxFile(file)).rejects.toMatchObject({
        file,
        message: expect.stringMatching(/gzip size mismatch: the trailer declares 18 inflated bytes/),
      });
      expect(MAX_GUNZIP_BYTES).toBe(2 ** 30);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
