import type * as tfl from '@tensorflow/tfjs-layers';
import { ModelError } from './errors.js';

/** What a classifier must look like: input `[null, ...inputShape]`, output `[null, numClasses]`. */
export interface ClassifierShape {
  inputShape: readonly number[];
  numClasses: number;
}

/** The MNIST classifier shape: 28×28×1 images in, 10 logits out. */
export const MNIST_CLASSIFIER: ClassifierShape = { inputShape: [28, 28, 1], numClasses: 10 };

const fmt = (s: readonly (number | null)[]) => `[${s.map((d) => (d === null ? 'null' : d)).join(', ')}]`;

/**
 * Throws {@link ModelError} (naming `source`) unless the model has one input `[null, ...inputShape]` and one
 * output `[null, numClasses]`.
 */
export function validateClassifier(
  model: tfl.LayersModel,
  expect: ClassifierShape = MNIST_CLASSIFIER,
  source = model.name,
): void {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new ModelError(
      `${source}: expected a model with 1 input and 1 output, found ${model.inputs.length} inputs and ${model.outputs.length} outputs`,
      source,
    );
  }
  const wantIn = [null, ...expect.inputShape];
  const gotIn = model.inputs[0]?.shape ?? [];
  if (gotIn.length !== wantIn.length || gotIn.some((d, i) => i > 0 && d !== wantIn[i])) {
    throw new ModelError(`${source}: expected input shape ${fmt(wantIn)}, found ${fmt(gotIn)}`, source);
  }
  const wantOut = [null, expect.numClasses];
  const gotOut = model.outputs[0]?.shape ?? [];
  if (gotOut.length !== 2 || gotOut[1] !== expect.numClasses) {
    throw new ModelError(
      `${source}: expected output shape ${fmt(wantOut)} (class logits), found ${fmt(gotOut)}`,
      source,
    );
  }
}
