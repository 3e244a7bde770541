import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { countParameters, describeModel } from './describe.js';
import { ModelError } from './errors.js';
import { createModel, modelNames, models } from './registry.js';
import { simpleCNN, tutorialModel } from './simple-cnn.js';
import { validateClassifier } from './validate.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('simpleCNN', () => {
  it('has the tutorial parameter count, layer names and shapes', () => {
    const model = simpleCNN({ seed: 1 });
    expect(countParameters(model)).toBe(421_642);
    expect(model.layers.map((l) => l.name)).toEqual([
      'conv1',
      'pool1',
      'conv2',
      'pool2',
      'flatten',
      'fc1',
      'dropout',
      'fc2',
    ]);
    expect(model.inputs[0]?.shape).toEqual([null, 28, 28, 1]);
    expect(model.outputs[0]?.shape).toEqual([null, 10]);
    expect(() => validateClassifier(model)).not.toThrow();
    model.dispose();
  });

  it('initialises like PyTorch: weights and biases within ±1/√fan_in, and filling that range', () => {
    const model = simpleCNN({ seed: 7 });
    const fanIns: Record<string, number> = { conv1: 9, conv2: 288, fc1: 3136, fc2: 128 };
    for (const [name, fanIn] of Object.entries(fanIns)) {
      const bound = 1 / Math.sqrt(fanIn);
      for (const w of model.getLayer(name).getWeights()) {
        const values = Array.from(w.dataSync());
        const maxAbs = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        expect(maxAbs).toBeLessThanOrEqual(bound + 1e-7);
        // With ≥32 uniform draws the extreme lies near the bound; glorot or a wrong fan-in would not.
        expect(maxAbs).toBeGreaterThan(bound * 0.8);
      }
    }
    model.dispose();
  });

  it('is reproducible with a seed and differs across seeds', () => {
    const a = simpleCNN({ seed: 3 });
    const b = simpleCNN({ seed: 3 });
    const c = simpleCNN({ seed: 4 });
    const wa = a.getWeights().map((w) => Array.from(w.dataSync()));
    expect(b.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(wa);
    expect(c.getWeights()[0]?.dataSync()).not.toEqual(a.getWeights()[0]?.dataSync());
    // Layers must not share a stream: conv1's first weights differ from fc2's.
    expect(Array.from(a.getLayer('conv1').getWeights()[0]?.dataSync().slice(0, 5) ?? [])).not.toEqual(
      Array.from(a.getLayer('fc2').getWeights()[0]?.dataSync().slice(0, 5) ?? []).map((v) => v),
    );
    for (const m of [a, b, c]) m.dispose();
  });

  it('supports glorot init with zero biases', () => {
    const model = simpleCNN({ seed: 1, init: 'glorot' });
    expect(Array.from(model.getLayer('fc1').getWeights()[1]?.dataSync() ?? []).every((v) => v === 0)).toBe(true);
    model.dispose();
  });

  it('maps a batch of images to logits without leaking tensors', () => {
    const model = simpleCNN({ seed: 1 });
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => model.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor);
    expect(out.shape).toEqual([2, 10]);
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('describeModel', () => {
  it('prints the layer tree with settings, output shapes and the total in the tutorial style', () => {
    const model = simpleCNN({ seed: 1 });
    const text = describeModel(model);
    expect(text.split('\n').at(-1)).toBe('Total parameters: 421,642');
    expect(text).toMatchInlineSnapshot(`
      "SimpleCNN(
        (conv1): Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1), padding=same, activation=relu)   -> [N, 28, 28, 32]  320 params
        (pool1): MaxPool2d(kernel_size=2, stride=2, padding=valid)                                 -> [N, 14, 14, 32]
        (conv2): Conv2d(32, 64, kernel_size=(3, 3), stride=(1, 1), padding=same, activation=relu)  -> [N, 14, 14, 64]  18,496 params
        (pool2): MaxPool2d(kernel_size=2, stride=2, padding=valid)                                 -> [N, 7, 7, 64]
        (flatten): Flatten()                                                                       -> [N, 3136]
        (fc1): Linear(in_features=3136, out_features=128, bias=True, activation=relu)              -> [N, 128]         401,536 params
        (dropout): Dropout(p=0.5)                                                                  -> [N, 128]
        (fc2): Linear(in_features=128, out_features=10, bias=True)                                 -> [N, 10]          1,290 params
      )
      Total parameters: 421,642"
    `);
    model.dispose();
  });
});

describe('tutorialModel and the registry', () => {
  it('builds the tutorial Model: 28×28×1 → 20×20×20', () => {
    const model = tutorialModel({ seed: 1 });
    expect(model.outputs[0]?.shape).toEqual([null, 20, 20, 20]);
    expect(countParameters(model)).toBe(1 * 20 * 25 + 20 + 20 * 20 * 25 + 20);
    expect(() => validateClassifier(model, undefined, 'tutorialModel')).toThrow(
      /tutorialModel: expected output shape \[null, 10\] \(class logits\), found \[null, 20, 20, 20\]/,
    );
    model.dispose();
  });

  it('creates models by name and names the choices for an unknown one', () => {
    expect(modelNames).toEqual(['simpleCNN', 'tutorialModel']);
    const m = createModel('simpleCNN', { seed: 2 });
    expect(countParameters(m)).toBe(421_642);
    expect(models.simpleCNN.classifier).toBe(true);
    m.dispose();
    expect(() => createModel('resnet')).toThrow(ModelError);
    expect(() => createModel('resnet')).toThrow('unknown model "resnet"; expected one of: simpleCNN, tutorialModel');
  });

  it('rejects a model with the wrong input shape, naming the source', () => {
    const m = tutorialModel({ inputShape: [32, 32, 3] });
    expect(() => validateClassifier(m, { inputShape: [28, 28, 1], numClasses: 10 }, 'x/model.json')).toThrow(
      'x/model.json: expected input shape [null, 28, 28, 1], found [null, 32, 32, 3]',
    );
    m.dispose();
  });
});
