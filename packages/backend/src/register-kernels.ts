// Importing this module registers mnistkit's kernels; package.json lists it under `sideEffects`.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { getKernel, type KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { adamUpdateCpuConfig, adamUpdateWasmConfig } from './kernels/adam-update.js';
import { batchMatMulWasmConfig } from './kernels/batch-mat-mul-wasm.js';
import { conv2DBackpropFilterCpuConfig } from './kernels/conv2d-backprop-filter-cpu.js';
import { conv2DBackpropFilterWasmConfig } from './kernels/conv2d-backprop-filter-wasm.js';
import { conv2DBackpropInputWasmConfig } from './kernels/conv2d-backprop-input-wasm.js';
import { conv2DWasmConfig, fusedConv2DWasmConfig } from './kernels/conv2d-wasm.js';
import { identityWasmConfig } from './kernels/identity-wasm.js';
import { maxPoolGradWasmConfig } from './kernels/max-pool-grad-wasm.js';
import { maxPoolWasmConfig } from './kernels/max-pool-wasm.js';
import { rememberStock, stockKernel } from './kernels/stock.js';
import { sumWasmConfig } from './kernels/sum-wasm.js';

/** The kernels mnistkit registers, replacing any stock kernel of the same name and backend. */
export const mnistkitKernels: readonly KernelConfig[] = [
  conv2DBackpropFilterWasmConfig,
  maxPoolGradWasmConfig,
  conv2DBackpropFilterCpuConfig,
  batchMatMulWasmConfig,
  conv2DBackpropInputWasmConfig,
  sumWasmConfig,
  identityWasmConfig,
  conv2DWasmConfig,
  fusedConv2DWasmConfig,
  maxPoolWasmConfig,
  adamUpdateWasmConfig,
  adamUpdateCpuConfig,
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
