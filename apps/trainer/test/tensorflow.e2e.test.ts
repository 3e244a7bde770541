import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectNodeBackend, tfjsNodeBindingStatus } from '@mnistkit/backend/node';
import { DataLoader, loadMnist, Subset } from '@mnistkit/data/node';
import { loadModel } from '@mnistkit/models/node';
import { evaluate } from '@mnistkit/training';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunpath } from '../src/setup-tensorflow/elf.js';

// Real libtensorflow through the tfjs-node binding `pnpm setup:tensorflow` builds (CI runs it first); skipped,
// saying why, only where it is not built.
const tfjsNode = tfjsNodeBindingStatus('@tensorflow/tfjs-node', import.meta.url);
if (!tfjsNode.built)
  console.warn(`tensorflow tests skipped: ${tfjsNode.reason}; build it: npx -y pnpm@10 setup:tensorflow`);

const APP = dirname(dirname(fileURLToPath(import.meta.url)));
const CLI = join(APP, 'dist', 'cli.js');
const SETUP = join(APP, 'dist', 'setup-tensorflow-cli.js');
const QUICK = ['--backend', 'tensorflow', '--limit', '600', '--test-limit', '200'];
const EPOCH_LINE = /^Epoch \[(\d+)\/(\d+)\], Loss: \d+\.\d{4}, Accuracy: \d{1,3}\.\d{2}%, Time: \S+$/;
const BACKEND_LINE = /^Backend: tensorflow \(libtensorflow (2\.\d+\.\d+) on the CPU\)/m;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

let work: string;

function run(script: string, args: string[], onStdout?: (text: string, kill: () => void) => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      onStdout?.(stdout, () => child.kill('SIGINT'));
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '');
const epochLines = (text: string) => lines(text).filter((l) => l.startsWith('Epoch'));

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mnistkit-tensorflow-e2e-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe.skipIf(!tfjsNode.built)('mnistkit-setup-tensorflow on the built binding', () => {
  it('--check and a second run say it is set up, on libtensorflow, without building again', async () => {
    const check = await run(SETUP, ['--check']);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(
      /^tensorflow backend set up \(@tensorflow\/tfjs-node in .*, TensorFlow from .*\): TensorFlow 2\.\d+\.\d+, CPU$/m,
    );
    const again = await run(SETUP, []);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^tensorflow backend already set up \(@tensorflow\/tfjs-node in /m);
    expect(again.stderr).not.toMatch(/building/);
  });

  it('built the binding to find libtensorflow in its own deps/ folder', () => {
    expect(readRunpath(tfjsNode.bindingPath ?? '')).toEqual(['$ORIGIN/../../deps/lib']);
  });
});

describe.skipIf(!tfjsNode.built)('mnistkit-train --backend tensorflow', () => {
  let runDir: string;
  let result: Result;

  beforeAll(async () => {
    runDir = join(work, 'runs', 'tensorflow');
    result = await run(CLI, [...QUICK, '--epochs', '1', '--seed', '5', '--out', runDir]);
  });

  it('trains on libtensorflow and says so: backend line with the version, epoch line, test accuracy', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(BACKEND_LINE);
    expect(result.stdout).toMatch(/^Settings: 1 epoch, batch 64, lr 0\.001, seed 5, threads 1; run directory/m);
    expect(epochLines(result.stdout)).toEqual([expect.stringMatching(EPOCH_LINE)]);
    expect(result.stdout).toMatch(/^Test Accuracy: \d{1,3}\.\d{2}%$/m);
    // libtensorflow's INFO lines at load are hidden (TF_CPP_MIN_LOG_LEVEL=1), so stderr holds nothing of it.
    expect(result.stderr).not.toMatch(/cpu_feature_guard|absl::InitializeLog/);
  });

  it('writes the run directory and records the backend', async () => {
    for (const file of ['model/model.json', 'model/weights.bin', 'history.json', 'metrics.json', 'curves.png']) {
      expect((await stat(join(runDir, file))).size, file).toBeGreaterThan(0);
    }
    const h = await readJson(join(runDir, 'history.json'));
    expect(h).toMatchObject({
      status: 'completed',
      backend: 'tensorflow',
      gpu: false,
      settings: { backend: 'tensorflow' },
    });
    expect(h.backendAttempts).toContainEqual(
      expect.objectContaining({ name: 'tensorflow', source: '@tensorflow/tfjs-node', ok: true }),
    );
  });

  it('saved a model that reloads on wasm with the same predictions', async () => {
    const metrics = await readJson(join(runDir, 'metrics.json'));
    await selectNodeBackend({ backend: 'wasm' });
    const model = await loadModel(join(runDir, 'model'));
    const { test } = await loadMnist();
    const first200 = new Subset(
      test,
      Array.from({ length: 200 }, (_, i) => i),
    );
    const onWasm = await evaluate(model, new DataLoader(first200, { batchSize: 256 }));
    expect(onWasm.confusion).toEqual(metrics.confusionMatrix);
    expect(onWasm.correct).toBe(metrics.correct);
    expect(onWasm.loss).toBeCloseTo(metrics.testLoss as number, 4);

    // And logit by logit, against libtensorflow in this process.
    const batch = new DataLoader(first200, { batchSize: 64 }).batches(0);
    const { value } = await batch.next();
    if (!value) throw new Error('no test batch');
    const wasmLogits = (model.predict(value.images) as tf.Tensor).dataSync();
    await import('@tensorflow/tfjs-node');
    await tf.setBackend('tensorflow');
    const tfLogits = (model.predict(value.images) as tf.Tensor).dataSync();
    let worst = 0;
    for (let i = 0; i < tfLogits.length; i++)
      worst = Math.max(worst, Math.abs((tfLogits[i] ?? 0) - (wasmLogits[i] ?? 0)));
    expect(worst).toBeLessThan(1e-4);
    await tf.setBackend('wasm');
    model.dispose();
  });
});

describe.skipIf(!tfjsNode.built)('mnistkit-train: threads and Ctrl-C on tensorflow', () => {
  it('--threads 2 on tensorflow trains on one thread, with a note on stderr (libtensorflow uses every core)', async () => {
    const r = await run(CLI, [...QUICK, '--epochs', '1', '--threads', '2', '--out', join(work, 'runs', 'threads')]);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stderr)).toEqual([
      '--threads 2: the tensorflow backend uses every core itself, so training runs on 1 thread',
    ]);
    expect(r.stdout).toMatch(/, threads 1; run directory/);
    const h = await readJson(join(work, 'runs', 'threads', 'history.json'));
    expect(h).toMatchObject({ workers: 1, settings: { workers: 2, shards: 1 } });
    expect(h.sessions).toEqual([expect.objectContaining({ workers: 1 })]);
  });

  it('--workers, the old name, does the same and says it is the old name', async () => {
    const r = await run(CLI, [...QUICK, '--epochs', '1', '--workers', '2', '--out', join(work, 'runs', 'workers')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/--workers is the old name of --threads/);
    expect(r.stderr).toMatch(
      /--threads 2: the tensorflow backend uses every core itself, so training runs on 1 thread/,
    );
    expect(r.stdout).toMatch(/, threads 1; run directory/);
  });

  it('Ctrl-C on tensorflow saves a checkpoint, and --resume --backend wasm continues at the next epoch', async () => {
    const dir = join(work, 'runs', 'tf-to-wasm');
    let sent = false;
    const first = await run(CLI, [...QUICK, '--epochs', '2', '--seed', '6', '--out', dir], (text, kill) => {
      if (!sent && /^Epoch \[1\/2\]/m.test(text)) {
        sent = true;
        kill();
      }
    });
    expect(first.code, first.stderr).toBe(130);
    expect(first.stdout).toMatch(BACKEND_LINE);
    expect(first.stdout).not.toMatch(/^Epoch \[2\/2\]/m);
    const interrupted = await readJson(join(dir, 'history.json'));
    expect(interrupted.status).toBe('interrupted');
    const epoch1 = (interrupted.history as unknown[])[0];

    const resumed = await run(CLI, ['--resume', dir, '--backend', 'wasm']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/^Resuming after epoch 1/m);
    expect(resumed.stdout).toMatch(/^Backend: wasm\b/m);
    expect(epochLines(resumed.stdout)).toEqual([expect.stringMatching(/^Epoch \[2\/2\]/)]);
    const h = await readJson(join(dir, 'history.json'));
    expect(h).toMatchObject({ status: 'completed', backend: 'wasm', tensorflow: null });
    const sessions = h.sessions as { backend: string; tensorflow?: { device: string } }[];
    expect(sessions.map((s) => [s.backend, s.tensorflow?.device])).toEqual([
      ['tensorflow', 'CPU'],
      ['wasm', undefined],
    ]);
    const history = h.history as { epoch: number }[];
    expect(history.map((e) => e.epoch)).toEqual([1, 2]);
    expect(history[0]).toEqual(epoch1);
    expect((h.sessions as { status: string }[]).map((s) => s.status)).toEqual(['interrupted', 'completed']);
    expect(existsSync(join(dir, 'model', 'model.json'))).toBe(true);
    expect((await readJson(join(dir, 'metrics.json'))).epochs).toBe(2);
  });
});

describe('mnistkit-train --require-gpu', () => {
  const gpuPackage = tfjsNodeBindingStatus('@tensorflow/tfjs-node-gpu', import.meta.url);

  it('exits non-zero with one line, leaving no run directory, when training would not run on a GPU', async () => {
    const out = join(work, 'runs', 'require-gpu');
    const r = await run(CLI, ['--require-gpu', '--limit', '64', '--test-limit', '64', '--epochs', '1', '--out', out]);
    if (gpuPackage.built && r.code === 0) {
      // A machine with tfjs-node-gpu set up and a GPU TensorFlow sees: the run is on it, and says so.
      expect(r.stdout).toMatch(/^Backend: tensorflow \(libtensorflow 2\.\d+\.\d+ on a CUDA GPU/m);
      return;
    }
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^mnistkit-train: --require-gpu: training would not run on a GPU \(@tensorflow\/tfjs-node-gpu: .+\); set up tfjs-node-gpu with npx -y pnpm@10 setup:tensorflow --gpu/,
    );
    if (gpuPackage.built) expect(r.stderr).toMatch(/TensorFlow sees no GPU device/);
    expect(r.stdout).not.toMatch(/^Epoch/m);
    expect(existsSync(out)).toBe(false);
  });

  it('is a command-line mistake with a backend that never uses a GPU', async () => {
    const r = await run(CLI, ['--require-gpu', '--backend', 'wasm', '--out', join(work, 'runs', 'require-gpu-wasm')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'mnistkit-train: --require-gpu: --backend wasm computes on the CPU only; use --backend auto or tensorflow\n',
    );
  });
});
