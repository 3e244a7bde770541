import { TorchFileError } from './errors.js';
import { PyDict, PyTuple, type TensorRef } from './pickle.js';

/** Element types a PyTorch or safetensors file may declare; only `float32` values are read. */
export type TorchDtype =
  | 'float32'
  | 'float64'
  | 'float16'
  | 'bfloat16'
  | 'int64'
  | 'int32'
  | 'int16'
  | 'int8'
  | 'uint8'
  | 'bool';

/** One tensor of a state_dict: shape, stored dtype, and (float32 only) its values in row-major order. */
export interface TorchTensor {
  shape: number[];
  dtype: TorchDtype;
  /** The values, row-major; absent for dtypes other than float32 (refused where a weight is expected). */
  data?: Float32Array;
}

/** A PyTorch `state_dict`: tensor name (`conv1.0.weight`) → tensor, in the file's order. */
export type StateDict = Map<string, TorchTensor>;

/** Bytes per element of each dtype. */
export const DTYPE_BYTES: Record<TorchDtype, number> = {
  float32: 4,
  float64: 8,
  float16: 2,
  bfloat16: 2,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
  bool: 1,
};

/** A storage a tensor views: its dtype and (once its record is read) bytes. */
export interface TorchStorage {
  key: string;
  dtype: TorchDtype;
  numel: number;
  bytes: Uint8Array;
}

/**
 * Copies the float32 elements a (possibly strided, offset) tensor view selects out of its storage into a new
 * row-major array, checking first that every index lies inside the storage.
 */
export function viewToArray(ref: TensorRef, storage: TorchStorage, name: string, source: string): Float32Array {
  const count = ref.shape.reduce((a, b) => a * b, 1);
  let last = ref.offset;
  for (let d = 0; d < ref.shape.length; d++) last += ((ref.shape[d] as number) - 1) * (ref.stride[d] as number);
  if (count > 0 && (ref.offset < 0 || last >= storage.numel)) {
    throw new TorchFileError(
      `${source}: ${name}: its view (offset ${ref.offset}, shape [${ref.shape.join(', ')}], stride [${ref.stride.join(', ')}]) reaches past its storage of ${storage.numel} elements`,
      source,
    );
  }
  const all = new Float32Array(count);
  const values = new DataView(storage.bytes.buffer, storage.bytes.byteOffset, storage.bytes.byteLength);
  const rank = ref.shape.length;
  const index = new Array<number>(rank).fill(0);
  for (let i = 0; i < count; i++) {
    let at = ref.offset;
    for (let d = 0; d < rank; d++) at += (index[d] as number) * (ref.stride[d] as number);
    all[i] = values.getFloat32(at * 4, true);
    for (let d = rank - 1; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (ref.shape[d] as number)) break;
      index[d] = 0;
    }
  }
  return all;
}

const isTensors = (value: unknown): value is PyDict =>
  value instanceof PyDict &&
  value.entries.size > 0 &&
  [...value.entries].every(([k, v]) => typeof k === 'string' && (v as TensorRef | null)?.kind === 'tensor');

/**
 * The tensor dict inside an unpickled object: the object itself when it is a dict of tensors, or the entry
 * `state_dict` / `model_state_dict` / `model` of a training checkpoint dict. Throws {@link TorchFileError} otherwise.
 */
export function findTensorDict(value: unknown, source: string): Map<string, TensorRef> {
  if (isTensors(value)) return value.entries as Map<string, TensorRef>;
  if (value instanceof PyDict) {
    for (const key of ['state_dict', 'model_state_dict', 'model']) {
      const inner = value.entries.get(key);
      if (isTensors(inner)) return inner.entries as Map<string, TensorRef>;
    }
    const keys = [...value.entries.keys()].map((k) => String(k)).slice(0, 8);
    throw new TorchFileError(
      `${source}: expected a state_dict (names → tensors), found a dict with keys ${keys.join(', ')}${value.entries.size > 8 ? ', …' : ''} and no "state_dict" or "model_state_dict" entry of tensors`,
      source,
    );
  }
  const what = value instanceof PyTuple ? 'a tuple' : Array.isArray(value) ? 'a list' : typeof value;
  throw new TorchFileError(`${source}: expected a state_dict (names → tensors), found ${what}`, source);
}
