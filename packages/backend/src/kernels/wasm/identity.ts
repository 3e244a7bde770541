import type { IdentityInputs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { callStock } from '../stock.js';

interface RefCountingBackend {
  incRef(dataId: object): void;
}

/**
 * wasm `Identity` that shares the input's memory (a reference count, as tfjs-backend-cpu does) instead
 * of copying it: no wasm kernel writes into its inputs, so sharing is safe. Strings go to stock.
 */
export function identityWasm(args: { inputs: IdentityInputs; backend: RefCountingBackend }): TensorInfo {
  const x = args.inputs.x as TensorInfo;
  if (x.dtype === 'string')
    return callStock('Identity', 'wasm', args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Replaces wasm's copying `Identity`. */
export const identityWasmConfig: KernelConfig = {
  kernelName: 'Identity',
  backendName: 'wasm',
  kernelFunc: identityWasm as unknown as KernelFunc,
};
