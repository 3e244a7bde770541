import { describe, expect, it } from 'vitest';
import { fitToSquare } from './fit-to-square.js';
import { rgbaToGray } from './rgba-to-gray.js';

/** RGBA bytes from [r, g, b, a] pixels. */
const rgbaOf = (...pixels: number[][]) => Uint8ClampedArray.from(pixels.flat());

describe('rgbaToGray', () => {
  it('weights the channels by luminance (BT.601) and composites by alpha onto black', () => {
    const gray = rgbaToGray(rgbaOf([255, 255, 255, 255], [255, 0, 0, 255], [255, 255, 255, 0], [0, 0, 255, 128]), 4, 1);
    // Red: 0.299 * 255 = 76.2; blue at half alpha: 0.114 * 255 * 128/255 = 14.6.
    expect(Array.from(gray)).toEqual([255, 76, 0, 15]);
  });

  it('inverts before compositing, so transparent pixels stay background', () => {
    const rgba = rgbaOf([255, 255, 255, 255], [0, 0, 0, 255], [0, 0, 0, 0]);
    expect(Array.from(rgbaToGray(rgba, 3, 1, { invert: true }))).toEqual([0, 255, 0]);
  });

  it("inverts with 'auto' only when the opaque border is mostly light", () => {
    // 3x3, a dark centre on a white border: a drawing on paper.
    const paper = rgbaOf(...Array.from({ length: 9 }, (_, i) => (i === 4 ? [0, 0, 0, 255] : [255, 255, 255, 255])));
    expect(Array.from(rgbaToGray(paper, 3, 3, { invert: 'auto' }))).toEqual([0, 0, 0, 0, 255, 0, 0, 0, 0]);
    // The same with a transparent border: the border says nothing, so no inversion.
    const cutout = rgbaOf(
      ...Array.from({ length: 9 }, (_, i) => (i === 4 ? [255, 255, 255, 255] : [255, 255, 255, 0])),
    );
    expect(Array.from(rgbaToGray(cutout, 3, 3, { invert: 'auto' }))).toEqual([0, 0, 0, 0, 255, 0, 0, 0, 0]);
  });

  it('names a buffer of the wrong length', () => {
    expect(() => rgbaToGray(new Uint8ClampedArray(7), 3, 1)).toThrow(
      'rgbaToGray: expected 3x1x4 = 12 RGBA bytes, found 7',
    );
  });

  it('keeps the deprecated image-folder form: gray, then fitted into size x size', () => {
    // 2x1: one opaque white pixel, one transparent white pixel, centred in a 2x2 square.
    const rgba = Uint8Array.of(255, 255, 255, 255, 255, 255, 255, 0);
    expect(Array.from(rgbaToGray(rgba, 2, 1, 2))).toEqual([128, 0, 128, 0]);
    expect(Array.from(rgbaToGray(rgba, 2, 1, 2, true))).toEqual([0, 0, 0, 0]);
  });
});

describe('fitToSquare', () => {
  it('keeps the aspect ratio, centres, and area-averages', () => {
    // 4x2 → 2x2: the 4x4 window has a blank row above and below; each output cell covers 2x2 source pixels.
    const gray = Uint8Array.of(100, 100, 200, 200, 100, 100, 200, 200);
    expect(Array.from(fitToSquare(gray, 4, 2, 2))).toEqual([50, 100, 50, 100]);
    expect(Array.from(fitToSquare(gray, 4, 2, 4))).toEqual([
      0, 0, 0, 0, 100, 100, 200, 200, 100, 100, 200, 200, 0, 0, 0, 0,
    ]);
  });
});
