import '@tensorflow/tfjs-backend-cpu';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadModel } from '@mnistkit/models/node';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileCheckpointStore, train } from './node.js';
import { SyntheticLoader, tinyModel } from './test-utils/tiny.js';

let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'mnistkit-training-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('FileCheckpointStore', () => {
  it('keeps the last N and the best, ignores a half-written save, and resumes exactly from disk', async () => {
    const dir = join(root, 'run');
    const loader = new SyntheticLoader(80, 20, 2);
    const test = new SyntheticLoader(40, 40, 3, false);
    const reference = tinyModel(7);
    const full = await train(reference, loader, { epochs: 4, seed: 1, testLoader: test });

    const store = new FileCheckpointStore(dir, { keepLast: 2, keepBest: true });
    const model = tinyModel(7);
    const first = await train(model, loader, { epochs: 3, seed: 1, testLoader: test, checkpoints: store });
    const accs = first.history.map((h) => h.testAccuracy ?? 0);
    const bestEpoch = accs.indexOf(Math.max(...accs)) + 1;
    const kept = (await store.list()).map((e) => e.epoch);
    expect(kept).toEqual([...new Set([bestEpoch, 2, 3])].sort());
    const bestPath = await store.bestPath();
    expect(bestPath && basename(bestPath)).toBe(`epoch-000${bestEpoch}-step-00000`);

    // The best checkpoint holds a standard TF.js model.
    const best = await loadModel(bestPath as string, { inputShape: [8, 8, 1], numClasses: 10 });
    expect(best.outputs[0]?.shape).toEqual([null, 10]);
    best.dispose();

    // A save killed midway leaves only a temporary directory, which is not a checkpoint.
    const tmp = join(dir, '.epoch-0004-step-00000.tmp-123-abcd');
    await mkdir(tmp);
    await writeFile(join(tmp, 'checkpoint.json'), '{"trunc');
    expect((await store.latest())?.epoch).toBe(3);

    const resumed = tinyModel(42);
    const result = await train(resumed, loader, {
      epochs: 4,
      seed: 1,
      testLoader: test,
      checkpoints: new FileCheckpointStore(dir),
      resume: true,
    });
    const strip = (h: typeof full.history) => h.map(({ seconds: _s, ...rest }) => rest);
    expect(strip(result.history)).toEqual(strip(full.history));
    expect(resumed.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(
      reference.getWeights().map((w) => Array.from(w.dataSync())),
    );
    expect((await readdir(dir)).filter((n) => n.startsWith('epoch-'))).toContain('epoch-0004-step-00000');
    for (const m of [reference, model, resumed]) m.dispose();
  });

  it('names the file when a checkpoint cannot be read', async () => {
    const dir = join(root, 'broken');
    await mkdir(join(dir, 'epoch-0001-step-00000'), { recursive: true });
    await writeFile(join(dir, 'epoch-0001-step-00000', 'checkpoint.json'), 'nope');
    await expect(new FileCheckpointStore(dir).latest()).rejects.toThrow(
      `checkpoint ${join(dir, 'epoch-0001-step-00000')}: cannot read checkpoint.json/model.json`,
    );
  });
});
