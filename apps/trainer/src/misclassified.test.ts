import '@tensorflow/tfjs-backend-cpu';
import { encodeIdx, IdxDataset } from '@mnistkit/data';
import { simpleCNN } from '@mnistkit/models';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { findPredictions } from './misclassified.js';

function dataset(count: number, labelOf: (i: number) => number): IdxDataset {
  const pixels = new Uint8Array(count * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 31) % 256;
  const labels = Uint8Array.from({ length: count }, (_, i) => labelOf(i));
  return IdxDataset.fromBytes(encodeIdx([count, 28, 28], pixels), encodeIdx([count], labels));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('findPredictions', () => {
  it('returns the samples whose prediction differs from the label, with their images, and leaks nothing', async () => {
    const model = simpleCNN({ seed: 1 });
    const predicted = tf.tidy(() => {
      const images = tf.tensor4d(
        new Float32Array(20 * 784).map((_, i) => ((i * 31) % 256) / 127.5 - 1),
        [20, 28, 28, 1],
      );
      return Array.from(tf.argMax(model.predict(images) as tf.Tensor, 1).dataSync());
    });
    // Label every sample with its predicted class except samples 3 and 11.
    const data = dataset(20, (i) =>
      i === 3 || i === 11 ? ((predicted[i] as number) + 1) % 10 : (predicted[i] as number),
    );
    const before = tf.memory().numTensors;
    const wrong = await findPredictions(model, data, { batchSize: 8 });
    expect(tf.memory().numTensors).toBe(before);
    expect(wrong.map((w) => w.index)).toEqual([3, 11]);
    expect(wrong[0]?.predicted).toBe(predicted[3]);
    expect(wrong[0]?.label).toBe(((predicted[3] as number) + 1) % 10);
    expect(wrong[0]?.confidence).toBeGreaterThan(0);
    expect(wrong[0]?.confidence).toBeLessThanOrEqual(1);
    expect(wrong[1]?.image).toEqual(data.get(11).image);
    expect(await findPredictions(model, data, { max: 1, batchSize: 4 })).toHaveLength(1);
    const all = await findPredictions(model, data, { max: 5, batchSize: 4, onlyWrong: false });
    expect(all.map((p) => p.index)).toEqual([0, 1, 2, 3, 4]);
    expect(all.map((p) => p.predicted)).toEqual(predicted.slice(0, 5));
    model.dispose();
  });
});
