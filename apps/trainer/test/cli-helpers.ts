import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeIdx } from '@mnistkit/data';

/** The built CLI (the vitest global setup builds it). */
export const CLI = join(dirname(dirname(fileURLToPath(import.meta.url))), 'dist', 'cli.js');

/** What a CLI run printed and how it ended. */
export interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI in `cwd`; `onStdout` sees the output so far and may signal the child. */
export function runCli(
  cwd: string,
  args: string[],
  onStdout?: (text: string, child: ChildProcess) => void,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      onStdout?.(stdout, child);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The non-empty lines of a text. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

/**
 * Writes a small MNIST-like IDX data set (28x28 images whose pattern depends on the label, so a model learns
 * something) into `dir`: `train` training and `test` test samples. `variant` changes the pixels, not the counts.
 */
export async function writeIdxDataset(dir: string, train = 128, test = 64, variant = 0): Promise<void> {
  await mkdir(dir, { recursive: true });
  const make = (count: number, offset: number) => {
    const labels = Uint8Array.from({ length: count }, (_, i) => (i * 7 + offset) % 10);
    const pixels = new Uint8Array(count * 784);
    for (let i = 0; i < count; i++) {
      const label = labels[i] as number;
      for (let p = 0; p < 784; p++) {
        const row = Math.floor(p / 28);
        pixels[i * 784 + p] = row >= label * 2 && row < label * 2 + 6 ? 220 : (p * (i + 3 + variant)) % 40;
      }
    }
    return { images: encodeIdx([count, 28, 28], pixels), labels: encodeIdx([count], labels) };
  };
  const trainSet = make(train, 0);
  const testSet = make(test, 3);
  await writeFile(join(dir, 'train-images-idx3-ubyte'), trainSet.images);
  await writeFile(join(dir, 'train-labels-idx1-ubyte'), trainSet.labels);
  await writeFile(join(dir, 't10k-images-idx3-ubyte'), testSet.images);
  await writeFile(join(dir, 't10k-labels-idx1-ubyte'), testSet.labels);
}

/** Every file under `dir` (hidden ones included) with a hash of its content: to show that nothing changed. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string) => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        out[`${relative(dir, path)}/`] = 'dir';
        await walk(path);
      } else {
        out[relative(dir, path)] = createHash('sha1')
          .update(await readFile(path))
          .digest('hex');
      }
    }
  };
  await walk(dir);
  return out;
}

/** The hidden temporary entries of interrupted writes (`.<name>.tmp-<pid>-<hex>` and the like) under `dir`. */
export async function leftovers(dir: string): Promise<string[]> {
  return Object.keys(await snapshot(dir)).filter((p) => /(^|\/)\.[^/]+\.(tmp|old|del|journal)-\d+-[0-9a-f]{8}/.test(p));
}
