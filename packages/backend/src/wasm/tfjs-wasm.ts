// The glue to tfjs-backend-wasm's module: its backend object, its heap, its C functions. mnistkit's own SIMD
// module (simd-module.ts) runs on the same heap.
import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';

/** The parts of tfjs-backend-wasm's `BackendWasm` these kernels use (its class is not part of its public types). */
export interface WasmBackend {
  wasm: {
    HEAPU8: Uint8Array;
    cwrap(name: string, returnType: null, argTypes: string[]): (...args: unknown[]) => void;
    /** The instance's exports; `memory` is the heap the tensors live in. */
    asm?: { memory?: WebAssembly.Memory };
  };
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}

type CFunction = (...args: unknown[]) => void;
const cache = new WeakMap<WasmBackend, Map<string, CFunction>>();

/** A C function exported by the backend's wasm module, wrapped once per backend instance. */
export function cFunction(backend: WasmBackend, name: string, argTypes: string[]): CFunction {
  let byName = cache.get(backend);
  if (byName === undefined) {
    byName = new Map();
    cache.set(backend, byName);
  }
  let fn = byName.get(name);
  if (fn === undefined) {
    fn = backend.wasm.cwrap(name, null, argTypes);
    byName.set(name, fn);
  }
  return fn;
}

/** The C++ tensor id of a wasm tensor. */
export function tensorId(backend: WasmBackend, info: TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (data === undefined) throw new Error(`wasm tensor of shape [${info.shape}] has no data on the wasm backend`);
  return data.id;
}

/**
 * A float32 view of a wasm tensor's memory. Views go stale when the heap grows (any `makeOutput`),
 * so take them after the last allocation.
 */
export function f32(backend: WasmBackend, info: TensorInfo): Float32Array {
  const data = backend.dataIdMap.get(info.dataId);
  if (data === undefined) throw new Error(`wasm tensor of shape [${info.shape}] has no data on the wasm backend`);
  let size = 1;
  for (const d of info.shape) size *= d;
  return new Float32Array(backend.wasm.HEAPU8.buffer, data.memoryOffset, size);
}

/** A float32 view of the whole wasm heap; stale once the heap grows, so take it after the last allocation. */
export function heapF32(backend: WasmBackend): Float32Array {
  const buffer = backend.wasm.HEAPU8.buffer;
  return new Float32Array(buffer, 0, buffer.byteLength >>> 2);
}

/** Where a wasm tensor's data starts in wasm memory, in bytes. */
export function byteOffset(backend: WasmBackend, info: TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (data === undefined) throw new Error(`wasm tensor of shape [${info.shape}] has no data on the wasm backend`);
  return data.memoryOffset;
}

/** Where a wasm tensor's data starts in `heapF32`, in floats. */
export function floatOffset(backend: WasmBackend, info: TensorInfo): number {
  return byteOffset(backend, info) >>> 2;
}

/** Frees a temporary made with `backend.makeOutput` that is not returned from the kernel. */
export function release(backend: WasmBackend, info: TensorInfo): void {
  backend.disposeData(info.dataId);
}

const MATMUL_ARGS = ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number'];

function shapeBytes(shape: number[]): Uint8Array {
  return new Uint8Array(new Int32Array(shape).buffer);
}

/**
 * out[m, n] = a[m, k] · b[k, n] through tfjs-backend-wasm's `BatchMatMul` with no transpose and batch 1, the
 * only case it sends to XNNPACK (any transpose falls into a scalar loop).
 */
export function xnnpackMatMul(
  backend: WasmBackend,
  a: TensorInfo,
  m: number,
  k: number,
  b: TensorInfo,
  n: number,
  out: TensorInfo,
): void {
  const fn = cFunction(backend, 'BatchMatMul', MATMUL_ARGS);
  fn(
    tensorId(backend, a),
    shapeBytes([1, m, k]),
    3,
    tensorId(backend, b),
    shapeBytes([1, k, n]),
    3,
    0,
    0,
    tensorId(backend, out),
  );
}
