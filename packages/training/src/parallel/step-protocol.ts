// The step protocol, the same on every thread: claim shards of the batch until none is left, computing each one's
// gradients into its slot; meet at the gradient barrier; sum an equal part of the parameters over the shards (in
// shard order); meet at the second barrier; then every thread applies the same sum. Barrier words count arrivals
// over the pool's life, so each arrival changes the word the others wait on.
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { mixSeeds } from '../step.js';
import { type BatchHeader, CTRL_ARRIVED, CTRL_NEXT, CTRL_SUMMED, type ParameterLayout, type Slots } from './layout.js';
import { bump, claimEach, type Protocol, waitFor } from './protocol.js';
import { computeShard, setDropoutSeeds } from './replica.js';
import { P_BARRIER, P_OTHER, P_SUM, type Trace } from './trace.js';

/**
 * Sizes of the `shards` contiguous shards a batch of `batch` samples is split into: the first `batch % shards`
 * hold one sample more. Which thread computes a shard does not change the result.
 */
export function shardSizes(batch: number, shards: number): number[] {
  const base = Math.floor(batch / shards);
  const extra = batch % shards;
  return Array.from({ length: shards }, (_, r) => base + (r < extra ? 1 : 0));
}

/** First sample of each shard. */
export function shardStarts(sizes: readonly number[]): number[] {
  let start = 0;
  return sizes.map((size) => {
    const s = start;
    start += size;
    return s;
  });
}

/**
 * The dropout seed shard `shard` uses, given the seed the training loop set on the layer for this step: shard 0
 * keeps it (so one thread draws exactly the masks of single-thread training), shard s > 0 mixes in s.
 * `undefined` (unseeded layer) stays unseeded.
 */
export function shardSeed(layerSeed: number | undefined, shard: number): number | undefined {
  if (layerSeed === undefined) return undefined;
  return shard === 0 ? layerSeed : mixSeeds(layerSeed, shard);
}

/** The part [begin, end) of the parameters that thread `thread` of `threads` sums. */
export function sumRange(total: number, thread: number, threads: number): [number, number] {
  const per = Math.ceil(total / threads);
  return [Math.min(total, thread * per), Math.min(total, (thread + 1) * per)];
}

/**
 * Sums the shards' gradient slots over [begin, end) into `out`, in shard order (so the sums are bit-identical
 * whichever thread adds which part).
 */
export function sumShards(
  grad: (parity: number, shard: number) => Float32Array,
  parity: number,
  shards: number,
  out: Float32Array,
  begin: number,
  end: number,
): void {
  out.set(grad(parity, 0).subarray(begin, end), begin);
  for (let r = 1; r < shards; r++) {
    const g = grad(parity, r);
    for (let k = begin; k < end; k++) out[k] = (out[k] as number) + (g[k] as number);
  }
}

/** Loss and correct count of a step, summed over shards in shard order (the same order on every thread). */
export function stepTotals(
  result: (parity: number, shard: number) => Float64Array,
  parity: number,
  shards: number,
): { loss: number; correct: number } {
  let loss = 0;
  let correct = 0;
  for (let r = 0; r < shards; r++) {
    const v = result(parity, r);
    loss += v[0] as number;
    correct += v[1] as number;
  }
  return { loss, correct };
}

/** Arrives at a barrier word and waits until all `target` arrivals (over the pool's life) are in. */
export function* arriveAndWait(word: number, target: number): Protocol {
  yield* bump(word);
  yield* waitFor(word, (n) => n >= target);
}

/** What one thread needs to take part in steps. */
export interface StepReplica {
  model: tfl.LayersModel;
  layout: ParameterLayout;
  slots: Slots;
  shards: number;
  threads: number;
  /** This thread's number (0 = main). */
  thread: number;
  trace: Trace;
}

/** One shard's input tensors (null for an empty shard) and how to let go of them. */
export interface ShardInput {
  images: tf.Tensor | null;
  labels: tf.Tensor | null;
  release(): void;
}

/**
 * One thread's part of the pool's step number `step` (0-based over the pool's life): claims shards until none is
 * left (computing each with `input(shard, start, size)`'s tensors), arrives at the gradient barrier, sums its part,
 * arrives at the second barrier. Returns the step's totals and the generation (`parity`) whose sum to apply.
 * The main thread resets {@link CTRL_NEXT} before each step. Leaves the model's dropout seeds as it found them.
 */
export function* replicaStep(
  r: StepReplica,
  step: number,
  header: BatchHeader,
  input: (shard: number, start: number, size: number) => ShardInput,
): Protocol<{ loss: number; correct: number; parity: number }> {
  const sizes = shardSizes(header.batch, r.shards);
  const starts = shardStarts(sizes);
  const parity = step % 2;
  const { grad, result } = r.slots;
  try {
    yield* claimEach(CTRL_NEXT, r.shards, (shard) => {
      const size = sizes[shard] as number;
      const x = input(shard, starts[shard] as number, size);
      try {
        setDropoutSeeds(
          r.model,
          header.seeds.map((s) => shardSeed(s, shard)),
        );
        const scale = size / header.batch;
        computeShard(r.model, x.images, x.labels, scale, grad(parity, shard), result(parity, shard), r.layout, r.trace);
      } finally {
        x.release();
      }
    });
  } finally {
    setDropoutSeeds(r.model, header.seeds);
  }
  r.trace.mark(P_OTHER);
  const target = (step + 1) * r.threads;
  yield* arriveAndWait(CTRL_ARRIVED, target);
  r.trace.mark(P_BARRIER);
  // Each thread sums its part of the parameters into the shared sum, then every thread applies the whole sum.
  const [begin, end] = sumRange(r.layout.total, r.thread, r.threads);
  sumShards(r.slots.grad, parity, r.shards, r.slots.sum(parity), begin, end);
  r.trace.mark(P_SUM);
  yield* arriveAndWait(CTRL_SUMMED, target);
  r.trace.mark(P_BARRIER);
  return { ...stepTotals(r.slots.result, parity, r.shards), parity };
}
