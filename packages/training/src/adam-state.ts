// FusedAdamOptimizer extends tfjs-core's AdamOptimizer and updates the state that class keeps in fields TypeScript
// marks private. This file is the one place that knows those fields: their names, types and meaning, and the
// tfjs-core versions they hold for. adam-state.test.ts pins them against the installed tfjs-core.
import * as tf from '@tensorflow/tfjs-core';

/**
 * The tfjs-core versions whose AdamOptimizer keeps its state as {@link AdamState} describes: the range this package
 * peers on. Checked against 4.22.0; a tfjs-core outside it makes {@link adamState} return undefined (the optimizer
 * then takes the stock update).
 */
export const ADAM_STATE_TFJS_CORE = { range: '>=4.22.0 <5', checked: '4.22.0' } as const;

/** One moment slot: a variable named `<weight name>/m` (or `/v`), at the position of its weight in the step. */
export interface AdamMoment {
  originalName: string;
  variable: tf.Variable;
}

/**
 * tfjs-core 4.22's AdamOptimizer state. `accBeta1`/`accBeta2` hold β^(t+1) after t steps (the next step's bias
 * corrections are 1 − accBeta); the moments are created lazily, at the positions of the weights in the first step
 * that has them, named `<weight>/m` and `<weight>/v` (what `getWeights()` returns after the iteration count).
 */
export interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: AdamMoment[];
  accumulatedSecondMoment: AdamMoment[];
}

/** Whether the installed tfjs-core is in {@link ADAM_STATE_TFJS_CORE}'s range. */
export function adamStateVersionSupported(version: string = tf.version_core): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major === 4 && (minor as number) >= 22;
}

/**
 * `optimizer`'s private Adam state, typed, when the installed tfjs-core keeps it where 4.22 does; undefined
 * otherwise (another version, or the fields are not there).
 */
export function adamState(optimizer: tf.AdamOptimizer): AdamState | undefined {
  if (!adamStateVersionSupported()) return undefined;
  const s = optimizer as unknown as Partial<AdamState>;
  const ok =
    s.accBeta1 instanceof tf.Variable &&
    s.accBeta2 instanceof tf.Variable &&
    Array.isArray(s.accumulatedFirstMoment) &&
    Array.isArray(s.accumulatedSecondMoment);
  return ok ? (s as AdamState) : undefined;
}
