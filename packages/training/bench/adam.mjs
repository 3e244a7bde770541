// A/B of the Adam update in one run: tfjs-core's AdamOptimizer (tf.train.adam, ~12 elementwise kernels per variable)
// versus fusedAdam() (one MnistkitAdamUpdate kernel per variable) in a single-thread SimpleCNN training step on wasm,
// at batch 32 (what each thread of the two-thread data-parallel step runs) and 64. Rounds alternate the two, so
// load from other processes hits both alike; best of rounds is reported. Runs on the built packages:
// `pnpm --filter @mnistkit/training... build` first.
//
//   node packages/training/bench/adam.mjs [--steps 40] [--warmup 5] [--rounds 3] [--batch-sizes 32,64]
import { parseArgs } from 'node:util';
import { selectNodeBackend } from '@mnistkit/backend/node';
import { DataLoader, Subset } from '@mnistkit/data';
import { loadMnist } from '@mnistkit/data/node';
import { simpleCNN } from '@mnistkit/models';
import { computeGradients, FusedAdamOptimizer, fusedAdam } from '@mnistkit/training';
import * as tf from '@tensorflow/tfjs-core';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '40' },
    warmup: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    'batch-sizes': { type: 'string', default: '32,64' },
  },
});
const steps = Number(values.steps);
const warmup = Number(values.warmup);
const rounds = Number(values.rounds);
const batchSizes = values['batch-sizes'].split(',').map(Number);

const report = await selectNodeBackend({ backend: 'wasm' });
if (!FusedAdamOptimizer.fusedOnCurrentBackend())
  throw new Error('bench/adam.mjs: the wasm backend has no MnistkitAdamUpdate kernel');
const { train: trainSet } = await loadMnist();

/** The first `batchSize` training images and labels, as the data pipeline makes them (the same batch every step). */
async function batchOf(batchSize) {
  const indices = Array.from({ length: batchSize }, (_, i) => i);
  const loader = new DataLoader(new Subset(trainSet, indices), { batchSize });
  for await (const batch of loader.batches(0)) return batch;
  throw new Error(`bench/adam.mjs: no batch of ${batchSize} from the MNIST training set`);
}

/** Mean ms of a whole step and of the optimizer update alone, over `steps` steps after `warmup`. */
async function measure(makeOptimizer, batch) {
  const model = simpleCNN({ seed: 1 });
  const optimizer = makeOptimizer();
  let stepMs = 0;
  let updateMs = 0;
  for (let s = 0; s < warmup + steps; s++) {
    const t0 = performance.now();
    const { loss, correct, grads } = computeGradients(model, batch.images, batch.labels);
    await loss.data();
    const t1 = performance.now();
    optimizer.applyGradients(grads);
    // The update's kernels run synchronously on wasm; reading one weight makes that explicit.
    model.trainableWeights[0].read().dataSync();
    const t2 = performance.now();
    tf.dispose([loss, correct, grads]);
    if (s >= warmup) {
      stepMs += t2 - t0;
      updateMs += t2 - t1;
    }
  }
  optimizer.dispose();
  model.dispose();
  return { step: stepMs / steps, update: updateMs / steps };
}

const contenders = [
  { label: 'tf.train.adam (stock)', make: () => tf.train.adam(0.001) },
  { label: 'fusedAdam', make: () => fusedAdam(0.001) },
];
console.log(
  `SimpleCNN + Adam 1e-3 training step on ${report.name} (one thread), ${steps} timed steps after ${warmup} warm-up, best of ${rounds} rounds`,
);
for (const batchSize of batchSizes) {
  const batch = await batchOf(batchSize);
  const best = contenders.map(() => ({ step: Number.POSITIVE_INFINITY, update: Number.POSITIVE_INFINITY }));
  for (let r = 0; r < rounds; r++) {
    for (const [i, c] of contenders.entries()) {
      const m = await measure(c.make, batch);
      best[i] = { step: Math.min(best[i].step, m.step), update: Math.min(best[i].update, m.update) };
    }
  }
  tf.dispose([batch.images, batch.labels]);
  console.log(`batch ${batchSize}:`);
  for (const [i, c] of contenders.entries()) {
    const b = best[i];
    console.log(
      `  ${c.label.padEnd(22)} step ${b.step.toFixed(2).padStart(6)} ms (${((batchSize * 1000) / b.step).toFixed(0).padStart(5)} samples/s), Adam update ${b.update.toFixed(2).padStart(5)} ms`,
    );
  }
  const [stock, fused] = best;
  console.log(
    `  fused vs stock: step ×${(stock.step / fused.step).toFixed(2)} faster, update ×${(stock.update / fused.update).toFixed(2)} faster (${(stock.update - fused.update).toFixed(2)} ms saved per step)`,
  );
}
if (tf.memory().numTensors > 0) console.log(`(tensors left: ${tf.memory().numTensors})`);
