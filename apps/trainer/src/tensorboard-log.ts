import { SummaryWriter } from '@mnistkit/tensorboard/node';
import type { CsvEpoch } from './metrics-csv.js';

/** The run's TensorBoard folder inside the run directory: `tensorboard --logdir runs/` finds it. */
export const TENSORBOARD_DIR = 'tensorboard';

/**
 * The run as TensorBoard shows it: `loss/*` and `accuracy/*` curves per epoch (x = epoch) and, every
 * `--log-interval` steps, `batch/*` curves (x = global step), the model description as text, and the confusion
 * matrix and misclassified samples as images. Each call is flushed to disk at once, so a running TensorBoard follows.
 */
export class RunTensorBoard {
  private constructor(private readonly writer: SummaryWriter) {}

  /** Opens a new event file in `<runDir>/tensorboard/`. */
  static async open(logdir: string): Promise<RunTensorBoard> {
    return new RunTensorBoard(await SummaryWriter.create(logdir));
  }

  /** The event file's path. */
  get path(): string {
    return this.writer.path;
  }

  /** The model as text (markdown code block), at step 0. */
  async model(description: string): Promise<void> {
    this.writer.addText('model/description', `\`\`\`\n${description}\n\`\`\``, 0);
    await this.writer.flush();
  }

  /** Running loss and accuracy of the epoch so far, at `globalStep` (batches since the start of training). */
  async step(globalStep: number, runningLoss: number, runningAccuracy: number): Promise<void> {
    this.writer.addScalar('batch/loss', runningLoss, globalStep);
    this.writer.addScalar('batch/accuracy', runningAccuracy, globalStep);
    await this.writer.flush();
  }

  /** One epoch's figures (splits not computed that epoch are left out). */
  async epoch(e: CsvEpoch): Promise<void> {
    const points: [string, number | null | undefined][] = [
      ['loss/train', e.trainLoss],
      ['accuracy/train', e.trainAccuracy],
      ['loss/validation', e.valLoss],
      ['accuracy/validation', e.valAccuracy],
      ['loss/test', e.testLoss],
      ['accuracy/test', e.testAccuracy],
      ['epoch/seconds', e.seconds],
      ['epoch/samples_per_second', e.samplesPerSecond],
      ['epoch/lr', e.lr],
    ];
    for (const [tag, value] of points) {
      if (value !== null && value !== undefined && Number.isFinite(value)) this.writer.addScalar(tag, value, e.epoch);
    }
    await this.writer.flush();
  }

  /** The test charts as images (PNG bytes), at the last epoch. */
  async testImages(epoch: number, images: { confusion?: Uint8Array; misclassified?: Uint8Array }): Promise<void> {
    if (images.confusion) this.writer.addImage('test/confusion_matrix', images.confusion, epoch);
    if (images.misclassified) this.writer.addImage('test/misclassified', images.misclassified, epoch);
    await this.writer.flush();
  }

  /** Flushes and closes the event file. */
  async close(): Promise<void> {
    await this.writer.close();
  }
}
