import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.js';
import type { BatchSource } from '../loader.js';
import { createDataParallelStep } from './data-parallel.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const cpuSetup = { module: new URL('../test-utils/backends.ts', import.meta.url).href, export: 'cpu' };

/** A model that computes almost nothing, so the protocols (wake-ups, barriers, ring hand-offs) are most of the time. */
function microModel(): tfl.LayersModel {
  const m = tfl.sequential({ name: 'Micro' });
  m.add(tfl.layers.flatten({ inputShape: [2, 2, 1] }));
  m.add(tfl.layers.dense({ units: 10, kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }));
  return m;
}

const images = Float32Array.from({ length: 64 * 4 }, (_, i) => Math.sin(i));
const labels = Int32Array.from({ length: 64 }, (_, i) => i % 10);

/** Short streams: batches of `sizes` samples (a stream ends after a few hand-offs). */
function loader(sizes: number[]): BatchSource {
  return {
    length: sizes.length,
    async *batches() {
      let start = 0;
      for (const size of sizes) {
        yield {
          images: tf.tensor4d(images.slice(start * 4, (start + size) * 4), [size, 2, 2, 1]),
          labels: tf.tensor1d(labels.slice(start, start + size), 'int32'),
          size,
        };
        start += size;
      }
    },
  };
}

/** `run()` or a failure naming the round, if it takes longer than `ms` (a hang in the protocol). */
async function watchdog<T>(what: string, ms: number, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms: the protocol hung`)), ms);
  });
  try {
    return await Promise.race([run(), hung]);
  } finally {
    clearTimeout(timer);
  }
}

describe('data-parallel protocols under stress', () => {
  it('4 threads: 2,000 short evaluations and 1,600 steps, each under a watchdog; none hangs, the replicas agree', async () => {
    const model = microModel();
    const step = createDataParallelStep({ model, threads: 4, shards: 4, backendSetup: cpuSetup });
    const optimizer = tf.train.sgd(0.01);
    const streams = [[3], [3, 3, 2], [1, 1, 1, 1, 1], [4, 2], [2, 2, 2, 2, 2, 2, 2]];
    const trainImages = tf.tensor4d(images.slice(0, 8 * 4), [8, 2, 2, 1]);
    const trainLabels = tf.tensor1d(labels.slice(0, 8), 'int32');
    try {
      await step.ready();
      // Longer soak runs: MNISTKIT_STRESS_ROUNDS=20000.
      const rounds = Number(process.env.MNISTKIT_STRESS_ROUNDS ?? 1_600);
      for (let round = 0; round < rounds; round++) {
        const sizes = streams[round % streams.length] as number[];
        const result = await watchdog(`evaluation ${round + 1}`, 15_000, () => step.evaluate(model, loader(sizes)));
        expect(result.total).toBe(sizes.reduce((a, b) => a + b, 0));
        await watchdog(`step ${round + 1}`, 15_000, () => step(model, optimizer, trainImages, trainLabels));
        // Every few rounds a second evaluation right after the first: back-to-back stream ends.
        if (round % 4 === 0)
          await watchdog(`evaluation ${round + 1}b`, 15_000, () => step.evaluate(model, loader([1])));
      }
      const [main, ...workers] = await step.replicaWeights();
      for (const w of workers) expect(w).toEqual(main);
      expect(await step.evaluate(model, loader([3, 3, 2]))).toEqual(await evaluate(model, loader([3, 3, 2])));
    } finally {
      await step.dispose();
      tf.dispose([trainImages, trainLabels]);
      optimizer.dispose();
      model.dispose();
    }
  });
});
