// The registry of mnistkit's kernels (tfjs-backend-wasm's register_all_kernels.ts does the same): every kernel is
// listed here, one file each under kernels/<backend>/ named after the kernel. Importing this module registers them;
// package.json lists it under `sideEffects`.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { getKernel, type KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterCpuConfig } from './kernels/cpu/conv2d-backprop-filter.js';
import { mnistkitAdamUpdateCpuConfig } from './kernels/cpu/mnistkit-adam-update.js';
import { rememberStock, stockKernel } from './kernels/stock.js';
import { batchMatMulWasmConfig } from './kernels/wasm/batch-mat-mul.js';
import { conv2DWasmConfig } from './kernels/wasm/conv2d.js';
import { conv2DBackpropFilterWasmConfig } from './kernels/wasm/conv2d-backprop-filter.js';
import { conv2DBackpropInputWasmConfig } from './kernels/wasm/conv2d-backprop-input.js';
import { fusedConv2DWasmConfig } from './kernels/wasm/fused-conv2d.js';
import { identityWasmConfig } from './kernels/wasm/identity.js';
import { maxPoolWasmConfig } from './kernels/wasm/max-pool.js';
import { maxPoolGradWasmConfig } from './kernels/wasm/max-pool-grad.js';
import { mnistkitAdamUpdateWasmConfig } from './kernels/wasm/mnistkit-adam-update.js';
import { mnistkitSimpleCNNGradientsWasmConfig } from './kernels/wasm/mnistkit-simple-cnn-gradients.js';
import { sumWasmConfig } from './kernels/wasm/sum.js';

/** The kernels mnistkit registers, replacing any stock kernel of the same name and backend. */
export const mnistkitKernels: readonly KernelConfig[] = [
  // wasm: correctness (stock lacks the filter gradient; its MaxPoolGrad is wrong for channels > 1).
  conv2DBackpropFilterWasmConfig,
  maxPoolGradWasmConfig,
  // wasm: speed.
  batchMatMulWasmConfig,
  conv2DWasmConfig,
  conv2DBackpropInputWasmConfig,
  fusedConv2DWasmConfig,
  identityWasmConfig,
  maxPoolWasmConfig,
  sumWasmConfig,
  mnistkitAdamUpdateWasmConfig,
  mnistkitSimpleCNNGradientsWasmConfig,
  // cpu.
  conv2DBackpropFilterCpuConfig,
  mnistkitAdamUpdateCpuConfig,
];

/** Names of the kernels that only make training faster (the others make it possible or correct). */
export const fastPathKernelNames: readonly string[] = [
  'wasm/BatchMatMul',
  'wasm/Conv2DBackpropInput',
  'wasm/Sum',
  'wasm/Identity',
  'wasm/Conv2D',
  'wasm/FusedConv2D',
  'wasm/MaxPool',
  'wasm/MnistkitAdamUpdate',
  'wasm/MnistkitSimpleCNNGradients',
  'cpu/MnistkitAdamUpdate',
];

const key = (c: KernelConfig) => `${c.backendName}/${c.kernelName}`;

function swapIn(config: KernelConfig): void {
  if (getKernel(config.kernelName, config.backendName) !== undefined) {
    unregisterKernel(config.kernelName, config.backendName);
  }
  registerKernel(config);
}

/** (Re-)registers mnistkit's kernels; done once on import, so call it only after `restoreStockKernels`. */
export function registerMnistkitKernels(): void {
  for (const config of mnistkitKernels) {
    const current = getKernel(config.kernelName, config.backendName);
    if (current !== undefined && current.kernelFunc !== config.kernelFunc) rememberStock(current);
    swapIn(config);
  }
}

/**
 * Puts back the kernels TensorFlow.js ships (for comparisons and benchmarks): all of them, or those
 * named `backend/Kernel` in `only`. Kernels stock lacks, such as wasm's `Conv2DBackpropFilter`, are
 * unregistered, so training on wasm fails again.
 */
export function restoreStockKernels(only?: readonly string[]): void {
  for (const config of mnistkitKernels) {
    if (only !== undefined && !only.includes(key(config))) continue;
    const original = stockKernel(config.kernelName, config.backendName);
    if (original !== undefined) swapIn(original);
    else if (getKernel(config.kernelName, config.backendName) !== undefined) {
      unregisterKernel(config.kernelName, config.backendName);
    }
  }
}

registerMnistkitKernels();
