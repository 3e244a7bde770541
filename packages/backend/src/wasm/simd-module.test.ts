import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import '../register-kernels.js';
import { decodeBase64 } from './base64.js';
import { RELAXED_SIMD_V8_FLAG, relaxedSimdNodeFlags } from './relaxed-simd-flags.js';
import { RELAXED_SIMD_WASM_BASE64, SIMD_WASM_BASE64 } from './simd-binary.js';
import { SIMD_EXPORTS, type SimdKernels, setWasmSimdVariant, simdKernels, wasmSimdVariant } from './simd-module.js';
import type { WasmBackend } from './tfjs-wasm.js';

describe("mnistkit's wasm module", () => {
  afterEach(() => {
    setWasmSimdVariant('auto');
  });

  it('exports, in both builds, exactly the functions SimdKernels declares (and its memory)', () => {
    for (const base64 of [SIMD_WASM_BASE64, RELAXED_SIMD_WASM_BASE64]) {
      const module = new WebAssembly.Module(decodeBase64(base64));
      const names = WebAssembly.Module.exports(module).map((e) => e.name);
      expect([...names].sort()).toEqual([...SIMD_EXPORTS, 'memory'].sort());
    }
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

  it('runs the relaxed-SIMD build by default on this Node (22+, or 20 started with the flag, as the tests are)', async () => {
    await tf.setBackend('wasm');
    expect(wasmSimdVariant()).toBe('relaxed-simd');
    expect(simdKernels(tf.backend() as unknown as WasmBackend)).not.toBeNull();
  });

  it('switches builds, and to none (the JS loops and XNNPACK)', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as unknown as WasmBackend;
    expect(setWasmSimdVariant('simd')).toBe('simd');
    const plain = simdKernels(backend);
    expect(setWasmSimdVariant('relaxed-simd')).toBe('relaxed-simd');
    const relaxed = simdKernels(backend);
    expect(plain).not.toBeNull();
    expect(relaxed).not.toBeNull();
    expect(relaxed).not.toBe(plain);
    expect(setWasmSimdVariant('none')).toBe('none');
    expect(simdKernels(backend)).toBeNull();
    expect(setWasmSimdVariant('auto')).toBe('relaxed-simd');
  });

  it('names the value it does not know', () => {
    expect(() => setWasmSimdVariant('fast' as 'simd')).toThrow(
      /setWasmSimdVariant: expected one of auto, relaxed-simd, simd, none, found 'fast'/,
    );
  });

  it('passes the V8 flag to Node 20 only (Node 22 refuses it)', () => {
    expect(relaxedSimdNodeFlags('11.3.244.8-node.33')).toEqual([RELAXED_SIMD_V8_FLAG]);
    expect(relaxedSimdNodeFlags('12.4.254.21-node.33')).toEqual([]);
    expect(relaxedSimdNodeFlags('11.4.0')).toEqual([]);
  });
});
