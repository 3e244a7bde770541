import '@tensorflow/tfjs-backend-cpu';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadModel } from '@mnistkit/models/node';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileCheckpointStore, TrainingError, train } from './node.js';
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
      `${join(dir, 'epoch-0001-step-00000', 'checkpoint.json')}: expected JSON, found text that does not parse`,
    );
  });

  it('checks a checkpoint before use: sizes, fields, epoch and step, history; naming the file and field', async () => {
    const dir = join(root, 'checked');
    const store = new FileCheckpointStore(dir, { keepLast: 3 });
    const model = tinyModel(3);
    await train(model, new SyntheticLoader(40, 20, 5), { epochs: 2, seed: 2, checkpoints: store });
    model.dispose();
    const good = join(dir, 'epoch-0002-step-00000');
    const expectRejected = async (message: string | RegExp) => {
      const error = await store.read(good).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TrainingError);
      expect((error as TrainingError).kind).toBe('checkpoint');
      if (typeof message === 'string') expect((error as Error).message).toBe(message);
      else expect((error as Error).message).toMatch(message);
    };
    const original = new Map<string, Buffer>();
    for (const f of ['checkpoint.json', 'model.json', 'weights.bin', 'optimizer.bin']) {
      original.set(f, await readFile(join(good, f)));
    }
    const restore = async () => {
      for (const [f, b] of original) await writeFile(join(good, f), b);
    };
    const weights = join(good, 'weights.bin');
    const size = original.get('weights.bin')?.length ?? 0;
    expect((await store.read(good)).epoch).toBe(2);

    await writeFile(weights, (original.get('weights.bin') as Buffer).subarray(0, size - 6));
    await expectRejected(
      `${weights}: expected ${size} bytes (the weights model.json lists), found ${size - 6} (6 bytes missing)`,
    );
    await writeFile(weights, Buffer.concat([original.get('weights.bin') as Buffer, Buffer.alloc(4)]));
    await expectRejected(
      `${weights}: expected ${size} bytes (the weights model.json lists), found ${size + 4} (4 bytes too many)`,
    );
    await restore();
    await writeFile(join(good, 'optimizer.bin'), Buffer.alloc(3));
    await expectRejected(
      /optimizer\.bin: expected \d+ bytes \(the weights checkpoint\.json \(optimizer\.specs\) lists\), found 3/,
    );
    await restore();

    const meta = JSON.parse((original.get('checkpoint.json') as Buffer).toString());
    const metaFile = join(good, 'checkpoint.json');
    await writeFile(
      metaFile,
      JSON.stringify({ ...meta, epoch: 3, history: [...meta.history, { ...meta.history[1], epoch: 3 }] }),
    );
    await expectRejected(`${metaFile}: field epoch: expected 2 (the directory's name), found 3`);
    await writeFile(metaFile, JSON.stringify({ ...meta, history: meta.history.slice(0, 1) }));
    await expectRejected(`${metaFile}: field history: expected 2 entries (one per completed epoch), found 1`);
    const { trainLoss: _dropped, ...withoutLoss } = meta.history[1];
    await writeFile(metaFile, JSON.stringify({ ...meta, history: [meta.history[0], withoutLoss] }));
    await expectRejected(`${metaFile}: field history[1].trainLoss: expected a number >= 0, found nothing`);
    await writeFile(metaFile, JSON.stringify({ ...meta, step: 4 }));
    await expectRejected(`${metaFile}: field step: expected 0 (the directory's name), found 4`);
    await restore();

    const modelFile = join(good, 'model.json');
    const json = JSON.parse((original.get('model.json') as Buffer).toString());
    json.weightsManifest[0].paths = ['../../../etc/passwd'];
    await writeFile(modelFile, JSON.stringify(json));
    await expectRejected(
      `${modelFile}: field weightsManifest: expected one weights file ./weights.bin, found ["../../../etc/passwd"]`,
    );
    await restore();
    expect((await store.read(good)).step).toBe(0);
  });

  it('never prunes the checkpoints it is told to keep', async () => {
    const dir = join(root, 'kept');
    const model = tinyModel(4);
    await train(model, new SyntheticLoader(40, 20, 6), {
      epochs: 4,
      seed: 3,
      checkpoints: new FileCheckpointStore(dir, { keepLast: 1, keepBest: false, keep: ['epoch-0001-step-00000'] }),
    });
    model.dispose();
    expect((await readdir(dir)).sort()).toEqual(['epoch-0001-step-00000', 'epoch-0004-step-00000']);
    await new FileCheckpointStore(dir, { keepLast: 1, keepBest: false }).prune();
    expect(await readdir(dir)).toEqual(['epoch-0004-step-00000']);
  });
});
