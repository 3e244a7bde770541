// Reproducible dropout. tfjs-layers 4.22's Dropout passes its `seed` field to `tf.dropout`, which draws from
// Math.random when it is unset; the loop seeds every Dropout layer per step from (seed, epoch, step, layer) with
// @mnistkit/data's `tfSeed`, so masks are reproducible without saving any RNG stream: the position is the state.
import { tfSeed } from '@mnistkit/data';
import type * as tfl from '@tensorflow/tfjs-layers';

/** The `seed` field of tfjs-layers 4.22's Dropout (and subclasses) that `tf.dropout` receives. */
type SeededLayer = { seed?: number };

/** The model's layers that draw random masks in training (Dropout and subclasses: they have `rate` and `seed`). */
export function dropoutLayers(model: tfl.LayersModel): tfl.LayersModel['layers'] {
  return model.layers.filter((l) => /Dropout/.test(l.getClassName()));
}

/** The seeds the model's Dropout layers hold now (undefined: unseeded), in layer order. */
export function getDropoutSeeds(model: tfl.LayersModel): (number | undefined)[] {
  return dropoutLayers(model).map((layer) => (layer as unknown as SeededLayer).seed);
}

/** Sets every Dropout layer's seed, in layer order (undefined: unseeded). */
export function setDropoutSeeds(model: tfl.LayersModel, seeds: readonly (number | undefined)[]): void {
  dropoutLayers(model).forEach((layer, i) => {
    (layer as unknown as SeededLayer).seed = seeds[i];
  });
}

/** Seeds every Dropout layer for one step of training: layer i gets `tfSeed(seed, epoch, step, i)`. */
export function seedDropout(model: tfl.LayersModel, seed: number, epoch: number, step: number): void {
  setDropoutSeeds(
    model,
    dropoutLayers(model).map((_, i) => tfSeed(seed, epoch, step, i)),
  );
}

/** @deprecated An internal of the training loop, exported only for compatibility. */
export const deprecatedDropoutLayers: typeof dropoutLayers = dropoutLayers;

/** @deprecated Use `tfSeed` from `@mnistkit/data`, mnistkit's one seed mixer (same contract: a non-zero 31-bit seed). */
export const mixSeeds: (...parts: number[]) => number = tfSeed;
