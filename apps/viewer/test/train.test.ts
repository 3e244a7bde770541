import { selectNodeBackend, setWasmSimdVariant } from '@mnistkit/backend/node';
import { DataLoader, Subset } from '@mnistkit/data';
import { loadMnist } from '@mnistkit/data/node';
import { createModel } from '@mnistkit/models';
import { evaluate, type HistoryEntry, train } from '@mnistkit/training';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchChromium } from '../scripts/chromium.js';

const url = inject('viewerUrl');

/** A short run of the tutorial's recipe: the same in the page's Train view and in Node. */
const RECIPE = { images: 2000, testImages: 1000, epochs: 1, batchSize: 64, learningRate: 0.001, seed: 3 };

/** The recipe in Node, on wasm with mnistkit's kernels, as `pnpm train` runs it. */
async function trainInNode(): Promise<{ history: HistoryEntry[]; testAccuracy: number }> {
  await selectNodeBackend({ backend: 'wasm' });
  // Node 20 has no relaxed SIMD by default; the page is asked for the same kernel build (?wasmSimd=simd).
  setWasmSimdVariant('simd');
  const { train: trainSet, test: testSet } = await loadMnist();
  const first = (n: number) => Array.from({ length: n }, (_, i) => i);
  const model = createModel('simpleCNN', { seed: RECIPE.seed });
  try {
    const loader = new DataLoader(new Subset(trainSet, first(RECIPE.images)), {
      batchSize: RECIPE.batchSize,
      shuffle: true,
      seed: RECIPE.seed,
    });
    const result = await train(model, loader, {
      epochs: RECIPE.epochs,
      learningRate: RECIPE.learningRate,
      seed: RECIPE.seed,
    });
    const test = await evaluate(
      model,
      new DataLoader(new Subset(testSet, first(RECIPE.testImages)), { batchSize: 256 }),
    );
    return { history: result.history, testAccuracy: test.accuracy };
  } finally {
    model.dispose();
  }
}

describe.skipIf(url === '')('Train view in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium({ webgpu: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // A page of its own: no served run needed, and IndexedDB starts empty in a fresh browser.
    await page.goto(`${url}?run=none/&wasmSimd=simd`);
    await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('trains the recipe in a worker: bit for bit the losses and test accuracy of the same recipe in Node', async () => {
    await page.fill('#train-limit', String(RECIPE.images));
    await page.fill('#train-test-limit', String(RECIPE.testImages));
    await page.fill('#train-epochs', String(RECIPE.epochs));
    await page.fill('#train-batch', String(RECIPE.batchSize));
    await page.fill('#train-seed', String(RECIPE.seed));
    await page.click('#train-start');
    // The page stays usable while it trains: the draw pad's Clear still answers.
    await page.waitForSelector('body[data-training="true"]');
    await page.click('#draw-clear');
    await page.waitForSelector('#train-status[data-status]', { timeout: 300_000 });
    expect(await page.getAttribute('#train-status', 'data-status')).toBe('completed');
    expect(await page.getAttribute('#train-status', 'data-backend')).toBe('wasm');
    expect(await page.getAttribute('#train-status', 'data-wasm-simd')).toBe('simd');
    const browserHistory = JSON.parse(
      (await page.getAttribute('#train-status', 'data-history')) ?? '[]',
    ) as HistoryEntry[];
    const browserAccuracy = Number(await page.getAttribute('#train-status', 'data-test-accuracy'));
    expect(await page.getAttribute('#train-curves', 'data-epochs')).toBe(String(RECIPE.epochs));
    // The model downloads as model.json + weights.bin, and as a PyTorch state dict.
    const [pth] = await Promise.all([page.waitForEvent('download'), page.click('#train-download-pth')]);
    expect(pth.suggestedFilename()).toBe('model.pth');
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#train-download')]);
    expect(json.suggestedFilename()).toBe('model.json');

    const node = await trainInNode();
    expect(browserHistory).toHaveLength(RECIPE.epochs);
    for (const [i, entry] of browserHistory.entries()) {
      const expected = node.history[i] as HistoryEntry;
      // Same training code, same wasm kernel build, same seeds: the same float operations in the same order.
      expect(entry.trainLoss).toBe(expected.trainLoss);
      expect(entry.trainAccuracy).toBe(expected.trainAccuracy);
    }
    expect(browserAccuracy).toBe(node.testAccuracy);
    // 2,000 images once through: a model that learnt something, so the comparison says something.
    expect(node.testAccuracy).toBeGreaterThan(0.7);
    expect(pageErrors).toEqual([]);
  });

  test('the trained model is kept across a reload and can be used by the viewer', async () => {
    await page.reload();
    await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
    await page.waitForSelector('#train-status[data-kept]');
    await page.click('#train-use');
    await expect.poll(() => page.textContent('#model-status')).toMatch(/^trained in this browser/);
    await page.fill('#limit', '300');
    await page.click('#evaluate');
    await page.waitForSelector('#accuracy[data-total="300"]', { timeout: 120_000 });
    expect(Number(await page.getAttribute('#accuracy', 'data-correct'))).toBeGreaterThan(200);
  });

  test('Stop ends a run after the current step; the model is evaluated and offered anyway', async () => {
    await page.fill('#train-limit', '');
    await page.fill('#train-epochs', '3');
    await page.click('#train-start');
    await page.waitForSelector('#train-status[data-samples-per-second]', { timeout: 60_000 });
    await page.click('#train-pause');
    await page.waitForSelector('body[data-training-paused="true"]');
    await page.click('#train-pause');
    await page.click('#train-stop');
    await page.waitForSelector('#train-status[data-status]', { timeout: 120_000 });
    expect(await page.getAttribute('#train-status', 'data-status')).toBe('interrupted');
    expect(await page.isVisible('#train-download')).toBe(true);
  });
});
