import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { missingTensorflowFiles } from './tensorflow-install.js';

/** The file written last into an unpacked wheel's folder: its presence means the unpacking finished. */
export const UNPACKED_MARK = 'mnistkit-unpacked.json';

/** What {@link UNPACKED_MARK} records. */
export interface UnpackedMark {
  format: 'mnistkit-tensorflow-unpacked';
  /** The wheel's distribution name as in its file name (`tensorflow_cpu`) and its version. */
  distribution: string;
  version: string;
  cudaBuild: boolean;
  /** The wheel file it came from, and the nvidia-* wheels whose CUDA libraries were added beside it. */
  wheel: string;
  nvidiaWheels: string[];
}

/**
 * The cache folder an unpacked wheel lives in: the wheel's file name without `.whl`, plus `+nvidia` when the CUDA
 * libraries are unpacked beside it (`--gpu`), so a CPU-only unpacking is never mistaken for a complete GPU one.
 */
export function unpackedDirName(wheelFile: string, withNvidia: boolean): string {
  return `${basename(wheelFile).replace(/\.whl$/, '')}${withNvidia ? '+nvidia' : ''}`;
}

/** The name pip's wheel files start with for a distribution (`tensorflow-cpu` → `tensorflow_cpu`). */
export function wheelDistributionName(distribution: string): string {
  return distribution.replace(/[-_.]+/g, '_').toLowerCase();
}

/** Reads a folder's mark when the unpacking finished and the files the build needs are all there. */
export function readUnpackedMark(dir: string): UnpackedMark | undefined {
  try {
    const mark = JSON.parse(readFileSync(join(dir, UNPACKED_MARK), 'utf8')) as UnpackedMark;
    if (mark.format !== 'mnistkit-tensorflow-unpacked') return undefined;
    return missingTensorflowFiles(dir).length === 0 ? mark : undefined;
  } catch {
    return undefined;
  }
}

/** A finished unpacking of `distribution==version` in `cacheDir` (any Python tag), newest name first; undefined if none. */
export function findUnpacked(
  cacheDir: string,
  distribution: string,
  version: string,
  withNvidia: boolean,
): { dir: string; mark: UnpackedMark } | undefined {
  if (!existsSync(cacheDir)) return undefined;
  const prefix = `${wheelDistributionName(distribution)}-${version}-`;
  const names = readdirSync(cacheDir)
    .filter((name) => name.startsWith(prefix) && name.endsWith('+nvidia') === withNvidia && !name.includes('.partial'))
    .sort()
    .reverse();
  for (const name of names) {
    const mark = readUnpackedMark(join(cacheDir, name));
    if (mark !== undefined) return { dir: join(cacheDir, name), mark };
  }
  return undefined;
}
