import CRC32C from 'crc-32/crc32c.js';

/** CRC32C (Castagnoli) of `data`, as an unsigned 32-bit number. */
export function crc32c(data: Uint8Array): number {
  return CRC32C.buf(data, 0) >>> 0;
}

/** TFRecord's masked CRC32C: the CRC rotated right by 15 bits plus 0xa282ead8, so a CRC of CRCs stays useful. */
export function maskedCrc32c(data: Uint8Array): number {
  const crc = crc32c(data);
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}
