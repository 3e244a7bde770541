import { open } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import { DatasetError } from './errors.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Bit depths PNG allows for each colour type (gray, RGB, palette, gray+alpha, RGBA). */
const BIT_DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};
/** Signature, then the IHDR chunk: length, type, 13 bytes of data, CRC. */
const HEADER_BYTES = 8 + 4 + 4 + 13 + 4;
/** Larger images are refused before anything is decoded (MNIST-like data is tiny; this bounds the memory). */
export const MAX_PNG_SIDE = 16_384;

/**
 * Reads and checks a PNG file's header (signature and IHDR chunk: sizes, bit depth, colour type, CRC) without
 * decoding the image, so that a folder of thousands of images can be checked up front in a fraction of the time a
 * decode takes. Returns the image's size; throws {@link DatasetError} naming the file and what is wrong.
 */
export async function checkPngHeader(file: string): Promise<{ width: number; height: number }> {
  const bytes = new Uint8Array(HEADER_BYTES);
  let read = 0;
  try {
    const handle = await open(file, 'r');
    try {
      ({ bytesRead: read } = await handle.read(bytes, 0, HEADER_BYTES, 0));
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new DatasetError(file, `cannot read image: ${(error as NodeJS.ErrnoException).code ?? error}`, {
      cause: error,
    });
  }
  const bad = (what: string) => new DatasetError(file, `expected a PNG image, found ${what}`);
  if (read < HEADER_BYTES) throw bad(`${read} bytes, fewer than a PNG header (${HEADER_BYTES})`);
  if (SIGNATURE.some((b, i) => bytes[i] !== b)) throw bad('a file without the PNG signature');
  const view = new DataView(bytes.buffer);
  const type = String.fromCharCode(...bytes.subarray(12, 16));
  if (view.getUint32(8) !== 13 || type !== 'IHDR') throw bad(`a first chunk "${type}" instead of a 13-byte IHDR`);
  // zlib.crc32 arrived in Node 20.15; older Nodes skip this one check.
  const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  if (crc32 && view.getUint32(29) !== crc32(bytes.subarray(12, 29))) {
    throw bad('an IHDR chunk whose CRC does not match');
  }
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width < 1 || height < 1 || width > MAX_PNG_SIDE || height > MAX_PNG_SIDE) {
    throw bad(`a ${width}x${height} image (expected sides from 1 to ${MAX_PNG_SIDE})`);
  }
  const depth = bytes[24] as number;
  const colorType = bytes[25] as number;
  if (!BIT_DEPTHS[colorType]?.includes(depth)) throw bad(`colour type ${colorType} with bit depth ${depth}`);
  if (bytes[26] !== 0 || bytes[27] !== 0 || (bytes[28] as number) > 1) {
    throw bad('an unknown compression, filter or interlace method');
  }
  return { width, height };
}

/** Checks the header of every file (see {@link checkPngHeader}), a few at a time; the first bad one throws. */
export async function checkPngHeaders(files: readonly string[], concurrency = 16): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++] as string;
      await checkPngHeader(file);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
}
