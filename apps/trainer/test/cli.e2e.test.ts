import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeIdx } from '@mnistkit/data';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, type Result, runCli as runCliIn } from './cli-helpers.js';

const QUICK = ['--backend', 'wasm', '--limit', '600', '--test-limit', '200'];
const EPOCH_LINE =
  /^Epoch \[(\d+)\/(\d+)\], Loss: \d+\.\d{4}, Accuracy: \d{1,3}\.\d{2}%(, Val Loss: \d+\.\d{4}, Val Accuracy: \d{1,3}\.\d{2}%)?, Time: \S+$/;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let work: string;

/** Runs the built CLI in `work`; `onStdout` sees the output so far and may signal the child. */
function runCli(args: string[], onStdout?: (text: string, child: ChildProcess) => void): Promise<Result> {
  return runCliIn(work, args, onStdout);
}

function printedTestAccuracy(stdout: string): string {
  const match = /^Test Accuracy: (\d{1,3}\.\d{2})%$/m.exec(stdout);
  if (!match?.[1]) throw new Error(`no "Test Accuracy" line in:\n${stdout}`);
  return match[1];
}

/** The TensorBoard event files of a run, by name. */
async function eventFiles(run: string): Promise<string[]> {
  return (await readdir(join(run, 'tensorboard'))).filter((f) => f.startsWith('events.out.tfevents.')).sort();
}

async function readJsonFile(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mnistkit-trainer-e2e-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('mnistkit-train, bad input', () => {
  async function expectOneLineError(args: string[], code: number, pattern: RegExp): Promise<void> {
    const r = await runCli(args);
    expect(r.code, r.stderr).toBe(code);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).not.toMatch(/^Epoch/m);
  }

  it('prints help and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: mnistkit-train/);
    for (const flag of [
      '--epochs',
      '--batch-size',
      '--lr',
      '--seed',
      '--model',
      '--dataset',
      '--resume',
      '--backend',
      '--workers',
      '--init-from',
      '--log-interval',
      '--eval-every',
      '--test-batch-size',
      '--no-save',
      '--export-logits',
    ]) {
      expect(r.stdout).toContain(flag);
    }
  });

  it('rejects a bad flag value', async () => {
    await expectOneLineError(
      ['--epochs', 'ten'],
      2,
      /^mnistkit-train: --epochs: expected a whole number of at least 0, found "ten"\n$/,
    );
    await expectOneLineError(['--backend', 'gpu'], 2, /--backend: expected one of auto, tensorflow, wasm, cpu/);
    await expectOneLineError(
      ['--workers', 'lots'],
      2,
      /^mnistkit-train: --workers: expected auto or a whole number of at least 1, found "lots"\n$/,
    );
  });

  it('refuses --init-from with --resume, naming both: a resumed run continues from its own checkpoint', async () => {
    await expectOneLineError(
      ['--resume', join(work, 'runs', 'any'), '--init-from', 'simple_cnn.pth'],
      2,
      /^mnistkit-train: --init-from: cannot be combined with --resume; a resumed run continues from its own checkpoint/,
    );
  });

  it('rejects an unknown flag', async () => {
    await expectOneLineError(
      ['--epoch', '3'],
      2,
      /^mnistkit-train: unknown flag --epoch; did you mean --epochs\? \(see --help\)\n$/,
    );
  });

  it('names a missing dataset directory and leaves no run directory behind', async () => {
    const out = join(work, 'runs', 'missing-dataset');
    await expectOneLineError(
      ['--dataset', join(work, 'no-such-dir'), '--out', out],
      1,
      /--dataset .*no-such-dir: no such file or folder/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('names the corrupt IDX file', async () => {
    const dir = join(work, 'corrupt-idx');
    await mkdir(dir, { recursive: true });
    const images = encodeIdx([10, 28, 28], new Uint8Array(10 * 784));
    const labels = encodeIdx([10], new Uint8Array(10));
    await writeFile(join(dir, 'train-images-idx3-ubyte'), images.subarray(0, 1000)); // truncated
    await writeFile(join(dir, 'train-labels-idx1-ubyte'), labels);
    await writeFile(join(dir, 't10k-images-idx3-ubyte'), images);
    await writeFile(join(dir, 't10k-labels-idx1-ubyte'), labels);
    await expectOneLineError(['--dataset', dir, '--out', join(work, 'runs', 'corrupt')], 1, /train-images-idx3-ubyte/);
  });

  it('names an unwritable --out, and shows the stack only with --verbose', async () => {
    const file = join(work, 'a-file');
    await writeFile(file, 'not a folder');
    await expectOneLineError(['--out', join(file, 'run')], 1, /^mnistkit-train: --out .*a-file\/run: cannot create/);
    const verbose = await runCli(['--out', join(file, 'run'), '--verbose']);
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/^\s+at /m);
  });
});

describe('mnistkit-train, a quick run', () => {
  let run: string;
  let result: Result;

  beforeAll(async () => {
    run = join(work, 'runs', 'quick');
    result = await runCli([...QUICK, '--epochs', '1', '--seed', '3', '--val-split', '0.1', '--out', run]);
  });

  it('exits 0 and prints the model, the backend, the epoch and the test accuracy', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Total parameters: 421,642');
    expect(result.stdout).toMatch(/^Backend: wasm\b/m);
    const epochs = lines(result.stdout).filter((l) => l.startsWith('Epoch'));
    expect(epochs).toHaveLength(1);
    expect(epochs[0]).toMatch(EPOCH_LINE);
    expect(epochs[0]).toContain('Val Accuracy');
    printedTestAccuracy(result.stdout);
  });

  it('writes every file of the run directory', async () => {
    for (const file of [
      'model/model.json',
      'model/weights.bin',
      'history.json',
      'metrics.json',
      'curves.svg',
      'curves.png',
      'confusion.svg',
      'confusion.png',
      'misclassified.png',
      'model.pth',
      'model.safetensors',
      'metrics.csv',
    ]) {
      expect((await stat(join(run, file))).size, file).toBeGreaterThan(0);
    }
    expect(await eventFiles(run)).toHaveLength(1);
    const csv = lines(await readFile(join(run, 'metrics.csv'), 'utf8'));
    expect(csv).toHaveLength(2);
    // Validation figures filled in, no test figures (no --eval-every), the learning rate last.
    expect(csv[1]).toMatch(/^1,[\d.e-]+,[\d.e-]+,[\d.e-]+,[\d.e-]+,,,[\d.e-]+,[\d.e-]+,0\.001$/);
    expect((await stat(join(run, 'checkpoints'))).isDirectory()).toBe(true);
    for (const png of ['curves.png', 'confusion.png', 'misclassified.png']) {
      expect([...(await readFile(join(run, png))).subarray(0, 8)], png).toEqual(PNG_SIGNATURE);
    }
    for (const svg of ['curves.svg', 'confusion.svg']) {
      const text = await readFile(join(run, svg), 'utf8');
      expect(text.trimStart().startsWith('<svg'), svg).toBe(true);
      // resvg is a full SVG parser: it throws on malformed documents.
      expect(new Resvg(text).width, svg).toBeGreaterThan(0);
    }
    const modelJson = await readJsonFile(join(run, 'model', 'model.json'));
    expect(modelJson).toHaveProperty('modelTopology');
    expect(modelJson.weightsManifest).toEqual([expect.objectContaining({ paths: ['./weights.bin'] })]);
  });

  it('documents the run in history.json', async () => {
    const h = await readJsonFile(join(run, 'history.json'));
    expect(h).toMatchObject({
      format: 'mnistkit-history',
      version: 2,
      status: 'completed',
      backend: 'wasm',
      gpu: false,
      settings: {
        epochs: 1,
        batchSize: 64,
        lr: 0.001,
        seed: 3,
        model: 'simple-cnn',
        dataset: 'mnist',
        valSplit: 0.1,
        initFrom: null,
      },
      model: { name: 'simple-cnn', parameters: 421642 },
      dataset: { trainSamples: 540, valSamples: 60, testSamples: 200 },
    });
    const history = h.history as Record<string, number>[];
    expect(history).toHaveLength(1);
    const [e] = history;
    expect(e?.epoch).toBe(1);
    for (const key of ['trainLoss', 'valLoss', 'seconds', 'samplesPerSecond']) expect(e?.[key], key).toBeGreaterThan(0);
    for (const key of ['trainAccuracy', 'valAccuracy']) {
      expect(e?.[key]).toBeGreaterThanOrEqual(0);
      expect(e?.[key]).toBeLessThanOrEqual(1);
    }
    const epochLine = lines(result.stdout).find((l) => l.startsWith('Epoch')) ?? '';
    expect(epochLine).toContain(
      `Loss: ${e?.trainLoss?.toFixed(4)}, Accuracy: ${((e?.trainAccuracy ?? 0) * 100).toFixed(2)}%`,
    );
    expect(h.timings).toMatchObject({ trainSeconds: e?.seconds, finishedAt: expect.any(String) });
    expect(h.sessions).toEqual([expect.objectContaining({ firstEpoch: 1, lastEpoch: 1, status: 'completed' })]);
    expect(String(h.checkpoint)).toMatch(/^checkpoints\//);
    expect(existsSync(join(run, String(h.checkpoint)))).toBe(true);
  });

  it('writes metrics.json with the printed test accuracy, per-class accuracy and confusion matrix', async () => {
    const m = await readJsonFile(join(run, 'metrics.json'));
    expect(m).toMatchObject({ format: 'mnistkit-metrics', version: 1, epochs: 1, total: 200, backend: 'wasm' });
    const accuracy = m.testAccuracy as number;
    expect((accuracy * 100).toFixed(2)).toBe(printedTestAccuracy(result.stdout));
    expect(accuracy).toBeCloseTo((m.correct as number) / 200, 10);
    const confusion = m.confusionMatrix as number[][];
    expect(confusion).toHaveLength(10);
    expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(200);
    expect(confusion.reduce((s, row, i) => s + (row[i] ?? 0), 0)).toBe(m.correct);
    expect(m.perClassAccuracy).toHaveLength(10);
    expect(m.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const wrong = m.misclassified as { label: number; predicted: number; confidence: number }[];
    expect(wrong.length).toBe(Math.min(32, 200 - (m.correct as number)));
    for (const w of wrong) expect(w.predicted).not.toBe(w.label);
    // The test pass's most confident mistakes, most confident first.
    for (let i = 1; i < wrong.length; i++)
      expect(wrong[i - 1]?.confidence).toBeGreaterThanOrEqual(wrong[i]?.confidence as number);
  });

  it('points latest at the run', async () => {
    expect(await readlink(join(work, 'runs', 'latest'))).toBe('quick');
  });

  it('refuses to overwrite the run without --resume', async () => {
    const r = await runCli([...QUICK, '--epochs', '1', '--out', run]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already holds a run .*--resume/);
  });
});

describe('mnistkit-train, data parallel', () => {
  it('trains with --threads 2 on wasm and records the threads and shards', async () => {
    const run = join(work, 'runs', 'two-workers');
    const r = await runCli([...QUICK, '--epochs', '1', '--threads', '2', '--out', run]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Settings: .*, threads 2 \(data parallel\); run directory/m);
    expect(lines(r.stdout).filter((l) => l.startsWith('Epoch'))).toEqual([expect.stringMatching(EPOCH_LINE)]);
    printedTestAccuracy(r.stdout);
    for (const file of ['model/model.json', 'metrics.json', 'curves.png']) {
      expect((await stat(join(run, file))).size, file).toBeGreaterThan(0);
    }
    const h = await readJsonFile(join(run, 'history.json'));
    expect(h).toMatchObject({ status: 'completed', backend: 'wasm', threads: 2, settings: { threads: 2, shards: 2 } });
    expect(h.sessions).toEqual([expect.objectContaining({ threads: 2, status: 'completed' })]);
  });
});

describe('mnistkit-train, Ctrl-C and --resume', () => {
  it('saves a checkpoint on SIGINT, exits 130, and --resume continues at the next epoch', async () => {
    const run = join(work, 'runs', 'interrupted');
    let sent = false;
    // Two threads, which must end with the process; the resumed session runs the same 2 shards on 1 thread. The old
    // name --workers still works, with a note.
    const settings = [...QUICK, '--epochs', '2', '--seed', '4', '--workers', '2'];
    const first = await runCli([...settings, '--out', run], (text, child) => {
      if (!sent && /^Epoch \[1\/2\]/m.test(text)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    expect(first.code, first.stderr).toBe(130);
    expect(first.stderr).toContain('mnistkit-train: --workers is the old name of --threads (the same count)');
    expect(first.stdout).toMatch(/^Interrupted .*checkpoint saved in/m);
    expect(first.stdout).toContain(`--resume`);
    expect(first.stdout).not.toMatch(/^Epoch \[2\/2\]/m);
    expect(first.stderr).not.toMatch(/^\s+at /m);
    const interrupted = await readJsonFile(join(run, 'history.json'));
    expect(interrupted.status).toBe('interrupted');
    expect(existsSync(join(run, String(interrupted.checkpoint)))).toBe(true);
    expect(existsSync(join(run, 'model'))).toBe(false);
    // metrics.csv follows history.json epoch by epoch; the session's TensorBoard file has epoch 1.
    expect(lines(await readFile(join(run, 'metrics.csv'), 'utf8'))).toHaveLength(2);
    const [firstEvents] = await eventFiles(run);
    const firstBytes = await readFile(join(run, 'tensorboard', String(firstEvents)));

    const resumed = await runCli(['--resume', run, '--threads', '1']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/^Resuming after epoch 1/m);
    expect(resumed.stdout).toMatch(/, threads 1 \(2 shards per batch\); run directory/);
    const epochs = lines(resumed.stdout).filter((l) => l.startsWith('Epoch'));
    expect(epochs).toHaveLength(1);
    expect(epochs[0]).toMatch(EPOCH_LINE);
    expect(epochs[0]).toMatch(/^Epoch \[2\/2\]/);
    const h = await readJsonFile(join(run, 'history.json'));
    expect(h.status).toBe('completed');
    expect((h.history as { epoch: number }[]).map((e) => e.epoch)).toEqual([1, 2]);
    expect((h.sessions as { status: string }[]).map((s) => s.status)).toEqual(['interrupted', 'completed']);
    expect((h.sessions as { threads: number }[]).map((s) => s.threads)).toEqual([2, 1]);
    expect(h.settings).toMatchObject({ threads: 1, shards: 2 });
    const m = await readJsonFile(join(run, 'metrics.json'));
    expect(m.epochs).toBe(2);
    expect(lines(await readFile(join(run, 'metrics.csv'), 'utf8'))).toHaveLength(3);
    expect((await stat(join(run, 'model.pth'))).size).toBeGreaterThan(0);
    // The resumed session added its own event file; the first one is as it was.
    const events = await eventFiles(run);
    expect(events).toHaveLength(2);
    expect(events).toContain(firstEvents);
    expect(await readFile(join(run, 'tensorboard', String(firstEvents)))).toEqual(firstBytes);
    expect(((m.testAccuracy as number) * 100).toFixed(2)).toBe(printedTestAccuracy(resumed.stdout));

    // The result depends on the shard count, not on the threads or the interruption: an uninterrupted run agrees.
    const whole = join(work, 'runs', 'uninterrupted');
    const straight = await runCli([...settings, '--out', whole]);
    expect(straight.code, straight.stderr).toBe(0);
    const mWhole = await readJsonFile(join(whole, 'metrics.json'));
    expect(mWhole.testLoss).toBe(m.testLoss);
    expect(mWhole.confusionMatrix).toEqual(m.confusionMatrix);
  });
});
