/**
 * Issue 11: nothing is lost, mixed or trusted blindly. Each case runs the built CLI on a small IDX data set (or an
 * image folder) and checks the run directory before and after.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeGrayscalePng } from '@mnistkit/viz';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPython } from '../../../vitest.shared.js';
import { leftovers, lines, type Result, runCli, snapshot, writeIdxDataset } from './cli-helpers.js';

/** TensorBoard's own reader (`packages/tensorboard/scripts`), where a Python with `tensorboard` exists. */
const READ_EVENTS = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'packages',
  'tensorboard',
  'scripts',
  'read-events.py',
);
const python = findPython(['tensorboard']);
if (python.python === undefined) console.warn(`skipped: TensorBoard reading a resumed run's events: ${python.reason}`);

let work: string;
let data: string;
const quick = () => ['--backend', 'wasm', '--dataset', data, '--threads', '1'];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mnistkit-trainer-safety-'));
  data = join(work, 'digits');
  await writeIdxDataset(data);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function expectOneLineFailure(r: Result, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(1);
  expect(lines(r.stderr), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stdout).not.toMatch(/^Epoch/m);
}

async function json(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

/** A completed one-epoch run in a fresh directory. */
async function completedRun(name: string, extra: string[] = []): Promise<string> {
  const run = join(work, 'runs', name);
  const r = await runCli(work, [...quick(), '--epochs', '1', '--seed', '5', '--out', run, ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return run;
}

describe('a failing run removes only what it created (11.1)', () => {
  it('keeps a file someone put into --out while the run was starting', async () => {
    const slow = join(work, 'slow-data');
    await writeIdxDataset(slow);
    // The training images come through a pipe: the run waits for them until the test has put its file in place.
    await rm(join(slow, 'train-images-idx3-ubyte'));
    execFileSync('mkfifo', [join(slow, 'train-images-idx3-ubyte')]);
    const out = join(work, 'runs', 'shared-out');
    const running = runCli(work, ['--backend', 'wasm', '--dataset', slow, '--out', out]);
    for (let i = 0; i < 200 && !existsSync(out); i++) await new Promise((r) => setTimeout(r, 50));
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'notes.txt'), 'mine');
    const pipe = await open(join(slow, 'train-images-idx3-ubyte'), 'w');
    await pipe.write('not an IDX file');
    await pipe.close();
    const r = await running;
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/train-images-idx3-ubyte/);
    expect(await readdir(out)).toEqual(['notes.txt']);
    expect(await readFile(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('one run at a time in a run directory (11.2)', () => {
  it('a second run into the same --out fails at once with one line naming the one that holds it', async () => {
    const out = join(work, 'runs', 'contested');
    const args = [...quick(), '--epochs', '2', '--seed', '1', '--out', out];
    const results = await Promise.all([runCli(work, args), runCli(work, args)]);
    const codes = results.map((r) => r.code).sort();
    expect(codes, results.map((r) => r.stderr).join('\n')).toEqual([0, 1]);
    const loser = results.find((r) => r.code === 1) as Result;
    expectOneLineFailure(
      loser,
      /^mnistkit-train: --out .*contested: another run is using this run directory \(.*run\.lock: locked by process \d+ on this host since /,
    );
    const h = await json(join(out, 'history.json'));
    expect(h.status).toBe('completed');
    expect(h.sessions).toHaveLength(1);
    expect(existsSync(join(out, 'run.lock'))).toBe(false);
  });
});

describe('a failed or stopped --resume never modifies a completed run (11.3)', () => {
  it('Ctrl-C while training a completed run further leaves its record as it was; a later --resume finishes', async () => {
    const run = await completedRun('extended');
    const record = async () => {
      const all = await snapshot(run);
      return Object.fromEntries(Object.entries(all).filter(([p]) => !p.startsWith('checkpoints/')));
    };
    const before = await record();
    const recordCheckpoint = (await json(join(run, 'history.json'))).checkpoint as string;
    let sent = false;
    const stopped = await runCli(work, ['--resume', run, '--epochs', '4'], (text, child) => {
      if (!sent && /^Epoch \[2\/4\]/m.test(text)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stdout).toMatch(/^The run keeps its completed result \(1 epoch\) until it is trained to the end$/m);
    expect(stopped.stdout).toMatch(/^Continue with: mnistkit-train --resume .* --epochs 4$/m);
    expect(await record()).toEqual(before);
    expect(existsSync(join(run, recordCheckpoint))).toBe(true);

    const resumed = await runCli(work, ['--resume', run, '--epochs', '4']);
    expect(resumed.code, resumed.stderr).toBe(0);
    // Ctrl-C takes effect after the current batch: epoch 3 (two batches) may finish first.
    expect(resumed.stdout).toMatch(/^Resuming after epoch [23]\b/m);
    const h = await json(join(run, 'history.json'));
    expect(h).toMatchObject({ status: 'completed', settings: { epochs: 4 } });
    expect((h.history as { epoch: number }[]).map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect((await json(join(run, 'metrics.json'))).epochs).toBe(4);
    expect(lines(await readFile(join(run, 'metrics.csv'), 'utf8'))).toHaveLength(5);
    // The stopped session left no event file; the one that completed added one (the first run's is unchanged).
    const events = (await readdir(join(run, 'tensorboard'))).sort();
    expect(events).toHaveLength(2);
    expect((await record())[`tensorboard/${events[0]}`]).toBe(before[`tensorboard/${events[0]}`]);
    if (python.python !== undefined) {
      // Every epoch is in TensorBoard once, also those the stopped session trained (its events were kept in memory).
      const read = spawnSync(python.python, [READ_EVENTS, join(run, 'tensorboard')], { encoding: 'utf8' });
      expect(read.status, read.stderr).toBe(0);
      const tb = JSON.parse(read.stdout) as { scalars: Record<string, [number, number][]>; tags: { images: string[] } };
      expect(tb.scalars['loss/train']?.map(([step]) => step)).toEqual([1, 2, 3, 4]);
      expect(tb.tags.images).toEqual(['test/confusion_matrix', 'test/misclassified']);
    }
    expect(await leftovers(run)).toEqual([]);
  });
});

describe('crash safety (11.4)', () => {
  it('after a kill, --resume replaces the stale lock, cleans the leftovers and says so', async () => {
    const run = join(work, 'runs', 'killed');
    let sent = false;
    const killed = await runCli(work, [...quick(), '--epochs', '3', '--seed', '2', '--out', run], (text, child) => {
      if (!sent && /^Epoch \[1\/3\]/m.test(text)) {
        sent = true;
        child.kill('SIGKILL');
      }
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(join(run, 'run.lock'))).toBe(true);
    // What a kill in the middle of writes leaves (pid 999999999 is not running).
    await writeFile(join(run, '.history.json.tmp-999999999-0123abcd'), '{"format": "mnist');
    await mkdir(join(run, 'checkpoints', '.epoch-0002-step-00000.tmp-999999999-0123abcd'));
    const resumed = await runCli(work, ['--resume', run]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(
      /run\.lock: replaced the lock of process \d+ \(since .*\), which is no longer running/,
    );
    expect(resumed.stderr).toMatch(/an earlier run was stopped while writing; removed 2 temporary files/);
    expect(await leftovers(run)).toEqual([]);
    expect(existsSync(join(run, 'run.lock'))).toBe(false);
    expect((await json(join(run, 'history.json'))).status).toBe('completed');
  });
});

describe('--resume of a run whose epochs are all done (11.5)', () => {
  it('finishes the test and the save without training, when the test result or the model is missing', async () => {
    const run = await completedRun('unfinished');
    // What a failure after the last epoch (a full disk while saving, a bad test file) leaves: no test, no model.
    const h = await json(join(run, 'history.json'));
    const sessions = h.sessions as Record<string, unknown>[];
    await writeFile(
      join(run, 'history.json'),
      JSON.stringify({
        ...h,
        status: 'failed',
        test: null,
        sessions: sessions.map((s) => ({ ...s, status: 'failed' })),
        timings: { ...(h.timings as object), finishedAt: null, testSeconds: null },
      }),
    );
    await rm(join(run, 'model'), { recursive: true });
    for (const file of ['metrics.json', 'metrics.csv', 'model.pth', 'model.safetensors']) await rm(join(run, file));
    const eventsBefore = await readdir(join(run, 'tensorboard'));
    const r = await runCli(work, ['--resume', run]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^All 1 epochs are trained; testing and saving the model of the last checkpoint$/m);
    expect(r.stdout).not.toMatch(/^Epoch/m);
    expect(r.stdout).toMatch(/^Test Accuracy: \d+\.\d{2}%$/m);
    const after = await json(join(run, 'history.json'));
    expect(after).toMatchObject({ status: 'completed', test: { accuracy: expect.any(Number) } });
    expect((after.history as unknown[]).length).toBe(1);
    expect((await stat(join(run, 'model', 'weights.bin'))).size).toBeGreaterThan(0);
    expect((await json(join(run, 'metrics.json'))).epochs).toBe(1);
    // The same files as a full run, the PyTorch copies and metrics.csv included; the session's own event file.
    for (const file of ['metrics.csv', 'model.pth', 'model.safetensors']) {
      expect((await stat(join(run, file))).size, file).toBeGreaterThan(0);
    }
    expect(lines(await readFile(join(run, 'metrics.csv'), 'utf8'))).toHaveLength(2);
    expect(await readdir(join(run, 'tensorboard'))).toHaveLength(eventsBefore.length + 1);
    // A run that is complete has nothing left to do.
    const again = await runCli(work, ['--resume', run]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--epochs 1: the run already completed 1 epochs; pass a larger --epochs/);
  });

  it('checks every image of an image folder before training', async () => {
    const folder = join(work, 'images');
    const pixels = new Uint8Array(28 * 28).map((_, i) => (i * 13) % 256);
    for (const part of ['train', 'test']) {
      for (const cls of ['a', 'b']) {
        await mkdir(join(folder, part, cls), { recursive: true });
        for (let i = 0; i < 4; i++)
          await writeFile(join(folder, part, cls, `${i}.png`), encodeGrayscalePng(pixels, 28, 28));
      }
    }
    const bad = join(folder, 'test', 'b', '3.png');
    await writeFile(bad, 'this is not a PNG image at all, only text');
    const out = join(work, 'runs', 'bad-image');
    const r = await runCli(work, ['--backend', 'wasm', '--dataset', folder, '--epochs', '1', '--out', out]);
    expectOneLineFailure(r, new RegExp(`${bad}: expected a PNG image, found a file without the PNG signature`));
    expect(existsSync(out)).toBe(false);
  });
});

describe('checkpoints and run records are checked before use (11.6, 11.7)', () => {
  let run: string;
  let checkpoint: string;
  let pristine: Record<string, string>;
  const saved = new Map<string, Buffer>();

  beforeAll(async () => {
    run = await completedRun('checked');
    checkpoint = join(run, (await json(join(run, 'history.json'))).checkpoint as string);
    for (const f of ['weights.bin', 'checkpoint.json']) saved.set(f, await readFile(join(checkpoint, f)));
    saved.set('history.json', await readFile(join(run, 'history.json')));
    pristine = await snapshot(run);
  });

  async function restore(): Promise<void> {
    for (const f of ['weights.bin', 'checkpoint.json']) await writeFile(join(checkpoint, f), saved.get(f) as Buffer);
    await writeFile(join(run, 'history.json'), saved.get('history.json') as Buffer);
  }

  /** `--resume` after `tamper` fails with one line matching `pattern` and changes nothing on disk. */
  async function refused(tamper: () => Promise<void>, pattern: RegExp, args: string[] = []): Promise<void> {
    await tamper();
    const before = await snapshot(run);
    const r = await runCli(work, ['--resume', run, '--epochs', '2', ...args]);
    expectOneLineFailure(r, pattern);
    expect(await snapshot(run)).toEqual(before);
    await restore();
    expect(await snapshot(run)).toEqual(pristine);
  }

  it('a weights file of the wrong length is named, with the sizes; extra bytes too', async () => {
    const weights = join(checkpoint, 'weights.bin');
    const size = (saved.get('weights.bin') as Buffer).length;
    await refused(
      () => truncate(weights, size - 8),
      new RegExp(
        `${weights}: expected ${size} bytes \\(the weights model\\.json lists\\), found ${size - 8} \\(8 bytes missing\\)`,
      ),
    );
    await refused(
      () => writeFile(weights, Buffer.concat([saved.get('weights.bin') as Buffer, Buffer.alloc(4)])),
      /weights\.bin: expected \d+ bytes \(the weights model\.json lists\), found \d+ \(4 bytes too many\)/,
    );
  });

  it('a tampered epoch in checkpoint.json is refused, naming the field', async () => {
    const meta = JSON.parse((saved.get('checkpoint.json') as Buffer).toString());
    await refused(
      () =>
        writeFile(
          join(checkpoint, 'checkpoint.json'),
          JSON.stringify({ ...meta, epoch: 2, history: [...meta.history, meta.history[0]] }),
        ),
      /checkpoint\.json: field epoch: expected 1 \(the directory's name\), found 2/,
    );
  });

  it('a history.json missing a field is refused, naming the file and the field', async () => {
    const h = JSON.parse((saved.get('history.json') as Buffer).toString());
    delete h.history[0].trainAccuracy;
    await refused(
      () => writeFile(join(run, 'history.json'), JSON.stringify(h)),
      /history\.json: field history\[0\]\.trainAccuracy: expected a fraction in \[0, 1\], found nothing/,
    );
  });

  it('other data under the same path is refused (the data set fingerprint)', async () => {
    const digits = join(work, 'digits-to-change');
    await writeIdxDataset(digits);
    const other = join(work, 'runs', 'changed-data');
    const first = await runCli(work, ['--backend', 'wasm', '--dataset', digits, '--epochs', '1', '--out', other]);
    expect(first.code, first.stderr).toBe(0);
    // The same path and counts, other images.
    await writeIdxDataset(digits, 128, 64, 1);
    const before = await snapshot(other);
    const r = await runCli(work, ['--resume', other, '--epochs', '2']);
    expectOneLineFailure(
      r,
      /--dataset .*digits-to-change: not the data this run trained on \(.*history\.json field dataset\.fingerprint: expected samples hashing to \w+…, found \w+… \(the same counts, other images or labels\)\)/,
    );
    expect(await snapshot(other)).toEqual(before);
  });
});

describe('threads and the latest pointer (11.12)', () => {
  it("warns when --threads is above the core count, and leaves a latest that is not the trainer's", async () => {
    const parent = join(work, 'mine');
    await mkdir(parent, { recursive: true });
    await writeFile(join(parent, 'latest'), 'my notes: the latest idea\n');
    const threads = availableParallelism() + 1;
    const r = await runCli(work, [
      ...quick().slice(0, -2),
      '--threads',
      String(threads),
      '--epochs',
      '1',
      '--out',
      join(parent, 'run'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(`^--threads ${threads}: more threads than this machine's \\d+ cores?; .*slower`, 'm'),
    );
    expect(r.stderr).toMatch(/latest: left as it is \(a file that does not name a run folder next to it\)/);
    expect(await readFile(join(parent, 'latest'), 'utf8')).toBe('my notes: the latest idea\n');
  });
});
