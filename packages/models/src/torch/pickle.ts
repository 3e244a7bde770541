import { TorchFileError } from './errors.js';

/** A Python tuple (kept apart from lists so a persistent id or shape reads as what it is). */
export class PyTuple {
  constructor(readonly items: unknown[]) {}
}

/** A Python dict or OrderedDict, keys in insertion order. */
export class PyDict {
  readonly entries = new Map<unknown, unknown>();
}

/** A reference to a module-level name (`torch FloatStorage`); never imported, only compared. */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get qualified(): string {
    return `${this.module}.${this.name}`;
  }
}

/** What `_rebuild_tensor_v2` was asked to build: a view into a storage, not yet read. */
export interface TensorRef {
  readonly kind: 'tensor';
  storage: unknown;
  offset: number;
  shape: number[];
  stride: number[];
}

/** Callables a state_dict pickle may call, and what each builds. Anything else is refused. */
const CALLABLES: Record<string, (args: unknown[], fail: (message: string) => Error) => unknown> = {
  'collections.OrderedDict': (args, fail) => {
    if (args.length !== 0) throw fail(`OrderedDict with arguments is not a state_dict`);
    return new PyDict();
  },
  'torch._utils._rebuild_tensor_v2': (args, fail) => {
    const [storage, offset, size, stride] = args;
    const ints = (v: unknown) =>
      v instanceof PyTuple && v.items.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)
        ? (v.items as number[])
        : undefined;
    const shape = ints(size);
    const strides = ints(stride);
    if (
      !Number.isSafeInteger(offset) ||
      shape === undefined ||
      strides === undefined ||
      shape.length !== strides.length
    ) {
      throw fail(`_rebuild_tensor_v2 expects (storage, offset, size tuple, stride tuple, ...)`);
    }
    return { kind: 'tensor', storage, offset: offset as number, shape, stride: strides } satisfies TensorRef;
  },
  'torch._utils._rebuild_parameter': (args, fail) => {
    if ((args[0] as TensorRef | undefined)?.kind !== 'tensor') {
      throw fail(`_rebuild_parameter expects a tensor`);
    }
    return args[0];
  },
};

/** Classes a state_dict pickle may name without calling them (storage types in persistent ids). */
const NAMES = /^torch\.(Float|Double|Half|BFloat16|Long|Int|Short|Char|Byte|Bool)Storage$/;

const OPCODE_NAMES: Record<number, string> = {
  99: 'GLOBAL',
  147: 'STACK_GLOBAL',
  82: 'REDUCE',
  98: 'BUILD',
  105: 'INST',
  111: 'OBJ',
  129: 'NEWOBJ',
  146: 'NEWOBJ_EX',
  80: 'PERSID',
  130: 'EXT1',
};

/** Options for {@link unpickle}. */
export interface UnpickleOptions {
  /** For messages: the file (and record) being read. */
  source: string;
  /** Resolves a `BINPERSID` id (torch's `('storage', type, key, location, numel)`). */
  persistentLoad?: (id: PyTuple) => unknown;
  /** Start reading at this byte; the end byte is returned by {@link unpickleAt}. */
  offset?: number;
}

/**
 * Reads one pickle (protocols 2–5) holding only what a PyTorch state_dict needs: dicts and OrderedDicts, tuples,
 * lists, strings, numbers, booleans, None, storage persistent ids, and calls to `collections.OrderedDict`,
 * `torch._utils._rebuild_tensor_v2` and `_rebuild_parameter`. Nothing is imported or executed: any other global,
 * callable or opcode throws {@link TorchFileError} naming it and its byte offset.
 */
export function unpickle(bytes: Uint8Array, options: UnpickleOptions): unknown {
  return unpickleAt(bytes, options).value;
}

/** {@link unpickle}, also returning the offset just past the pickle's STOP (for files holding several pickles). */
export function unpickleAt(bytes: Uint8Array, options: UnpickleOptions): { value: unknown; end: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder('utf-8', { fatal: true });
  const stack: unknown[] = [];
  const marks: unknown[][] = [];
  const memo = new Map<number, unknown>();
  let pos = options.offset ?? 0;
  let opAt = pos;
  const fail = (message: string) =>
    new TorchFileError(`${options.source}: pickle byte ${opAt}: ${message}`, options.source);
  const need = (n: number) => {
    if (n < 0 || pos + n > bytes.length) throw fail(`truncated (needs ${n} more bytes)`);
    const start = pos;
    pos += n;
    return start;
  };
  const u8 = () => view.getUint8(need(1));
  const u16 = () => view.getUint16(need(2), true);
  const u32 = () => view.getUint32(need(4), true);
  const str = (n: number) => {
    const start = need(n);
    try {
      return text.decode(bytes.subarray(start, start + n));
    } catch {
      throw fail(`a string is not valid UTF-8`);
    }
  };
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0 || end - pos > 256) throw fail(`malformed GLOBAL`);
    return str(end - pos + 1).slice(0, -1);
  };
  const pop = () => {
    if (stack.length === 0) throw fail(`stack underflow`);
    return stack.pop();
  };
  const popMark = () => {
    const items = stack.splice(0);
    const previous = marks.pop();
    if (previous === undefined) throw fail(`no MARK`);
    stack.push(...previous);
    return items;
  };
  const top = () => {
    if (stack.length === 0) throw fail(`stack underflow`);
    return stack[stack.length - 1];
  };
  const global = (module: string, name: string) => {
    const g = new PyGlobal(module, name);
    if (!(g.qualified in CALLABLES) && !NAMES.test(g.qualified)) {
      throw fail(
        `refuses the global ${g.qualified}: a state_dict holds only OrderedDicts and tensors, and anything else ` +
          'could run code when unpickled (a whole pickled model? save model.state_dict() instead)',
      );
    }
    return g;
  };
  const setItems = (dict: unknown, items: unknown[]) => {
    if (!(dict instanceof PyDict) || items.length % 2 !== 0) throw fail(`SETITEMS on a non-dict`);
    for (let i = 0; i < items.length; i += 2) dict.entries.set(items[i], items[i + 1]);
  };
  const appendItems = (list: unknown, items: unknown[]) => {
    if (!Array.isArray(list)) throw fail(`APPENDS on a non-list`);
    list.push(...items);
  };

  for (;;) {
    opAt = pos;
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) throw fail(`pickle protocol above 5`);
        break;
      case 0x95: // FRAME
        need(8);
        break;
      case 0x2e: // STOP
        if (stack.length !== 1 || marks.length !== 0) throw fail(`STOP with a malformed stack`);
        return { value: stack[0], end: pos };
      case 0x28: // MARK
        marks.push(stack.splice(0));
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(new PyTuple([]));
        break;
      case 0x74: // TUPLE
        stack.push(new PyTuple(popMark()));
        break;
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: {
        // TUPLE3
        const n = op - 0x84;
        if (stack.length < n) throw fail(`stack underflow`);
        stack.push(new PyTuple(stack.splice(stack.length - n, n)));
        break;
      }
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x61: {
        // APPEND
        const item = pop();
        appendItems(top(), [item]);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        appendItems(top(), items);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new PyDict());
        break;
      case 0x64: {
        // DICT
        const dict = new PyDict();
        setItems(dict, popMark());
        stack.push(dict);
        break;
      }
      case 0x73: {
        // SETITEM
        const value = pop();
        const key = pop();
        setItems(top(), [key, value]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const key = op === 0x68 ? u8() : u32();
        if (!memo.has(key)) throw fail(`memo ${key} was never stored`);
        stack.push(memo.get(key));
        break;
      }
      case 0x4a: // BININT
        stack.push(view.getInt32(need(4), true));
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x8a: {
        // LONG1
        const n = u8();
        const start = need(n);
        let value = 0n;
        for (let i = n - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[start + i] as number);
        if (n > 0 && (bytes[start + n - 1] as number) & 0x80) value -= 1n << BigInt(8 * n);
        stack.push(
          value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value,
        );
        break;
      }
      case 0x47: // BINFLOAT
        stack.push(view.getFloat64(need(8), false));
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x58: // BINUNICODE
        stack.push(str(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(str(u8()));
        break;
      case 0x63: {
        // GLOBAL
        const module = line();
        stack.push(global(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw fail(`malformed STACK_GLOBAL`);
        stack.push(global(module, name));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const callable = pop();
        const call = callable instanceof PyGlobal ? CALLABLES[callable.qualified] : undefined;
        if (call === undefined || !(args instanceof PyTuple)) {
          const name = callable instanceof PyGlobal ? callable.qualified : typeof callable;
          throw fail(`refuses to call ${name}; only OrderedDict and tensor rebuilds are allowed`);
        }
        stack.push(call(args.items, fail));
        break;
      }
      case 0x62: {
        // BUILD: torch sets the state_dict's `_metadata` (module versions) this way; it is not needed here.
        const state = pop();
        if (!(top() instanceof PyDict) || !(state instanceof PyDict)) {
          throw fail(`BUILD is allowed only to attach metadata to a dict`);
        }
        break;
      }
      case 0x51: {
        // BINPERSID
        const id = pop();
        if (!(id instanceof PyTuple) || options.persistentLoad === undefined) {
          throw fail(`unexpected persistent id`);
        }
        stack.push(options.persistentLoad(id));
        break;
      }
      default: {
        const name = OPCODE_NAMES[op] ?? `0x${op.toString(16).padStart(2, '0')}`;
        throw fail(`refuses pickle opcode ${name}, which a state_dict does not need`);
      }
    }
  }
}
