import { TensorBoardError } from './errors.js';

/** Width, height and TensorBoard colorspace (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA) of a PNG, from its IHDR chunk. */
export interface PngInfo {
  width: number;
  height: number;
  colorspace: 1 | 2 | 3 | 4;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** PNG colour type → channels (palette images are shown as RGB). */
const COLORSPACE: Record<number, PngInfo['colorspace']> = { 0: 1, 4: 2, 2: 3, 3: 3, 6: 4 };

/** Reads a PNG's size and colorspace; throws {@link TensorBoardError} naming `field` when it is not a PNG. */
export function pngInfo(png: Uint8Array, field = 'png'): PngInfo {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const isPng = png.length >= 33 && SIGNATURE.every((b, i) => png[i] === b) && view.getUint32(12) === 0x49484452;
  const colorspace = isPng ? COLORSPACE[png[25] as number] : undefined;
  if (!isPng || colorspace === undefined) {
    throw new TensorBoardError(
      field,
      `expected PNG bytes (an image summary holds an encoded PNG), found ${png.length} bytes that are not one`,
    );
  }
  return { width: view.getUint32(16), height: view.getUint32(20), colorspace };
}
