import * as tf from '@tensorflow/tfjs-core';
import { gpuName, nvidiaGpuModels } from './nvidia-gpus.js';

/** The two packages that provide TensorFlow.js's `tensorflow` backend in Node. */
export type TfjsNodePackageName = '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu';

/** What the `tensorflow` backend runs on: the libtensorflow its binding loaded and the device it computes on. */
export interface TensorflowInfo {
  /** The package whose binding is loaded. */
  package: TfjsNodePackageName;
  /** libtensorflow's own version (`TF_Version()`), e.g. `2.21.0`; `unknown` if the binding does not say. */
  version: string;
  /** Where TensorFlow runs the operations: its first GPU when it sees one, else the CPU. */
  device: 'GPU' | 'CPU';
  /** The GPU's model (`NVIDIA H200`) when `device` is `GPU` and the driver names it unambiguously. */
  gpuName?: string;
}

/** The parts of tfjs-node's `NodeJSKernelBackend` read here (it exports no type for them). */
interface NodeKernelBackendLike {
  isGPUPackage?: boolean;
  isUsingGpuDevice?: boolean;
  binding?: { TF_Version?: unknown };
}

/**
 * Reads the active `tensorflow` backend: version, device and GPU name. `gpuModels` lists the GPUs the driver
 * sees (default: `nvidiaGpuModels()`); it is asked only when TensorFlow uses a GPU.
 */
export function tensorflowInfo(gpuModels: () => readonly string[] = nvidiaGpuModels): TensorflowInfo {
  const b = tf.backend() as unknown as NodeKernelBackendLike;
  const version = typeof b.binding?.TF_Version === 'string' ? b.binding.TF_Version : 'unknown';
  const pkg: TfjsNodePackageName = b.isGPUPackage === true ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
  if (b.isUsingGpuDevice !== true) return { package: pkg, version, device: 'CPU' };
  const name = gpuName(gpuModels());
  return name === undefined
    ? { package: pkg, version, device: 'GPU' }
    : { package: pkg, version, device: 'GPU', gpuName: name };
}

/** Says where a selected `tensorflow` backend computes: `libtensorflow 2.21.0 on a CUDA GPU (NVIDIA H200)`. */
export function describeTensorflow(info: TensorflowInfo): string {
  const lib = `libtensorflow ${info.version}`;
  if (info.device === 'GPU') return `${lib} on a CUDA GPU${info.gpuName ? ` (${info.gpuName})` : ''}`;
  if (info.package === '@tensorflow/tfjs-node-gpu') {
    return `${lib} on the CPU: tfjs-node-gpu loaded but TensorFlow sees no GPU device`;
  }
  return `${lib} on the CPU`;
}

/**
 * TensorFlow's C++ log level for INFO lines: libtensorflow prints two at load (absl's "messages before
 * InitializeLog" notice and the CPU-feature note) and oneDNN's numerics note at the first operation. `1` hides
 * INFO only; warnings and errors (a CUDA library that fails to load, say) still print. A value the user set wins.
 */
export function quietTensorflowInfoLogs(env: NodeJS.ProcessEnv = process.env): void {
  if (env.TF_CPP_MIN_LOG_LEVEL === undefined) env.TF_CPP_MIN_LOG_LEVEL = '1';
}
