// The kernels register on import. Bundlers skip a side-effect-free barrel (index.ts) whose exports come from
// elsewhere, so the module that apps call imports them itself; without this line a Vite build has none of them.
import './register-kernels.js';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { browserGpuProbes, type GpuProbe, type GpuProbes } from './gpu-probe.js';
import { type BackendReport, type Candidate, selectFrom } from './select.js';

/**
 * Browser backend names `selectBackend` accepts; `auto` tries `webgpu`, then `webgl`, each only on a hardware GPU,
 * then `wasm`, then `cpu`.
 */
export type BrowserBackendChoice = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** The names `selectBackend` accepts, in `auto`'s order after `auto` itself. */
export const BROWSER_BACKEND_CHOICES: readonly BrowserBackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

/** Options of `selectBackend`. */
export interface SelectBackendOptions {
  backend?: BrowserBackendChoice;
  /**
   * Where the `.wasm` files are served (tfjs-backend-wasm's `setWasmPaths`): a folder URL ending in
   * `/`, or a map of file name to URL. Needed in a browser unless the files sit next to the bundle.
   */
  wasmPaths?: string | Record<string, string>;
  /** Receives one line per backend tried. */
  log?: (line: string) => void;
  /** Loads tfjs-backend-webgl; defaults to a dynamic import of it (an optional peer dependency). */
  importWebgl?: () => Promise<unknown>;
  /** Loads tfjs-backend-webgpu; defaults to a dynamic import of it (an optional peer dependency). */
  importWebgpu?: () => Promise<unknown>;
  /** How the GPU APIs are inspected before a GPU backend is loaded; defaults to asking the browser. */
  probes?: GpuProbes;
}

/** Why `auto` leaves a software GPU to wasm: a CPU emulating a GPU is many times slower than wasm on the same CPU. */
function softwareNote(probe: GpuProbe): string {
  return `software rasteriser (${probe.description}): it computes on the CPU, slower than wasm`;
}

function gpuCandidate(
  name: 'webgpu' | 'webgl',
  probe: () => Promise<GpuProbe>,
  load: () => Promise<unknown>,
  auto: boolean,
): Candidate {
  let found: GpuProbe | undefined;
  return {
    name,
    check: async () => {
      found = await probe();
      if (!found.available) throw new Error(found.description);
      return auto && found.software ? softwareNote(found) : undefined;
    },
    prepare: async () => {
      await load();
    },
    detail: () => {
      const probed = found as GpuProbe;
      return probed.software
        ? { gpu: false, note: softwareNote(probed) }
        : { gpu: true, note: `computes on the GPU (${probed.description})` };
    },
  };
}

/** Browser-side candidates in order of preference. */
export function browserCandidates(options: SelectBackendOptions = {}): Candidate[] {
  // Literal specifiers, so bundlers split each GPU backend into its own chunk, loaded only when tried.
  const importWebgl = options.importWebgl ?? (() => import('@tensorflow/tfjs-backend-webgl'));
  const importWebgpu = options.importWebgpu ?? (() => import('@tensorflow/tfjs-backend-webgpu'));
  const probes = options.probes ?? browserGpuProbes;
  const choice = options.backend ?? 'auto';
  const auto = choice === 'auto';
  const all: Record<Exclude<BrowserBackendChoice, 'auto'>, Candidate> = {
    webgpu: gpuCandidate('webgpu', probes.webgpu, importWebgpu, auto),
    webgl: gpuCandidate('webgl', async () => probes.webgl(), importWebgl, auto),
    wasm: {
      name: 'wasm',
      prepare: async () => {
        if (options.wasmPaths !== undefined) setWasmPaths(options.wasmPaths as string);
      },
    },
    cpu: { name: 'cpu' },
  };
  if (auto) return [all.webgpu, all.webgl, all.wasm, all.cpu];
  const one = all[choice];
  if (one === undefined) {
    throw new TypeError(
      `selectBackend: option backend: expected ${BROWSER_BACKEND_CHOICES.map((c) => `'${c}'`).join(', ')}, found '${String(choice)}'`,
    );
  }
  return [one];
}

/**
 * Sets the TensorFlow.js backend in a browser page or worker and reports the choice, one line per backend tried.
 * `auto`: WebGPU, then WebGL, each only where the browser has a hardware GPU (a software rasteriser such as
 * SwiftShader or llvmpipe is passed over), then wasm, then cpu. A forced GPU backend runs even on software, and the
 * report says so. mnistkit's wasm/cpu training kernels are registered on import. Throws `BackendError` when none
 * can be set.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendReport> {
  return selectFrom(browserCandidates(options), options.log ?? (() => {}), 'selectBackend');
}
