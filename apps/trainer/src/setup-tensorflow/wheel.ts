import { createWriteStream } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

/** What a wheel's `*.dist-info/METADATA` says about it. */
export interface WheelMetadata {
  /** The distribution name as written (`tensorflow_cpu`, `tensorflow`). */
  name: string;
  version: string;
  /** Requirements of the `and-cuda` extra (`nvidia-cublas-cu12<13.0,>=12.5.3.2`): the CUDA libraries as pip packages. */
  cudaRequirements: string[];
}

/** Parses METADATA's `Name`, `Version` and the `Requires-Dist` lines of the `and-cuda` extra. */
export function parseWheelMetadata(text: string): WheelMetadata {
  const field = (key: string) => new RegExp(`^${key}:\\s*(.+?)\\s*$`, 'm').exec(text)?.[1];
  const cudaRequirements: string[] = [];
  for (const match of text.matchAll(/^Requires-Dist:\s*(.+?)\s*;\s*(.+?)\s*$/gm)) {
    if (/extra\s*==\s*["']and-cuda["']/.test(match[2] ?? ''))
      cudaRequirements.push((match[1] ?? '').replace(/\s+/g, ''));
  }
  return { name: field('Name') ?? '', version: field('Version') ?? '', cudaRequirements };
}

/**
 * Unpacks the entries of the zip (wheel) `file` that `select` accepts into `dest`, keeping their relative paths and
 * permission bits; returns how many files and bytes it wrote. Streams entry by entry from the central directory
 * (a TensorFlow wheel holds a 750 MiB library), and yauzl refuses entry names that would escape `dest`.
 */
export async function extractWheel(
  file: string,
  dest: string,
  select: (name: string) => boolean,
): Promise<{ files: number; bytes: number }> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  let files = 0;
  let bytes = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/') || !select(entry.fileName)) continue;
      const target = join(dest, entry.fileName);
      await mkdir(dirname(target), { recursive: true });
      await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(target));
      const mode = (entry.externalFileAttributes >>> 16) & 0o777;
      if (mode !== 0) await chmod(target, mode | 0o400);
      files++;
      bytes += entry.uncompressedSize;
    }
  } finally {
    zip.close();
  }
  return { files, bytes };
}
