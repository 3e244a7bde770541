import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { tfjsNodeBindingStatus } from './node.js';
import './register-kernels.js';
import { describeWasmVariants, randomTensor, relativeError } from './test-utils/helpers.js';
import { simpleCNN } from './test-utils/simple-cnn.js';

async function gradients(backend: string, model: tfl.LayersModel): Promise<{ loss: number; grads: Float32Array[] }> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const x = randomTensor([4, 28, 28, 1], 7);
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([3, 1, 4, 1], 'int32'), 10));
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.apply(x, { training: true }) as tf.Tensor;
    return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
  });
  const names = model.trainableWeights.map((w) => (w.read() as tf.Variable).name);
  const out = {
    loss: (await value.data())[0] as number,
    grads: await Promise.all(names.map(async (n) => (await grads[n]?.data()) as Float32Array)),
  };
  tf.dispose([x, labels, value, ...Object.values(grads)]);
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

describeWasmVariants('SimpleCNN gradient', () => {
  it('on wasm matches cpu to float tolerance, for every weight', async () => {
    await tf.setBackend('cpu');
    const model = simpleCNN({ dropout: 0 });
    const cpu = await gradients('cpu', model);
    const wasm = await gradients('wasm', model);
    expect(wasm.loss).toBeCloseTo(cpu.loss, 4);
    expect(wasm.grads).toHaveLength(8);
    for (const [i, g] of wasm.grads.entries()) {
      const ref = cpu.grads[i] as Float32Array;
      expect(g.length).toBe(ref.length);
      expect(relativeError(g, ref), model.trainableWeights[i]?.name).toBeLessThan(1e-4);
    }
    await tf.setBackend('cpu');
    model.dispose();
  });
});

// Real libtensorflow (the binding `pnpm setup:tensorflow` builds); skipped, saying why, where it is not built.
const tfjsNode = tfjsNodeBindingStatus('@tensorflow/tfjs-node', import.meta.url);
if (!tfjsNode.built)
  console.warn(`tensorflow tests skipped: ${tfjsNode.reason}; build it: npx -y pnpm@10 setup:tensorflow`);

describe.skipIf(!tfjsNode.built)('SimpleCNN gradient on tensorflow', () => {
  it('on libtensorflow matches cpu to float tolerance, for every weight', async () => {
    await tf.setBackend('cpu');
    const model = simpleCNN({ dropout: 0 }); // dropout masks are random per backend
    const cpu = await gradients('cpu', model);
    await import('@tensorflow/tfjs-node');
    const native = await gradients('tensorflow', model);
    expect(native.loss).toBeCloseTo(cpu.loss, 4);
    expect(native.grads).toHaveLength(8);
    for (const [i, g] of native.grads.entries()) {
      const ref = cpu.grads[i] as Float32Array;
      expect(g.length).toBe(ref.length);
      expect(relativeError(g, ref), model.trainableWeights[i]?.name).toBeLessThan(1e-4);
    }
    await tf.setBackend('cpu');
    model.dispose();
  });
});
