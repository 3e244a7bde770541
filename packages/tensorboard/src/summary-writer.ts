import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { TensorBoardError } from './errors.js';
import { EventLog, type EventLogOptions } from './event-log.js';

/** Options for {@link SummaryWriter.create}. */
export interface SummaryWriterOptions extends EventLogOptions {
  /** Host name in the file name; default `os.hostname()`. */
  host?: string;
  /**
   * The events to write, with those already added to it written first: e.g. a log kept in memory while nothing could
   * be written yet (its wall times are kept); default a new {@link EventLog}.
   */
  log?: EventLog;
}

/**
 * Writes a TensorBoard event file, `<logdir>/events.out.tfevents.<seconds>.<host>.<pid>.<n>`, like PyTorch's
 * `torch.utils.tensorboard.SummaryWriter`: `addScalar`, `addText`, `addImage` buffer events, `flush()` appends them
 * and flushes them to disk (fdatasync). The file is append-only, as TensorBoard expects: a crash can tear only the
 * last record, which TensorBoard's reader detects by its CRC and skips. `tensorboard --logdir <parent>` shows it.
 */
export class SummaryWriter {
  private closed = false;

  private constructor(
    /** The event file's path. */
    readonly path: string,
    private readonly file: FileHandle,
    private readonly log: EventLog,
  ) {}

  /** Creates `logdir` if needed and a new event file in it (never an existing one), holding what `options.log` has. */
  static async create(logdir: string, options: SummaryWriterOptions = {}): Promise<SummaryWriter> {
    const log = options.log ?? new EventLog(options);
    const seconds = Math.floor((options.now ?? Date.now)() / 1000);
    const host = (options.host ?? hostname()).replace(/[^\w.-]/g, '_');
    try {
      await mkdir(logdir, { recursive: true });
    } catch (error) {
      throw new TensorBoardError(logdir, `cannot create the log directory (${(error as Error).message})`);
    }
    for (let n = 0; ; n++) {
      const path = join(logdir, `events.out.tfevents.${seconds}.${host}.${process.pid}.${n}`);
      try {
        const writer = new SummaryWriter(path, await open(path, 'wx'), log);
        await writer.flush();
        return writer;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new TensorBoardError(logdir, `cannot create an event file (${(error as Error).message})`);
        }
      }
    }
  }

  private open(): EventLog {
    if (this.closed) throw new TensorBoardError(this.path, 'the writer is closed');
    return this.log;
  }

  /** A point of the scalar curve `tag` at `step`. */
  addScalar(tag: string, value: number, step: number): void {
    this.open().addScalar(tag, value, step);
  }

  /** A markdown text for the Text tab. */
  addText(tag: string, text: string, step: number): void {
    this.open().addText(tag, text, step);
  }

  /** A PNG image for the Images tab. */
  addImage(tag: string, png: Uint8Array, step: number): void {
    this.open().addImage(tag, png, step);
  }

  /** Appends what was added since the last flush and flushes it to disk. */
  async flush(): Promise<void> {
    const records = this.open().takeRecords();
    if (records.length === 0) return;
    await this.file.write(records);
    await this.file.datasync();
  }

  /** Flushes and closes the file; later `add*` calls throw. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      await this.file.close();
    }
  }
}
