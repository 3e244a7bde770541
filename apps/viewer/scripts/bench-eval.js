#!/usr/bin/env node
// @ts-check
/**
 * Times the viewer's evaluation of the whole MNIST test set (10,000 images) in headless Chromium, per configuration,
 * on SimpleCNN (421,642 parameters; untrained and seeded: the work is the same as for a trained one).
 *
 *   npx turbo run build --filter=@mnistkit/viewer... && node apps/viewer/scripts/bench-eval.js \
 *     [--configs auto,wasm:threads=1,wasm:wasmThreads=2] [--rounds n] [--limit n] [--run <dir>]
 *
 * A configuration is a backend choice (`auto`, `wasm`, `webgl`, `cpu`, `webgpu`) with page parameters after `:`
 * (`threads=n`: evaluation workers; `wasmThreads=n`: one worker on tfjs-backend-wasm's threaded build). Rounds
 * interleave the configurations, so a busy machine slows all of them alike. Chromium runs with SwiftShader for both
 * WebGL and WebGPU, as a machine without a GPU has. Each line gives the backend and threads the page reports and the
 * load average, since this machine is shared. Needs the workspace built (it imports @mnistkit/models from dist/)
 * and /usr/bin/chromium; no assertions.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import '@tensorflow/tfjs-backend-cpu';
import { simpleCNN } from '@mnistkit/models';
import { saveModel } from '@mnistkit/models/node';
import { chromiumMissing, launchChromium } from './chromium.js';
import { startViewerServer } from './serve.js';

const { values } = parseArgs({
  options: {
    configs: { type: 'string', default: 'auto,wasm:threads=1,wasm:wasmThreads=2' },
    rounds: { type: 'string', default: '1' },
    dist: { type: 'string' },
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
// --dist: another build of the viewer (e.g. `vite build --minify false`, which tfjs-wasm's threaded build needs).
const server = await startViewerServer({ run, port: 0, ...(values.dist ? { dist: values.dist } : {}) });
const browser = await launchChromium({ webgpu: true });
console.log(`chromium ${browser.version()}, model ${run}`);
try {
  const configs = values.configs.split(',');
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const config of configs) await measure(config, round);
  }
} finally {
  await browser.close();
  await server.close();
  await rm(scratch, { recursive: true, force: true });
}

/**
 * @param {string} config
 * @param {number} round
 */
async function measure(config, round) {
  {
    const [backend = 'auto', ...extra] = config.split(':');
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
    for (const pair of extra) {
      const [key = '', value = ''] = pair.split('=');
      query.set(key, value);
    }
    if (values.limit !== undefined) query.set('limit', values.limit);
    await page.goto(`${server.url}?${query}`);
    const outcome = await Promise.race([
      page.waitForSelector('#accuracy[data-total]', { timeout: 600_000 }).then(() => 'done'),
      page.waitForSelector('.message[data-kind="error"]', { timeout: 600_000 }).then(() => 'error'),
    ]);
    if (outcome === 'error') {
      console.log(`${config}: ${await page.textContent('.message[data-kind="error"] span')}`);
    } else {
      const ran = await page.getAttribute('#progress-text', 'data-backend');
      const threads = await page.getAttribute('#progress-text', 'data-threads');
      const isolated = await page.evaluate(() => crossOriginIsolated);
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
      const load = loadavg()
        .map((l) => l.toFixed(2))
        .join(' ');
      console.log(
        `round ${round} ${config}: ${ran}, ${threads} thread(s)${isolated ? '' : ', not isolated'}: ${total} images in ${seconds.toFixed(2)} s = ` +
          `${Math.round(total / seconds)} images/s; ${correct} correct; long main-thread tasks ${longest || 'none'} ms; load ${load}`,
      );
    }
    await page.close();
  }
}
