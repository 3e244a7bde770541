import { TorchFileError } from './errors.js';
import type { NamedTensor } from './pickle-writer.js';
import { DTYPE_BYTES, type StateDict, type TorchDtype } from './state-dict.js';

const DTYPES: Record<string, TorchDtype> = {
  F32: 'float32',
  F64: 'float64',
  F16: 'float16',
  BF16: 'bfloat16',
  I64: 'int64',
  I32: 'int32',
  I16: 'int16',
  I8: 'int8',
  U8: 'uint8',
  BOOL: 'bool',
};

/** The largest JSON header read (the format's own limit is 100 MB). */
const MAX_HEADER = 100_000_000;

/**
 * Reads a safetensors file (8-byte little-endian header length, JSON header `{ name: { dtype, shape,
 * data_offsets } }`, then the data). Offsets must lie in the data and match each tensor's size; float32 values are
 * read, other dtypes keep only their name. Throws {@link TorchFileError} naming `source` and the tensor.
 */
export function readSafetensors(bytes: Uint8Array, source: string): StateDict {
  const fail = (message: string) => new TorchFileError(`${source}: ${message}`, source);
  if (bytes.length < 8) throw fail('too short for a safetensors file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(Math.min(MAX_HEADER, bytes.length - 8))) {
    throw fail(`header length ${headerLength} exceeds the file (${bytes.length} bytes); not a safetensors file`);
  }
  const dataStart = 8 + Number(headerLength);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart)));
  } catch (error) {
    throw fail(`header is not JSON (${(error as Error).message}); not a safetensors file`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw fail('header is not a JSON object');
  const dataLength = bytes.length - dataStart;
  const out: StateDict = new Map();
  for (const [name, spec] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const s = spec as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = DTYPES[String(s?.dtype)];
    const shape = s?.shape;
    const offsets = s?.data_offsets;
    if (
      dtype === undefined ||
      !Array.isArray(shape) ||
      !shape.every((d) => Number.isSafeInteger(d) && d >= 0) ||
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0 && o <= dataLength)
    ) {
      throw fail(`${name}: expected { dtype, shape, data_offsets } within the data, found ${JSON.stringify(spec)}`);
    }
    const [begin, end] = offsets as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end - begin !== count * DTYPE_BYTES[dtype]) {
      throw fail(
        `${name}: shape [${shape.join(', ')}] of ${dtype} needs ${count * DTYPE_BYTES[dtype]} bytes, data_offsets span ${end - begin}`,
      );
    }
    const tensor = { shape: [...(shape as number[])], dtype };
    if (dtype !== 'float32') {
      out.set(name, tensor);
      continue;
    }
    const data = new Float32Array(count);
    const values = new DataView(bytes.buffer, bytes.byteOffset + dataStart + begin, end - begin);
    for (let i = 0; i < count; i++) data[i] = values.getFloat32(i * 4, true);
    out.set(name, { ...tensor, data });
  }
  return out;
}

/** A safetensors file holding `tensors` (F32, in order), with optional string `metadata`. */
export function writeSafetensors(tensors: readonly NamedTensor[], metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  // The data start is kept 8-byte aligned, as the reference implementation does, by padding the header with spaces.
  json += ' '.repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const t of tensors) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}
