/**
 * Fits a grayscale image into `size` x `size` keeping its aspect ratio: a centred square window of side
 * max(width, height) (outside pixels count as background 0) is area-averaged onto the output grid.
 */
export function fitToSquare(gray: Uint8Array, width: number, height: number, size: number): Uint8Array {
  const side = Math.max(width, height);
  const xs = areaWeights(side, size, (side - width) / 2, width);
  const ys = areaWeights(side, size, (side - height) / 2, height);
  const rows = new Float32Array(height * size);
  for (let y = 0; y < height; y++) {
    for (let ox = 0; ox < size; ox++) {
      let acc = 0;
      for (const [x, wt] of xs[ox] as [number, number][]) acc += wt * (gray[y * width + x] as number);
      rows[y * size + ox] = acc;
    }
  }
  const out = new Uint8Array(size * size);
  for (let oy = 0; oy < size; oy++) {
    for (let ox = 0; ox < size; ox++) {
      let acc = 0;
      for (const [y, wt] of ys[oy] as [number, number][]) acc += wt * (rows[y * size + ox] as number);
      out[oy * size + ox] = Math.min(255, Math.max(0, Math.round(acc)));
    }
  }
  return out;
}

/** For each of `size` output cells over [0, side), the source pixels (shifted by `pad`, within 0..n-1) and weights. */
function areaWeights(side: number, size: number, pad: number, n: number): [number, number][][] {
  const scale = side / size;
  const cells: [number, number][][] = [];
  for (let o = 0; o < size; o++) {
    const start = o * scale - pad;
    const end = (o + 1) * scale - pad;
    const list: [number, number][] = [];
    for (let s = Math.max(0, Math.floor(start)); s < Math.min(n, Math.ceil(end)); s++) {
      const overlap = Math.min(end, s + 1) - Math.max(start, s);
      if (overlap > 0) list.push([s, overlap / scale]);
    }
    cells.push(list);
  }
  return cells;
}
