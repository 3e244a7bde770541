import '@tensorflow/tfjs-backend-cpu';
import { modelArtifacts, modelToTorch, simpleCNN } from '@mnistkit/models';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  layerRows,
  loadModelFromFiles,
  loadModelFromUrl,
  type ModelJson,
  modelFromArtifacts,
  parseModelJson,
} from './model-loading.js';

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

describe('modelFromArtifacts', () => {
  test('loads a 28x28x1 → 10 classifier and leaves no tensors behind once disposed', async () => {
    const { json, weights } = await saved([28, 28, 1], 10);
    const before = tf.memory().numTensors;
    const loaded = await modelFromArtifacts(json, new Map([['weights.bin', weights]]), 'model.json');
    expect(loaded.model.countParams()).toBe(7850);
    expect(loaded.weightBytes).toBe(31_400);
    loaded.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('says how many weight bytes model.json needs and how many the files hold', async () => {
    const { json, weights } = await saved([28, 28, 1], 10);
    await expect(
      modelFromArtifacts(json, new Map([['weights.bin', weights.slice(0, 1000)]]), 'model.json'),
    ).rejects.toThrow(
      'weights.bin: weights size mismatch: model.json lists 31400 bytes of weights, the file has 1000 bytes',
    );
    await expect(modelFromArtifacts(json, new Map(), 'model.json')).rejects.toThrow(
      'model.json: model.json lists the weights file "weights.bin", which was not found',
    );
  });

  test('rejects a model of another input shape or class count, without leaking it', async () => {
    const before = tf.memory().numTensors;
    const colour = await saved([32, 32, 3], 10);
    await expect(
      modelFromArtifacts(colour.json, new Map([['weights.bin', colour.weights]]), 'cifar/model.json'),
    ).rejects.toThrow(/^cifar\/model\.json: expected input shape \[null, 28, 28, 1\], found \[null, 32, 32, 3\]/);
    const five = await saved([28, 28, 1], 5);
    await expect(modelFromArtifacts(five.json, new Map([['weights.bin', five.weights]]), 'five.json')).rejects.toThrow(
      /expected output shape \[null, 10\].*found \[null, 5\]/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('layerRows', () => {
  test("a model saved with its probabilities head shows the trained model's layers, as before saving", async () => {
    const model = simpleCNN({ seed: 1 });
    const { json, weights } = await modelArtifacts(model, { output: 'probabilities' });
    const loaded = await modelFromArtifacts(
      parseModelJson(JSON.stringify(json), 'model.json'),
      new Map([['weights.bin', weights.slice().buffer]]),
      'model.json',
    );
    expect(loaded.model.layers[0]?.getClassName()).toBe('InputLayer');
    expect(layerRows(loaded.model)).toEqual(layerRows(model));
    loaded.model.dispose();
    model.dispose();
  });
});

describe('loadModelFromUrl', () => {
  test('never fetches a weights file outside the model.json folder', async () => {
    const { json, weights } = await saved([28, 28, 1], 10);
    const fetched: string[] = [];
    const fakeFetch = (async (url: string) => {
      fetched.push(url);
      const body = url.endsWith('model.json') ? JSON.stringify(json) : weights;
      return new Response(body);
    }) as typeof fetch;
    json.weightsManifest[0] = { paths: ['%2e%2e/history.json'], weights: json.weightsManifest[0]?.weights ?? [] };
    await expect(loadModelFromUrl('http://127.0.0.1:4173/run/model/model.json', fakeFetch)).rejects.toThrow(
      'leaves the model folder (..)',
    );
    expect(fetched).toEqual(['http://127.0.0.1:4173/run/model/model.json']);
  });

  test('refuses a topology with huge units without fetching its weights', async () => {
    const { json, weights } = await saved([28, 28, 1], 10);
    const layers = (json.modelTopology as { config: { layers: { config: { units?: number } }[] } }).config.layers;
    (layers[1] as { config: { units?: number } }).config.units = 1_000_000_000;
    const fetched: string[] = [];
    const fakeFetch = (async (url: string) => {
      fetched.push(url);
      return new Response(url.endsWith('model.json') ? JSON.stringify(json) : weights);
    }) as typeof fetch;
    await expect(loadModelFromUrl('http://h/m/model.json', fakeFetch)).rejects.toThrow(
      /layer dense_\w+ \(Dense\) \(units 1000000000\) needs dense_\w+\/kernel of shape \[784, 1000000000\]/,
    );
    expect(fetched).toEqual(['http://h/m/model.json']);
  });
});

describe('loadModelFromFiles with a PyTorch file', () => {
  test('takes a dropped .pth or .safetensors of the SimpleCNN and gives the same logits', async () => {
    const original = simpleCNN({ seed: 4 });
    const x = tf.randomUniform([2, 28, 28, 1], -1, 1, 'float32', 1);
    const want = Array.from((original.predict(x) as tf.Tensor).dataSync());
    for (const [name, format] of [
      ['simple_cnn.pth', 'pth'],
      ['simple_cnn.safetensors', 'safetensors'],
    ] as const) {
      const file = new File([modelToTorch(original, format) as Uint8Array<ArrayBuffer>], name);
      const loaded = await loadModelFromFiles([file]);
      expect(loaded.source).toBe(name);
      expect(Array.from((loaded.model.predict(x) as tf.Tensor).dataSync())).toEqual(want);
      loaded.model.dispose();
    }
    await expect(loadModelFromFiles([new File([new Uint8Array([1, 2, 3])], 'broken.pth')])).rejects.toThrow(
      /^broken\.pth: /,
    );
    original.dispose();
    x.dispose();
  });
});
