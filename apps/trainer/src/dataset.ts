import { stat } from 'node:fs/promises';
import { type Dataset, imageShapeOf, MNIST_CLASSES, randomSplit, Subset } from '@mnistkit/data';
import { checkPngHeaders, ImageFolderDataset, loadDataset } from '@mnistkit/data/node';
import type { DataFingerprint } from '@mnistkit/training';
import { fingerprintData } from './data-fingerprint.js';
import { CliError } from './errors.js';
import type { TrainSettings } from './settings.js';

/** The data sets a run uses, after `--limit`, `--val-split` and `--test-limit`. */
export interface RunData {
  /** What `--dataset` named, as given. */
  spec: string;
  /** What was loaded, as @mnistkit/data names it: `mnist`, `idx (dir)`, `folder (dir)`... */
  name: string;
  train: Dataset;
  val: Dataset | null;
  test: Dataset;
  classes: readonly string[];
  /** Identifies the data (see `fingerprintData`): recorded in history.json, compared on resume. */
  fingerprint: DataFingerprint;
}

/** Share of an image folder held out for testing when it has no `test/` folder of its own. */
export const HELD_OUT_TEST_FRACTION = 0.2;

/** The image files behind `dataset` when it is (a subset of) an image folder, decoded only on demand. */
function imageFiles(dataset: Dataset): readonly string[] {
  return dataset instanceof ImageFolderDataset ? dataset.files : [];
}

/**
 * Loads what `--dataset` names (see @mnistkit/data's loadDataset). Its DatasetErrors already name the file at
 * fault; a path that does not exist gets a shorter message naming the flag. An image folder's files are decoded
 * only when used, so every file's header is checked here, before training, not at the end of it.
 */
export async function loadRunData(settings: TrainSettings): Promise<RunData> {
  const spec = settings.dataset;
  const colon = spec.indexOf(':');
  const path = colon > 1 ? spec.slice(colon + 1) : spec;
  if (!['mnist', 'fashion-mnist'].includes(spec) && path !== '') {
    try {
      await stat(path);
    } catch {
      throw new CliError(
        `--dataset ${spec}: no such file or folder; expected mnist, fashion-mnist, a directory of IDX files or an image folder`,
      );
    }
  }
  const loaded = await loadDataset(spec);
  await checkPngHeaders([...imageFiles(loaded.train), ...(loaded.test ? imageFiles(loaded.test) : [])]);
  let { train, test } = loaded;
  if (test === undefined) {
    [train, test] = randomSplit(train, [1 - HELD_OUT_TEST_FRACTION, HELD_OUT_TEST_FRACTION], settings.seed + 1);
  }
  const [h, w] = imageShapeOf(train);
  if (h !== 28 || w !== 28) {
    throw new CliError(`--dataset ${spec}: the models take 28x28 images, found ${h}x${w}`);
  }
  if (loaded.classes.length > 10) {
    throw new CliError(`--dataset ${spec}: the models have 10 outputs, found ${loaded.classes.length} classes`);
  }
  return splitRunData(spec, loaded.name, train, test, settings, loaded.classes);
}

/**
 * Applies `--limit` (the first n training samples), `--val-split` (a seeded random split of those) and
 * `--test-limit` (the first n test samples). Taking the first n keeps a quick run's data the same whatever the seed.
 */
export function splitRunData(
  spec: string,
  name: string,
  fullTrain: Dataset,
  fullTest: Dataset,
  settings: Pick<TrainSettings, 'limit' | 'testLimit' | 'valSplit' | 'seed'>,
  classes: readonly string[] = fullTrain.classes ?? MNIST_CLASSES,
): RunData {
  const first = (d: Dataset, n: number | null): Dataset =>
    n === null || n >= d.length
      ? d
      : new Subset(
          d,
          Array.from({ length: n }, (_, i) => i),
        );
  const pool = first(fullTrain, settings.limit);
  const test = first(fullTest, settings.testLimit);
  let train: Dataset = pool;
  let val: Dataset | null = null;
  if (settings.valSplit > 0) {
    const valCount = Math.round(pool.length * settings.valSplit);
    if (valCount < 1 || valCount >= pool.length) {
      throw new CliError(
        `--val-split ${settings.valSplit}: leaves ${valCount} of ${pool.length} training samples for validation; expected at least 1 and fewer than all`,
      );
    }
    [train, val] = randomSplit(pool, [pool.length - valCount, valCount], settings.seed);
  }
  if (train.length === 0) throw new CliError(`--dataset ${spec}: the training set is empty`);
  if (test.length === 0) throw new CliError(`--dataset ${spec}: the test set is empty`);
  return { spec, name, train, val, test, classes, fingerprint: fingerprintData(pool, fullTest) };
}
