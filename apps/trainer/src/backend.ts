import { type NodeBackendReport, selectNodeBackend, type TensorflowInfo } from '@mnistkit/backend/node';
import { CliError, UsageError } from './errors.js';
import type { BackendChoice } from './settings.js';

// The specifiers sit in variables so TypeScript does not need the packages' types: they are optional
// dependencies that only install where libtensorflow can be downloaded. import() still resolves them from this
// app's folder, which is the point: under pnpm only a package that depends on them can import them.
const TFJS_NODE_GPU = '@tensorflow/tfjs-node-gpu';
const TFJS_NODE = '@tensorflow/tfjs-node';

const DUPLICATE_KERNEL = /^The kernel '[^']+' for backend 'tensorflow' is already registered/;

/**
 * Runs `load` with tfjs-core's "kernel already registered" warnings muted. A tfjs-node(-gpu) whose native addon is
 * missing registers its kernels before failing, so trying the second package would print ~180 such lines.
 */
export async function withoutDuplicateKernelWarnings<T>(load: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && DUPLICATE_KERNEL.test(args[0])) return;
    warn.apply(console, args);
  };
  try {
    return await load();
  } finally {
    console.warn = warn;
  }
}

/** Loaders for the native TensorFlow bindings, resolved from this app (see @mnistkit/backend's NodeImporters). */
export const nativeImporters = {
  'tfjs-node-gpu': () => withoutDuplicateKernelWarnings(() => import(TFJS_NODE_GPU)),
  'tfjs-node': () => withoutDuplicateKernelWarnings(() => import(TFJS_NODE)),
};

/** What `--backend` picked and how (for the printed line and history.json). */
export interface ChosenBackend {
  name: string;
  gpu: boolean;
  /** One line: `wasm (tensorflow: ... unavailable: ...)`. */
  summary: string;
  report: NodeBackendReport;
  /** On `tensorflow`: libtensorflow's version and the device it computes on. */
  tensorflow?: TensorflowInfo;
}

/** The printed backend line: the backend, where it computes, and why earlier candidates were passed over. */
export function describeBackend(report: NodeBackendReport): string {
  const chosen = report.attempts.find((a) => a.ok);
  const skipped = report.attempts.filter((a) => !a.ok).map((a) => `${a.source ?? a.name} unavailable`);
  const where = chosen?.reason ?? (report.gpu ? 'computes on the GPU' : 'computes on the CPU');
  return `${report.name} (${where})${skipped.length > 0 ? `; ${skipped.join(', ')}` : ''}`;
}

const NODE_BANNER = 'looks like you are running TensorFlow.js in Node.js';
let bannerMuted = false;

/**
 * Drops tfjs-backend-cpu's "install our node backend" banner: the printed backend line already says which backend
 * runs and the README says how to get tfjs-node. Other warnings pass through.
 */
export function muteNodeBackendBanner(): void {
  if (bannerMuted) return;
  bannerMuted = true;
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes(NODE_BANNER)) return;
    warn.apply(console, args);
  };
}

/** Where `--require-gpu` sends a user whose run would not be on a GPU. */
const GPU_SETUP_HINT =
  'set up tfjs-node-gpu with npx -y pnpm@10 setup:tensorflow --gpu (README: Native TensorFlow and NVIDIA GPUs)';

/**
 * Sets the TensorFlow.js backend for `--backend`; a forced backend that cannot start is a one-line CliError, and so
 * is `--require-gpu` when training would not run on a GPU.
 */
export async function chooseBackend(
  choice: BackendChoice,
  log: (line: string) => void,
  options: { requireGpu?: boolean } = {},
): Promise<ChosenBackend> {
  muteNodeBackendBanner();
  const requireGpu = options.requireGpu === true;
  if (requireGpu && choice !== 'auto' && choice !== 'tensorflow') {
    throw new UsageError(
      `--require-gpu: --backend ${choice} computes on the CPU only; use --backend auto or tensorflow`,
    );
  }
  try {
    const report = await selectNodeBackend({ backend: choice, importers: nativeImporters, log, requireGpu });
    const chosen: ChosenBackend = { name: report.name, gpu: report.gpu, summary: describeBackend(report), report };
    if (report.tensorflow) chosen.tensorflow = report.tensorflow;
    return chosen;
  } catch (error) {
    const attempts = (error as { attempts?: { name: string; source?: string; reason: string }[] }).attempts;
    if (attempts) {
      const why = attempts.map((a) => `${a.source ?? a.name}: ${a.reason}`).join('; ');
      if (requireGpu) {
        throw new CliError(`--require-gpu: training would not run on a GPU (${why}); ${GPU_SETUP_HINT}`, {
          cause: error,
        });
      }
      const hint =
        choice === 'tensorflow' ? ' (build tfjs-node with npx -y pnpm@10 setup:tensorflow: see the README)' : '';
      throw new CliError(`--backend ${choice}: could not start it: ${why}${hint}`, { cause: error });
    }
    throw error;
  }
}
