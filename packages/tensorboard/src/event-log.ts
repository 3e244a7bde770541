import { TensorBoardError } from './errors.js';
import { encodeEvent, type SummaryValue } from './event.js';
import { pngInfo } from './png-info.js';
import { tfrecord } from './tfrecord.js';

/** The version string every event file starts with (TensorFlow's current event format). */
export const FILE_VERSION = 'brain.Event:2';

/** Options for {@link EventLog}. */
export interface EventLogOptions {
  /** Clock for `wall_time`, in milliseconds since the epoch; default `Date.now`. */
  now?: () => number;
}

function checkTag(tag: unknown): string {
  if (typeof tag !== 'string' || tag.trim() === '')
    throw new TensorBoardError('tag', `expected a non-empty string, found ${JSON.stringify(tag)}`);
  return tag;
}

function checkStep(step: unknown): number {
  if (!Number.isSafeInteger(step) || (step as number) < 0) {
    throw new TensorBoardError('step', `expected a whole number ≥ 0, found ${JSON.stringify(step)}`);
  }
  return step as number;
}

/**
 * The records of one TensorBoard event file, built in memory (browser-safe): the file-version event first, then
 * one event per `add*` call. {@link takeRecords} hands over what was added since the last call, as TFRecord
 * bytes to append to the file. The Node `SummaryWriter` is this plus a file.
 */
export class EventLog {
  private pending: Uint8Array[] = [];
  private readonly now: () => number;

  constructor(options: EventLogOptions = {}) {
    this.now = options.now ?? Date.now;
    this.push({ wallTime: this.now() / 1000, step: 0, fileVersion: FILE_VERSION });
  }

  private push(event: Parameters<typeof encodeEvent>[0]): void {
    this.pending.push(tfrecord(encodeEvent(event)));
  }

  /** Adds summary values at `step` as one event (tags and values checked). */
  addSummary(values: readonly SummaryValue[], step: number): void {
    const checked = checkStep(step);
    for (const v of values) checkTag(v.tag);
    this.push({ wallTime: this.now() / 1000, step: checked, summary: values });
  }

  /** A point of the scalar curve `tag` (stored as float32, as TensorBoard does). */
  addScalar(tag: string, value: number, step: number): void {
    if (typeof value !== 'number')
      throw new TensorBoardError('value', `expected a number, found ${JSON.stringify(value)}`);
    this.addSummary([{ tag, scalar: value }], step);
  }

  /** A text (markdown) for TensorBoard's Text tab. */
  addText(tag: string, text: string, step: number): void {
    if (typeof text !== 'string') throw new TensorBoardError('text', `expected a string, found ${typeof text}`);
    this.addSummary([{ tag, text }], step);
  }

  /** A PNG image for TensorBoard's Images tab; its size and colorspace are read from the PNG. */
  addImage(tag: string, png: Uint8Array, step: number): void {
    this.addSummary([{ tag, image: { png, ...pngInfo(png) } }], step);
  }

  /** Bytes added and not yet taken. */
  get pendingBytes(): number {
    return this.pending.reduce((n, r) => n + r.length, 0);
  }

  /** The records added since the last call, concatenated (TFRecord framing), and forgets them. */
  takeRecords(): Uint8Array {
    const out = new Uint8Array(this.pendingBytes);
    let at = 0;
    for (const r of this.pending) {
      out.set(r, at);
      at += r.length;
    }
    this.pending = [];
    return out;
  }
}
