import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError } from './errors.js';
import { checkPngHeader, checkPngHeaders } from './png-header.js';

let dir: string;
let good: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mnistkit-png-header-'));
  good = join(dir, 'good.png');
  const png = new PNG({ width: 28, height: 14 });
  png.data.fill(200);
  await writeFile(good, PNG.sync.write(png));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function variant(name: string, edit: (bytes: Uint8Array) => Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, edit(new Uint8Array(await readFile(good))));
  return path;
}

describe('checkPngHeader', () => {
  it('returns the size of a valid PNG without decoding it', async () => {
    expect(await checkPngHeader(good)).toEqual({ width: 28, height: 14 });
    await expect(checkPngHeaders([good, good, good])).resolves.toBeUndefined();
  });

  it('names the file and what is wrong: not a PNG, truncated, a broken header', async () => {
    const text = await variant('text.png', () => new TextEncoder().encode('not an image at all, just some text here'));
    await expect(checkPngHeader(text)).rejects.toThrow(
      `${text}: expected a PNG image, found a file without the PNG signature`,
    );
    const short = await variant('short.png', (b) => b.subarray(0, 20));
    await expect(checkPngHeader(short)).rejects.toThrow(/found 20 bytes, fewer than a PNG header/);
    const crc = await variant('crc.png', (b) => {
      b[17] = 99; // the width, without fixing the CRC
      return b;
    });
    await expect(checkPngHeader(crc)).rejects.toThrow(/an IHDR chunk whose CRC does not match/);
    const missing = join(dir, 'missing.png');
    const error = await checkPngHeader(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as Error).message).toBe(`${missing}: cannot read image: ENOENT`);
    await expect(checkPngHeaders([good, good, text, good])).rejects.toThrow(text);
  });
});
