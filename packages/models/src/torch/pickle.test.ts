import { describe, expect, it } from 'vitest';
import { TorchFileError } from './errors.js';
import { PyDict, type PyTuple, unpickle } from './pickle.js';
import { stateDictPickle } from './pickle-writer.js';

/** Pickle bytes from a mix of opcode strings (latin-1) and numbers. */
const p = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((x) => (typeof x === 'string' ? [...x].map((c) => c.charCodeAt(0)) : x)));
const u32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, n >>> 24];
const uni = (s: string) => ['X'.charCodeAt(0), ...u32(s.length), ...[...s].map((c) => c.charCodeAt(0))];

function refusal(bytes: Uint8Array): string {
  try {
    unpickle(bytes, { source: 'evil.pth' });
  } catch (error) {
    expect(error).toBeInstanceOf(TorchFileError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('unpickle', () => {
  it('reads the plain values a state_dict pickle holds', () => {
    // {'a': 1, 'b': [1.5, True, None, 2**64, -1], 'c': (7, 300, 70000)}
    const bytes = p(
      '\x80\x02}q\x00(',
      uni('a'),
      'K\x01',
      uni('b'),
      ']q\x01(G?\xf8\x00\x00\x00\x00\x00\x00\x88N\x8a\x09',
      [0, 0, 0, 0, 0, 0, 0, 0, 1],
      '\x8a\x01\xffe',
      uni('c'),
      'K\x07M',
      [44, 1],
      'J',
      u32(70000),
      '\x87u.',
    );
    const value = unpickle(bytes, { source: 'x' }) as PyDict;
    expect(value).toBeInstanceOf(PyDict);
    expect(value.entries.get('a')).toBe(1);
    expect(value.entries.get('b')).toEqual([1.5, true, null, 2n ** 64n, -1]);
    expect((value.entries.get('c') as PyTuple).items).toEqual([7, 300, 70000]);
  });

  it('refuses any global but OrderedDict, tensor rebuilds and storage types, before calling anything', () => {
    expect(refusal(p('\x80\x02cos\nsystem\n', uni('echo hi'), '\x85R.'))).toBe(
      'evil.pth: pickle byte 2: refuses the global os.system: a state_dict holds only OrderedDicts and tensors, and anything else could run code when unpickled (a whole pickled model? save model.state_dict() instead)',
    );
    expect(refusal(p('\x80\x04\x8c\x08builtins\x94\x8c\x04eval\x94\x93.'))).toMatch(
      /refuses the global builtins\.eval/,
    );
    expect(refusal(p('\x80\x02ctorch\nFloatStorage\n)R.'))).toMatch(/refuses to call torch\.FloatStorage/);
  });

  it('refuses opcodes a state_dict does not need, and malformed input', () => {
    expect(refusal(p('\x80\x02(ios\nsystem\n.'))).toBe(
      'evil.pth: pickle byte 3: refuses pickle opcode INST, which a state_dict does not need',
    );
    expect(refusal(p('\x80\x02', uni('abc').slice(0, 6)))).toMatch(/truncated/);
    expect(refusal(p('\x80\x02h\x05.'))).toMatch(/memo 5 was never stored/);
    expect(refusal(p('\x80\x02.'))).toMatch(/STOP with a malformed stack/);
    expect(refusal(p('\x80\x02K\x01Q.'))).toMatch(/unexpected persistent id/);
  });

  it('reads back what stateDictPickle writes', () => {
    const bytes = stateDictPickle([{ name: 'fc.weight', shape: [2, 3], data: new Float32Array(6) }]);
    const ids: PyTuple[] = [];
    const value = unpickle(bytes, {
      source: 'w',
      persistentLoad: (id) => {
        ids.push(id);
        return 'storage-0';
      },
    }) as PyDict;
    expect(ids[0]?.items.slice(2)).toEqual(['0', 'cpu', 6]);
    expect(value.entries.get('fc.weight')).toEqual({
      kind: 'tensor',
      storage: 'storage-0',
      offset: 0,
      shape: [2, 3],
      stride: [3, 1],
    });
  });
});
