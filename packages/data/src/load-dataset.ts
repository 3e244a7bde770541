import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dataset } from './dataset.js';
import { DatasetError } from './errors.js';
import { loadFashionMnist, loadIdxDirectory } from './idx-directory.js';
import { type ImageFolderOptions, loadImageFolder } from './image-folder.js';
import { loadMnist } from './load-mnist.js';

/** A named data set as the trainer uses it: a training set, an optional test set and the class names. */
export interface LoadedDataset {
  /** What was loaded, e.g. `mnist`, `fashion-mnist (/usr/share/datasets/fashion-mnist)`, `folder (./digits)`. */
  name: string;
  train: Dataset;
  test?: Dataset;
  classes: readonly string[];
}

/** The forms {@link loadDataset} accepts, for help texts. */
export const DATASET_SPEC_HELP =
  "'mnist' | 'fashion-mnist' | 'mnist:<dir>' | 'fashion-mnist:<dir>' | 'idx:<dir>' | 'folder:<dir>' | '<dir>'";

/**
 * Loads a data set from a spec (the trainer's `--dataset`): `mnist` (offline, the package `@mnistkit/mnist`), `fashion-mnist`
 * (Debian's install folder), `mnist:<dir>` / `fashion-mnist:<dir>` / `idx:<dir>` (IDX files), `folder:<dir>`
 * (class sub-folders of PNGs; `<dir>/train` and `<dir>/test` when both exist), or a bare directory (IDX files if it
 * holds any, else an image folder).
 */
export async function loadDataset(spec: string, options: ImageFolderOptions = {}): Promise<LoadedDataset> {
  const colon = spec.indexOf(':');
  const kind = colon > 0 ? spec.slice(0, colon) : spec;
  const arg = colon > 0 ? spec.slice(colon + 1) : undefined;
  switch (kind) {
    case 'mnist': {
      const { train, test } = await loadMnist(arg);
      return { name: arg ? `mnist (${arg})` : 'mnist', train, test, classes: train.classes };
    }
    case 'fashion-mnist': {
      const { train, test } = await loadFashionMnist(arg);
      return {
        name: `fashion-mnist (${arg ?? '/usr/share/datasets/fashion-mnist'})`,
        train,
        test,
        classes: train.classes,
      };
    }
    case 'idx':
      return loadIdx(requireArg(spec, arg));
    case 'folder':
      return loadFolder(requireArg(spec, arg), options);
  }
  if (colon > 0 && !/^[a-zA-Z]:[\\/]/.test(spec)) {
    throw new DatasetError(spec, `unknown dataset kind '${kind}': expected ${DATASET_SPEC_HELP}`);
  }
  let names: string[];
  try {
    names = await readdir(spec);
  } catch (error) {
    throw new DatasetError(
      spec,
      `unknown dataset: expected ${DATASET_SPEC_HELP}, found neither a known name nor a readable directory (${
        (error as NodeJS.ErrnoException).code ?? error
      })`,
      { cause: error },
    );
  }
  if (names.some((n) => /-idx[13]-ubyte(\.gz)?$/.test(n))) return loadIdx(spec);
  return loadFolder(spec, options);
}

function requireArg(spec: string, arg: string | undefined): string {
  if (!arg) throw new DatasetError(spec, `expected a directory after the colon, found '${spec}'`);
  return arg;
}

async function loadIdx(dir: string): Promise<LoadedDataset> {
  const { train, test } = await loadIdxDirectory(dir, { imageShape: null });
  return { name: `idx (${dir})`, train, test, classes: train.classes };
}

async function loadFolder(dir: string, options: ImageFolderOptions): Promise<LoadedDataset> {
  if ((await isDir(join(dir, 'train'))) && (await isDir(join(dir, 'test')))) {
    const train = await loadImageFolder(join(dir, 'train'), options);
    const test = await loadImageFolder(join(dir, 'test'), { ...options, classes: train.classes });
    return { name: `folder (${dir})`, train, test, classes: train.classes };
  }
  const train = await loadImageFolder(dir, options);
  return { name: `folder (${dir})`, train, classes: train.classes };
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
