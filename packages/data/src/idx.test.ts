import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors.js';
import { encodeIdx, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, parseIdx } from './idx.js';

function idxHeader(magic: number, dims: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic, false);
  dims.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false);
  });
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function expectDatasetError(fn: () => unknown, file: string, ...fragments: RegExp[]): DatasetError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    const e = error as DatasetError;
    expect(e.file).toBe(file);
    expect(e.message).toContain(file);
    for (const f of fragments) expect(e.message).toMatch(f);
    return e;
  }
  throw new Error('expected a DatasetError');
}

describe('parseIdx', () => {
  it('reads an image file with big-endian dims, row-major', () => {
    const pixels = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 10);
    const bytes = concat(idxHeader(IDX_IMAGES_MAGIC, [2, 3, 4]), pixels);
    const idx = parseIdx(bytes, 'imgs');
    expect(idx.magic).toBe(2051);
    expect(idx.dims).toEqual([2, 3, 4]);
    expect(Array.from(idx.data)).toEqual(Array.from(pixels));
    expect(idx.source).toBe('imgs');
  });

  it('reads dims above 255 (big-endian, multi-byte)', () => {
    const labels = new Uint8Array(300).fill(3);
    const idx = parseIdx(concat(idxHeader(IDX_LABELS_MAGIC, [300]), labels));
    expect(idx.magic).toBe(2049);
    expect(idx.dims).toEqual([300]);
    expect(idx.data.length).toBe(300);
  });

  it('accepts an ArrayBuffer and a Uint8Array that is a view at an offset', () => {
    const file = encodeIdx([3], Uint8Array.of(7, 8, 9));
    expect(Array.from(parseIdx(file.slice().buffer).data)).toEqual([7, 8, 9]);
    const padded = new Uint8Array(file.length + 5);
    padded.set(file, 5);
    expect(Array.from(parseIdx(padded.subarray(5)).data)).toEqual([7, 8, 9]);
  });

  it('gunzips gzip-compressed input transparently', () => {
    const pixels = Uint8Array.from({ length: 5 * 2 * 2 }, (_, i) => 255 - i);
    const plain = encodeIdx([5, 2, 2], pixels);
    const idx = parseIdx(gzipSync(plain), 'x.gz');
    expect(idx.dims).toEqual([5, 2, 2]);
    expect(Array.from(idx.data)).toEqual(Array.from(pixels));
  });

  it('round-trips encodeIdx', () => {
    const data = Uint8Array.from({ length: 24 }, (_, i) => i);
    const idx = parseIdx(encodeIdx([2, 3, 4], data));
    expect(idx.magic).toBe(IDX_IMAGES_MAGIC);
    expect(Array.from(idx.data)).toEqual(Array.from(data));
  });

  it('rejects a wrong magic number, naming the file, expected and found', () => {
    const bytes = concat(Uint8Array.of(0x50, 0x4b, 3, 4), new Uint8Array(8));
    expectDatasetError(
      () => parseIdx(bytes, 'a.zip'),
      'a.zip',
      /expected magic number 2051.*or 2049/,
      /found \d+ \(bytes 50 4b 03 04\)/,
    );
  });

  it('rejects an unsupported element type', () => {
    const bytes = concat(idxHeader(0x0d01, [1]), new Uint8Array(4));
    expectDatasetError(() => parseIdx(bytes, 'f'), 'f', /expected unsigned byte/, /found float/);
  });

  it('rejects files shorter than the header', () => {
    expectDatasetError(() => parseIdx(Uint8Array.of(0, 0), 'tiny'), 'tiny', /truncated/, /found 2 bytes/);
    expectDatasetError(
      () => parseIdx(idxHeader(IDX_IMAGES_MAGIC, [1, 28, 28]).subarray(0, 10), 'hdr'),
      'hdr',
      /truncated IDX header: expected 16 bytes/,
      /found 10/,
    );
  });

  it('rejects a truncated payload, with expected and found byte counts', () => {
    const bytes = concat(idxHeader(IDX_IMAGES_MAGIC, [2, 28, 28]), new Uint8Array(1000));
    expectDatasetError(
      () => parseIdx(bytes, 'cut'),
      'cut',
      /truncated IDX file: expected 1568 data bytes/,
      /found 1000/,
    );
  });

  it('rejects trailing bytes rather than silently ignoring them', () => {
    const bytes = concat(encodeIdx([2], Uint8Array.of(1, 2)), Uint8Array.of(9));
    expectDatasetError(() => parseIdx(bytes, 'long'), 'long', /trailing bytes: expected 2 data bytes/, /found 3/);
  });

  it('rejects truncated gzip data with a DatasetError, not a bare error', () => {
    const gz = gzipSync(encodeIdx([100], new Uint8Array(100).fill(1)));
    expectDatasetError(() => parseIdx(gz.subarray(0, gz.length - 12), 'x.gz'), 'x.gz', /gzip/);
  });
});
