import type { BackendReport, BrowserBackendChoice, WasmSimdVariant } from '@mnistkit/backend';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Evaluator } from './actions/evaluate.js';
import { EvaluationPool, type WorkerLike } from './evaluation-pool.js';
import { modelArtifacts } from './model-artifacts.js';

/** At most this many evaluation workers: past the cores, more workers only add memory. */
const MAX_THREADS = 4;

/**
 * How many workers evaluate side by side: one per core (up to {@link MAX_THREADS}) on the CPU backends, one on a
 * GPU backend (the GPU is what runs in parallel there). `requested` (the page's `?threads=`) overrides.
 */
export function evaluationThreads(backend: string, cores: number, requested?: number): number {
  if (requested !== undefined && Number.isInteger(requested) && requested >= 1) return Math.min(requested, 16);
  if (backend === 'webgl' || backend === 'webgpu') return 1;
  return Math.max(1, Math.min(MAX_THREADS, cores || 1));
}

function createEvaluationWorker(): WorkerLike {
  return new Worker(new URL('./workers/evaluation-worker.ts', import.meta.url), {
    type: 'module',
    name: 'mnistkit-evaluation',
  }) as unknown as WorkerLike;
}

/** The viewer's evaluator: a pool of evaluation workers on `backend`, given each new model once. */
export function createWorkerEvaluator(
  backend: BrowserBackendChoice,
  threads: number,
  wasmThreads = 1,
  wasmSimd: WasmSimdVariant | 'auto' = 'auto',
): Evaluator & {
  ready(): Promise<BackendReport>;
  threads: number;
} {
  const pool = new EvaluationPool({ threads, backend, wasmThreads, wasmSimd, createWorker: createEvaluationWorker });
  let current: LayersModel | undefined;
  let loaded: Promise<void> = Promise.resolve();
  /** Gives the workers `model` (once per model) and resolves when they hold it ready. */
  const prepare = async (model: LayersModel): Promise<void> => {
    if (model !== current) {
      current = model;
      loaded = modelArtifacts(model).then((artifacts) => pool.setModel(artifacts));
    }
    return loaded;
  };
  let backendName: string = backend;
  void pool.ready().then(
    (report) => {
      backendName = report.name;
    },
    () => {},
  );
  return {
    threads: pool.threads,
    ready: () => pool.ready(),
    where: () =>
      wasmThreads > 1
        ? `${backendName}, 1 worker with ${wasmThreads} tfjs-wasm threads`
        : `${backendName}, ${pool.workers} thread${pool.workers === 1 ? '' : 's'}`,
    prepare,
    async evaluate(model, dataset, count, options) {
      await prepare(model);
      return pool.evaluate(dataset, count, options);
    },
  };
}
