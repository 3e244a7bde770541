import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCheckedModel } from './load-checked-model.js';
import { MNIST_PREPROCESSING, modelArtifacts, type SavedModelMetadata } from './saved-model.js';
import { simpleCNN, tutorialModel } from './simple-cnn.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const x = () => tf.randomUniform([6, 28, 28, 1], -1, 1, 'float32', 4);
const values = (t: tf.Tensor | tf.Tensor[]) => Array.from((t as tf.Tensor).dataSync());

describe('modelArtifacts (what saveModel writes)', () => {
  it('a classifier predicts probabilities with plain loadLayersModel, and evaluate works after loading', async () => {
    const model = simpleCNN({ seed: 1 });
    const { json, weights } = await modelArtifacts(model, {
      classNames: ['zero', ...'123456789'],
      learningRate: 0.002,
    });
    const meta = json.userDefinedMetadata as unknown as SavedModelMetadata;
    expect(meta.output).toBe('probabilities');
    expect(meta.classNames).toEqual(['zero', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(meta.preprocessing).toMatchObject(MNIST_PREPROCESSING);
    expect(meta.inputShape).toEqual([28, 28, 1]);
    const plain = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0]?.weights,
        weightData: weights.slice().buffer,
        trainingConfig: json.trainingConfig,
        userDefinedMetadata: json.userDefinedMetadata,
      }),
    );
    const input = x();
    const labels = tf.tensor1d([0, 1, 2, 3, 4, 5], 'float32');
    const probabilities = plain.predict(input) as tf.Tensor2D;
    const logits = model.predict(input) as tf.Tensor2D;
    expect(values(tf.sum(probabilities, 1))).toEqual(values(tf.sum(probabilities, 1)).map(() => expect.closeTo(1, 5)));
    expect(values(probabilities)).toEqual(values(tf.softmax(logits)).map((v) => expect.closeTo(v, 6)));
    expect(plain.metricsNames).toEqual(['loss', 'acc']);
    expect((plain.optimizer.getConfig() as { learningRate: number }).learningRate).toBe(0.002);
    const [loss] = plain.evaluate(input, labels) as tf.Scalar[];
    expect(Number.isFinite(loss?.dataSync()[0])).toBe(true);
    expect(plain.getUserDefinedMetadata()).toEqual(json.userDefinedMetadata);
    tf.dispose([input, labels, probabilities, logits]);
    plain.dispose();
    model.dispose();
  }, 300_000);

  it('fit works after plain loadLayersModel, from the training config alone', async () => {
    // A small classifier: TF.js's stock cpu convolution gradients would make SimpleCNN's step slow here.
    const model = tfl.sequential({
      layers: [tfl.layers.flatten({ inputShape: [28, 28, 1] }), tfl.layers.dense({ units: 10 })],
    });
    const { json, weights } = await modelArtifacts(model);
    const plain = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0]?.weights,
        weightData: weights.slice().buffer,
        trainingConfig: json.trainingConfig,
      }),
    );
    const input = x();
    const labels = tf.tensor1d([0, 1, 2, 3, 4, 5], 'float32');
    const history = await plain.fit(input, labels, { epochs: 2, verbose: 0 });
    expect(history.history.loss).toHaveLength(2);
    expect(history.history.acc).toHaveLength(2);
    tf.dispose([input, labels]);
    plain.optimizer.dispose();
    plain.dispose();
    model.dispose();
  });

  it("mnistkit's loader gives the logits back, and disposing it frees every tensor", async () => {
    const model = simpleCNN({ seed: 2 });
    const { json, weights } = await modelArtifacts(model);
    const input = x();
    const before = tf.memory().numTensors;
    const logits = await loadCheckedModel(json, { read: async () => weights }, { source: 'm.json' });
    expect(logits.model.layers.map((l) => l.name)).not.toContain('probabilities');
    const [ours, original] = tf.tidy(() => [
      values(logits.model.predict(input) as tf.Tensor),
      values(model.predict(input) as tf.Tensor),
    ]);
    expect(ours).toEqual(original);
    logits.model.dispose();
    const asSaved = await loadCheckedModel(
      json,
      { read: async () => weights },
      { source: 'm.json', output: 'as-saved' },
    );
    expect(asSaved.model.layers.at(-1)?.name).toBe('probabilities');
    // Compiled from the training config, as plain loadLayersModel does: TF.js leaves that optimizer to the caller.
    asSaved.model.optimizer.dispose();
    asSaved.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    input.dispose();
    model.dispose();
  });

  it('writes logits without a training config when asked, and for non-classifiers', async () => {
    const model = simpleCNN({ seed: 3 });
    const logits = await modelArtifacts(model, { output: 'logits' });
    expect(logits.json.trainingConfig).toBeUndefined();
    expect((logits.json.userDefinedMetadata as unknown as SavedModelMetadata).output).toBe('logits');
    const features = tutorialModel({ seed: 1 });
    expect((await modelArtifacts(features)).json.trainingConfig).toBeUndefined();
    await expect(modelArtifacts(features, { output: 'probabilities' })).rejects.toThrow(
      "Model: output 'probabilities' needs a classifier output [null, n]",
    );
    model.dispose();
    features.dispose();
  });
});
