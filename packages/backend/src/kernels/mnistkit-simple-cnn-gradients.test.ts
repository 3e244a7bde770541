import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, describe, expect, it } from 'vitest';
import '../register-kernels.js';
import { MnistkitSimpleCNNGradients, SIMPLE_CNN_GRADIENTS } from '../kernel-names.js';
import { describeWasmVariants, randomTensor, relativeError } from '../test-utils/helpers.js';
import { simpleCNN } from '../test-utils/simple-cnn.js';
import { setWasmSimdVariant } from '../wasm/simd-module.js';
import { startKernelPhaseProfile, stopKernelPhaseProfile } from './phase-profile.js';

interface Result {
  loss: number;
  correct: number;
  grads: Float32Array[];
}

const BATCH = 6;
// 10 is no class (a row of zeros in tf.oneHot), as both paths must treat it.
const LABELS = [3, 1, 4, 1, 10, 9];
const DROPOUT_SEED = 1234;

function dropoutLayer(model: tfl.LayersModel): { seed?: number; rate: number } | undefined {
  return model.layers.find((l) => l.getClassName() === 'Dropout') as unknown as { seed?: number; rate: number };
}

/** Loss, correct predictions and gradients through the layers' ops (tf.variableGrads), as training computes them. */
async function layersPath(backend: string, model: tfl.LayersModel): Promise<Result> {
  await tf.setBackend(backend);
  const dropout = dropoutLayer(model);
  if (dropout) dropout.seed = DROPOUT_SEED;
  const x = randomTensor([BATCH, 28, 28, 1], 7);
  const labels = tf.tensor1d(LABELS, 'int32');
  let correct = 0;
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.apply(x, { training: true }) as tf.Tensor;
    correct = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'int32')).dataSync()[0] as number);
    return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 10), logits) as tf.Scalar;
  });
  const names = model.trainableWeights.map((w) => (w.read() as tf.Variable).name);
  const result = {
    loss: (await value.data())[0] as number,
    correct,
    grads: await Promise.all(names.map(async (n) => (await grads[n]?.data()) as Float32Array)),
  };
  tf.dispose([x, labels, value, ...Object.values(grads)]);
  return result;
}

/** The same through the fused kernel, with the dropout multiplier tf.dropout draws from the same seed. */
function fusedInputs(model: tfl.LayersModel, labelsDtype: 'int32' | 'float32' = 'int32'): tf.NamedTensorMap {
  const weights = model.trainableWeights.map((w) => w.read());
  const inputs: tf.NamedTensorMap = {
    x: randomTensor([BATCH, 28, 28, 1], 7),
    labels: tf.tensor1d(LABELS, labelsDtype),
  };
  SIMPLE_CNN_GRADIENTS.weights.forEach((name, i) => {
    inputs[name] = weights[i] as tf.Tensor;
  });
  const dropout = dropoutLayer(model);
  if (dropout) {
    const keep = 1 - dropout.rate;
    inputs.dropoutMask = tf.div(
      tf.floor(tf.add(tf.randomUniform([BATCH, 128], 0, 1, 'float32', DROPOUT_SEED), keep)),
      keep,
    );
  }
  return inputs;
}

async function fusedPath(model: tfl.LayersModel, labelsDtype: 'int32' | 'float32' = 'int32'): Promise<Result> {
  await tf.setBackend('wasm');
  const before = tf.memory().numTensors;
  const outputs = tf.tidy(() => {
    const out = tf.engine().runKernel(MnistkitSimpleCNNGradients, fusedInputs(model, labelsDtype), {}) as tf.Tensor[];
    return out;
  });
  expect(outputs).toHaveLength(2 + SIMPLE_CNN_GRADIENTS.weights.length);
  const [loss, correct, ...grads] = outputs as [tf.Tensor, tf.Tensor, ...tf.Tensor[]];
  expect(loss.shape).toEqual([]);
  expect(correct.dtype).toBe('int32');
  const result = {
    loss: (await loss.data())[0] as number,
    correct: (await correct.data())[0] as number,
    grads: await Promise.all(grads.map(async (g) => (await g.data()) as Float32Array)),
  };
  tf.dispose(outputs);
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

function expectClose(actual: Result, expected: Result, model: tfl.LayersModel): void {
  expect(actual.loss).toBeCloseTo(expected.loss, 5);
  expect(actual.correct).toBe(expected.correct);
  expect(actual.grads).toHaveLength(8);
  for (const [i, g] of actual.grads.entries()) {
    const ref = expected.grads[i] as Float32Array;
    expect(g.length, model.trainableWeights[i]?.name).toBe(ref.length);
    expect(relativeError(g, ref), model.trainableWeights[i]?.name).toBeLessThan(1e-4);
    expect(ref.some((v) => v !== 0)).toBe(true);
  }
}

const variants = ['relaxed-simd', 'simd'] as const;

for (const variant of variants) {
  describe(`${MnistkitSimpleCNNGradients} on wasm [mnistkit wasm module: ${variant}]`, () => {
    afterEach(() => {
      setWasmSimdVariant('auto');
    });
    for (const dropout of [0.5, 0]) {
      it(`equals the layers' gradients on cpu (loss, correct, every weight), dropout ${dropout}`, async () => {
        await tf.setBackend('cpu');
        const model = simpleCNN({ dropout });
        const expected = await layersPath('cpu', model);
        setWasmSimdVariant(variant);
        const actual = await fusedPath(model);
        expectClose(actual, expected, model);
        await tf.setBackend('cpu');
        model.dispose();
      });
    }

    it('takes float32 labels as the layers take them (cast to int32)', async () => {
      await tf.setBackend('cpu');
      const model = simpleCNN();
      setWasmSimdVariant(variant);
      expectClose(await fusedPath(model, 'float32'), await fusedPath(model, 'int32'), model);
      await tf.setBackend('cpu');
      model.dispose();
    });
  });
}

describeWasmVariants(`${MnistkitSimpleCNNGradients} on wasm, bad input`, () => {
  it('names the input that does not fit', async () => {
    await tf.setBackend('wasm');
    const model = simpleCNN();
    tf.tidy(() => {
      const inputs = fusedInputs(model);
      inputs.fc1Bias = tf.zeros([127]);
      expect(() => tf.engine().runKernel(MnistkitSimpleCNNGradients, inputs, {})).toThrow(
        /wasm MnistkitSimpleCNNGradients: expected input fc1Bias float32 \[128\], found float32 \[127\]/,
      );
      inputs.x = tf.zeros([BATCH, 30, 30, 1]);
      expect(() => tf.engine().runKernel(MnistkitSimpleCNNGradients, inputs, {})).toThrow(
        /expected x's height and width multiples of 4, found \[6,30,30,1\]/,
      );
    });
    model.dispose();
  });
});

describe(`${MnistkitSimpleCNNGradients} without mnistkit's wasm module`, () => {
  it(`says so through its config's ${SIMPLE_CNN_GRADIENTS.availability}(), and refuses to run with a clear error`, async () => {
    await tf.setBackend('wasm');
    const config = tf.getKernel(MnistkitSimpleCNNGradients, 'wasm') as unknown as Record<
      string,
      (b: unknown) => boolean
    >;
    const canRun = config[SIMPLE_CNN_GRADIENTS.availability] as (b: unknown) => boolean;
    expect(canRun(tf.backend())).toBe(true);
    const model = simpleCNN();
    setWasmSimdVariant('none');
    try {
      expect(canRun(tf.backend())).toBe(false);
      tf.tidy(() => {
        const inputs = fusedInputs(model);
        const before = tf.memory().numTensors;
        expect(() => tf.engine().runKernel(MnistkitSimpleCNNGradients, inputs, {})).toThrow(
          /mnistkit's wasm module cannot run here \(variant none/,
        );
        expect(tf.memory().numTensors).toBe(before);
      });
    } finally {
      setWasmSimdVariant('auto');
      model.dispose();
    }
  });
});

describe(`${MnistkitSimpleCNNGradients} phase profile`, () => {
  it('records each phase while started, and nothing once stopped', async () => {
    await tf.setBackend('wasm');
    const model = simpleCNN();
    const once = () =>
      tf.dispose(tf.tidy(() => tf.engine().runKernel(MnistkitSimpleCNNGradients, fusedInputs(model), {})));
    startKernelPhaseProfile();
    once();
    const phases = stopKernelPhaseProfile();
    expect([...phases.keys()]).toContain('conv2 filter gradient (Winograd)');
    expect([...phases.keys()]).toContain('pool1 + relu + conv1 gradients');
    expect([...phases.values()].every((ms) => ms >= 0)).toBe(true);
    once();
    expect(stopKernelPhaseProfile().size).toBe(0);
    model.dispose();
  });
});
