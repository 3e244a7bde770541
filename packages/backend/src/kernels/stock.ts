import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';

const stock = new Map<string, KernelConfig>();

const key = (kernelName: string, backendName: string) => `${backendName}/${kernelName}`;

/**
 * Remembers the kernel TensorFlow.js registered before mnistkit replaced it. The engine runs a kernel's
 * `setupFunc` only for kernels registered when the backend starts, and mnistkit's replace stock ones
 * before that, so the remembered kernel runs its setup itself, once per backend instance.
 */
export function rememberStock(config: KernelConfig): void {
  const k = key(config.kernelName, config.backendName);
  if (stock.has(k)) return;
  const { setupFunc, kernelFunc } = config;
  const ready = new WeakSet<object>();
  const wrapped: KernelFunc = (args) => {
    const backend = args.backend as object;
    if (setupFunc !== undefined && !ready.has(backend)) {
      setupFunc(args.backend);
      ready.add(backend);
    }
    return kernelFunc(args);
  };
  stock.set(k, { ...config, kernelFunc: wrapped });
}

/** The stock kernel mnistkit replaced, if any. */
export function stockKernel(kernelName: string, backendName: string): KernelConfig | undefined {
  return stock.get(key(kernelName, backendName));
}

/** Calls the stock kernel for cases a mnistkit kernel does not speed up. */
export function callStock(
  kernelName: string,
  backendName: string,
  args: Parameters<KernelFunc>[0],
): ReturnType<KernelFunc> {
  const config = stockKernel(kernelName, backendName);
  if (config === undefined) {
    throw new Error(
      `${backendName} ${kernelName}: this case needs TensorFlow.js's own kernel, which is not registered`,
    );
  }
  return config.kernelFunc(args);
}
