import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { adamInputSize, adamStepConstants, adamUpdateInto } from '../../algorithms/adam.js';
import { type AdamUpdateAttrs, type AdamUpdateInputs, MnistkitAdamUpdate } from '../../kernel-names.js';
import { simdKernels } from '../../wasm/simd-module.js';
import { byteOffset, floatOffset, heapF32, type WasmBackend } from '../../wasm/tfjs-wasm.js';

/**
 * wasm `MnistkitAdamUpdate`: one SIMD pass over wasm memory (JS loop where SIMD cannot run) into three
 * new tensors. Not in place: a variable's memory may be shared with other tensors (zero-copy Identity,
 * the tensor a variable was made from), which an in-place write would change behind their holders' backs.
 */
export function mnistkitAdamUpdateWasm(args: {
  inputs: AdamUpdateInputs;
  backend: WasmBackend;
  attrs: AdamUpdateAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const n = adamInputSize(inputs, 'wasm');
  const shape = inputs.param.shape;
  const outs = [
    backend.makeOutput(shape, 'float32'),
    backend.makeOutput(shape, 'float32'),
    backend.makeOutput(shape, 'float32'),
  ] as [TensorInfo, TensorInfo, TensorInfo];
  const [outP, outM, outV] = outs;
  const k = adamStepConstants(attrs);
  const { param, grad, m, v } = inputs;
  const simd = simdKernels(backend);
  if (simd !== null) {
    const at = (t: TensorInfo) => byteOffset(backend, t);
    simd.adamUpdate(
      at(param),
      at(grad),
      at(m),
      at(v),
      at(outP),
      at(outM),
      at(outV),
      n,
      k.beta1,
      k.oneMinusBeta1,
      k.beta2,
      k.oneMinusBeta2,
      k.bc1,
      k.bc2,
      k.epsilon,
      k.negLr,
    );
    return outs;
  }
  const heap = heapF32(backend);
  const at = (t: TensorInfo) => floatOffset(backend, t);
  adamUpdateInto(
    k,
    n,
    heap,
    at(param),
    heap,
    at(grad),
    heap,
    at(m),
    heap,
    at(v),
    heap,
    at(outP),
    heap,
    at(outM),
    heap,
    at(outV),
  );
  return outs;
}

/** Fused Adam step on `wasm` (see {@link AdamUpdateAttrs}). */
export const mnistkitAdamUpdateWasmConfig: KernelConfig = {
  kernelName: MnistkitAdamUpdate,
  backendName: 'wasm',
  kernelFunc: mnistkitAdamUpdateWasm as unknown as KernelFunc,
};
