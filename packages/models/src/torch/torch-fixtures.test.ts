import '@tensorflow/tfjs-backend-cpu';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPython } from '../../../../vitest.shared.js';
import { loadTorchModel, readTorchFile, saveTorchModel, TORCH_FILES, torchFiles } from '../node/torch-files.js';
import { simpleCNN } from '../simple-cnn.js';
import { modelFromTorch, modelToTorch, readStateDict } from './convert.js';
import { TorchFileError } from './errors.js';
import { readPth } from './pth.js';

const fixtures = fileURLToPath(new URL('../../fixtures/torch/', import.meta.url));
const scripts = fileURLToPath(new URL('../../scripts/', import.meta.url));
const fixture = async (name: string) => new Uint8Array(await readFile(join(fixtures, name)));

interface SimpleCnnFixture {
  torch: string;
  testAccuracy: number;
  labels: number[];
  logits: number[][];
}

let images: tf.Tensor4D;
let expected: SimpleCnnFixture;
let tmp: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const raw = await fixture('mnist_test_100.u8');
  images = tf.tidy(() =>
    tf.tensor4d(
      Float32Array.from(raw, (v) => (v / 255 - 0.5) / 0.5),
      [100, 28, 28, 1],
    ),
  );
  expected = JSON.parse(await readFile(join(fixtures, 'simple_cnn.json'), 'utf8'));
  tmp = await mkdtemp(join(tmpdir(), 'mnistkit-torch-'));
});
afterAll(async () => {
  images.dispose();
  await rm(tmp, { recursive: true, force: true });
});

function logits(model: tfl.LayersModel, x: tf.Tensor = images): number[][] {
  return tf.tidy(() => (model.predict(x) as tf.Tensor).arraySync() as number[][]);
}

function maxDifference(a: number[][], b: number[][]): number {
  let max = 0;
  a.forEach((row, i) => {
    row.forEach((v, j) => {
      max = Math.max(max, Math.abs(v - (b[i]?.[j] ?? Number.NaN)));
    });
  });
  return max;
}

describe('PyTorch files written by torch.save (fixtures made with PyTorch)', () => {
  it("gives PyTorch's logits for the tutorial's trained SimpleCNN (to 1e-4) and its predictions", async () => {
    const { model, name } = modelFromTorch(await fixture('simple_cnn.pth'), { source: 'simple_cnn.pth' });
    expect(name).toBe('simpleCNN');
    const ours = logits(model);
    expect(maxDifference(ours, expected.logits)).toBeLessThan(1e-4);
    const argmax = (rows: number[][]) => rows.map((r) => r.indexOf(Math.max(...r)));
    expect(argmax(ours)).toEqual(argmax(expected.logits));
    model.dispose();
  }, 300_000);

  it("gives PyTorch's outputs for the `Model` example from the zip, legacy and safetensors files alike", async () => {
    const nchw = new Float32Array((await fixture('tutorial_model.f32')).slice().buffer);
    const torchOut = tf.tidy(() => tf.transpose(tf.tensor4d(nchw, [2, 20, 20, 20]), [0, 2, 3, 1]).arraySync());
    const first = readStateDict(await fixture('tutorial_model.pth'), 'tutorial_model.pth');
    for (const file of ['tutorial_model.pth', 'tutorial_model_legacy.pth', 'tutorial_model.safetensors']) {
      const { model, name, stateDict } = modelFromTorch(await fixture(file), { source: file });
      expect(name).toBe('tutorialModel');
      expect([...stateDict.keys()].sort()).toEqual(['conv1.bias', 'conv1.weight', 'conv2.bias', 'conv2.weight']);
      expect(stateDict.get('conv2.weight')?.data).toEqual(first.get('conv2.weight')?.data);
      const ours = tf.tidy(() => (model.predict(tf.slice(images, 0, 2)) as tf.Tensor).arraySync()) as number[][][][];
      expect(maxDifference(ours.flat(2), torchOut.flat(2) as number[][])).toBeLessThan(1e-4);
      model.dispose();
    }
  });

  it('refuses float64 weights and a pickled model object with one line naming what is wrong', async () => {
    const float64 = await fixture('tutorial_model_float64.pth');
    expect(() => modelFromTorch(float64, { source: 'f64.pth' })).toThrow(
      'f64.pth: conv1.weight: expected float32 [20, 1, 5, 5], found float64 [20, 1, 5, 5]',
    );
    const whole = await fixture('whole_model.pth');
    const error = (() => {
      try {
        readPth(whole, 'whole_model.pth');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(TorchFileError);
    expect(error?.message).toMatch(
      /^whole_model\.pth \(whole_model\/data\.pkl\): pickle byte \d+: refuses the global [\w.]+: a state_dict holds only OrderedDicts and tensors/,
    );
  });
});

describe('mnistkit → PyTorch', () => {
  it('writes .pth and .safetensors that read back to the same tensors', async () => {
    const { model } = modelFromTorch(await fixture('simple_cnn.pth'), { source: 'simple_cnn.pth' });
    const original = readStateDict(await fixture('simple_cnn.pth'), 'simple_cnn.pth');
    for (const format of ['pth', 'safetensors'] as const) {
      const bytes = modelToTorch(model, format);
      const back = readStateDict(bytes, `out.${format}`);
      expect([...back.keys()]).toEqual([...original.keys()]);
      for (const [key, t] of original) {
        expect(back.get(key)?.shape).toEqual(t.shape);
        expect(back.get(key)?.data).toEqual(t.data);
      }
    }
    model.dispose();
  });

  it('aligns every .pth record to 64 bytes, as torch.save does', () => {
    const model = simpleCNN({ seed: 3 });
    const bytes = modelToTorch(model, 'pth');
    model.dispose();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 0;
    let records = 0;
    while (view.getUint32(at, true) === 0x04034b50) {
      const size = view.getUint32(at + 18, true);
      const dataStart = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
      expect(dataStart % 64).toBe(0);
      at = dataStart + size;
      records += 1;
    }
    expect(records).toBe(4 + 8 + 1);
  });

  const python = findPython(['torch', 'safetensors', 'numpy']);
  if (python.python === undefined) console.warn(`skipped: PyTorch loading mnistkit's files: ${python.reason}`);
  it.skipIf(python.python === undefined)(
    "PyTorch loads mnistkit's .pth (weights_only=True) and .safetensors into SimpleCNN and gives mnistkit's logits",
    async () => {
      const model = simpleCNN({ seed: 11 });
      const pth = join(tmp, 'model.pth');
      const safetensors = join(tmp, 'model.safetensors');
      await writeFile(pth, modelToTorch(model, 'pth'));
      await writeFile(safetensors, modelToTorch(model, 'safetensors'));
      const run = spawnSync(
        python.python as string,
        [
          join(scripts, 'check-torch-load.py'),
          '--pth',
          pth,
          '--safetensors',
          safetensors,
          '--images',
          join(fixtures, 'mnist_test_100.u8'),
        ],
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect(run.stderr).toBe('');
      const out = JSON.parse(run.stdout) as { pth: number[][]; safetensors: number[][] };
      const ours = logits(model);
      expect(maxDifference(out.pth, ours)).toBeLessThan(1e-4);
      expect(maxDifference(out.safetensors, ours)).toBeLessThan(1e-4);
      model.dispose();
    },
  );
});

describe('PyTorch files on disk (@mnistkit/models/node)', () => {
  it('loads a .pth by path, writes .pth and .safetensors atomically, and names a missing file', async () => {
    const { model, name } = await loadTorchModel(join(fixtures, 'tutorial_model.pth'));
    expect(name).toBe('tutorialModel');
    for (const file of ['out.pth', 'out.safetensors']) {
      await saveTorchModel(model, join(tmp, file));
      const back = await readTorchFile(join(tmp, file));
      expect(back.get('conv1.weight')?.shape).toEqual([20, 1, 5, 5]);
    }
    expect(Object.keys(torchFiles(model))).toEqual([TORCH_FILES.pth, TORCH_FILES.safetensors]);
    model.dispose();
    await expect(readTorchFile(join(tmp, 'nothing.pth'))).rejects.toThrow(
      `${join(tmp, 'nothing.pth')}: file not found`,
    );
  });
});
