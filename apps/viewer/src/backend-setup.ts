import {
  type BrowserBackendChoice,
  type SelectBackendOptions,
  setWasmSimdVariant,
  type WasmSimdVariant,
} from '@mnistkit/backend';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '@tensorflow/tfjs-core';

/**
 * `selectBackend`'s options for the viewer's page and its workers alike: the wasm files Vite emitted, and literal
 * imports of the GPU backends so that Vite bundles each as a chunk loaded only when tried.
 */
export function viewerBackendOptions(backend: BrowserBackendChoice): SelectBackendOptions {
  return {
    backend,
    importWebgl: () => import('@tensorflow/tfjs-backend-webgl'),
    importWebgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
    wasmPaths: {
      'tfjs-backend-wasm.wasm': new URL(wasmPlainUrl, import.meta.url).href,
      'tfjs-backend-wasm-simd.wasm': new URL(wasmSimdUrl, import.meta.url).href,
      'tfjs-backend-wasm-threaded-simd.wasm': new URL(wasmThreadedUrl, import.meta.url).href,
    },
  };
}

/**
 * Chooses tfjs-backend-wasm's build before the backend starts. By default the single-threaded SIMD build, even when
 * the page is cross-origin isolated (where tfjs would pick its threaded build on its own): mnistkit's wasm kernels
 * (Winograd convolutions, its matmul) cannot run on the threaded build's shared memory, and the viewer runs several
 * single-threaded workers side by side instead, which is faster here (README, "Evaluation speed"). `threads` > 1
 * asks for the threaded build with that many XNNPACK threads, for comparison; it needs cross-origin isolation.
 * `simd` chooses the build of mnistkit's own kernels (`auto`: relaxed SIMD where the browser has it, as Chromium
 * does; `simd` gives the same numbers as Node 20, which lacks relaxed SIMD by default).
 */
export function chooseWasmBuild(threads = 1, simd: WasmSimdVariant | 'auto' = 'auto'): void {
  const threaded = threads > 1;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threaded);
  if (threaded) setThreadsCount(threads);
  setWasmSimdVariant(simd);
}

/** The kernel builds `?wasmSimd=` may name. */
export const WASM_SIMD_CHOICES: readonly (WasmSimdVariant | 'auto')[] = ['auto', 'relaxed-simd', 'simd', 'none'];
