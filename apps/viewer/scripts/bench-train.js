#!/usr/bin/env node
// @ts-check
/**
 * Trains the tutorial's recipe in the viewer's Train view in headless Chromium and prints the epoch's seconds,
 * samples/s and the test accuracy after it: the bar is one epoch of 60,000 images in at most 60 s on wasm,
 * 97 % or more on the test set.
 *
 *   npx -y pnpm@10 exec turbo run build --filter=@mnistkit/viewer... && node apps/viewer/scripts/bench-train.js \
 *     [--images 60000] [--epochs 1] [--batch-size 64] [--seed 1]
 *
 * Prints the load average with the figures, since this machine is shared. No assertions.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chromiumMissing, launchChromium } from './chromium.js';
import { startViewerServer } from './serve.js';

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '' },
    epochs: { type: 'string', default: '1' },
    'batch-size': { type: 'string', default: '64' },
    seed: { type: 'string', default: '1' },
  },
});
const missing = chromiumMissing();
if (missing !== undefined) {
  console.error(missing);
  process.exit(1);
}
const server = await startViewerServer({ port: 0 });
const browser = await launchChromium({ webgpu: true });
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}?run=none/`);
  await page.waitForSelector('body[data-ready]', { timeout: 120_000 });
  await page.fill('#train-limit', values.images);
  await page.fill('#train-epochs', values.epochs);
  await page.fill('#train-batch', values['batch-size']);
  await page.fill('#train-seed', values.seed);
  const started = performance.now();
  await page.click('#train-start');
  const outcome = await Promise.race([
    page.waitForSelector('#train-status[data-status]', { timeout: 3_600_000 }).then(() => 'done'),
    page.waitForSelector('.message[data-kind="error"]', { timeout: 3_600_000 }).then(() => 'error'),
  ]);
  if (outcome === 'error') {
    console.log(await page.textContent('.message[data-kind="error"] span'));
  } else {
    const wall = (performance.now() - started) / 1000;
    const status = (/** @type {string} */ name) => page.getAttribute('#train-status', `data-${name}`);
    const epochSeconds = ((await status('epoch-seconds')) ?? '').split(',').map(Number);
    const history = JSON.parse((await status('history')) ?? '[]');
    const images = values.images === '' ? 60000 : Number(values.images);
    console.log(
      `chromium ${browser.version()}, backend ${await status('backend')}, kernels ${await status('wasm-simd')}`,
    );
    for (const [i, seconds] of epochSeconds.entries()) {
      const h = history[i] ?? {};
      console.log(
        `epoch ${i + 1}: ${images} images in ${seconds.toFixed(1)} s = ${Math.round(images / seconds)} samples/s; ` +
          `loss ${Number(h.trainLoss).toFixed(4)}, train accuracy ${(100 * h.trainAccuracy).toFixed(2)} %`,
      );
    }
    console.log(
      `test accuracy ${(100 * Number(await status('test-accuracy'))).toFixed(2)} %; wall ${wall.toFixed(1)} s ` +
        `(data loading and the test evaluation included); load ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}
