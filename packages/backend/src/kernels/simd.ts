import { SIMD_WASM_BASE64 } from './simd-wasm-binary.js';
import type { WasmBackend } from './wasm-module.js';

/** The exports of assembly/index.ts; pointers are byte offsets into the backend's wasm memory. */
export interface SimdKernels {
  maxPoolGrad2x2(
    x: number,
    dy: number,
    dx: number,
    batch: number,
    height: number,
    width: number,
    channels: number,
    outHeight: number,
    outWidth: number,
  ): void;
  sumRows(src: number, rows: number, cols: number, dst: number, scratch: number): void;
  /** c[m, n] = a[m, k] · b[k, n], row-major; n a multiple of 4; `b` read in place (no packing). */
  matmul(a: number, b: number, c: number, m: number, k: number, n: number): void;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 to bytes without `atob`/`Buffer`, so the same code runs in Node, browsers and workers. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array((clean.length * 3) >>> 2);
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const digit = BASE64.indexOf(clean[i] as string);
    if (digit < 0) throw new Error(`simd-wasm-binary.ts: expected base64, found '${clean[i]}' at ${i}`);
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >>> bits) & 0xff;
    }
  }
  return out;
}

let compiled: WebAssembly.Module | null | undefined;
const instances = new WeakMap<object, SimdKernels | null>();

/**
 * mnistkit's SIMD kernels bound to this backend's memory, or null where they cannot run: no wasm SIMD,
 * or the threaded tfjs build (shared memory, which the module does not import); callers then use
 * their JS loops. The module is under 1 KB, so synchronous compilation is allowed in browsers too.
 */
export function simdKernels(backend: WasmBackend): SimdKernels | null {
  const known = instances.get(backend);
  if (known !== undefined) return known;
  let kernels: SimdKernels | null = null;
  const memory = backend.wasm.asm?.memory;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory?.buffer instanceof SharedArrayBuffer;
  if (memory instanceof WebAssembly.Memory && !shared) {
    try {
      if (compiled === undefined) compiled = new WebAssembly.Module(decodeBase64(SIMD_WASM_BASE64));
      if (compiled !== null) {
        kernels = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as SimdKernels;
      }
    } catch {
      // No SIMD in this engine: the JS loops remain.
      compiled = null;
    }
  }
  instances.set(backend, kernels);
  return kernels;
}
