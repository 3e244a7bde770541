import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTorchFile } from '@mnistkit/models/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPython } from '../../../vitest.shared.js';

const app = dirname(dirname(fileURLToPath(import.meta.url)));
const CLI = join(app, 'dist', 'cli.js');
const models = join(app, '..', '..', 'packages', 'models');
const FIXTURES = join(models, 'fixtures', 'torch');
const READ_EVENTS = join(app, '..', '..', 'packages', 'tensorboard', 'scripts', 'read-events.py');

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mnistkit-trainer-pytorch-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const python = findPython(['torch', 'tensorboard', 'numpy']);
if (python.python === undefined)
  console.warn(`skipped: reading the run with PyTorch and TensorBoard: ${python.reason}`);

describe('mnistkit-train and PyTorch', () => {
  it("--init-from the tutorial's SimpleCNN .pth with --epochs 0 tests it: PyTorch's test accuracy to the second decimal", async () => {
    const pytorch = JSON.parse(await readFile(join(FIXTURES, 'simple_cnn.json'), 'utf8')) as { testAccuracy: number };
    const out = join(work, 'from-pytorch');
    const pth = join(FIXTURES, 'simple_cnn.pth');
    const r = await runCli(['--init-from', pth, '--epochs', '0', '--backend', 'wasm', '--threads', '1', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const percent = (100 * pytorch.testAccuracy).toFixed(2);
    expect(r.stdout).toMatch(new RegExp(`^Test Accuracy: ${percent.replace('.', '\\.')}%$`, 'm'));
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as { testAccuracy: number };
    expect((100 * metrics.testAccuracy).toFixed(2)).toBe(percent);
    expect(await readFile(join(out, 'confusion.svg'), 'utf8')).toContain(`accuracy ${percent}%`);
    const files = await readdir(out);
    for (const f of [
      'model',
      'model.pth',
      'model.safetensors',
      'metrics.csv',
      'tensorboard',
      'metrics.json',
      'history.json',
    ]) {
      expect(files).toContain(f);
    }
    // The weights went through mnistkit and back unchanged.
    const original = await readTorchFile(pth);
    const back = await readTorchFile(join(out, 'model.pth'));
    for (const [key, t] of original) expect(back.get(key)?.data, key).toEqual(t.data);
  }, 600_000);

  it('names the file and the key when the weights do not fit, in one line', async () => {
    const wrong = join(FIXTURES, 'tutorial_model.pth');
    const r = await runCli(['--init-from', wrong, '--epochs', '0', '--backend', 'wasm', '--out', join(work, 'wrong')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(
      new RegExp(
        `^mnistkit-train: --init-from ${wrong}: unexpected key conv1\\.weight; SimpleCNN has conv1\\.0\\.weight`,
      ),
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('logs every --log-interval batches, writes metrics.csv and TensorBoard events, and PyTorch loads its model.pth', async () => {
    const out = join(work, 'trained');
    const r = await runCli([
      ...['--epochs', '1', '--limit', '640', '--test-limit', '200', '--backend', 'wasm', '--threads', '1'],
      ...['--log-interval', '4', '--eval-every', '1', '--test-batch-size', '100', '--seed', '3', '--out', out],
    ]);
    expect(r.code, r.stderr).toBe(0);
    const steps = r.stdout
      .split('\n')
      .filter((l) => /^Epoch \[1\/1\] [\d,]+\/640 \(\d+%\), Loss: \d\.\d{4}, Accuracy: /.test(l));
    expect(steps).toHaveLength(2); // batches 4 and 8 of 10
    const csv = (await readFile(join(out, 'metrics.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe(
      'epoch,train_loss,train_accuracy,val_loss,val_accuracy,test_loss,test_accuracy,seconds,samples_per_second,lr',
    );
    expect(csv).toHaveLength(2);
    expect(csv[1]).toMatch(/^1,[\d.e-]+,[\d.e-]+,,,[\d.e-]+,[\d.e-]+,[\d.e-]+,[\d.e-]+,0\.001$/);
    expect(r.stdout).toMatch(/^Epoch \[1\/1\], Loss: .*, Test Loss: \d\.\d{4}, Test Accuracy: \d+\.\d{2}%, Time: /m);
    const history = JSON.parse(await readFile(join(out, 'history.json'), 'utf8'));
    expect(history.history[0].testAccuracy).toBeGreaterThan(0);
    expect(await readFile(join(out, 'curves.svg'), 'utf8')).toContain('Test');
    if (python.python === undefined) return;
    const events = spawnSync(python.python, [READ_EVENTS, join(out, 'tensorboard')], { encoding: 'utf8' });
    expect(events.status, events.stderr).toBe(0);
    const tb = JSON.parse(events.stdout);
    expect(tb.tags.scalars).toEqual(
      expect.arrayContaining(['loss/train', 'accuracy/train', 'batch/loss', 'batch/accuracy']),
    );
    expect(tb.scalars['batch/loss'].map(([step]: [number]) => step)).toEqual([4, 8]);
    expect(tb.scalars['loss/train']).toHaveLength(1);
    expect(tb.tags.images).toEqual(['test/confusion_matrix', 'test/misclassified']);
    expect(tb.texts['model/description'][0][1]).toContain('Total parameters: 421,642');
    const load = spawnSync(
      python.python,
      [
        join(models, 'scripts', 'check-torch-load.py'),
        '--pth',
        join(out, 'model.pth'),
        '--images',
        join(FIXTURES, 'mnist_test_100.u8'),
      ],
      { encoding: 'utf8' },
    );
    expect(load.status, load.stderr).toBe(0);
    expect(JSON.parse(load.stdout).pth).toHaveLength(100);
  }, 600_000);
});
