import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeGrayscalePng } from '@mnistkit/viz';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPython } from '../../../vitest.shared.js';
import { EventLog } from './event-log.js';
import { SummaryWriter } from './summary-writer.js';
import { readTfrecords } from './tfrecord.js';

const readEvents = fileURLToPath(new URL('../scripts/read-events.py', import.meta.url));
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnistkit-tb-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const png = encodeGrayscalePng(
  Uint8Array.from({ length: 6 * 4 }, (_, i) => i * 10),
  6,
  4,
);

async function writeRun(logdir: string): Promise<SummaryWriter> {
  const writer = await SummaryWriter.create(logdir, { now: () => 1_700_000_000_000, host: 'test host' });
  writer.addText('model/description', 'SimpleCNN(\n  (conv1): Conv2d(1, 32)\n)\nTotal parameters: 421,642', 0);
  for (const [step, loss] of [
    [1, 0.2415],
    [2, 0.0781],
    [3, 0.0512],
  ] as const) {
    writer.addScalar('loss/train', loss, step);
    writer.addScalar('accuracy/train', 0.9 + step / 100, step);
  }
  await writer.flush();
  writer.addImage('test/confusion_matrix', png, 3);
  await writer.close();
  return writer;
}

describe('SummaryWriter', () => {
  it('writes one append-only event file of whole TFRecords, named like TensorFlow names them', async () => {
    const logdir = join(root, 'run-a', 'tensorboard');
    const writer = await writeRun(logdir);
    expect(await readdir(logdir)).toEqual([`events.out.tfevents.1700000000.test_host.${process.pid}.0`]);
    expect(readTfrecords(new Uint8Array(await readFile(writer.path)))).toHaveLength(1 + 1 + 6 + 1);
    expect(() => writer.addScalar('loss/train', 1, 4)).toThrow(/the writer is closed/);
    const second = await SummaryWriter.create(logdir, { now: () => 1_700_000_000_000, host: 'test host' });
    expect(second.path.endsWith('.1')).toBe(true);
    await second.close();
  });

  it('writes a log kept in memory first, with its wall times, when given one', async () => {
    const logdir = join(root, 'run-b', 'tensorboard');
    const log = new EventLog({ now: () => 1_600_000_000_000 });
    log.addScalar('loss/train', 0.25, 1);
    const writer = await SummaryWriter.create(logdir, { log, now: () => 1_700_000_000_000, host: 'h' });
    writer.addScalar('loss/train', 0.125, 2);
    await writer.close();
    expect(writer.path.endsWith(`events.out.tfevents.1700000000.h.${process.pid}.0`)).toBe(true);
    const records = readTfrecords(new Uint8Array(await readFile(writer.path)));
    // The header and the first scalar from the log, then the scalar added through the writer.
    expect(records).toHaveLength(3);
    expect(Buffer.from(records[0] as Uint8Array)).toEqual(
      Buffer.from(readTfrecords(new EventLog({ now: () => 1_600_000_000_000 }).takeRecords())[0] as Uint8Array),
    );
  });

  const python = findPython(['tensorboard']);
  if (python.python === undefined) console.warn(`skipped: reading event files with TensorBoard: ${python.reason}`);
  it.skipIf(python.python === undefined)(
    "TensorBoard's EventAccumulator reads the tags, steps, values, text and image back",
    async () => {
      const logdir = join(root, 'run-b');
      await writeRun(logdir);
      const run = spawnSync(python.python as string, [readEvents, logdir], { encoding: 'utf8', timeout: 120_000 });
      expect(run.status, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout);
      expect(out.files).toHaveLength(1);
      expect(out.tags.scalars).toEqual(['accuracy/train', 'loss/train']);
      expect(out.tags.images).toEqual(['test/confusion_matrix']);
      expect(out.scalars['loss/train']).toEqual([
        [1, Math.fround(0.2415)],
        [2, Math.fround(0.0781)],
        [3, Math.fround(0.0512)],
      ]);
      expect(out.scalars['accuracy/train'].map(([step]: [number]) => step)).toEqual([1, 2, 3]);
      const hex = Array.from(png.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
      expect(out.images['test/confusion_matrix']).toEqual([[3, 6, 4, hex, png.length]]);
      expect(out.texts['model/description']).toEqual([
        [0, 'SimpleCNN(\n  (conv1): Conv2d(1, 32)\n)\nTotal parameters: 421,642'],
      ]);
    },
  );
});
