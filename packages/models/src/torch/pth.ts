import { unzipSync, zipSync } from 'fflate';
import { TorchFileError } from './errors.js';
import { PyGlobal, type PyTuple, unpickleAt } from './pickle.js';
import { type NamedTensor, stateDictPickle } from './pickle-writer.js';
import {
  DTYPE_BYTES,
  findTensorDict,
  type StateDict,
  type TorchDtype,
  type TorchStorage,
  viewToArray,
} from './state-dict.js';

const STORAGE_DTYPES: Record<string, TorchDtype> = {
  FloatStorage: 'float32',
  DoubleStorage: 'float64',
  HalfStorage: 'float16',
  BFloat16Storage: 'bfloat16',
  LongStorage: 'int64',
  IntStorage: 'int32',
  ShortStorage: 'int16',
  CharStorage: 'int8',
  ByteStorage: 'uint8',
  BoolStorage: 'bool',
};

/** The magic number legacy (pre-zip) `torch.save` files start with. */
const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
/** Data of each zip record starts at a multiple of this, as `torch.save` aligns it (lets PyTorch mmap the file). */
const ALIGNMENT = 64;

/** Reads a persistent id `('storage', torch.XStorage, key, location, numel, ...)` into a storage without bytes. */
function storageFromId(id: PyTuple, source: string): TorchStorage {
  const [tag, type, key, , numel] = id.items;
  if (tag !== 'storage' || !(type instanceof PyGlobal) || typeof key !== 'string' || !Number.isSafeInteger(numel)) {
    throw new TorchFileError(`${source}: a tensor's storage id is not ('storage', type, key, location, numel)`, source);
  }
  const dtype = STORAGE_DTYPES[type.name];
  if (type.module !== 'torch' || dtype === undefined) {
    throw new TorchFileError(`${source}: unknown storage type ${type.qualified}`, source);
  }
  return { key, dtype, numel: numel as number, bytes: new Uint8Array(0) };
}

/** Turns the unpickled tensor views into a state_dict, reading float32 values; other dtypes keep only their name. */
function toStateDict(value: unknown, source: string): StateDict {
  const out: StateDict = new Map();
  for (const [name, ref] of findTensorDict(value, source)) {
    const storage = ref.storage as TorchStorage;
    const tensor = { shape: [...ref.shape], dtype: storage.dtype };
    out.set(name, storage.dtype === 'float32' ? { ...tensor, data: viewToArray(ref, storage, name, source) } : tensor);
  }
  return out;
}

function checkStorageSize(storage: TorchStorage, found: number, source: string): void {
  const expected = storage.numel * DTYPE_BYTES[storage.dtype];
  if (found !== expected) {
    throw new TorchFileError(
      `${source}: storage ${storage.key}: expected ${expected} bytes (${storage.numel} × ${storage.dtype}), found ${found}`,
      source,
    );
  }
}

/** Reads a zip-format `torch.save` file (`<name>/data.pkl` + `<name>/data/<key>` records). */
function readZip(bytes: Uint8Array, source: string): StateDict {
  let records: Record<string, Uint8Array>;
  try {
    records = unzipSync(bytes, {
      filter: (file) => {
        if (file.compression !== 0) {
          throw new TorchFileError(
            `${source}: zip entry ${file.name} is compressed; torch.save stores entries`,
            source,
          );
        }
        return /^[^/]+\/(data\.pkl|byteorder|data\/[^/]+)$/.test(file.name);
      },
    });
  } catch (error) {
    if (error instanceof TorchFileError) throw error;
    throw new TorchFileError(`${source}: not a readable zip archive (${(error as Error).message})`, source);
  }
  const pickles = Object.keys(records).filter((n) => n.endsWith('/data.pkl'));
  if (pickles.length !== 1) {
    throw new TorchFileError(
      `${source}: expected one <archive>/data.pkl as torch.save writes, found ${pickles.length}`,
      source,
    );
  }
  const prefix = (pickles[0] as string).slice(0, -'data.pkl'.length);
  const order = records[`${prefix}byteorder`];
  if (order !== undefined && new TextDecoder().decode(order) !== 'little') {
    throw new TorchFileError(
      `${source}: saved on a big-endian machine (byteorder ${new TextDecoder().decode(order)}); only little-endian files are read`,
      source,
    );
  }
  const storages = new Map<string, TorchStorage>();
  const persistentLoad = (id: PyTuple) => {
    const storage = storageFromId(id, source);
    const known = storages.get(storage.key);
    if (known) return known;
    const data = records[`${prefix}data/${storage.key}`];
    if (data === undefined)
      throw new TorchFileError(`${source}: record ${prefix}data/${storage.key} is missing`, source);
    checkStorageSize(storage, data.byteLength, source);
    storage.bytes = data;
    storages.set(storage.key, storage);
    return storage;
  };
  const pickle = records[pickles[0] as string] as Uint8Array;
  const { value } = unpickleAt(pickle, { source: `${source} (${pickles[0]})`, persistentLoad });
  return toStateDict(value, source);
}

/** Reads a legacy (PyTorch < 1.6) `torch.save` file: five pickles, then each storage as int64 count + bytes. */
function readLegacy(bytes: Uint8Array, source: string): StateDict {
  let at = 0;
  const next = (persistentLoad?: (id: PyTuple) => unknown) => {
    const r = unpickleAt(bytes, { source, offset: at, ...(persistentLoad ? { persistentLoad } : {}) });
    at = r.end;
    return r.value;
  };
  if (next() !== LEGACY_MAGIC)
    throw new TorchFileError(`${source}: not a torch.save file (wrong magic number)`, source);
  const protocol = next();
  if (protocol !== 1001)
    throw new TorchFileError(`${source}: legacy protocol ${String(protocol)}, expected 1001`, source);
  next(); // sys_info: endianness and type sizes, checked through the storage sizes below
  const storages = new Map<string, TorchStorage>();
  const value = next((id) => {
    const storage = storageFromId(id, source);
    if (id.items[5] !== null && id.items[5] !== undefined) {
      throw new TorchFileError(`${source}: storage views (view_metadata) are not supported`, source);
    }
    const known = storages.get(storage.key);
    if (known) return known;
    storages.set(storage.key, storage);
    return storage;
  });
  const keys = next();
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string' || !storages.has(k))) {
    throw new TorchFileError(`${source}: the storage key list does not match the tensors`, source);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const key of keys as string[]) {
    const storage = storages.get(key) as TorchStorage;
    if (at + 8 > bytes.length) throw new TorchFileError(`${source}: truncated before storage ${key}`, source);
    const numel = view.getBigInt64(at, true);
    if (numel !== BigInt(storage.numel)) {
      throw new TorchFileError(
        `${source}: storage ${key}: header says ${numel} elements, the pickle ${storage.numel}`,
        source,
      );
    }
    const size = storage.numel * DTYPE_BYTES[storage.dtype];
    if (at + 8 + size > bytes.length) throw new TorchFileError(`${source}: truncated inside storage ${key}`, source);
    storage.bytes = bytes.subarray(at + 8, at + 8 + size);
    at += 8 + size;
  }
  return toStateDict(value, source);
}

/**
 * Reads a PyTorch `state_dict` saved with `torch.save` (the zip format of PyTorch ≥ 1.6, or the legacy format),
 * without Python and without executing anything (see `unpickle`). A training checkpoint dict holding a
 * `state_dict`/`model_state_dict` entry is accepted too. Throws {@link TorchFileError} naming `source`.
 */
export function readPth(bytes: Uint8Array, source: string): StateDict {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return readZip(bytes, source);
  if (bytes[0] === 0x80) return readLegacy(bytes, source);
  throw new TorchFileError(`${source}: not a torch.save file (neither a zip archive nor a pickle)`, source);
}

/** The padding extra field ("FB") that makes a record's data start at a multiple of {@link ALIGNMENT}. */
function padding(offset: number, nameLength: number): Record<number, Uint8Array> {
  const start = offset + 30 + nameLength + 4;
  return { 16966: new Uint8Array((ALIGNMENT - (start % ALIGNMENT)) % ALIGNMENT) };
}

/**
 * A `torch.save(state_dict)` file (zip format, records aligned to 64 bytes as PyTorch writes them) holding
 * `tensors` in order, float32, C-contiguous: `torch.load(path, weights_only=True)` reads it and
 * `model.load_state_dict()` takes it.
 */
export function writePth(tensors: readonly NamedTensor[], archive = 'archive'): Uint8Array {
  const encoder = new TextEncoder();
  const entries: [string, Uint8Array][] = [
    [`${archive}/data.pkl`, stateDictPickle(tensors)],
    [`${archive}/.format_version`, encoder.encode('1')],
    [`${archive}/.storage_alignment`, encoder.encode(String(ALIGNMENT))],
    [`${archive}/byteorder`, encoder.encode('little')],
    ...tensors.map((t, i): [string, Uint8Array] => [
      `${archive}/data/${i}`,
      new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
    ]),
    [`${archive}/version`, encoder.encode('3\n')],
  ];
  const files: Record<string, [Uint8Array, { level: 0; mtime: Date; extra: Record<number, Uint8Array> }]> = {};
  let offset = 0;
  const mtime = new Date(2000, 0, 1);
  for (const [name, data] of entries) {
    const nameLength = encoder.encode(name).length;
    const extra = padding(offset, nameLength);
    files[name] = [data, { level: 0, mtime, extra }];
    offset += 30 + nameLength + 4 + (extra[0x4246] as Uint8Array).length + data.length;
  }
  return zipSync(files);
}
