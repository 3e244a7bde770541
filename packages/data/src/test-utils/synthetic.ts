import { encodeIdx } from '../idx.js';

/** A tiny MNIST-like pair of IDX files: image i has every pixel (i * 7 + p) % 256, label i % 10. */
export function syntheticIdx(count: number, rows = 28, cols = 28): { images: Uint8Array; labels: Uint8Array } {
  const pixels = new Uint8Array(count * rows * cols);
  for (let i = 0; i < count; i++) {
    for (let p = 0; p < rows * cols; p++) pixels[i * rows * cols + p] = (i * 7 + p) % 256;
  }
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) labels[i] = i % 10;
  return { images: encodeIdx([count, rows, cols], pixels), labels: encodeIdx([count], labels) };
}
