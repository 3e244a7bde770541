import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCheckedModel } from './load-checked-model.js';
import type { ModelJson } from './model-json.js';
import { simpleCNN, tutorialModel } from './simple-cnn.js';
import { artifactsOf, editLayer } from './test-utils/artifacts.js';
import { checkTopology } from './topology-check.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function saved(model: tfl.LayersModel): Promise<{ json: ModelJson; weights: Uint8Array }> {
  const out = await artifactsOf(model);
  model.dispose();
  return out;
}

const inMemory = (weights: Uint8Array) => ({ read: async () => weights });

describe('checkTopology', () => {
  it('accepts what TF.js saves: SimpleCNN, the tutorial Model, batch norm, a functional model', async () => {
    const input = tfl.input({ shape: [8, 8, 1] });
    const conv = tfl.layers.conv2d({ name: 'c', filters: 4, kernelSize: 3 }).apply(input) as tfl.SymbolicTensor;
    const normed = tfl.layers.batchNormalization({ name: 'bn' }).apply(conv) as tfl.SymbolicTensor;
    const pooled = tfl.layers.globalAveragePooling2d({ name: 'g' }).apply(normed) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ name: 'out', units: 10 }).apply(pooled) as tfl.SymbolicTensor;
    for (const model of [
      simpleCNN({ seed: 1 }),
      tutorialModel({ seed: 1 }),
      tfl.model({ inputs: input, outputs: out }),
    ]) {
      const { json } = await saved(model);
      expect(() => checkTopology(json, 'model.json')).not.toThrow();
    }
  });

  it('refuses a Dense layer whose units disagree with the listed weights, naming the layer and both shapes', async () => {
    const { json } = await saved(simpleCNN({ seed: 1 }));
    const huge = editLayer(json, 'fc1', (c) => {
      c.units = 1_000_000_000;
    });
    expect(() => checkTopology(huge, 'run/model.json')).toThrow(
      'run/model.json: layer fc1 (Dense) (units 1000000000) needs fc1/kernel of shape [3136, 1000000000], weightsManifest lists [3136, 128]',
    );
  });

  it('follows the input shape: a larger image makes fc1 larger than listed', async () => {
    const { json } = await saved(simpleCNN({ seed: 1 }));
    const wide = editLayer(json, 'conv1', (c) => {
      c.batch_input_shape = [null, 28_000, 28_000, 1];
    });
    expect(() => checkTopology(wide, 'm.json')).toThrow(
      'm.json: layer fc1 (Dense) (units 128) needs fc1/kernel of shape [3136000000, 128], weightsManifest lists [3136, 128]',
    );
  });

  it('refuses convolutions of another size and weights the manifest does not list', async () => {
    const { json } = await saved(simpleCNN({ seed: 1 }));
    const filters = editLayer(json, 'conv2', (c) => {
      c.filters = 4096;
    });
    expect(() => checkTopology(filters, 'm.json')).toThrow(
      'm.json: layer conv2 (Conv2D) (filters 4096, kernel 3x3) needs conv2/kernel of shape [3, 3, 32, 4096], weightsManifest lists [3, 3, 32, 64]',
    );
    const renamed = editLayer(json, 'fc2', (c) => {
      c.name = 'head';
    });
    expect(() => checkTopology(renamed, 'm.json')).toThrow(
      'm.json: layer head (Dense) (units 10) creates the weight head/kernel, which weightsManifest does not list',
    );
    const zero = editLayer(json, 'conv1', (c) => {
      c.kernel_size = [0, 3];
    });
    expect(() => checkTopology(zero, 'm.json')).toThrow(
      'm.json: layer conv1 (Conv2D) kernel_size: expected a whole number ≥ 1, found 0',
    );
  });

  it('bounds the sizes of layers it cannot follow by the weights listed', async () => {
    const model = tfl.sequential({
      layers: [tfl.layers.embedding({ name: 'emb', inputDim: 50, outputDim: 4, inputLength: 3 })],
    });
    const { json } = await saved(model);
    expect(() => checkTopology(json, 'm.json')).not.toThrow();
    const huge = editLayer(json, 'emb', (c) => {
      c.input_dim = 5_000_000_000;
    });
    expect(() => checkTopology(huge, 'm.json')).toThrow(
      'm.json: layer emb (Embedding) declares input_dim 5000000000, more than the 200 weight values of weightsManifest',
    );
  });
});

describe('loadCheckedModel', () => {
  it('refuses a huge topology before TF.js allocates anything', async () => {
    const small = tfl.sequential({
      layers: [tfl.layers.flatten({ inputShape: [4, 4, 1] }), tfl.layers.dense({ name: 'd', units: 10 })],
    });
    const { json, weights } = await saved(small);
    // 16 x 200,000 float32 = 12.8 MB that TF.js would allocate before noticing the weights do not fit.
    const huge = editLayer(json, 'd', (c) => {
      c.units = 200_000;
    });
    const before = tf.memory().numTensors;
    const profile = await tf.profile(async () => {
      await expect(loadCheckedModel(huge, inMemory(weights), { source: 'm.json' })).rejects.toThrow(
        'm.json: layer d (Dense) (units 200000) needs d/kernel of shape [16, 200000], weightsManifest lists [16, 10]',
      );
      return [];
    });
    expect(profile.peakBytes).toBeLessThan(1024);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('builds the model, keeping the training config and metadata, and checks sizes', async () => {
    const { json, weights } = await saved(simpleCNN({ seed: 3 }));
    json.userDefinedMetadata = { classNames: ['0', '1'] };
    const loaded = await loadCheckedModel(json, inMemory(weights), {
      source: 'm.json',
      expect: { inputShape: [28, 28, 1], numClasses: 10 },
    });
    expect(loaded.weightBytes).toBe(421_642 * 4);
    expect(loaded.model.getUserDefinedMetadata()).toEqual({ classNames: ['0', '1'] });
    loaded.model.dispose();
    await expect(
      loadCheckedModel(
        json,
        { read: async () => weights.subarray(0, 1000), describe: (p) => `run/${p}` },
        { source: 'm.json' },
      ),
    ).rejects.toThrow(
      'run/weights.bin: weights size mismatch: m.json lists 1686568 bytes of weights, the file has 1000 bytes',
    );
    let read = false;
    const sized = {
      size: async () => 12,
      read: async () => {
        read = true;
        return weights;
      },
    };
    await expect(loadCheckedModel(json, sized, { source: 'm.json' })).rejects.toThrow('the file has 12 bytes');
    expect(read).toBe(false);
  });
});
