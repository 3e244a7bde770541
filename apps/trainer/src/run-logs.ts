import { join } from 'node:path';
import { writeFileAtomic } from '@mnistkit/fs';
import { type CsvEpoch, metricsCsv } from './metrics-csv.js';
import { RunTensorBoard, TENSORBOARD_DIR } from './tensorboard-log.js';

/** metrics.csv in the run directory. */
export const METRICS_CSV = 'metrics.csv';

/**
 * The run's logs for the tools people read them with: metrics.csv (rewritten atomically after every epoch) and
 * TensorBoard event files under `tensorboard/` (`tensorboard --logdir runs/`). A resumed run starts from the epochs
 * already recorded and adds a new event file.
 */
export class RunLogs {
  private constructor(
    private readonly runDir: string,
    private readonly board: RunTensorBoard,
    private readonly epochs: CsvEpoch[],
  ) {}

  /** Opens the logs of `runDir`, with the epochs history.json already holds (a resumed run). */
  static async open(runDir: string, recorded: readonly CsvEpoch[]): Promise<RunLogs> {
    return new RunLogs(runDir, await RunTensorBoard.open(join(runDir, TENSORBOARD_DIR)), [...recorded]);
  }

  /** The model's description, as TensorBoard text. */
  async model(description: string): Promise<void> {
    await this.board.model(description);
  }

  /** Running loss and accuracy every `--log-interval` batches (x = batches since training began). */
  async step(globalStep: number, runningLoss: number, runningAccuracy: number): Promise<void> {
    await this.board.step(globalStep, runningLoss, runningAccuracy);
  }

  /** One finished epoch: a TensorBoard point per figure and metrics.csv rewritten. */
  async epoch(entry: CsvEpoch): Promise<void> {
    this.epochs.push(entry);
    await this.board.epoch(entry);
    await writeFileAtomic(join(this.runDir, METRICS_CSV), metricsCsv(this.epochs));
  }

  /** The test charts as TensorBoard images; also writes metrics.csv for a run without epochs (`--epochs 0`). */
  async tested(epoch: number, images: { confusion?: Uint8Array; misclassified?: Uint8Array }): Promise<void> {
    await this.board.testImages(epoch, images);
    await writeFileAtomic(join(this.runDir, METRICS_CSV), metricsCsv(this.epochs));
  }

  /** Flushes and closes the event file. */
  async close(): Promise<void> {
    await this.board.close();
  }
}
