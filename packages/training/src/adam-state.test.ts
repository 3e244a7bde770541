import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADAM_STATE_TFJS_CORE, adamState, adamStateVersionSupported } from './adam-state.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe("tfjs-core's private Adam state (what FusedAdamOptimizer relies on)", () => {
  it('is where adam-state.ts says, with the meaning it says, in the installed tfjs-core', async () => {
    // Pinned: a tfjs-core upgrade must re-check these fields and move `checked` (the test then names the version).
    expect(tf.version_core).toBe(ADAM_STATE_TFJS_CORE.checked);
    expect(adamStateVersionSupported()).toBe(true);
    const w = tf.variable(tf.tensor1d([1, 2, 3]), true, 'adam-state-test/w');
    const stock = tf.train.adam(0.1, 0.8, 0.9);
    const state = adamState(stock);
    expect(state).toBeDefined();
    const s = state as NonNullable<typeof state>;
    expect(s.accumulatedFirstMoment).toEqual([]);
    for (let t = 1; t <= 3; t++) {
      stock.applyGradients([{ name: w.name, tensor: tf.tensor1d([0.5, -1, 2]) }]);
      // β^(t+1) after t steps: the next step's bias corrections are 1 − accBeta.
      expect(s.accBeta1.dataSync()[0]).toBeCloseTo(0.8 ** (t + 1), 6);
      expect(s.accBeta2.dataSync()[0]).toBeCloseTo(0.9 ** (t + 1), 6);
    }
    expect(s.accumulatedFirstMoment.map((m) => m.originalName)).toEqual([`${w.name}/m`]);
    expect(s.accumulatedSecondMoment.map((m) => m.originalName)).toEqual([`${w.name}/v`]);
    // getWeights(): the iteration count, then the moments, in this order.
    const weights = await stock.getWeights();
    expect(weights.map((x) => x.name)).toEqual(['iter', `${w.name}/m`, `${w.name}/v`]);
    expect(Array.from(weights[1]?.tensor.dataSync() ?? [])).toEqual(
      Array.from(s.accumulatedFirstMoment[0]?.variable.dataSync() ?? []),
    );
    tf.dispose([w, weights[0]?.tensor]);
    stock.dispose();
  });

  it('is refused (the optimizer falls back to the stock update) on other versions or without the fields', () => {
    expect(adamStateVersionSupported('4.21.0')).toBe(false);
    expect(adamStateVersionSupported('5.0.0')).toBe(false);
    expect(adamStateVersionSupported('4.23.1')).toBe(true);
    const stock = tf.train.adam();
    delete (stock as unknown as { accumulatedSecondMoment?: unknown }).accumulatedSecondMoment;
    expect(adamState(stock)).toBeUndefined();
    stock.dispose();
  });
});
