import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRunpath } from './elf.js';
import { CUDA_WHEEL_RUNPATH, elfWithRunpath } from './test-utils/fake-tensorflow.js';

const dir = mkdtempSync(join(tmpdir(), 'mnistkit-elf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: Buffer | string): string {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
}

describe('readRunpath', () => {
  it('reads DT_RUNPATH through the load address, split at colons', () => {
    const lib = file('cuda.so', elfWithRunpath(CUDA_WHEEL_RUNPATH));
    const entries = readRunpath(lib);
    expect(entries).toHaveLength(11);
    expect(entries).toContain('$ORIGIN/../nvidia/cublas/lib');
    expect(entries.at(-1)).toBe('$ORIGIN/');
  });

  it('falls back to the older DT_RPATH', () => {
    expect(readRunpath(file('rpath.so', elfWithRunpath('/opt/lib:$ORIGIN', 'rpath')))).toEqual(['/opt/lib', '$ORIGIN']);
  });

  it('returns nothing for a library without a search path', () => {
    expect(readRunpath(file('plain.so', elfWithRunpath(undefined)))).toEqual([]);
  });

  it('names what is wrong with a file that is not a 64-bit little-endian ELF', () => {
    expect(() =>
      readRunpath(file('text.so', 'not a library, just text long enough to hold a header'.repeat(2))),
    ).toThrow('not an ELF file');
    const big32 = elfWithRunpath('x');
    big32[4] = 1;
    expect(() => readRunpath(file('elf32.so', big32))).toThrow('not a 64-bit little-endian ELF file');
    expect(() => readRunpath(file('short.so', elfWithRunpath('x').subarray(0, 40)))).toThrow(/truncated/);
  });
});
