import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, readdir, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelError } from './errors.js';
import { loadModel, MNIST_CLASSIFIER, saveModel, simpleCNN, tutorialModel } from './node.js';

let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'mnistkit-models-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function predictions(model: tfl.LayersModel, x: tf.Tensor): number[] {
  return tf.tidy(() => Array.from((model.predict(x) as tf.Tensor).dataSync()));
}

describe('saveModel / loadModel', () => {
  it('round-trips: identical predictions, standard files, loadable by plain tf.loadLayersModel', async () => {
    const dir = join(root, 'roundtrip');
    const model = simpleCNN({ seed: 5 });
    const x = tf.randomUniform([3, 28, 28, 1], -1, 1, 'float32', 9);
    const info = await saveModel(model, dir);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    expect(info.weightBytes).toBe(421_642 * 4);

    const loaded = await loadModel(dir, MNIST_CLASSIFIER);
    expect(predictions(loaded, x)).toEqual(predictions(model, x)); // logits, as mnistkit trains and evaluates

    // Without mnistkit: the files are the standard TF.js format.
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    const bin = await readFile(join(dir, 'weights.bin'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['./weights.bin']);
    const plain = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: new Uint8Array(bin).buffer,
      }),
    );
    // Plain TF.js gets probabilities: the softmax of mnistkit's logits.
    const probabilities = tf.tidy(() => Array.from(tf.softmax(model.predict(x) as tf.Tensor).dataSync()));
    expect(predictions(plain, x)).toEqual(probabilities.map((p) => expect.closeTo(p, 6)));
    for (const m of [model, loaded, plain]) m.dispose();
    x.dispose();
  });

  it('overwrites atomically: no temporary directories are left behind', async () => {
    const dir = join(root, 'overwrite');
    const a = simpleCNN({ seed: 1 });
    const b = simpleCNN({ seed: 2 });
    await saveModel(a, dir);
    await saveModel(b, dir);
    expect((await readdir(root)).filter((n) => n.includes('overwrite'))).toEqual(['overwrite']);
    const loaded = await loadModel(dir);
    expect(loaded.getWeights()[0]?.dataSync()).toEqual(b.getWeights()[0]?.dataSync());
    for (const m of [a, b, loaded]) m.dispose();
  });

  it('says clearly what is wrong, naming the file', async () => {
    const model = simpleCNN({ seed: 1 });
    const good = join(root, 'good');
    await saveModel(model, good);

    const missingDir = join(root, 'nowhere');
    await expect(loadModel(missingDir)).rejects.toThrow(`${join(missingDir, 'model.json')}: file not found`);

    const notJson = join(root, 'notjson');
    await saveModel(model, notJson);
    await writeFile(join(notJson, 'model.json'), 'hello');
    await expect(loadModel(notJson)).rejects.toThrow(new RegExp(`${join(notJson, 'model.json')}: not JSON`));

    const noWeights = join(root, 'noweights');
    await saveModel(model, noWeights);
    await rm(join(noWeights, 'weights.bin'));
    await expect(loadModel(noWeights)).rejects.toThrow(`${join(noWeights, 'weights.bin')}: weights file not found`);

    const short = join(root, 'short');
    await saveModel(model, short);
    await truncate(join(short, 'weights.bin'), 1000);
    await expect(loadModel(short)).rejects.toThrow(
      `${join(short, 'weights.bin')}: weights size mismatch: ${join(short, 'model.json')} lists 1686568 bytes of weights, the file has 1000 bytes`,
    );

    const wrongShape = join(root, 'wrongshape');
    const other = tutorialModel({ inputShape: [32, 32, 3] });
    await saveModel(other, wrongShape);
    const err = await loadModel(wrongShape, MNIST_CLASSIFIER).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).message).toBe(
      `${join(wrongShape, 'model.json')}: expected input shape [null, 28, 28, 1], found [null, 32, 32, 3]`,
    );
    expect((err as ModelError).source).toBe(join(wrongShape, 'model.json'));
    model.dispose();
    other.dispose();
  });
});

describe('loadModel trusts nothing in model.json (issue 11.8)', () => {
  async function savedDir(
    name: string,
    edit: (json: { weightsManifest: [{ paths: string[] }] }) => void,
  ): Promise<string> {
    const dir = join(root, name);
    const model = simpleCNN({ seed: 4 });
    await saveModel(model, dir);
    model.dispose();
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    edit(json);
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    return dir;
  }

  it('refuses weight paths that leave the model directory, before reading them', async () => {
    const dir = await savedDir('escape', (json) => {
      json.weightsManifest[0].paths = ['../../etc/passwd'];
    });
    await expect(loadModel(dir)).rejects.toThrow(
      `${join(dir, 'model.json')}: weightsManifest[0].paths[0] "../../etc/passwd" leaves the model folder (..); weight files must sit inside the model's folder`,
    );
    const absolute = await savedDir('absolute', (json) => {
      json.weightsManifest[0].paths = ['/etc/passwd'];
    });
    await expect(loadModel(absolute)).rejects.toThrow('"/etc/passwd" is absolute');
  });

  it('refuses a weights file that is a symlink to a file outside the directory', async () => {
    const dir = await savedDir('linked', () => {});
    const outside = join(root, 'outside.bin');
    await writeFile(outside, await readFile(join(dir, 'weights.bin')));
    await rm(join(dir, 'weights.bin'));
    await symlink(outside, join(dir, 'weights.bin'));
    await expect(loadModel(dir)).rejects.toThrow(
      /weights\.bin: resolves to .*outside\.bin, outside the model's folder/,
    );
  });

  it('refuses a topology with huge units before allocating it', async () => {
    const dir = join(root, 'huge');
    const small = tfl.sequential({
      layers: [tfl.layers.flatten({ inputShape: [4, 4, 1] }), tfl.layers.dense({ name: 'd', units: 10 })],
    });
    await saveModel(small, dir);
    small.dispose();
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    const dense = json.modelTopology.config.layers.find((l: { name: string }) => l.name === 'd');
    dense.config.units = 200_000; // 12.8 MB of kernel if TF.js built it
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    const profile = await tf.profile(async () => {
      await expect(loadModel(dir)).rejects.toThrow(
        `${join(dir, 'model.json')}: layer d (Dense) (units 200000) needs d/kernel of shape [16, 200000], weightsManifest lists [16, 10]`,
      );
      return [];
    });
    expect(profile.peakBytes).toBeLessThan(1024);
  });
});
