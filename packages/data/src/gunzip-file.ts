import { gunzipSync } from 'node:zlib';
import { checkedGzipSize, corruptGzip, type GunzipOptions, gunzip, gzipSizeMismatch } from './gzip.js';

/**
 * `gunzip` for Node: the same trailer checks and errors, inflated by `node:zlib` (native: about 3x faster than
 * fflate on MNIST's 47 MB of training images, and it checks the CRC-32 too). Output is capped at the declared size.
 */
export function gunzipFile(bytes: Uint8Array, source: string, options: GunzipOptions = {}): Uint8Array {
  const declared = checkedGzipSize(bytes, source, options.maxBytes);
  let out: Uint8Array;
  try {
    out = gunzipSync(bytes, { maxOutputLength: Math.max(1, declared) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw gzipSizeMismatch(source, declared, undefined);
    }
    // zlib compares the trailer itself but does not say the real size; the JavaScript inflater, bounded by the
    // declared size, reports the mismatch exactly as browsers see it.
    if ((error as Error).message === 'incorrect length check') return gunzip(bytes, source, options);
    throw corruptGzip(source, error);
  }
  if (out.length !== declared) throw gzipSizeMismatch(source, declared, out.length);
  return out;
}
