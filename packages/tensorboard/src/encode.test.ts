import { encodeGrayscalePng } from '@mnistkit/viz';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import { crc32c, maskedCrc32c } from './crc32c.js';
import { encodeEvent } from './event.js';
import { EventLog, FILE_VERSION } from './event-log.js';
import { pngInfo } from './png-info.js';
import { readTfrecords, tfrecord } from './tfrecord.js';

const ascii = (s: string) => new TextEncoder().encode(s);
const tinyPng = (width: number, height: number) =>
  encodeGrayscalePng(new Uint8Array(width * height).fill(128), width, height);

describe('CRC32C and TFRecord framing', () => {
  it('computes the standard CRC32C check value and its TFRecord mask', () => {
    expect(crc32c(ascii('123456789'))).toBe(0xe3069283);
    const crc = 0xe3069283;
    expect(maskedCrc32c(ascii('123456789'))).toBe((((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
  });

  it('frames records that read back, and detects a torn or flipped byte', () => {
    const bytes = new Uint8Array([...tfrecord(ascii('first')), ...tfrecord(ascii('second record'))]);
    expect(readTfrecords(bytes).map((r) => new TextDecoder().decode(r))).toEqual(['first', 'second record']);
    expect(() => readTfrecords(bytes.subarray(0, bytes.length - 2))).toThrow(/truncated data/);
    const flipped = bytes.slice();
    flipped[14] = (flipped[14] as number) ^ 1;
    expect(() => readTfrecords(flipped)).toThrow(/data CRC mismatch/);
  });
});

/** Decodes the fields of a protobuf message into { field: [values] } (varints as numbers, others as bytes). */
function fields(bytes: Uint8Array): Record<number, (number | Uint8Array)[]> {
  const pbf = new PbfReader(bytes);
  return pbf.readFields((tag, out: Record<number, (number | Uint8Array)[]>, p) => {
    const value =
      p.type === 0 ? p.readVarint() : p.type === 1 ? p.readDouble() : p.type === 5 ? p.readFloat() : p.readBytes();
    out[tag] = [...(out[tag] ?? []), value];
  }, {});
}

describe('Event encoding', () => {
  it('writes wall_time, step and a scalar summary as event.proto numbers them', () => {
    const event = fields(encodeEvent({ wallTime: 1.5, step: 7, summary: [{ tag: 'loss', scalar: 0.25 }] }));
    expect(event[1]).toEqual([1.5]);
    expect(event[2]).toEqual([7]);
    const value = fields(fields(event[5]?.[0] as Uint8Array)[1]?.[0] as Uint8Array);
    expect(new TextDecoder().decode(value[1]?.[0] as Uint8Array)).toBe('loss');
    expect(value[2]).toEqual([0.25]);
  });

  it('starts a log with the file version and checks tags, steps and images', () => {
    const log = new EventLog({ now: () => 2000 });
    const [header] = readTfrecords(log.takeRecords());
    expect(new TextDecoder().decode(fields(header as Uint8Array)[3]?.[0] as Uint8Array)).toBe(FILE_VERSION);
    expect(() => log.addScalar('', 1, 0)).toThrow('tag: expected a non-empty string, found ""');
    expect(() => log.addScalar('loss', 1, -1)).toThrow('step: expected a whole number ≥ 0, found -1');
    expect(() => log.addImage('img', ascii('GIF89a'), 0)).toThrow(/png: expected PNG bytes/);
    log.addImage('img', tinyPng(3, 2), 1);
    expect(readTfrecords(log.takeRecords())).toHaveLength(1);
    expect(log.pendingBytes).toBe(0);
  });

  it('reads a PNG header for the image summary', () => {
    expect(pngInfo(tinyPng(5, 4))).toEqual({ width: 5, height: 4, colorspace: 1 });
  });
});
