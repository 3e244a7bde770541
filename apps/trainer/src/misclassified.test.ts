import '@tensorflow/tfjs-backend-cpu';
import { DataLoader, encodeIdx, IdxDataset } from '@mnistkit/data';
import { simpleCNN } from '@mnistkit/models';
import { evaluate } from '@mnistkit/training';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { galleryOptions, shownPredictions } from './misclassified.js';

function dataset(count: number, labelOf: (i: number) => number): IdxDataset {
  const pixels = new Uint8Array(count * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 31) % 256;
  const labels = Uint8Array.from({ length: count }, (_, i) => labelOf(i));
  return IdxDataset.fromBytes(encodeIdx([count, 28, 28], pixels), encodeIdx([count], labels));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('shownPredictions', () => {
  it('takes the most confident mistakes, with their images, from the test pass itself', async () => {
    const model = simpleCNN({ seed: 1 });
    const [predicted, confidence] = tf.tidy(() => {
      const images = tf.tensor4d(
        new Float32Array(20 * 784).map((_, i) => ((i * 31) % 256) / 127.5 - 1),
        [20, 28, 28, 1],
      );
      const p = tf.softmax(model.predict(images) as tf.Tensor);
      return [Array.from(tf.argMax(p, 1).dataSync()), Array.from(tf.max(p, 1).dataSync())];
    });
    // Label every sample with its predicted class except samples 3, 11 and 17.
    const wrongOnes = [3, 11, 17];
    const data = dataset(20, (i) =>
      wrongOnes.includes(i) ? ((predicted[i] as number) + 1) % 10 : (predicted[i] as number),
    );
    const loader = new DataLoader(data, { batchSize: 8 });
    const before = tf.memory().numTensors;
    const test = await evaluate(model, loader, galleryOptions(2));
    expect(tf.memory().numTensors).toBe(before);
    expect(test.total - test.correct).toBe(3);
    const shown = shownPredictions(test, data, 2);
    const byConfidence = [...wrongOnes].sort((a, b) => (confidence[b] as number) - (confidence[a] as number));
    expect(shown.map((p) => p.index)).toEqual(byConfidence.slice(0, 2));
    const first = shown[0];
    expect(first?.predicted).toBe(predicted[first?.index as number]);
    expect(first?.label).toBe(((predicted[first?.index as number] as number) + 1) % 10);
    expect(first?.confidence).toBeCloseTo(confidence[first?.index as number] as number, 6);
    expect(first?.image).toEqual(data.get(first?.index as number).image);
    model.dispose();
  });

  it('shows the first samples when the model got every one right', async () => {
    const model = simpleCNN({ seed: 2 });
    const predicted = tf.tidy(() => {
      const images = tf.tensor4d(
        new Float32Array(12 * 784).map((_, i) => ((i * 31) % 256) / 127.5 - 1),
        [12, 28, 28, 1],
      );
      return Array.from(tf.argMax(model.predict(images) as tf.Tensor, 1).dataSync());
    });
    const data = dataset(12, (i) => predicted[i] as number);
    const test = await evaluate(model, new DataLoader(data, { batchSize: 5 }), galleryOptions(4));
    expect(test.correct).toBe(12);
    const shown = shownPredictions(test, data, 4);
    expect(shown.map((p) => p.index)).toEqual([0, 1, 2, 3]);
    expect(shown.map((p) => p.predicted)).toEqual(predicted.slice(0, 4));
    expect(() => shownPredictions({ ...test, samples: undefined }, data, 4)).toThrow(/galleryOptions/);
    model.dispose();
  });
});
