import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import { saveModel, simpleCNN } from '@mnistkit/models/node';
import * as tf from '@tensorflow/tfjs-core';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { here, sh } from './helpers.js';

/** Debian's Chromium, as the viewer's tests use it. */
const CHROMIUM = '/usr/bin/chromium';
const CLASS_NAMES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

interface Result {
  tfjs: string;
  backend: string;
  probabilities: number[][];
  loss: number;
  accuracy: number;
  metricsNames: string[];
  fitLoss: number[];
  metadata: { classNames: string[]; output: string; preprocessing: { mean: number; std: number } };
}

let root: string;
let server: Server;
let base: string;
let expected: { probabilities: number[][]; loss: number };

const TYPES: Record<string, string> = { '.json': 'application/json', '.html': 'text/html', '.js': 'text/javascript' };

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(path.join(tmpdir(), 'mnistkit-stock-tfjs-'));
  // mnistkit's side: a SimpleCNN saved as the trainer saves it, and what it predicts for 8 inputs.
  const model = simpleCNN({ seed: 7 });
  await saveModel(model, path.join(root, 'model'), { classNames: CLASS_NAMES });
  const x = tf.randomUniform([8, 28, 28, 1], -1, 1, 'float32', 3);
  const logits = model.predict(x) as tf.Tensor2D;
  const labels = Array.from(tf.argMax(logits, 1).dataSync());
  const probabilities = tf.softmax(logits).arraySync() as number[][];
  const loss = probabilities.reduce((s, p, i) => s - Math.log(p[labels[i] as number] as number), 0) / labels.length;
  expected = { probabilities, loss };
  await writeFile(
    path.join(root, 'case.json'),
    JSON.stringify({ shape: x.shape, inputs: Array.from(x.dataSync()), labels }),
  );
  tf.dispose([x, logits]);
  model.dispose();
  server = createServer(async (req, res) => {
    const file = path.join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await rm(root, { recursive: true, force: true });
});

function checkResult(result: Result): void {
  expect(result.tfjs).toBe('4.22.0');
  result.probabilities.forEach((row, i) => {
    expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    row.forEach((p, j) => {
      expect(p).toBeCloseTo(expected.probabilities[i]?.[j] as number, 5);
    });
  });
  expect(result.metricsNames).toEqual(['loss', 'acc']);
  expect(result.accuracy).toBe(1);
  expect(result.loss).toBeCloseTo(expected.loss, 4);
  expect(result.fitLoss).toHaveLength(1);
  expect(Number.isFinite(result.fitLoss[0])).toBe(true);
  expect(result.metadata.classNames).toEqual(CLASS_NAMES);
  expect(result.metadata.output).toBe('probabilities');
  expect(result.metadata.preprocessing).toMatchObject({ mean: 0.5, std: 0.5 });
}

describe("a model saved by mnistkit, used with stock @tensorflow/tfjs and nothing of mnistkit's", () => {
  it('Node: tf.loadLayersModel(url) predicts probabilities, evaluates and fits', async () => {
    const script = path.join(here, 'fixtures', 'stock-tfjs.mjs');
    const { stdout } = await sh('node', [script, `${base}/model/model.json`, `${base}/case.json`], here);
    checkResult(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Result);
  });

  const hasChromium = existsSync(CHROMIUM);
  if (!hasChromium) console.warn(`skipped: the stock-TF.js browser check needs Debian's Chromium at ${CHROMIUM}`);
  it.skipIf(!hasChromium)('browser: the same from a page bundled with stock @tensorflow/tfjs', async () => {
    // Inside this package, so that bare imports resolve through its node_modules.
    const src = path.join(here, 'node_modules', '.cache', 'stock-tfjs');
    await mkdir(src, { recursive: true });
    await copyFile(path.join(here, 'fixtures', 'stock-tfjs-check.mjs'), path.join(src, 'stock-tfjs-check.mjs'));
    await writeFile(
      path.join(src, 'entry.js'),
      [
        "import * as tf from '@tensorflow/tfjs';",
        "import { checkSavedModel } from './stock-tfjs-check.mjs';",
        "const data = await (await fetch('../case.json')).json();",
        "checkSavedModel(tf, new URL('../model/model.json', location.href).href, data)",
        '  .then((r) => { window.result = r; }, (e) => { window.result = { error: String(e) }; });',
      ].join('\n'),
    );
    await writeFile(path.join(src, 'index.html'), '<!doctype html><script type="module" src="./entry.js"></script>');
    await build({
      configFile: false,
      logLevel: 'silent',
      root: src,
      base: './',
      build: { outDir: path.join(root, 'page'), emptyOutDir: true, minify: false, target: 'es2022' },
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.goto(`${base}/page/index.html`);
      await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, null, {
        timeout: 300_000,
      });
      const result = await page.evaluate(() => (window as unknown as { result: unknown }).result);
      expect((result as { error?: string }).error).toBeUndefined();
      checkResult(result as Result);
    } finally {
      await browser.close();
    }
  });
});
