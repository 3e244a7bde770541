import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { selectNodeBackend } from '@mnistkit/backend/node';
import { DataLoader, Subset } from '@mnistkit/data';
import { loadMnist } from '@mnistkit/data/node';
import { createModel } from '@mnistkit/models';
import { saveModel } from '@mnistkit/models/node';
import { train } from '@mnistkit/training';
import { writeRunHistory } from '@mnistkit/training/node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchChromium } from '../scripts/chromium.js';
import { runRecord } from './run-record.js';

const url = inject('viewerUrl');
const runDir = inject('liveRunDir');
const EPOCHS = 3;

const IMAGES = 1000;
/** The trainer's checkpoint folder name after an epoch of IMAGES images in batches of 64. */
const checkpointOf = (epoch: number) =>
  `checkpoints/epoch-${String(epoch).padStart(4, '0')}-step-${String(Math.ceil(IMAGES / 64)).padStart(5, '0')}`;

describe.skipIf(url === '')('following a run while a Node trainer writes it', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await rm(runDir, { recursive: true, force: true });
    await mkdir(runDir, { recursive: true });
    await writeRunHistory(
      runDir,
      runRecord({ history: [], status: 'running', checkpoint: null, epochs: EPOCHS, trainSamples: IMAGES }),
    );
    browser = await launchChromium({ webgpu: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${url}?run=live/&limit=500`);
    await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('curves and epoch count grow as epochs end; the newest model can be evaluated', async () => {
    await expect.poll(() => page.textContent('#run-status')).toBe('running, no epoch done yet');
    expect(await page.isHidden('#newest-model')).toBe(true);

    await selectNodeBackend({ backend: 'wasm' });
    const { train: trainSet } = await loadMnist();
    const model = createModel('simpleCNN', { seed: 5 });
    const loader = new DataLoader(
      new Subset(
        trainSet,
        Array.from({ length: IMAGES }, (_, i) => i),
      ),
      { batchSize: 64, shuffle: true, seed: 5 },
    );
    const seen: string[] = [];
    const result = await train(model, loader, {
      epochs: EPOCHS,
      seed: 5,
      onEpochEnd: async ({ epoch, history }) => {
        // What the trainer does at an epoch's end: a checkpoint (its model files), then history.json naming it.
        const checkpoint = checkpointOf(epoch);
        await saveModel(model, join(runDir, checkpoint));
        await writeRunHistory(
          runDir,
          runRecord({ history, status: 'running', checkpoint, epochs: EPOCHS, trainSamples: IMAGES }),
        );
        // The page polls every 2 s: it shows each epoch while the next one trains.
        await expect.poll(() => page.getAttribute('#curves', 'data-epochs'), { timeout: 30_000 }).toBe(String(epoch));
        seen.push((await page.textContent('#run-status')) ?? '');
      },
    });
    expect(seen).toEqual([1, 2, 3].map((e) => `running, epoch ${e} of ${EPOCHS} done`));
    expect(await page.getAttribute('#newest-model', 'data-url')).toMatch(
      /\/live\/checkpoints\/epoch-0003-step-00016\/model\.json$/,
    );

    await saveModel(model, join(runDir, 'model'));
    model.dispose();
    await writeRunHistory(
      runDir,
      runRecord({
        history: result.history,
        status: 'completed',
        checkpoint: checkpointOf(EPOCHS),
        epochs: EPOCHS,
        trainSamples: IMAGES,
        test: { loss: 0.5, accuracy: 0.8 },
      }),
    );
    await expect
      .poll(() => page.getAttribute('#newest-model', 'data-url'), { timeout: 30_000 })
      .toMatch(/\/live\/model\/model\.json$/);
    await page.click('#newest-model');
    await page.waitForSelector('#accuracy[data-total="500"]', { timeout: 120_000 });
    expect(await page.textContent('#model-status')).toMatch(/\/live\/model\/model\.json/);
    expect(Number(await page.getAttribute('#accuracy', 'data-correct'))).toBeGreaterThan(300);
    // The loaded model is the newest: the button goes.
    await expect.poll(() => page.isHidden('#newest-model'), { timeout: 30_000 }).toBe(true);
  });
});
