import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '../register-kernels.js';
import { SIMD_WASM_BASE64 } from './simd-binary.js';
import { decodeBase64, SIMD_EXPORTS, type SimdKernels, simdKernels } from './simd-module.js';
import type { WasmBackend } from './tfjs-wasm.js';

describe('SIMD kernels module', () => {
  it('embeds exactly wasm/kernels.wasm (rerun build:wasm after editing assembly/)', () => {
    const built = readFileSync(new URL('../../wasm/kernels.wasm', import.meta.url));
    expect(Buffer.from(decodeBase64(SIMD_WASM_BASE64)).equals(built)).toBe(true);
  });

  it('exports exactly the functions SimdKernels declares (and its memory)', () => {
    const module = new WebAssembly.Module(decodeBase64(SIMD_WASM_BASE64));
    const names = WebAssembly.Module.exports(module).map((e) => e.name);
    expect([...names].sort()).toEqual([...SIMD_EXPORTS, 'memory'].sort());
    // Every key of the interface is listed: a missing one makes this line fail to type-check.
    const complete: [Exclude<keyof SimdKernels, (typeof SIMD_EXPORTS)[number]>] extends [never] ? true : false = true;
    expect(complete).toBe(true);
  });

  it('decodes base64 as Buffer does', () => {
    for (const bytes of [[], [0], [255, 1], [1, 2, 3], [250, 251, 252, 253]]) {
      const text = Buffer.from(bytes).toString('base64');
      expect(Array.from(decodeBase64(text))).toEqual(bytes);
    }
    expect(() => decodeBase64('ab$c')).toThrow(/expected base64/);
  });

  it("loads on Node's wasm backend, so the kernel tests exercise it", async () => {
    await tf.setBackend('wasm');
    expect(simdKernels(tf.backend() as unknown as WasmBackend)).not.toBeNull();
  });
});
