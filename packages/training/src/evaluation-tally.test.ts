import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, evaluateBatches } from './evaluate.js';
import { EvaluationTally, outputsAreProbabilities } from './evaluation-tally.js';
import type { Batch, BatchSource } from './loader.js';
import { addToConfusion, confusionAccuracy, emptyConfusion, perClassAccuracy } from './metrics.js';
import { outputClasses, softmaxCrossEntropy } from './step.js';
import { SyntheticLoader, tinyModel } from './test-utils/tiny.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** evaluate() as it was before the tally (its own loop), kept verbatim as the reference. */
async function previousEvaluate(model: tfl.LayersModel, loader: BatchSource) {
  const numClasses = outputClasses(model);
  const confusion = emptyConfusion(numClasses);
  let lossSum = 0;
  let total = 0;
  for await (const batch of loader.batches(0)) {
    const [loss, preds] = tf.tidy(() => {
      const logits = model.apply(batch.images, { training: false }) as tf.Tensor;
      return [softmaxCrossEntropy(logits, batch.labels, numClasses), tf.argMax(logits, -1)] as const;
    });
    const lossValue = (await loss.data())[0] as number;
    const predicted = (await preds.data()) as Int32Array;
    const labels = Int32Array.from(await batch.labels.data());
    tf.dispose([loss, preds, batch.images, batch.labels]);
    addToConfusion(confusion, labels, predicted);
    lossSum += lossValue * batch.size;
    total += batch.size;
  }
  const correct = confusion.reduce((n, row, i) => n + (row[i] as number), 0);
  return {
    loss: total === 0 ? Number.NaN : lossSum / total,
    accuracy: confusionAccuracy(confusion),
    correct,
    total,
    confusion,
    perClassAccuracy: perClassAccuracy(confusion),
  };
}

/** Every sample's [label, predicted, confidence] by brute force: all outputs at once, softmax, argmax. */
async function bruteForce(model: tfl.LayersModel, loader: BatchSource, probabilities = false) {
  const rows: { index: number; label: number; predicted: number; confidence: number }[] = [];
  for await (const batch of loader.batches(0)) {
    const out = tf.tidy(() => {
      const o = model.apply(batch.images, { training: false }) as tf.Tensor;
      return probabilities ? o : tf.softmax(o);
    });
    const p = (await out.data()) as Float32Array;
    const y = await batch.labels.data();
    const c = out.shape[1] as number;
    for (let i = 0; i < batch.size; i++) {
      let best = 0;
      for (let k = 1; k < c; k++) if ((p[i * c + k] as number) > (p[i * c + best] as number)) best = k;
      rows.push({ index: rows.length, label: y[i] as number, predicted: best, confidence: p[i * c + best] as number });
    }
    tf.dispose([out, batch.images, batch.labels]);
  }
  return rows;
}

/** An untrained tiny model gets most synthetic samples wrong: plenty of mistakes to rank. */
const loader = () => new SyntheticLoader(157, 20, 5, false);

describe('EvaluationTally / evaluate', () => {
  it('gives exactly the previous evaluate() result, leaving no tensors', async () => {
    const model = tinyModel(3);
    const expected = await previousEvaluate(model, loader());
    const before = tf.memory().numTensors;
    const result = await evaluate(model, loader());
    expect(tf.memory().numTensors).toBe(before);
    expect(result).toEqual(expected);
    expect(result.total).toBe(157);
  });

  it('keeps the k most confident mistakes (most confident first) and every sample, as brute force finds them', async () => {
    const model = tinyModel(4);
    const rows = await bruteForce(model, loader());
    const wrong = rows
      .filter((r) => r.label !== r.predicted)
      .sort((a, b) => b.confidence - a.confidence || a.index - b.index);
    expect(wrong.length).toBeGreaterThan(20);
    const before = tf.memory().numTensors;
    const result = await evaluate(model, loader(), { mistakes: 12, keepSamples: true });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.mistakes).toEqual(wrong.slice(0, 12));
    expect(Array.from(result.samples?.labels ?? [])).toEqual(rows.map((r) => r.label));
    expect(Array.from(result.samples?.predicted ?? [])).toEqual(rows.map((r) => r.predicted));
    expect(Array.from(result.samples?.confidences ?? [])).toEqual(rows.map((r) => r.confidence));
    // The extra bookkeeping leaves the figures as they were.
    const { mistakes: _m, samples: _s, ...figures } = result;
    expect(figures).toEqual(await evaluate(model, loader()));
    // Fewer mistakes than asked: all of them.
    expect((await evaluate(model, loader(), { mistakes: 1000 })).mistakes).toEqual(wrong);
  });

  it('reads a softmax-ending model as probabilities: log for the loss, the outputs as confidences', async () => {
    const logits = tinyModel(6);
    const softmax = tfl.sequential({ layers: [logits, tfl.layers.softmax()] });
    expect([outputsAreProbabilities(logits), outputsAreProbabilities(softmax)]).toEqual([false, true]);
    const a = await evaluate(logits, loader(), { mistakes: 5, keepSamples: true });
    const b = await evaluate(softmax, loader(), { outputs: 'probabilities', mistakes: 5, keepSamples: true });
    expect(b.confusion).toEqual(a.confusion);
    expect(b.loss).toBeCloseTo(a.loss, 5);
    expect(b.mistakes?.map((m) => m.index)).toEqual(a.mistakes?.map((m) => m.index));
    const rows = await bruteForce(softmax, loader(), true);
    expect(Array.from(b.samples?.confidences ?? [])).toEqual(rows.map((r) => r.confidence));
  });

  it('is incremental: batches fed one by one, progress after each, result() at any point', async () => {
    const model = tinyModel(7);
    const tally = EvaluationTally.forModel(model, { mistakes: 3 });
    expect(tally.result()).toMatchObject({ total: 0, correct: 0, accuracy: 0, mistakes: [] });
    expect(tally.result().loss).toBeNaN();
    const progress: number[][] = [];
    const expected = await evaluate(model, loader(), {
      mistakes: 3,
      onBatchEnd: (done, batches, samples) => void progress.push([done, batches, samples]),
    });
    for await (const b of loader().batches(0)) {
      await tally.addBatch(model, b.images, b.labels);
      tf.dispose([b.images, b.labels]);
      if (tally.samplesSeen === 40) expect(tally.result().total).toBe(40);
    }
    expect(tally.result()).toEqual(expected);
    expect(progress[0]).toEqual([1, 8, 20]);
    expect(progress.at(-1)).toEqual([8, 8, 157]);
  });

  it('stops at an aborted signal with its reason, disposing the batches it took', async () => {
    const model = tinyModel(8);
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const run = evaluate(model, loader(), {
      signal: controller.signal,
      onBatchEnd: (done) => {
        if (done === 2) controller.abort(new Error('stopped by the test'));
      },
    });
    await expect(run).rejects.toThrow('stopped by the test');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('evaluateBatches takes any iterable of batches; an empty stream gives NaN loss', async () => {
    const model = tinyModel(9);
    const batches: Batch[] = [];
    for await (const b of loader().batches(0)) batches.push(b);
    const result = await evaluateBatches(model, batches);
    expect(result).toEqual(await evaluate(model, loader()));
    const empty = await evaluateBatches(model, []);
    expect(empty).toMatchObject({ total: 0, correct: 0 });
    expect(empty.loss).toBeNaN();
  });

  it('rejects bad options and labels outside the classes', async () => {
    expect(() => new EvaluationTally(0)).toThrow(/numClasses: expected an integer ≥ 1, found 0/);
    expect(() => new EvaluationTally(10, { mistakes: -1 })).toThrow(/mistakes: expected an integer ≥ 0, found -1/);
    const tally = new EvaluationTally(10);
    const outputs = tf.zeros([2, 10]);
    const labels = tf.tensor1d([1, 12], 'int32');
    await expect(tally.add(outputs, labels)).rejects.toThrow(/label 12/);
    tf.dispose([outputs, labels]);
  });
});
