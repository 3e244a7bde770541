// The glue to mnistkit's own WebAssembly module (assembly/, AssemblyScript): its exports' signatures, compiling it
// once, and one instance per tfjs-backend-wasm backend on that backend's memory.
import { SIMD_WASM_BASE64 } from './simd-binary.js';
import type { WasmBackend } from './tfjs-wasm.js';

/** The exports of assembly/index.ts (each documented in the assembly file named after it); pointers are byte offsets into the backend's wasm memory. */
export interface SimdKernels {
  /** 2x2 stride-2 max-pool gradient, channels a multiple of 4; see assembly/max-pool.ts. */
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
  /** 2x2 stride-2 max pooling, channels a multiple of 4; see assembly/max-pool.ts. */
  maxPool2x2(
    x: number,
    y: number,
    batch: number,
    height: number,
    width: number,
    channels: number,
    outHeight: number,
    outWidth: number,
  ): void;
  /** Column sums in float64 into float32 `dst`; see assembly/sum.ts. */
  sumRows(src: number, rows: number, cols: number, dst: number, scratch: number): void;
  /** c[m, n] = a[m, k] · b[k, n], row-major; n a multiple of 4; `b` read in place (no packing). */
  matmul(a: number, b: number, c: number, m: number, k: number, n: number): void;
  /** c[m, n] = aᵀ · b with a stored [k, m], read in place; n a multiple of 4. */
  matmulTransposedA(a: number, b: number, c: number, m: number, k: number, n: number): void;
  /** u[16][cin][cout] = G g Gᵀ (Winograd F(2x2, 3x3)) for an HWIO 3x3 filter; cout a multiple of 4. */
  winogradFilter(g: number, u: number, cin: number, cout: number): void;
  /** 3x3 stride-1 pad-1 convolution from the transformed filter; see assembly/winograd.ts. */
  winogradConv(
    x: number,
    u: number,
    bias: number,
    out: number,
    scratch: number,
    batch: number,
    height: number,
    width: number,
    cin: number,
    cout: number,
    relu: boolean,
  ): void;
  /** Filter gradient of a 3x3 stride-1 pad-1 convolution by Winograd F(3x3, 2x2); see assembly/winograd.ts. */
  winogradFilterGrad(
    x: number,
    dy: number,
    dw: number,
    scratch: number,
    batch: number,
    height: number,
    width: number,
    cin: number,
    cout: number,
  ): void;
  /** One Adam step over n float32s into fresh outputs; see assembly/adam.ts. */
  adamUpdate(
    param: number,
    grad: number,
    m: number,
    v: number,
    outParam: number,
    outM: number,
    outV: number,
    n: number,
    beta1: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
    bc1: number,
    bc2: number,
    epsilon: number,
    negLr: number,
  ): void;
}

/** The names of {@link SimdKernels}: every module mnistkit builds exports exactly these (and its memory). */
export const SIMD_EXPORTS = [
  'maxPoolGrad2x2',
  'maxPool2x2',
  'sumRows',
  'matmul',
  'matmulTransposedA',
  'winogradFilter',
  'winogradConv',
  'winogradFilterGrad',
  'adamUpdate',
] as const satisfies readonly (keyof SimdKernels)[];

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
    if (digit < 0) throw new Error(`simd-binary.ts: expected base64, found '${clean[i]}' at ${i}`);
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
let compiling: Promise<void> | undefined;
const instances = new WeakMap<object, SimdKernels | null>();

/** Compiles the module once: synchronously where allowed, else (browser main thread) in the background. */
function compiledModule(): WebAssembly.Module | null | undefined {
  if (compiled !== undefined || compiling !== undefined) return compiled;
  const bytes = decodeBase64(SIMD_WASM_BASE64);
  try {
    compiled = new WebAssembly.Module(bytes);
  } catch (error) {
    if (error instanceof RangeError) {
      // Browsers refuse synchronous compilation of modules over 4 KB on the main thread: compile in the
      // background; kernels use their fallbacks until it is ready (before the first training step).
      compiling = WebAssembly.compile(bytes).then(
        (module) => {
          compiled = module;
        },
        () => {
          compiled = null;
        },
      );
    } else {
      // No wasm SIMD in this engine: the fallbacks remain.
      compiled = null;
    }
  }
  return compiled;
}

/**
 * mnistkit's SIMD kernels bound to this backend's memory, or null where they cannot run (yet): no wasm
 * SIMD, the threaded tfjs build (shared memory, which the module does not import), or still compiling;
 * callers then use their JS loops or XNNPACK.
 */
export function simdKernels(backend: WasmBackend): SimdKernels | null {
  const known = instances.get(backend);
  if (known !== undefined) return known;
  const memory = backend.wasm.asm?.memory;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory?.buffer instanceof SharedArrayBuffer;
  if (!(memory instanceof WebAssembly.Memory) || shared) {
    instances.set(backend, null);
    return null;
  }
  const module = compiledModule();
  if (module === undefined) return null;
  let kernels: SimdKernels | null = null;
  if (module !== null) {
    try {
      kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SimdKernels;
    } catch {
      kernels = null;
    }
  }
  instances.set(backend, kernels);
  return kernels;
}
