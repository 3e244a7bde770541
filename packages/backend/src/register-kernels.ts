// Importing this module registers mnistkit's kernels; package.json lists it under `sideEffects`.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { getKernel, type KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterCpuConfig } from './kernels/conv2d-backprop-filter-cpu.js';
import { conv2DBackpropFilterWasmConfig } from './kernels/conv2d-backprop-filter-wasm.js';
import { maxPoolGradWasmConfig } from './kernels/max-pool-grad-wasm.js';

/** The kernels mnistkit registers, replacing any stock kernel of the same name and backend. */
export const mnistkitKernels: readonly KernelConfig[] = [
  conv2DBackpropFilterWasmConfig,
  maxPoolGradWasmConfig,
  conv2DBackpropFilterCpuConfig,
];

const key = (c: KernelConfig) => `${c.backendName}/${c.kernelName}`;
const stock = new Map<string, KernelConfig>();

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
    if (current !== undefined && current.kernelFunc !== config.kernelFunc && !stock.has(key(config))) {
      stock.set(key(config), current);
    }
    swapIn(config);
  }
}

/**
 * Puts back the kernels TensorFlow.js ships (for comparisons and benchmarks). Kernels stock lacks,
 * such as wasm's `Conv2DBackpropFilter`, are unregistered, so training on wasm fails again.
 */
export function restoreStockKernels(): void {
  for (const config of mnistkitKernels) {
    const original = stock.get(key(config));
    if (original !== undefined) swapIn(original);
    else if (getKernel(config.kernelName, config.backendName) !== undefined) {
      unregisterKernel(config.kernelName, config.backendName);
    }
  }
}

registerMnistkitKernels();
