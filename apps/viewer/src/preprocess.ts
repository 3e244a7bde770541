// The canvas's RGBA pixels become gray with @mnistkit/data's rgbaToGray (the same conversion as image folders).
export { rgbaToGray } from '@mnistkit/data';

/** Side of an MNIST image. */
export const MNIST_SIZE = 28;
/** Side of the box an MNIST digit's bounding box is scaled to fit, preserving its aspect ratio. */
export const MNIST_BOX = 20;

/** Pixels brighter than this count as ink when finding the bounding box (ignores faint anti-aliasing). */
const INK_THRESHOLD = 16;

/** Bounding box of the pixels above {@link INK_THRESHOLD}, or null when there is no ink. */
export function inkBounds(
  gray: Uint8Array,
  width: number,
  height: number,
): { x: number; y: number; width: number; height: number } | null {
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((gray[y * width + x] ?? 0) > INK_THRESHOLD) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  if (maxX < 0) return null;
  return { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

/**
 * Resamples a region of a grayscale image to `outW` x `outH` by area averaging: each output pixel is the mean of
 * the source area it covers, counting partly covered source pixels by their covered fraction. This is the
 * anti-aliased downscaling that MNIST's digits went through, and it does not depend on a canvas's smoothing.
 */
export function resampleArea(
  gray: Uint8Array,
  width: number,
  region: { x: number; y: number; width: number; height: number },
  outW: number,
  outH: number,
): Float32Array {
  const out = new Float32Array(outW * outH);
  const sx = region.width / outW;
  const sy = region.height / outH;
  for (let oy = 0; oy < outH; oy++) {
    const y0 = oy * sy;
    const y1 = y0 + sy;
    for (let ox = 0; ox < outW; ox++) {
      const x0 = ox * sx;
      const x1 = x0 + sx;
      let sum = 0;
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        if (wy <= 0) continue;
        const row = (region.y + y) * width + region.x;
        for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
          const wx = Math.min(x + 1, x1) - Math.max(x, x0);
          if (wx <= 0) continue;
          sum += (gray[row + x] ?? 0) * wx * wy;
        }
      }
      out[oy * outW + ox] = sum / (sx * sy);
    }
  }
  return out;
}

/**
 * Turns a drawing (grayscale, white ink on black) into an MNIST-style 28x28 image: the ink's bounding box is scaled
 * to fit 20x20 keeping its aspect ratio (area averaging), then placed in a 28x28 field so that its centre of mass
 * sits at the centre, as LeCun et al. made MNIST. Returns 784 bytes (0-255, row-major), or null for an empty drawing.
 */
export function mnistFromDrawing(gray: Uint8Array, width: number, height: number): Uint8Array | null {
  if (gray.length !== width * height) {
    throw new RangeError(`expected ${width}x${height} = ${width * height} gray pixels, found ${gray.length}`);
  }
  const box = inkBounds(gray, width, height);
  if (box === null) return null;
  const scale = MNIST_BOX / Math.max(box.width, box.height);
  const w = Math.max(1, Math.round(box.width * scale));
  const h = Math.max(1, Math.round(box.height * scale));
  const digit = resampleArea(gray, width, box, w, h);

  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = digit[y * w + x] ?? 0;
      mass += v;
      cx += v * x;
      cy += v * y;
    }
  }
  cx /= mass;
  cy /= mass;
  // Centre of mass to (14, 14): where MNIST's own digits have it (13.8 to 14.4 over the first test images, pixel
  // centres at integer indices). Clamped so the whole digit stays inside the field.
  const centre = MNIST_SIZE / 2;
  const left = clamp(Math.round(centre - cx), 0, MNIST_SIZE - w);
  const top = clamp(Math.round(centre - cy), 0, MNIST_SIZE - h);

  const out = new Uint8Array(MNIST_SIZE * MNIST_SIZE);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      out[(top + y) * MNIST_SIZE + left + x] = Math.round(clamp(digit[y * w + x] ?? 0, 0, 255));
    }
  }
  return out;
}

function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}
