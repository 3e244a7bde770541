import { Gunzip } from 'fflate';
import { DatasetError } from './errors.js';

/**
 * The largest inflated size {@link gunzip} accepts by default: 1 GiB. The largest public IDX files (EMNIST ByClass,
 * 698k images of 28x28, 547 MB) fit; a trailer claiming more is refused before anything is allocated.
 */
export const MAX_GUNZIP_BYTES = 2 ** 30;

/** Deflate emits at most 258 bytes per 2-bit code, so no stream inflates to more than 1032 times its size. */
const MAX_DEFLATE_RATIO = 1032;
/** A gzip member is at least a 10-byte header, an empty deflate block (2 bytes) and an 8-byte trailer. */
const MIN_GZIP_BYTES = 20;
/** Compressed bytes fed to the inflater at a time, so a lying trailer cannot make one step allocate much. */
const INPUT_CHUNK = 64 * 1024;

/** True when the bytes start with the gzip signature 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Options of {@link gunzip}. */
export interface GunzipOptions {
  /** Refuse files whose trailer declares more inflated bytes than this; default {@link MAX_GUNZIP_BYTES}. */
  maxBytes?: number;
}

/**
 * Reads a gzip file's size trailer (ISIZE) and checks it before anything is allocated: the size must be one deflate
 * can produce from `bytes.length` bytes, and at most `maxBytes`. Returns the declared size.
 */
export function checkedGzipSize(bytes: Uint8Array, source: string, maxBytes = MAX_GUNZIP_BYTES): number {
  if (bytes.length < MIN_GZIP_BYTES) {
    throw new DatasetError(
      source,
      `truncated gzip data: expected at least ${MIN_GZIP_BYTES} bytes (header and trailer), found ${bytes.length}`,
    );
  }
  const declared = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.length - 4, true);
  if (declared > MAX_DEFLATE_RATIO * bytes.length) {
    throw new DatasetError(
      source,
      `gzip trailer declares ${declared} inflated bytes, more than ${bytes.length} compressed bytes can hold ` +
        `(deflate expands at most ${MAX_DEFLATE_RATIO}x); expected a complete, genuine .gz file (truncated or forged?)`,
    );
  }
  if (declared > maxBytes) {
    throw new DatasetError(
      source,
      `gzip trailer declares ${declared} inflated bytes, expected at most ${maxBytes} (the largest IDX file accepted)`,
    );
  }
  return declared;
}

/** The error for data that inflate to another size than the trailer declares (`found` undefined: more). */
export function gzipSizeMismatch(source: string, declared: number, found: number | undefined): DatasetError {
  return new DatasetError(
    source,
    `gzip size mismatch: the trailer declares ${declared} inflated bytes, the data inflate to ` +
      `${found === undefined ? `more than ${declared}` : found}; expected a complete, single-member .gz file`,
  );
}

/** The error for data the inflater rejects. */
export function corruptGzip(source: string, error: unknown): DatasetError {
  return new DatasetError(
    source,
    `corrupt or truncated gzip data (${(error as Error).message}); expected a complete .gz file`,
    { cause: error },
  );
}

/**
 * Inflates a single-member gzip file (pure JavaScript, fflate: runs in browsers), trusting its size trailer only
 * after {@link checkedGzipSize}, and only as far as the data agree with it. Throws {@link DatasetError} naming
 * `source` for an implausible trailer, a size mismatch or corrupt data. (Node code reading files uses the faster
 * `node:zlib` path of `@mnistkit/data/node`, with the same checks and errors.)
 */
export function gunzip(bytes: Uint8Array, source: string, options: GunzipOptions = {}): Uint8Array {
  const declared = checkedGzipSize(bytes, source, options.maxBytes);
  const out = new Uint8Array(declared);
  let size = 0;
  let overflow = false;
  const inflater = new Gunzip((chunk) => {
    if (overflow) return;
    if (size + chunk.length > declared) {
      overflow = true;
      return;
    }
    out.set(chunk, size);
    size += chunk.length;
  });
  try {
    for (let at = 0; at < bytes.length && !overflow; at += INPUT_CHUNK) {
      const end = Math.min(bytes.length, at + INPUT_CHUNK);
      inflater.push(bytes.subarray(at, end), end === bytes.length);
    }
  } catch (error) {
    throw corruptGzip(source, error);
  }
  if (overflow || size !== declared) throw gzipSizeMismatch(source, declared, overflow ? undefined : size);
  return out;
}
