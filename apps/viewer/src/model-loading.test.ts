import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectedWeightBytes, type ModelJson, modelFromArtifacts, parseModelJson } from './model-loading.js';

/** A model saved the way model.save() writes model.json, plus its weight bytes. */
async function saved(inputShape: number[], units: number): Promise<{ json: ModelJson; weights: ArrayBuffer }> {
  const model = tfl.sequential();
  model.add(tfl.layers.flatten({ inputShape }));
  model.add(tfl.layers.dense({ units }));
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  if (artifacts?.weightSpecs === undefined || artifacts.weightData === undefined) throw new Error('nothing saved');
  const json = {
    modelTopology: artifacts.modelTopology as object,
    weightsManifest: [{ paths: ['./weights.bin'], weights: artifacts.weightSpecs }],
  };
  return { json: parseModelJson(JSON.stringify(json), 'model.json'), weights: artifacts.weightData as ArrayBuffer };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('parseModelJson', () => {
  test('names the file and shows how it starts when it is not JSON', () => {
    expect(() => parseModelJson('<!doctype html><p>hi</p>', 'run/model/model.json')).toThrow(
      /^run\/model\/model\.json: not JSON \(.*\); the file starts with "<!doctype html><p>hi<\/p>"$/,
    );
  });

  test('asks for a Layers model.json when the fields are missing', () => {
    expect(() => parseModelJson('{"format":"graph-model"}', 'm.json')).toThrow(
      'm.json: expected a TF.js Layers model.json with a "modelTopology" field (as written by model.save()), found fields: format',
    );
    expect(() => parseModelJson('[1,2]', 'm.json')).toThrow(
      'm.json: expected a TF.js model.json object, found an array',
    );
    expect(() => parseModelJson('{"modelTopology":{},"weightsManifest":{}}', 'm.json')).toThrow(/weightsManifest/);
  });
});

describe('modelFromArtifacts', () => {
  test('loads a 28x28x1 → 10 classifier and leaves no tensors behind once disposed', async () => {
    const { json, weights } = await saved([28, 28, 1], 10);
    expect(expectedWeightBytes(json)).toBe((784 * 10 + 10) * 4);
    const before = tf.memory().numTensors;
    const loaded = await modelFromArtifacts(json, new Map([['./weights.bin', weights]]), 'model.json');
    expect(loaded.model.countParams()).toBe(7850);
    expect(loaded.weightBytes).toBe(31_400);
    loaded.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('says how many weight bytes model.json needs and how many the files hold', async () => {
    const { json, weights } = await saved([28, 28, 1], 10);
    await expect(
      modelFromArtifacts(json, new Map([['./weights.bin', weights.slice(0, 1000)]]), 'model.json'),
    ).rejects.toThrow(
      'model.json: the weights do not match model.json: its weightsManifest needs 31,400 bytes, the weight file(s) ./weights.bin hold 1,000 bytes',
    );
    await expect(modelFromArtifacts(json, new Map(), 'model.json')).rejects.toThrow(
      'model.json: model.json lists the weights file "./weights.bin", which was not found',
    );
  });

  test('rejects a model of another input shape or class count, without leaking it', async () => {
    const before = tf.memory().numTensors;
    const colour = await saved([32, 32, 3], 10);
    await expect(
      modelFromArtifacts(colour.json, new Map([['./weights.bin', colour.weights]]), 'cifar/model.json'),
    ).rejects.toThrow(/^cifar\/model\.json: expected input shape \[null, 28, 28, 1\], found \[null, 32, 32, 3\]/);
    const five = await saved([28, 28, 1], 5);
    await expect(
      modelFromArtifacts(five.json, new Map([['./weights.bin', five.weights]]), 'five.json'),
    ).rejects.toThrow(/expected output shape \[null, 10\].*found \[null, 5\]/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
