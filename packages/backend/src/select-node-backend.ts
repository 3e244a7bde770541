import { BackendError, type BackendReport, type Candidate, selectFrom } from './select.js';
import {
  describeTensorflow,
  quietTensorflowInfoLogs,
  type TensorflowInfo,
  type TfjsNodePackageName,
  tensorflowInfo,
} from './tensorflow-info.js';

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
  /**
   * Fail (`BackendError`) unless the chosen backend computes on a GPU: only tfjs-node-gpu with a GPU that
   * TensorFlow sees qualifies. The backend set while finding that out stays set.
   */
  requireGpu?: boolean;
}

/** What `selectNodeBackend` chose; for `tensorflow` also its libtensorflow version and device. */
export interface NodeBackendReport extends BackendReport {
  /** Present when `name` is `tensorflow`. */
  tensorflow?: TensorflowInfo;
}

// Specifiers in variables keep TypeScript and bundlers from resolving packages this one does not depend on.
const nodeGpuSpecifier: TfjsNodePackageName = '@tensorflow/tfjs-node-gpu';
const nodeSpecifier: TfjsNodePackageName = '@tensorflow/tfjs-node';

function tensorflowCandidate(source: TfjsNodePackageName, load: () => Promise<unknown>): Candidate {
  return {
    name: 'tensorflow',
    source,
    prepare: async () => {
      quietTensorflowInfoLogs();
      await load();
    },
    detail: () => {
      const info = tensorflowInfo();
      return { gpu: info.device === 'GPU', note: describeTensorflow(info) };
    },
  };
}

/** Node candidates in order of preference (`requireGpu`: only tfjs-node-gpu can qualify). */
export function nodeCandidates(options: SelectNodeBackendOptions = {}): Candidate[] {
  const importers = options.importers ?? {};
  const gpu = tensorflowCandidate(nodeGpuSpecifier, importers['tfjs-node-gpu'] ?? (() => import(nodeGpuSpecifier)));
  const cpuOnly = tensorflowCandidate(nodeSpecifier, importers['tfjs-node'] ?? (() => import(nodeSpecifier)));
  const choice = options.backend ?? 'auto';
  if (options.requireGpu === true && (choice === 'auto' || choice === 'tensorflow')) return [gpu];
  switch (choice) {
    case 'auto':
      return [gpu, cpuOnly, { name: 'wasm' }, { name: 'cpu' }];
    case 'tensorflow':
      return [gpu, cpuOnly];
    case 'wasm':
    case 'cpu':
      return [{ name: choice }];
    default:
      throw new TypeError(
        `selectNodeBackend: option backend: expected 'auto', 'tensorflow', 'wasm' or 'cpu', found '${String(options.backend)}'`,
      );
  }
}

/**
 * Sets the TensorFlow.js backend in Node (`auto`: tensorflow via tfjs-node-gpu, then tfjs-node, then
 * wasm, then cpu) and reports the choice, whether it uses a GPU and, for tensorflow, the libtensorflow version
 * and device. Throws `BackendError` when none can be set, or with `requireGpu` when none computes on a GPU.
 */
export async function selectNodeBackend(options: SelectNodeBackendOptions = {}): Promise<NodeBackendReport> {
  const candidates = nodeCandidates(options);
  const choice = options.backend ?? 'auto';
  if (options.requireGpu === true && choice !== 'auto' && choice !== 'tensorflow') {
    throw new BackendError(
      `selectNodeBackend: requireGpu: backend '${choice}' computes on the CPU only; a GPU needs 'auto' or 'tensorflow' with @tensorflow/tfjs-node-gpu`,
      [],
    );
  }
  const report: NodeBackendReport = await selectFrom(candidates, options.log ?? (() => {}), 'selectNodeBackend');
  if (report.name === 'tensorflow') report.tensorflow = tensorflowInfo();
  if (options.requireGpu === true && !report.gpu) {
    const attempts = report.attempts.map((a) => (a.ok ? { ...a, ok: false } : a));
    const why = attempts.map((a) => `${a.source ?? a.name}: ${a.reason}`).join('; ');
    throw new BackendError(`selectNodeBackend: requireGpu: no backend computes on a GPU (${why})`, attempts);
  }
  return report;
}
