// The glue to mnistkit's own WebAssembly module (assembly/, AssemblyScript): its exports' signatures, which of its
// two builds runs, compiling it once, and one instance per tfjs-backend-wasm backend on that backend's memory.
import { decodeBase64 } from './base64.js';
import { RELAXED_SIMD_WASM_BASE64, SIMD_WASM_BASE64 } from './simd-binary.js';
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
  /** c[m, n] = a[m, k] · bᵀ with b stored [n, k], read in place; k a multiple of 4; see assembly/gemm.ts. */
  matmulTransposedB(a: number, b: number, c: number, m: number, k: number, n: number): void;
  /** Relu-then-max-pool 2x2 gradient into dy, and the bias gradient into db; see assembly/max-pool.ts. */
  maxPoolReluGrad2x2(
    y: number,
    dp: number,
    dy: number,
    db: number,
    batch: number,
    height: number,
    width: number,
    channels: number,
  ): void;
  /** Copies one-channel images into [height + 2][width + 2] with zeros around; see assembly/conv3x3-c1.ts. */
  padImage(x: number, xp: number, batch: number, height: number, width: number): void;
  /** 3x3 'same' convolution of a padded one-channel image, bias, relu, and 2x2 pooling when `pooled` is not 0. */
  conv3x3C1(
    xp: number,
    w: number,
    bias: number,
    y: number,
    pooled: number,
    batch: number,
    height: number,
    width: number,
    cout: number,
    relu: boolean,
  ): void;
  /** Filter and bias gradients of conv3x3C1 with relu and pooling, from the pooled output's gradient. */
  conv3x3C1PoolGrad(
    xp: number,
    y: number,
    dp: number,
    dw: number,
    db: number,
    batch: number,
    height: number,
    width: number,
    cout: number,
  ): void;
  /** x = relu?(x + bias) in place, row by row; see assembly/dense.ts. */
  biasRelu(x: number, bias: number, rows: number, cols: number, relu: boolean): void;
  /** hd = h ⊙ mask, z = hd·w + bias (a classifier's last dense layer); see assembly/dense.ts. */
  denseDropoutLogits(
    h: number,
    mask: number,
    w: number,
    bias: number,
    batch: number,
    units: number,
    classes: number,
    hd: number,
    z: number,
  ): void;
  /** Its backward pass from dz, through dropout and the relu before it; see assembly/dense.ts. */
  denseDropoutBackward(
    h: number,
    hd: number,
    mask: number,
    w: number,
    dz: number,
    batch: number,
    units: number,
    classes: number,
    dh: number,
    dw: number,
    db: number,
    dbh: number,
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
  'matmulTransposedB',
  'maxPoolReluGrad2x2',
  'padImage',
  'conv3x3C1',
  'conv3x3C1PoolGrad',
  'biasRelu',
  'denseDropoutLogits',
  'denseDropoutBackward',
  'winogradFilter',
  'winogradConv',
  'winogradFilterGrad',
  'adamUpdate',
] as const satisfies readonly (keyof SimdKernels)[];

/**
 * Which build of mnistkit's WebAssembly module the wasm kernels run: `relaxed-simd` (fused multiply-adds in the
 * matmul and Winograd products), `simd` (plain 128-bit SIMD), or `none` (their JS loops and XNNPACK).
 */
export type WasmSimdVariant = 'relaxed-simd' | 'simd' | 'none';

const VARIANTS: readonly (WasmSimdVariant | 'auto')[] = ['auto', 'relaxed-simd', 'simd', 'none'];

/** One build: its bytes, its compiled module (null: it cannot compile here), one instance per backend. */
interface Build {
  bytes: Uint8Array<ArrayBuffer>;
  compiled?: WebAssembly.Module | null;
  compiling?: Promise<void>;
  instances: WeakMap<object, SimdKernels | null>;
}

const builds = new Map<Exclude<WasmSimdVariant, 'none'>, Build>();
let chosen: WasmSimdVariant | undefined;

function build(variant: Exclude<WasmSimdVariant, 'none'>): Build {
  let b = builds.get(variant);
  if (b === undefined) {
    const base64 = variant === 'relaxed-simd' ? RELAXED_SIMD_WASM_BASE64 : SIMD_WASM_BASE64;
    b = { bytes: decodeBase64(base64), instances: new WeakMap() };
    builds.set(variant, b);
  }
  return b;
}

/** Whether this engine accepts that build (`WebAssembly.validate`, synchronous and unlimited on a browser's main thread). */
function validates(variant: Exclude<WasmSimdVariant, 'none'>): boolean {
  try {
    return typeof WebAssembly !== 'undefined' && WebAssembly.validate(build(variant).bytes);
  } catch {
    return false;
  }
}

function resolve(requested: WasmSimdVariant | 'auto', source: string): WasmSimdVariant {
  if (!VARIANTS.includes(requested)) {
    throw new TypeError(`${source}: expected one of ${VARIANTS.join(', ')}, found '${String(requested)}'`);
  }
  if (requested === 'auto') {
    if (validates('relaxed-simd')) return 'relaxed-simd';
    return validates('simd') ? 'simd' : 'none';
  }
  if (requested !== 'none' && !validates(requested)) {
    const hint =
      requested === 'relaxed-simd' ? ' (Node 20 has it only when started with --experimental-wasm-relaxed-simd)' : '';
    throw new Error(`${source}: '${requested}' requested, but this engine does not accept that module${hint}`);
  }
  return requested;
}

/** The MNISTKIT_WASM_SIMD environment variable where there is one (Node, and its worker threads). */
function fromEnvironment(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.MNISTKIT_WASM_SIMD;
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The build of mnistkit's WebAssembly module the wasm kernels run. By default the best this engine accepts:
 * `relaxed-simd` in Chrome 114+ and Node 22+ (Node 20 only when started with `--experimental-wasm-relaxed-simd`;
 * mnistkit does not set V8 flags at run time, which Node documents as unsafe), else `simd`, else `none`. The
 * environment variable `MNISTKIT_WASM_SIMD` (`auto`, `relaxed-simd`, `simd`, `none`) or
 * {@link setWasmSimdVariant} choose another, for comparisons.
 */
export function wasmSimdVariant(): WasmSimdVariant {
  chosen ??= resolve((fromEnvironment() ?? 'auto') as WasmSimdVariant, 'MNISTKIT_WASM_SIMD');
  return chosen;
}

/**
 * Makes the wasm kernels run `variant` of mnistkit's module from their next call on (`auto`: the default choice);
 * returns the variant now in use. Throws when this engine does not accept that build. Results differ between
 * variants only within float tolerance (a fused multiply-add rounds once).
 */
export function setWasmSimdVariant(variant: WasmSimdVariant | 'auto'): WasmSimdVariant {
  chosen = resolve(variant, 'setWasmSimdVariant');
  return chosen;
}

/** Compiles a build once: synchronously where allowed, else (browser main thread) in the background. */
function compiledModule(b: Build): WebAssembly.Module | null | undefined {
  if (b.compiled !== undefined || b.compiling !== undefined) return b.compiled;
  try {
    b.compiled = new WebAssembly.Module(b.bytes);
  } catch (error) {
    if (error instanceof RangeError) {
      // Browsers refuse synchronous compilation of modules over 4 KB on the main thread: compile in the
      // background; kernels use their fallbacks until it is ready (before the first training step).
      b.compiling = WebAssembly.compile(b.bytes).then(
        (module) => {
          b.compiled = module;
        },
        () => {
          b.compiled = null;
        },
      );
    } else {
      // No wasm SIMD in this engine: the fallbacks remain.
      b.compiled = null;
    }
  }
  return b.compiled;
}

/**
 * mnistkit's SIMD kernels (the build {@link wasmSimdVariant} names) bound to this backend's memory, or null where
 * they cannot run (yet): variant `none`, the threaded tfjs build (shared memory, which the module does not import),
 * or still compiling; callers then use their JS loops or XNNPACK.
 */
export function simdKernels(backend: WasmBackend): SimdKernels | null {
  const variant = wasmSimdVariant();
  if (variant === 'none') return null;
  const b = build(variant);
  const known = b.instances.get(backend);
  if (known !== undefined) return known;
  const memory = backend.wasm.asm?.memory;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory?.buffer instanceof SharedArrayBuffer;
  if (!(memory instanceof WebAssembly.Memory) || shared) {
    b.instances.set(backend, null);
    return null;
  }
  const module = compiledModule(b);
  if (module === undefined) return null;
  let kernels: SimdKernels | null = null;
  if (module !== null) {
    try {
      kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SimdKernels;
    } catch {
      kernels = null;
    }
  }
  b.instances.set(backend, kernels);
  return kernels;
}
