import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { adamInputSize, adamStepConstants, adamUpdateInto } from '../../algorithms/adam.js';
import { type AdamUpdateAttrs, type AdamUpdateInputs, MnistkitAdamUpdate } from '../../kernel-names.js';
import type { CpuBackend } from './cpu-backend.js';

/** cpu `MnistkitAdamUpdate`: one JS loop; returns [param', m', v'] as new tensors, inputs left as they are. */
export function mnistkitAdamUpdateCpu(args: {
  inputs: AdamUpdateInputs;
  backend: CpuBackend;
  attrs: AdamUpdateAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const n = adamInputSize(inputs, 'cpu');
  const values = (t: TensorInfo) => backend.data.get(t.dataId).values as Float32Array;
  const [p, g, m, v] = [values(inputs.param), values(inputs.grad), values(inputs.m), values(inputs.v)];
  const outP = new Float32Array(n);
  const outM = new Float32Array(n);
  const outV = new Float32Array(n);
  adamUpdateInto(adamStepConstants(attrs), n, p, 0, g, 0, m, 0, v, 0, outP, 0, outM, 0, outV, 0);
  const shape = inputs.param.shape;
  return [
    backend.makeTensorInfo(shape, 'float32', outP),
    backend.makeTensorInfo(shape, 'float32', outM),
    backend.makeTensorInfo(shape, 'float32', outV),
  ];
}

/** Fused Adam step on `cpu` (see {@link AdamUpdateAttrs}). */
export const mnistkitAdamUpdateCpuConfig: KernelConfig = {
  kernelName: MnistkitAdamUpdate,
  backendName: 'cpu',
  kernelFunc: mnistkitAdamUpdateCpu as unknown as KernelFunc,
};
