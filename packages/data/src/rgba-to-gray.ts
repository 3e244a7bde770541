import { fitToSquare } from './fit-to-square.js';

/** Options of {@link rgbaToGray}. */
export interface RgbaToGrayOptions {
  /**
   * MNIST digits are light on a dark background. `true` inverts every pixel (for dark-on-light drawings), `'auto'`
   * inverts when the opaque border pixels are mostly light. Default false. Transparent pixels always become 0.
   */
  invert?: boolean | 'auto';
}

/**
 * Converts RGBA pixels (row-major, `width * height * 4` bytes, e.g. canvas `ImageData` or a decoded PNG) to 8-bit
 * grayscale of the same size, MNIST-style: ITU-R BT.601 luminance (0.299 R + 0.587 G + 0.114 B), optionally
 * inverted, then composited by alpha onto a black background; rounded to whole levels. Browser-safe.
 */
export function rgbaToGray(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  options?: RgbaToGrayOptions,
): Uint8Array;
/**
 * @deprecated The image-folder form: gray, then fitted into `size` x `size`. Use
 * `rgbaToGray(rgba, width, height, { invert })` (same size out); `loadImageFolder` does the fitting.
 */
export function rgbaToGray(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  size: number,
  invert?: boolean | 'auto',
): Uint8Array;
export function rgbaToGray(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  sizeOrOptions: number | RgbaToGrayOptions = {},
  invert: boolean | 'auto' = false,
): Uint8Array {
  if (typeof sizeOrOptions === 'number') {
    return fitToSquare(rgbaToGray(rgba, width, height, { invert }), width, height, sizeOrOptions);
  }
  const n = width * height;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0 || rgba.length !== 4 * n) {
    throw new RangeError(`rgbaToGray: expected ${width}x${height}x4 = ${4 * n} RGBA bytes, found ${rgba.length}`);
  }
  const lum = new Float32Array(n);
  const alpha = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const o = 4 * i;
    lum[i] = 0.299 * (rgba[o] as number) + 0.587 * (rgba[o + 1] as number) + 0.114 * (rgba[o + 2] as number);
    alpha[i] = (rgba[o + 3] as number) / 255;
  }
  const option = sizeOrOptions.invert ?? false;
  const flip = option === 'auto' ? borderMean(lum, alpha, width, height) > 127.5 : option;
  const gray = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const value = flip ? 255 - (lum[i] as number) : (lum[i] as number);
    gray[i] = Math.round((alpha[i] as number) * value);
  }
  return gray;
}

/** Mean luminance of the opaque border pixels: tells a light background from a dark one. */
function borderMean(lum: Float32Array, alpha: Float32Array, w: number, h: number): number {
  let sum = 0;
  let count = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (y !== 0 && y !== h - 1 && x !== 0 && x !== w - 1) continue;
      const i = y * w + x;
      // Transparent border pixels say nothing about the ink colour.
      if ((alpha[i] as number) < 0.5) continue;
      sum += lum[i] as number;
      count++;
    }
  }
  return count === 0 ? 0 : sum / count;
}
