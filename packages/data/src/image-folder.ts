import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { PNG } from 'pngjs';
import type { Dataset, Sample } from './dataset.js';
import { DatasetError } from './errors.js';
import { fitToSquare } from './fit-to-square.js';
import { rgbaToGray } from './rgba-to-gray.js';

/** Options of {@link loadImageFolder}. */
export interface ImageFolderOptions {
  /** Output side length; images are fitted (aspect kept, centred, padded with background) into size x size. Default 28. */
  size?: number;
  /**
   * MNIST digits are light on a dark background. `true` inverts every image (for dark-on-light drawings), `'auto'`
   * inverts an image whose border is mostly light. Default false. Transparent pixels always become background (0).
   */
  invert?: boolean | 'auto';
  /** Class names, in label order; folders must be among them (to give a test folder the training folder's labels). Default: the sub-folder names, sorted. */
  classes?: readonly string[];
}

/**
 * An ImageFolder-style data set (like torchvision's): one sub-folder per class holding PNG images (grayscale, RGB or
 * RGBA, any size), converted to size x size grayscale on first `get` and then cached.
 */
export class ImageFolderDataset implements Dataset {
  readonly root: string;
  readonly classes: readonly string[];
  /** Image paths, by sample index. */
  readonly files: readonly string[];
  /** Class index of each sample. */
  readonly targets: Uint8Array;
  readonly imageShape: readonly [number, number];
  readonly invert: boolean | 'auto';
  readonly #cache: (Uint8Array | undefined)[];

  constructor(
    root: string,
    classes: readonly string[],
    files: readonly string[],
    targets: ArrayLike<number>,
    options: Pick<ImageFolderOptions, 'size' | 'invert'> = {},
  ) {
    this.root = root;
    this.classes = classes;
    this.files = files;
    this.targets = Uint8Array.from(targets);
    const size = options.size ?? 28;
    this.imageShape = [size, size];
    this.invert = options.invert ?? false;
    this.#cache = new Array(files.length);
  }

  get length(): number {
    return this.files.length;
  }

  /** Decodes image `index` (once; later calls reuse it); throws {@link DatasetError} naming a file that is not a valid PNG. */
  get(index: number): Sample {
    if (!Number.isInteger(index) || index < 0 || index >= this.files.length) {
      throw new RangeError(`${this.root}: sample index ${index} is outside 0..${this.files.length - 1}`);
    }
    let image = this.#cache[index];
    if (image === undefined) {
      image = decodePngToGray(this.files[index] as string, this.imageShape[0], this.invert);
      this.#cache[index] = image;
    }
    return { image, label: this.targets[index] as number };
  }
}

/**
 * Scans `dir` (one sub-folder per class, PNG files inside) without decoding anything; throws {@link DatasetError} for a
 * missing or empty folder, a class folder without PNGs, or a file that is not a PNG.
 */
export async function loadImageFolder(dir: string, options: ImageFolderOptions = {}): Promise<ImageFolderDataset> {
  const size = options.size ?? 28;
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`loadImageFolder: expected size to be a positive integer, found ${size}`);
  }
  const entries = await readDir(dir);
  const folders = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  if (folders.length === 0) {
    const found = entries.filter((e) => !e.name.startsWith('.')).map((e) => e.name);
    throw new DatasetError(
      dir,
      `empty image folder: expected one sub-folder per class holding PNG images, found ${
        found.length === 0 ? 'nothing' : `no sub-folders, only [${found.sort().join(', ')}]`
      }`,
    );
  }
  const classes = options.classes ?? folders;
  const unknown = folders.filter((f) => !classes.includes(f));
  if (unknown.length > 0) {
    throw new DatasetError(
      dir,
      `unknown class folders: expected only [${classes.join(', ')}], found also [${unknown.join(', ')}]`,
    );
  }
  const files: string[] = [];
  const targets: number[] = [];
  for (const folder of folders) {
    const classDir = join(dir, folder);
    const names = (await readDir(classDir))
      .filter((e) => !e.name.startsWith('.') && !e.isDirectory())
      .map((e) => e.name)
      .sort();
    const others = names.filter((n) => extname(n).toLowerCase() !== '.png');
    if (others.length > 0) {
      throw new DatasetError(
        join(classDir, others[0] as string),
        `expected PNG images (.png) in class folders, found ${others.length} other file(s): [${others.slice(0, 5).join(', ')}]`,
      );
    }
    if (names.length === 0) {
      throw new DatasetError(classDir, `empty class folder: expected at least one .png image for class '${folder}'`);
    }
    const label = classes.indexOf(folder);
    for (const n of names) {
      files.push(join(classDir, n));
      targets.push(label);
    }
  }
  return new ImageFolderDataset(dir, classes, files, targets, { size, invert: options.invert ?? false });
}

async function readDir(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DatasetError(dir, `cannot read image folder: expected a readable directory, found ${code ?? error}`, {
      cause: error,
    });
  }
}

/** Decodes a PNG file into a size x size uint8 grayscale image, MNIST-style (see {@link ImageFolderOptions}). */
export function decodePngToGray(file: string, size = 28, invert: boolean | 'auto' = false): Uint8Array {
  let png: PNG;
  try {
    png = PNG.sync.read(readFileSync(file));
  } catch (error) {
    throw new DatasetError(file, `cannot decode image: expected a valid PNG file, found ${(error as Error).message}`, {
      cause: error,
    });
  }
  return fitToSquare(rgbaToGray(png.data, png.width, png.height, { invert }), png.width, png.height, size);
}
