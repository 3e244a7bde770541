import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { writeFileAtomic } from '@mnistkit/fs';
import { isExpectedIdx } from './idx-check.js';
import { mnistDirectory } from './mnist-directory.js';
import { MNIST_FILES } from './mnist-files.js';

/**
 * Writes the four MNIST files uncompressed (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-…`) into
 * `dir`, for tools that read plain IDX files (PyTorch scripts, torchvision-style readers). Each is checked against
 * its SHA-256 and written atomically; one already there and correct is kept. Returns `dir`.
 */
export async function extractMnist(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const expected of Object.values(MNIST_FILES)) {
    const target = join(dir, expected.file.replace(/\.gz$/, ''));
    const present = await readFile(target).catch(() => undefined);
    if (present !== undefined && isExpectedIdx(present, expected)) continue;
    const source = join(mnistDirectory(), expected.file);
    // The shipped file's declared size is known: zlib may not produce more.
    const idx = gunzipSync(await readFile(source), { maxOutputLength: expected.bytes });
    if (!isExpectedIdx(idx, expected)) {
      throw new Error(
        `${source}: not the MNIST file it should be (SHA-256 or size differs); reinstall @mnistkit/mnist`,
      );
    }
    await writeFileAtomic(target, idx);
  }
  return dir;
}
