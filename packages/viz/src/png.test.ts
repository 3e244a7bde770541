import { unzlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeGrayscalePng, grayscalePngDataUrl } from './png.js';
import { pngSize } from './test-utils/svg.js';

/** Splits a PNG into its chunks, checking each CRC against an independent bitwise CRC-32. */
function chunks(png: Uint8Array): { type: string; data: Uint8Array }[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: { type: string; data: Uint8Array }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    let crc = 0xffffffff;
    for (const byte of png.subarray(at + 4, at + 8 + length)) {
      crc ^= byte;
      for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
    }
    expect(view.getUint32(at + 8 + length), `CRC of ${type}`).toBe((crc ^ 0xffffffff) >>> 0);
    out.push({ type, data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

describe('encodeGrayscalePng', () => {
  it('writes a valid 8-bit grayscale PNG whose pixels decode back unchanged', () => {
    const pixels = Uint8Array.from({ length: 5 * 3 }, (_, i) => i * 17);
    const png = encodeGrayscalePng(pixels, 5, 3);
    expect(pngSize(png)).toEqual({ width: 5, height: 3 });
    const parts = chunks(png);
    expect(parts.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(Array.from((parts[0] as { data: Uint8Array }).data.subarray(8))).toEqual([8, 0, 0, 0, 0]);
    const raw = unzlibSync((parts[1] as { data: Uint8Array }).data);
    const rows = [0, 1, 2].map((y) => Array.from(raw.subarray(y * 6, y * 6 + 6)));
    expect(rows).toEqual([0, 1, 2].map((y) => [0, ...Array.from(pixels.subarray(y * 5, y * 5 + 5))]));
  });

  it('refuses pixel counts that do not match the size', () => {
    expect(() => encodeGrayscalePng(new Uint8Array(10), 28, 28)).toThrow(/expected 784 pixels \(28x28\), found 10/);
    expect(() => encodeGrayscalePng(new Uint8Array(0), 0, 0)).toThrow(/positive integer width and height/);
  });

  it('makes a base64 PNG data URL', () => {
    const url = grayscalePngDataUrl(new Uint8Array(784).fill(255), 28, 28);
    expect(url).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    const bytes = Uint8Array.from(atob(url.slice(url.indexOf(',') + 1)), (c) => c.charCodeAt(0));
    expect(pngSize(bytes)).toEqual({ width: 28, height: 28 });
  });
});
