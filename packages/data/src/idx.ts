import { DatasetError } from './errors.js';
import { type GunzipOptions, gunzip, isGzip } from './gzip.js';

/** A parsed IDX file: its magic number, its dimensions and its unsigned-byte payload (row-major). */
export interface IdxArray {
  /** 2051 for an image file (3 dims), 2049 for a label file (1 dim). */
  readonly magic: number;
  readonly dims: readonly number[];
  /** A view of `product(dims)` bytes; for plain input it shares memory with the bytes passed in. */
  readonly data: Uint8Array;
  /** Where the bytes came from, for error messages. */
  readonly source: string;
}

/** Magic number of an IDX file of unsigned-byte images (N x rows x cols). */
export const IDX_IMAGES_MAGIC = 2051;
/** Magic number of an IDX file of unsigned-byte labels (N). */
export const IDX_LABELS_MAGIC = 2049;

const UBYTE = 0x08;
const TYPE_NAMES: Record<number, string> = {
  8: 'unsigned byte',
  9: 'signed byte',
  11: 'short',
  12: 'int',
  13: 'float',
  14: 'double',
};

/**
 * Parses an IDX file (plain or gzip-compressed) of unsigned bytes; throws {@link DatasetError} naming `source`
 * on a wrong magic number, a truncated or oversized file, or gzip data that is corrupt or whose size trailer lies.
 */
export function parseIdx(input: Uint8Array | ArrayBuffer, source = '<buffer>', options: GunzipOptions = {}): IdxArray {
  let bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (isGzip(bytes)) bytes = gunzip(bytes, source, options);
  if (bytes.length < 4) {
    throw new DatasetError(
      source,
      `truncated IDX file: expected at least a 4-byte header, found ${bytes.length} bytes`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const type = bytes[2] ?? 0;
  const ndims = bytes[3] ?? 0;
  if (bytes[0] !== 0 || bytes[1] !== 0 || ndims === 0 || TYPE_NAMES[type] === undefined) {
    throw new DatasetError(
      source,
      `not an IDX file: expected magic number ${IDX_IMAGES_MAGIC} (images) or ${IDX_LABELS_MAGIC} (labels), ` +
        `found ${magic} (bytes ${hex(bytes.subarray(0, 4))})`,
    );
  }
  if (type !== UBYTE) {
    throw new DatasetError(
      source,
      `unsupported IDX element type: expected unsigned byte (0x08), found ${TYPE_NAMES[type]} (0x${type.toString(16)})`,
    );
  }
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    throw new DatasetError(
      source,
      `truncated IDX header: expected ${headerBytes} bytes for ${ndims} dimensions, found ${bytes.length} bytes`,
    );
  }
  const dims: number[] = [];
  let size = 1;
  for (let d = 0; d < ndims; d++) {
    const n = view.getUint32(4 + 4 * d, false);
    dims.push(n);
    size *= n;
  }
  const found = bytes.length - headerBytes;
  if (found !== size) {
    const what = found < size ? 'truncated IDX file' : 'IDX file has trailing bytes';
    throw new DatasetError(
      source,
      `${what}: expected ${size} data bytes for dims [${dims.join(', ')}], found ${found}`,
    );
  }
  const data = new Uint8Array(bytes.buffer, bytes.byteOffset + headerBytes, size);
  return { magic, dims, data, source };
}

/** Encodes unsigned bytes as an IDX file (plain); the inverse of {@link parseIdx}, handy for tests and exports. */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const size = dims.reduce((a, b) => a * b, 1);
  if (data.length !== size) {
    throw new RangeError(`encodeIdx: expected ${size} bytes for dims [${dims.join(', ')}], found ${data.length}`);
  }
  const out = new Uint8Array(4 + 4 * dims.length + size);
  const view = new DataView(out.buffer);
  out[2] = UBYTE;
  out[3] = dims.length;
  dims.forEach((n, d) => {
    view.setUint32(4 + 4 * d, n, false);
  });
  out.set(data, 4 + 4 * dims.length);
  return out;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
