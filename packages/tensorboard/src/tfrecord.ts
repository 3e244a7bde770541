import { maskedCrc32c } from './crc32c.js';

/**
 * One TFRecord: uint64 length, masked CRC32C of the length bytes, the data, masked CRC32C of the data (all
 * little-endian). A reader that meets a torn last record (a crash mid-write) detects it by the CRC.
 */
export function tfrecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + 4 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/** Splits TFRecord bytes back into records, checking both CRCs; throws on a torn or corrupt record. */
export function readTfrecords(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) throw new Error(`TFRecord at byte ${at}: truncated header`);
    if (view.getUint32(at + 8, true) !== maskedCrc32c(bytes.subarray(at, at + 8))) {
      throw new Error(`TFRecord at byte ${at}: length CRC mismatch`);
    }
    const length = Number(view.getBigUint64(at, true));
    const end = at + 12 + length;
    if (end + 4 > bytes.length) throw new Error(`TFRecord at byte ${at}: truncated data`);
    const data = bytes.subarray(at + 12, end);
    if (view.getUint32(end, true) !== maskedCrc32c(data)) throw new Error(`TFRecord at byte ${at}: data CRC mismatch`);
    records.push(data);
    at = end + 4;
  }
  return records;
}
