import './register-kernels.js';
import * as tf from '@tensorflow/tfjs-core';
import { type BackendReport, type Candidate, selectFrom } from './select.js';

export * from './index.js';
export { type NodeWorkerSetup, nodeWorkerSetup } from './worker-backend-setup.js';

/** Node backend names `selectNodeBackend` accepts; `auto` tries tensorflow (GPU, then CPU), wasm, cpu. */
export type NodeBackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

/**
 * Loaders for the native TensorFlow bindings. pnpm's strict layout means only a package that depends on
 * them can import them, so an app passes `{ 'tfjs-node-gpu': () => import('@tensorflow/tfjs-node-gpu') }`.
 */
export interface NodeImporters {
  'tfjs-node-gpu'?: () => Promise<unknown>;
  'tfjs-node'?: () => Promise<unknown>;
}

/** Options of `selectNodeBackend`. */
export interface SelectNodeBackendOptions {
  backend?: NodeBackendChoice;
  importers?: NodeImporters;
  /** Receives one line per backend tried. */
  log?: (line: string) => void;
}

// Specifiers in variables keep TypeScript and bundlers from resolving packages this one does not depend on.
const nodeGpuSpecifier = '@tensorflow/tfjs-node-gpu';
const nodeSpecifier = '@tensorflow/tfjs-node';

interface TensorflowBackendFlags {
  isGPUPackage?: boolean;
  isUsingGpuDevice?: boolean;
}

function tensorflowDetail(): { gpu: boolean; note?: string } {
  const b = tf.backend() as unknown as TensorflowBackendFlags;
  if (b.isGPUPackage !== true) return { gpu: false, note: 'libtensorflow on the CPU' };
  if (b.isUsingGpuDevice === true) return { gpu: true, note: 'libtensorflow on a CUDA GPU' };
  return { gpu: false, note: 'tfjs-node-gpu loaded but TensorFlow sees no GPU device; it computes on the CPU' };
}

/** Node candidates in order of preference. */
export function nodeCandidates(options: SelectNodeBackendOptions = {}): Candidate[] {
  const importers = options.importers ?? {};
  const gpuImport = importers['tfjs-node-gpu'] ?? (() => import(nodeGpuSpecifier));
  const cpuImport = importers['tfjs-node'] ?? (() => import(nodeSpecifier));
  const tensorflow: Candidate[] = [
    {
      name: 'tensorflow',
      source: nodeGpuSpecifier,
      prepare: async () => {
        await gpuImport();
      },
      detail: tensorflowDetail,
    },
    {
      name: 'tensorflow',
      source: nodeSpecifier,
      prepare: async () => {
        await cpuImport();
      },
      detail: tensorflowDetail,
    },
  ];
  const wasm: Candidate = { name: 'wasm' };
  const cpu: Candidate = { name: 'cpu' };
  switch (options.backend ?? 'auto') {
    case 'auto':
      return [...tensorflow, wasm, cpu];
    case 'tensorflow':
      return tensorflow;
    case 'wasm':
      return [wasm];
    case 'cpu':
      return [cpu];
    default:
      throw new TypeError(
        `selectNodeBackend: option backend: expected 'auto', 'tensorflow', 'wasm' or 'cpu', found '${String(options.backend)}'`,
      );
  }
}

/**
 * Sets the TensorFlow.js backend in Node (`auto`: tensorflow via tfjs-node-gpu, then tfjs-node, then
 * wasm, then cpu) and reports the choice and whether it uses a GPU. Throws `BackendError` when none can be set.
 */
export async function selectNodeBackend(options: SelectNodeBackendOptions = {}): Promise<BackendReport> {
  return selectFrom(nodeCandidates(options), options.log ?? (() => {}), 'selectNodeBackend');
}
