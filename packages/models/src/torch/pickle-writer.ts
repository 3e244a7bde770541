/** Named weights to write: name → row-major float32 values and their PyTorch shape. */
export interface NamedTensor {
  name: string;
  shape: readonly number[];
  data: Float32Array;
}

/** Writes pickle opcodes (protocol 2, the subset `torch.save` itself emits for a state_dict). */
class PickleWriter {
  private chunks: number[] = [];
  private readonly encoder = new TextEncoder();

  op(code: number): this {
    this.chunks.push(code);
    return this;
  }

  bytes(data: Uint8Array): this {
    for (const b of data) this.chunks.push(b);
    return this;
  }

  global(module: string, name: string): this {
    return this.op(0x63).bytes(this.encoder.encode(`${module}\n${name}\n`));
  }

  string(value: string): this {
    const data = this.encoder.encode(value);
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, data.length, true);
    return this.op(0x58).bytes(length).bytes(data);
  }

  int(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0 || value > 0x7fffffff) {
      throw new RangeError(`pickle: ${value} does not fit BININT`);
    }
    const data = new Uint8Array(4);
    new DataView(data.buffer).setInt32(0, value, true);
    return this.op(0x4a).bytes(data);
  }

  tuple(values: readonly number[]): this {
    this.op(0x28);
    for (const v of values) this.int(v);
    return this.op(0x74);
  }

  result(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

/** Row-major (C-contiguous) strides of a shape, as `torch` records them. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) strides[d] = (strides[d + 1] as number) * (shape[d + 1] as number);
  return strides;
}

/**
 * The `data.pkl` of a `torch.save(state_dict)` archive: an OrderedDict of `_rebuild_tensor_v2` calls whose
 * storages are the persistent ids `('storage', torch.FloatStorage, '<index>', 'cpu', numel)`, which
 * `torch.load(weights_only=True)` accepts. Storage `i` is `tensors[i]`'s values.
 */
export function stateDictPickle(tensors: readonly NamedTensor[]): Uint8Array {
  const w = new PickleWriter();
  w.op(0x80).op(2); // PROTO 2
  w.global('collections', 'OrderedDict').op(0x29).op(0x52); // OrderedDict()
  w.op(0x28); // MARK
  tensors.forEach((t, i) => {
    w.string(t.name);
    w.global('torch._utils', '_rebuild_tensor_v2');
    w.op(0x28); // MARK: the arguments
    w.op(0x28).string('storage').global('torch', 'FloatStorage').string(String(i)).string('cpu').int(t.data.length);
    w.op(0x74).op(0x51); // TUPLE, BINPERSID
    w.int(0).tuple(t.shape).tuple(contiguousStrides(t.shape));
    w.op(0x89); // requires_grad False
    w.global('collections', 'OrderedDict').op(0x29).op(0x52); // backward hooks: OrderedDict()
    w.op(0x74).op(0x52); // TUPLE, REDUCE
  });
  w.op(0x75); // SETITEMS
  w.op(0x2e); // STOP
  return w.result();
}
