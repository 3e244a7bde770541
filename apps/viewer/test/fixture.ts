import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { selectNodeBackend } from '@mnistkit/backend/node';
import { DataLoader, Subset } from '@mnistkit/data';
import { loadMnist } from '@mnistkit/data/node';
import { MNIST_FILES, mnistDirectory } from '@mnistkit/mnist/node';
import { simpleCNN } from '@mnistkit/models';
import { saveModel } from '@mnistkit/models/node';
import { writeRunHistory } from '@mnistkit/training/node';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { runRecord } from './run-record.js';

/** Bump when the recipe changes, so a cached fixture is rebuilt. */
const RECIPE = { version: 4, trainSamples: 12000, epochs: 3, batchSize: 64, seed: 7 };

/** Files of the fixture folder that the browser tests use. */
export const FIXTURE = {
  run: 'run',
  /** An untrained SimpleCNN (seeded): the tutorial's model, slow enough to cancel mid-run. */
  simpleCnn: 'simple-cnn',
  notJson: 'broken/not-json/model.json',
  wrongShape: 'broken/wrong-shape',
  badWeights: 'broken/bad-weights',
  corruptImages: 'broken/t10k-images-idx3-ubyte.gz',
  labels: 'broken/t10k-labels-idx1-ubyte',
} as const;

/**
 * A small CNN (conv 8@5x5 stride 2 → dense 10, 11,738 parameters): seconds of training on wasm give a model that
 * reads digits well, where SimpleCNN would take minutes. The viewer takes any [null,28,28,1] → 10 classifier.
 */
function smallCnn(seed: number): tfl.LayersModel {
  const model = tfl.sequential({ name: 'fixture_cnn' });
  model.add(
    tfl.layers.conv2d({
      name: 'conv1',
      inputShape: [28, 28, 1],
      filters: 8,
      kernelSize: 5,
      strides: 2,
      activation: 'relu',
      kernelInitializer: tfl.initializers.glorotUniform({ seed }),
    }),
  );
  model.add(tfl.layers.flatten({ name: 'flatten' }));
  model.add(
    tfl.layers.dense({ name: 'fc', units: 10, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
  );
  return model;
}

/**
 * Writes (or reuses, when the recipe is unchanged) a trainer-style run directory — `run/model/model.json` +
 * `weights.bin` and `run/history.json` — and the broken files the error tests load, under `dir`.
 */
export async function prepareFixture(dir: string): Promise<void> {
  const stamp = join(dir, 'recipe.json');
  const wanted = JSON.stringify(RECIPE);
  if ((await readFile(stamp, 'utf8').catch(() => '')) === wanted) return;
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, FIXTURE.run), { recursive: true });
  // wasm with @mnistkit/backend's training kernels: about 50 times faster than cpu here.
  await selectNodeBackend({ backend: 'wasm' });

  const { train } = await loadMnist();
  const loader = new DataLoader(
    new Subset(
      train,
      Array.from({ length: RECIPE.trainSamples }, (_, i) => i),
    ),
    { batchSize: RECIPE.trainSamples },
  );
  const [all] = [...loader.rawBatches(0)];
  if (all === undefined) throw new Error('fixture: no training batch');
  const xs = tf.tensor4d(all.images, [all.size, 28, 28, 1]);
  const ys = tf.oneHot(tf.tensor1d(all.labels, 'int32'), 10);
  const model = smallCnn(RECIPE.seed);
  model.compile({
    optimizer: tf.train.adam(0.002),
    loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
    metrics: ['accuracy'],
  });
  const history: { epoch: number; trainLoss: number; trainAccuracy: number; seconds: number }[] = [];
  for (let epoch = 1; epoch <= RECIPE.epochs; epoch++) {
    const started = performance.now();
    // No shuffling: Math.random would make the fixture differ between runs.
    const fit = await model.fit(xs, ys, { epochs: 1, batchSize: RECIPE.batchSize, shuffle: false, verbose: 0 });
    history.push({
      epoch,
      trainLoss: Number(fit.history.loss?.[0]),
      trainAccuracy: Number(fit.history.acc?.[0] ?? fit.history.accuracy?.[0]),
      seconds: (performance.now() - started) / 1000,
    });
  }
  tf.dispose([xs, ys]);
  await saveModel(model, join(dir, FIXTURE.run, 'model'));
  await writeRunHistory(
    join(dir, FIXTURE.run),
    runRecord({
      history,
      status: 'completed',
      checkpoint: null,
      epochs: RECIPE.epochs,
      trainSamples: RECIPE.trainSamples,
      test: { loss: 0.3, accuracy: 0.9 },
    }),
  );
  model.dispose();

  const cnn = simpleCNN({ seed: 1 });
  await saveModel(cnn, join(dir, FIXTURE.simpleCnn));
  cnn.dispose();

  // A model of another input shape (32x32x3), saved properly.
  const wrong = tfl.sequential();
  wrong.add(tfl.layers.flatten({ inputShape: [32, 32, 3] }));
  wrong.add(tfl.layers.dense({ units: 10 }));
  await saveModel(wrong, join(dir, FIXTURE.wrongShape));
  wrong.dispose();

  // The good model.json with a weights file cut short.
  await mkdir(join(dir, FIXTURE.badWeights), { recursive: true });
  await copyFile(join(dir, FIXTURE.run, 'model', 'model.json'), join(dir, FIXTURE.badWeights, 'model.json'));
  const weights = await readFile(join(dir, FIXTURE.run, 'model', 'weights.bin'));
  await writeFile(join(dir, FIXTURE.badWeights, 'weights.bin'), weights.subarray(0, weights.length - 1000));

  await mkdir(join(dir, 'broken', 'not-json'), { recursive: true });
  await writeFile(join(dir, FIXTURE.notJson), '<!doctype html><p>This is a web page, not a model.</p>\n');

  // A gzipped IDX image file cut in the middle, plus the real labels.
  const images = await readFile(join(mnistDirectory(), MNIST_FILES.testImages.file));
  await writeFile(join(dir, FIXTURE.corruptImages), images.subarray(0, images.length >> 1));
  const labels = gunzipSync(await readFile(join(mnistDirectory(), MNIST_FILES.testLabels.file)));
  await writeFile(join(dir, FIXTURE.labels), labels);

  await writeFile(stamp, wanted);
}
