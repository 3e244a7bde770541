#!/usr/bin/env node
// @ts-check
/**
 * Times the viewer's evaluation of the whole MNIST test set (10,000 images) in headless Chromium, once per backend,
 * on SimpleCNN (421,642 parameters; untrained and seeded: the work is the same as for a trained one).
 *
 *   npx turbo run build --filter=@mnistkit/viewer... && node apps/viewer/scripts/bench-eval.js [--backends webgl,wasm,cpu] [--limit n] [--run <dir>]
 *
 * Needs the workspace built (it imports @mnistkit/models from dist/) and /usr/bin/chromium. Prints one line per
 * backend; no assertions.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import '@tensorflow/tfjs-backend-cpu';
import { simpleCNN } from '@mnistkit/models';
import { saveModel } from '@mnistkit/models/node';
import { chromiumMissing, launchChromium } from './chromium.js';
import { startViewerServer } from './serve.js';

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'webgl,wasm,cpu' },
    limit: { type: 'string' },
    run: { type: 'string' },
  },
});
const missing = chromiumMissing();
if (missing !== undefined) {
  console.error(missing);
  process.exit(1);
}

const scratch = await mkdtemp(join(tmpdir(), 'mnistkit-viewer-bench-'));
let run = values.run;
if (run === undefined) {
  run = scratch;
  const model = simpleCNN({ seed: 1 });
  await saveModel(model, join(run, 'model'));
  model.dispose();
}
const server = await startViewerServer({ run, port: 0 });
const browser = await launchChromium();
console.log(`chromium ${browser.version()}, model ${run}`);
try {
  for (const backend of values.backends.split(',')) {
    const page = await browser.newPage();
    // Long main-thread tasks (> 50 ms): the moments the page could not answer a click.
    await page.addInitScript(() => {
      const w = /** @type {any} */ (window);
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__longTasks.push([entry.startTime, entry.duration]);
      }).observe({ type: 'longtask', buffered: true });
    });
    const query = new URLSearchParams({ backend, autorun: '1' });
    if (values.limit !== undefined) query.set('limit', values.limit);
    await page.goto(`${server.url}?${query}`);
    const outcome = await Promise.race([
      page.waitForSelector('#accuracy[data-total]', { timeout: 600_000 }).then(() => 'done'),
      page.waitForSelector('.message[data-kind="error"]', { timeout: 600_000 }).then(() => 'error'),
    ]);
    if (outcome === 'error') {
      console.log(`${backend}: ${await page.textContent('.message[data-kind="error"] span')}`);
    } else {
      const ran = await page.textContent('#backend-name');
      const seconds = Number(await page.getAttribute('#progress-text', 'data-seconds'));
      const total = Number(await page.getAttribute('#accuracy', 'data-total'));
      const correct = Number(await page.getAttribute('#accuracy', 'data-correct'));
      // Tasks that overlap the evaluation (the page marks its start and end).
      const longest = await page.evaluate(() => {
        const [start] = performance.getEntriesByName('mnistkit-evaluation-start');
        const [end] = performance.getEntriesByName('mnistkit-evaluation-end');
        /** @type {[number, number][]} */
        const tasks = /** @type {any} */ (window).__longTasks;
        const during = tasks.filter(([t, d]) => t + d >= (start?.startTime ?? 0) && t <= (end?.startTime ?? Infinity));
        return during
          .map(([, d]) => Math.round(d))
          .sort((a, b) => b - a)
          .slice(0, 6)
          .join(',');
      });
      console.log(
        `${backend} (ran on ${ran}): ${total} images in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)} images/s; ` +
          `${correct} correct; long tasks during it ${longest} ms`,
      );
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
  await rm(scratch, { recursive: true, force: true });
}
