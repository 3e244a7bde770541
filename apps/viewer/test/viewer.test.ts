import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { chromiumMissing, launchChromium } from '../scripts/chromium.js';
import { FIXTURE, prepareFixture } from './fixture.js';
import { evaluateInNode } from './node-evaluation.js';

const url = inject('viewerUrl');
const fixtureDir = inject('fixtureDir');
const screenshots = join(fixtureDir, '..', 'screenshots');
/** The first images of the MNIST test set, to keep the test quick (the page's ?limit= query parameter). */
const LIMIT = 1000;

if (url === '') {
  console.warn(`Skipping the viewer's browser tests: ${chromiumMissing()}`);
}

describe.skipIf(url === '')('viewer in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  const errorMessages = () => page.locator('.message[data-kind="error"] span').allTextContents();

  beforeAll(async () => {
    await mkdir(screenshots, { recursive: true });
    await prepareFixture(fixtureDir);
    // Both GPU APIs present, in software (SwiftShader), as on a machine without a GPU.
    browser = await launchChromium({ webgpu: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${url}?limit=${LIMIT}`);
    await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('auto passes over software WebGPU and WebGL and lands on wasm, one line per attempt', async () => {
    expect(await page.textContent('#backend-name')).toBe('wasm');
    const detail = (await page.textContent('#backend-detail')) ?? '';
    expect(detail.split('\n')).toEqual([
      expect.stringMatching(
        /^webgpu: passed over: software rasteriser \(adapter google swiftshader.*\): it computes on the CPU/,
      ),
      expect.stringMatching(
        /^webgl: passed over: software rasteriser \(renderer .*SwiftShader.*\): it computes on the CPU/,
      ),
      'wasm: selected: computes on the CPU',
    ]);
    // serve.js sends COOP/COEP, so the page is cross-origin isolated.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(await page.getAttribute('#threads', 'data-count')).toBe(String(Math.max(1, Math.min(4, cores))));
  });

  test('loads the served run: model, layer table, training curves, and the MNIST test set', async () => {
    expect(await page.textContent('#model-status')).toContain('/run/model/model.json');
    expect(await page.getAttribute('#param-count', 'data-value')).toBe('11738');
    expect(await page.locator('#layer-table tbody tr').allTextContents()).toEqual([
      expect.stringContaining('conv1'),
      expect.stringContaining('flatten'),
      expect.stringContaining('fc'),
    ]);
    expect(await page.getAttribute('#dataset-status', 'data-count')).toBe('10000');
    expect(await page.locator('#curves svg').count()).toBe(1);
    expect(await errorMessages()).toEqual([]);
  });

  test('shows the same test accuracy as @mnistkit/training evaluate() in Node', async () => {
    await page.click('#evaluate');
    await page.waitForSelector('#accuracy[data-total]', { timeout: 120_000 });
    const shown = {
      correct: Number(await page.getAttribute('#accuracy', 'data-correct')),
      total: Number(await page.getAttribute('#accuracy', 'data-total')),
    };
    const node = await evaluateInNode(join(fixtureDir, FIXTURE.run, 'model'), LIMIT);
    expect(shown).toEqual({ correct: node.correct, total: LIMIT });
    // It ran in the evaluation workers, side by side.
    expect(await page.getAttribute('#progress-text', 'data-backend')).toBe('wasm');
    expect(await page.getAttribute('#progress-text', 'data-threads')).toBe(
      await page.getAttribute('#threads', 'data-count'),
    );
    expect(await page.textContent('#accuracy')).toBe(`${(node.accuracy * 100).toFixed(2)}%`);
    // A model that learnt something, so the comparison says something.
    expect(node.accuracy).toBeGreaterThan(0.85);
    const misclassified = Number(await page.getAttribute('#misclassified', 'data-count'));
    expect(misclassified).toBe(LIMIT - node.correct);
    expect(await page.locator('#per-class-chart svg').count()).toBe(1);
    await shot('evaluation');
  });

  test('the page takes input while it evaluates: Cancel stops a run of the whole test set at once', async () => {
    // SimpleCNN over 10,000 images: long enough to cancel mid-run, in a page of its own.
    const other = await browser.newPage();
    try {
      await other.goto(`${url}?model=/fixtures/${FIXTURE.simpleCnn}/model.json`);
      await other.waitForSelector('body[data-ready]', { timeout: 60_000 });
      await other.click('#evaluate');
      // The first progress comes with the first tallied batch of 1000 (EVALUATION_BATCH), a second or more on a
      // loaded machine; nine more batches follow, time enough to cancel mid-run.
      await expect
        .poll(() => other.evaluate(() => (document.getElementById('progress') as HTMLProgressElement).value), {
          timeout: 60_000,
        })
        .toBeGreaterThan(0);
      await other.click('#cancel');
      // At once, not after the workers' current batches: no polling here.
      expect(await other.textContent('#progress-text')).toBe('Evaluation cancelled.');
      expect(await other.isEnabled('#evaluate')).toBe(true);
      expect(await other.isHidden('#results')).toBe(true);
      // The workers take the next run.
      await other.fill('#limit', '100');
      await other.click('#evaluate');
      await other.waitForSelector('#accuracy[data-total="100"]', { timeout: 120_000 });
    } finally {
      await other.close();
    }
  });

  test('a click on a confusion-matrix cell shows that cell’s images', async () => {
    // The largest off-diagonal cell: some true class the model mistook for another.
    const cells = await page
      .locator('#confusion-chart path[aria-roledescription="rect mark"]')
      .evaluateAll((paths) => paths.map((p) => p.getAttribute('aria-label') ?? ''));
    const parsed = cells.map((label) => {
      const [, predicted, truth, count] = /Predicted label: (\d); True label: (\d); Count: (\d+)/.exec(label) ?? [];
      return { label, predicted: Number(predicted), truth: Number(truth), count: Number(count) };
    });
    expect(parsed).toHaveLength(100);
    const worst = parsed.filter((c) => c.predicted !== c.truth).sort((a, b) => b.count - a.count)[0];
    if (worst === undefined || worst.count === 0) throw new Error('expected at least one misclassified image');
    // Click where a person would: the middle of the cell, where its count is written on top of it.
    const cell = page.locator(`#confusion-chart path[aria-label="${worst.label}"]`);
    await cell.scrollIntoViewIfNeeded();
    const cellBox = await cell.boundingBox();
    if (cellBox === null) throw new Error('the confusion-matrix cell is not visible');
    await page.mouse.click(cellBox.x + cellBox.width / 2, cellBox.y + cellBox.height / 2);
    await page.waitForSelector('#cell-view:not([hidden])');
    expect(await page.getAttribute('#cell-view', 'data-true-label')).toBe(String(worst.truth));
    expect(await page.getAttribute('#cell-view', 'data-predicted')).toBe(String(worst.predicted));
    expect(await page.getAttribute('#cell-view', 'data-count')).toBe(String(worst.count));
    expect(await page.textContent('#cell-title')).toContain(`True ${worst.truth}, predicted ${worst.predicted}`);
    expect(await page.locator('#cell-images image').count()).toBe(Math.min(worst.count, 40));
    await page.locator('#cell-view').screenshot({ path: join(screenshots, 'confusion-cell.png') });
  });

  test('a digit drawn with pointer strokes is classified', async () => {
    const stroke = async (points: [number, number][]) => {
      // Measured before each stroke: screenshots may scroll the page.
      await page.locator('#draw-canvas').scrollIntoViewIfNeeded();
      const box = await page.locator('#draw-canvas').boundingBox();
      if (box === null) throw new Error('the draw canvas is not visible');
      const at = (x: number, y: number) => [box.x + (x / 280) * box.width, box.y + (y / 280) * box.height] as const;
      const [first, ...rest] = points;
      if (first === undefined) return;
      await page.mouse.move(...at(...first));
      await page.mouse.down();
      for (const p of rest) await page.mouse.move(...at(...p), { steps: 8 });
      await page.mouse.up();
    };
    // A seven: a bar across the top, then a long diagonal down to the left.
    await stroke([
      [80, 60],
      [200, 60],
      [120, 230],
    ]);
    await page.waitForSelector('#draw-prediction[data-predicted]');
    await expect.poll(() => page.getAttribute('#draw-prediction', 'data-predicted')).toBe('7');
    const probabilities = await page
      .locator('#probabilities tr')
      .evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.probability)));
    expect(probabilities).toHaveLength(10);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    await page.locator('#draw-panel').screenshot({ path: join(screenshots, 'draw-seven.png') });

    await page.click('#draw-clear');
    await expect.poll(() => page.getAttribute('#draw-prediction', 'data-predicted')).toBeNull();
    // A one: a single vertical stroke.
    await stroke([
      [140, 45],
      [140, 235],
    ]);
    await expect.poll(() => page.getAttribute('#draw-prediction', 'data-predicted')).toBe('1');
    await page.locator('#draw-panel').screenshot({ path: join(screenshots, 'draw-one.png') });
  });

  test('bad files show a clear message and keep what was loaded before', async () => {
    const modelBefore = await page.textContent('#model-status');
    const files = (...names: string[]) => names.map((n) => join(fixtureDir, n));

    await page.setInputFiles('#model-files', files(FIXTURE.notJson));
    await expect.poll(errorMessages).toEqual([expect.stringMatching(/model\.json: not JSON/)]);

    await page.setInputFiles(
      '#model-files',
      files(`${FIXTURE.badWeights}/model.json`, `${FIXTURE.badWeights}/weights.bin`),
    );
    await expect
      .poll(async () => (await errorMessages())[0])
      .toMatch(/weights\.bin: weights size mismatch: model\.json lists \d+ bytes of weights, the file has \d+ bytes/);

    await page.fill('#model-url', `/fixtures/${FIXTURE.wrongShape}/model.json`);
    await page.click('#model-url-form button[type="submit"]');
    await expect
      .poll(async () => (await errorMessages())[0])
      .toMatch(/expected input shape \[null, 28, 28, 1\], found \[null, 32, 32, 3\]/);

    await page.setInputFiles('#dataset-files', files(FIXTURE.corruptImages, FIXTURE.labels));
    await expect.poll(async () => (await errorMessages())[0]).toMatch(/t10k-images-idx3-ubyte\.gz.*gzip/);
    expect(await errorMessages()).toHaveLength(4);

    // Everything from before is still there and works.
    expect(await page.textContent('#model-status')).toBe(modelBefore);
    expect(await page.getAttribute('#dataset-status', 'data-count')).toBe('10000');
    await shot('errors');
    await page.fill('#limit', '200');
    await page.click('#evaluate');
    await expect.poll(() => page.getAttribute('#accuracy', 'data-total'), { timeout: 60_000 }).toBe('200');
    expect(pageErrors).toEqual([]);
  });

  test('loads a model from picked files, with its history.json', async () => {
    const run = join(fixtureDir, FIXTURE.run);
    await page.setInputFiles('#model-files', [
      join(run, 'model', 'model.json'),
      join(run, 'model', 'weights.bin'),
      join(run, 'history.json'),
    ]);
    await expect.poll(() => page.textContent('#model-status')).toBe('model.json — 11,738 parameters');
    await expect.poll(() => page.textContent('#curves-empty')).toBe('From history.json.');
    expect(await page.locator('#curves svg').count()).toBe(1);
    // A new model clears the old results; evaluating it gives the same figures as before.
    expect(await page.isHidden('#results')).toBe(true);
    await page.fill('#limit', String(LIMIT));
    await page.click('#evaluate');
    await page.waitForSelector('#accuracy[data-total]', { timeout: 120_000 });
    const node = await evaluateInNode(join(run, 'model'), LIMIT);
    expect(await page.getAttribute('#accuracy', 'data-correct')).toBe(String(node.correct));
    await shot('picked-files');
  });
});
