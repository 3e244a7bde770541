import { join } from 'node:path';
import { fsyncDirectory } from '@mnistkit/fs';
import { EventLog } from '@mnistkit/tensorboard';
import { SummaryWriter } from '@mnistkit/tensorboard/node';
import { type EpochRecord, RUN_FILES } from '@mnistkit/training';

/** The test charts a run's TensorBoard shows as images (PNG bytes). */
export interface TestImages {
  confusion?: Uint8Array | undefined;
  misclassified?: Uint8Array | undefined;
}

/**
 * The run as TensorBoard shows it (`tensorboard --logdir runs/`): `loss/*` and `accuracy/*` per epoch (x = epoch),
 * `batch/*` every `--log-interval` batches (x = batches since training began), the model description as text and
 * the test charts as images. Event files are append-only logs: each session adds its own file to `tensorboard/`
 * (TensorBoard reads a folder's files as one run, in name order) and never changes an earlier one.
 *
 * A live session creates its file at once and flushes every point to disk as it comes, so a running TensorBoard
 * follows. A deferred session (one training a completed run further, which must leave the run directory as it was
 * until the longer run completes) keeps its events in memory and writes its file only after the final save
 * ({@link finish}); stopped or failed, it leaves nothing.
 */
export class RunTensorBoard {
  private closed = false;

  private constructor(
    private readonly runDir: string,
    private readonly log: EventLog,
    private writer: SummaryWriter | undefined,
  ) {}

  /** A session's TensorBoard log of `runDir`: a new event file now, or in memory until {@link finish} (`deferred`). */
  static async open(runDir: string, options: { deferred: boolean }): Promise<RunTensorBoard> {
    const log = new EventLog();
    const board = new RunTensorBoard(runDir, log, undefined);
    if (!options.deferred) board.writer = await board.createFile();
    return board;
  }

  /** A new event file holding what the log has so far; it and its folder are flushed to disk. */
  private async createFile(): Promise<SummaryWriter> {
    const dir = join(this.runDir, RUN_FILES.tensorboard);
    const writer = await SummaryWriter.create(dir, { log: this.log });
    await fsyncDirectory(dir);
    await fsyncDirectory(this.runDir);
    return writer;
  }

  private async flush(): Promise<void> {
    if (!this.closed) await this.writer?.flush();
  }

  /** The model's description, as TensorBoard text (markdown code block) at step 0. */
  async model(description: string): Promise<void> {
    this.log.addText('model/description', `\`\`\`\n${description}\n\`\`\``, 0);
    await this.flush();
  }

  /** The epoch's running loss and accuracy so far, at `globalStep` (batches since the start of training). */
  async step(globalStep: number, runningLoss: number, runningAccuracy: number): Promise<void> {
    this.log.addScalar('batch/loss', runningLoss, globalStep);
    this.log.addScalar('batch/accuracy', runningAccuracy, globalStep);
    await this.flush();
  }

  /** Finished epochs' figures (splits not computed that epoch are left out); `lr` is the run's learning rate. */
  async epochs(entries: readonly EpochRecord[], lr: number): Promise<void> {
    for (const e of entries) {
      const points: [string, number | null | undefined][] = [
        ['loss/train', e.trainLoss],
        ['accuracy/train', e.trainAccuracy],
        ['loss/validation', e.valLoss],
        ['accuracy/validation', e.valAccuracy],
        ['loss/test', e.testLoss],
        ['accuracy/test', e.testAccuracy],
        ['epoch/seconds', e.seconds],
        ['epoch/samples_per_second', e.samplesPerSecond],
        ['epoch/lr', lr],
      ];
      for (const [tag, value] of points) {
        if (value !== null && value !== undefined && Number.isFinite(value)) this.log.addScalar(tag, value, e.epoch);
      }
    }
    await this.flush();
  }

  /**
   * After the final save: the test charts as images at the last epoch, then the session's file is complete (a
   * deferred session's is written now).
   */
  async finish(epoch: number, images: TestImages): Promise<void> {
    if (images.confusion) this.log.addImage('test/confusion_matrix', images.confusion, epoch);
    if (images.misclassified) this.log.addImage('test/misclassified', images.misclassified, epoch);
    this.writer ??= await this.createFile();
    await this.close();
  }

  /** Flushes and closes the session's file; a deferred session that did not finish drops its events. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writer?.close();
  }
}
