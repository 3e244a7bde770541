import {
  DatasetError,
  FASHION_MNIST_CLASSES,
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  IdxDataset,
  parseIdx,
} from '@mnistkit/data';
import { ViewerLoadError } from './errors.js';
import { fetchBytes } from './model-loading.js';

/** A labelled test set and where it came from. */
export interface TestSet {
  dataset: IdxDataset;
  /** E.g. "MNIST test set" or the picked file names. */
  name: string;
}

/** Guesses class names from file names: Fashion-MNIST's when a name says so, else the digits. */
export function classesFor(names: readonly string[]): readonly string[] | undefined {
  return names.some((n) => /fashion/i.test(n)) ? FASHION_MNIST_CLASSES : undefined;
}

/** Fetches an IDX image file and label file (plain or gzip) and checks that they pair up as 28x28 images. */
export async function loadTestSetFromUrls(imagesUrl: string, labelsUrl: string, name: string): Promise<TestSet> {
  const [images, labels] = await Promise.all([fetchBytes(imagesUrl), fetchBytes(labelsUrl)]);
  return {
    dataset: datasetFromBytes([
      { bytes: images, source: imagesUrl },
      { bytes: labels, source: labelsUrl },
    ]),
    name,
  };
}

/** Builds a test set from two picked IDX files (images + labels, in either order, plain or .gz). */
export async function loadTestSetFromFiles(files: readonly File[]): Promise<TestSet> {
  const names = files.map((f) => f.name);
  if (files.length !== 2) {
    throw new ViewerLoadError(
      names.join(', ') || 'file picker',
      `expected two IDX files (an image file and a label file, plain or .gz), found ${files.length}`,
    );
  }
  const parts = await Promise.all(files.map(async (f) => ({ bytes: await f.arrayBuffer(), source: f.name })));
  const classes = classesFor(names);
  return { dataset: datasetFromBytes(parts, classes), name: names.join(' + ') };
}

/** Parses two IDX files, tells images from labels by their magic numbers, and pairs them; errors name the file. */
export function datasetFromBytes(
  parts: readonly { bytes: ArrayBuffer | Uint8Array; source: string }[],
  classes?: readonly string[],
): IdxDataset {
  const parsed = parts.map((p) => parseIdx(p.bytes, p.source));
  const images = parsed.find((p) => p.magic === IDX_IMAGES_MAGIC);
  const labels = parsed.find((p) => p.magic === IDX_LABELS_MAGIC);
  if (images === undefined || labels === undefined) {
    const found = parsed.map((p) => `${p.source}: magic ${p.magic}`).join(', ');
    throw new DatasetError(
      parts.map((p) => p.source).join(' + '),
      `expected one image file (magic ${IDX_IMAGES_MAGIC}) and one label file (magic ${IDX_LABELS_MAGIC}), found ${found}`,
    );
  }
  return new IdxDataset(images, labels, classes === undefined ? {} : { classes });
}
