import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { StepGradients } from './step.js';

/**
 * The fused SimpleCNN gradients kernel a backend package may register (@mnistkit/backend does, for `wasm`): inputs
 * `x`, `labels`, the eight weights named in {@link FUSED_SIMPLE_CNN_WEIGHTS} and an optional `dropoutMask`; outputs
 * the mean loss, the number of correct predictions and the eight gradients. Its registered config has a function
 * named {@link FUSED_KERNEL_AVAILABILITY}: false where it cannot run on that backend, and the layers' own ops are used.
 */
export const FUSED_SIMPLE_CNN_KERNEL = 'MnistkitSimpleCNNGradients';

/** The kernel's weight inputs, in the order of the model's `trainableWeights`. */
export const FUSED_SIMPLE_CNN_WEIGHTS = [
  'conv1Kernel',
  'conv1Bias',
  'conv2Kernel',
  'conv2Bias',
  'fc1Kernel',
  'fc1Bias',
  'fc2Kernel',
  'fc2Bias',
] as const;

/** The name of the function on a fused kernel's registered config that says whether it can run on a backend. */
export const FUSED_KERNEL_AVAILABILITY = 'canRun';

type Config = Record<string, unknown>;

interface DropoutLayer {
  rate: number;
  seed?: number;
}

/** What the fused path needs to know of a model that has SimpleCNN's shape (null: it has not). */
interface Plan {
  height: number;
  width: number;
  classes: number;
  dropout: DropoutLayer | null;
}

const same = (a: unknown, b: unknown[]) => Array.isArray(a) && a.length === b.length && a.every((v, i) => v === b[i]);
const mul4 = (n: unknown) => typeof n === 'number' && n > 0 && n % 4 === 0;

function isConv(l: tfl.layers.Layer, inChannels: number): boolean {
  const c = l.getConfig() as Config;
  const kernel = l.trainableWeights[0]?.shape;
  return (
    l.getClassName() === 'Conv2D' &&
    mul4(c.filters) &&
    same(c.kernelSize, [3, 3]) &&
    same(c.strides, [1, 1]) &&
    same(c.dilationRate, [1, 1]) &&
    c.padding === 'same' &&
    c.dataFormat === 'channelsLast' &&
    c.activation === 'relu' &&
    c.useBias === true &&
    kernel?.[2] === inChannels
  );
}

function isPool(l: tfl.layers.Layer): boolean {
  const c = l.getConfig() as Config;
  return (
    l.getClassName() === 'MaxPooling2D' &&
    same(c.poolSize, [2, 2]) &&
    same(c.strides, [2, 2]) &&
    c.padding === 'valid' &&
    c.dataFormat === 'channelsLast'
  );
}

function isDense(l: tfl.layers.Layer, activation: string): boolean {
  const c = l.getConfig() as Config;
  return l.getClassName() === 'Dense' && c.activation === activation && c.useBias === true;
}

/** Whether `model` is SimpleCNN-shaped (any sizes the kernel takes), checked once per model. */
function planOf(model: tfl.LayersModel): Plan | null {
  const layers = model.layers;
  const input = model.inputs[0]?.shape;
  if (model.getClassName() !== 'Sequential' || model.inputs.length !== 1 || input?.length !== 4) return null;
  const [, height, width, channels] = input as [unknown, number, number, number];
  const [conv1, pool1, conv2, pool2, flatten, fc1, ...rest] = layers;
  const dropout = rest.length === 2 ? rest[0] : undefined;
  const fc2 = rest[rest.length - 1];
  const dropoutConfig = dropout?.getConfig() as Config | undefined;
  const shaped =
    channels === 1 &&
    height % 4 === 0 &&
    width % 4 === 0 &&
    (rest.length === 1 || rest.length === 2) &&
    conv1 !== undefined &&
    isConv(conv1, 1) &&
    pool1 !== undefined &&
    isPool(pool1) &&
    conv2 !== undefined &&
    isConv(conv2, (conv1.getConfig() as Config).filters as number) &&
    pool2 !== undefined &&
    isPool(pool2) &&
    flatten?.getClassName() === 'Flatten' &&
    (flatten.getConfig() as Config).dataFormat !== 'channelsFirst' &&
    fc1 !== undefined &&
    isDense(fc1, 'relu') &&
    mul4((fc1.getConfig() as Config).units) &&
    (dropout === undefined || (dropout.getClassName() === 'Dropout' && dropoutConfig?.noiseShape == null)) &&
    fc2 !== undefined &&
    isDense(fc2, 'linear');
  if (!shaped) return null;
  // The gradients come back in the order of trainableWeights: it must be exactly the eight weights, in layer order.
  const expected = [conv1, conv2, fc1, fc2].flatMap((l) => l.trainableWeights.map((w) => w.read()));
  const actual = model.trainableWeights.map((w) => w.read());
  if (expected.length !== 8 || actual.length !== 8 || actual.some((w, i) => w !== expected[i])) return null;
  const rate = dropout === undefined ? 0 : (dropout as unknown as DropoutLayer).rate;
  return {
    height,
    width,
    classes: (fc2.getConfig() as Config).units as number,
    dropout: rate > 0 && rate < 1 ? (dropout as unknown as DropoutLayer) : null,
  };
}

const plans = new WeakMap<tfl.LayersModel, Plan | null>();

/**
 * {@link computeGradients}' results from the backend's fused SimpleCNN kernel when it is registered, the model has
 * SimpleCNN's shape (conv 3x3 same relu → pool 2 → conv → pool → flatten → dense relu → [dropout] → dense, channel and
 * unit counts multiples of 4, input [H, W, 1] with H and W multiples of 4) and the batch fits; null otherwise, or
 * when the kernel says it cannot run on this backend (the caller then uses the layers' ops). The dropout mask is drawn as
 * tf.dropout draws it, from the layer's `seed`, so both paths agree to float tolerance. Does not dispose
 * `images`/`labels`; the caller disposes the result.
 */
export function fusedGradients(
  model: tfl.LayersModel,
  images: tf.Tensor,
  labels: tf.Tensor,
  numClasses: number,
): StepGradients | null {
  const kernel = tf.getKernel(FUSED_SIMPLE_CNN_KERNEL, tf.getBackend()) as
    | (tf.KernelConfig & Partial<Record<typeof FUSED_KERNEL_AVAILABILITY, (backend: unknown) => boolean>>)
    | undefined;
  if (kernel === undefined || kernel[FUSED_KERNEL_AVAILABILITY]?.(tf.backend()) === false) return null;
  let plan = plans.get(model);
  if (plan === undefined) {
    plan = planOf(model);
    plans.set(model, plan);
  }
  const [batch, height, width, channels] = images.shape;
  if (
    plan === null ||
    plan.classes !== numClasses ||
    images.dtype !== 'float32' ||
    images.rank !== 4 ||
    height !== plan.height ||
    width !== plan.width ||
    channels !== 1 ||
    labels.rank !== 1 ||
    labels.shape[0] !== batch ||
    (labels.dtype !== 'int32' && labels.dtype !== 'float32')
  ) {
    return null;
  }
  const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
  return tf.tidy(() => {
    const inputs: tf.NamedTensorMap = { x: images, labels };
    FUSED_SIMPLE_CNN_WEIGHTS.forEach((name, i) => {
      inputs[name] = weights[i] as tf.Tensor;
    });
    if (plan.dropout !== null) {
      // tf.dropout's multiplier, op for op (tfjs-core 4.22 ops/dropout.ts), from the seed the layer would pass.
      const keep = 1 - plan.dropout.rate;
      const noise = tf.randomUniform(
        [batch as number, weights[5]?.shape[0] as number],
        0,
        1,
        'float32',
        plan.dropout.seed,
      );
      inputs.dropoutMask = tf.div(tf.floor(tf.add(noise, keep)), keep);
    }
    const outputs = tf.engine().runKernel(FUSED_SIMPLE_CNN_KERNEL, inputs, {}) as tf.Tensor[];
    const [loss, correct, ...grads] = outputs as [tf.Scalar, tf.Scalar, ...tf.Tensor[]];
    return {
      loss,
      correct,
      grads: Object.fromEntries(weights.map((w, i) => [w.name, grads[i] as tf.Tensor])),
    };
  }) as StepGradients;
}
