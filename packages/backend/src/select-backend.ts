import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { type BackendReport, type Candidate, selectFrom } from './select.js';

/** Browser backend names `selectBackend` accepts; `auto` tries `webgl`, then `wasm`, then `cpu`. */
export type BrowserBackendChoice = 'auto' | 'webgl' | 'wasm' | 'cpu';

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
}

/** Browser-side candidates in order of preference. */
export function browserCandidates(options: SelectBackendOptions = {}): Candidate[] {
  // A literal specifier, so bundlers split webgl into its own chunk, loaded only when tried.
  const importWebgl = options.importWebgl ?? (() => import('@tensorflow/tfjs-backend-webgl'));
  const all: Record<Exclude<BrowserBackendChoice, 'auto'>, Candidate> = {
    webgl: {
      name: 'webgl',
      prepare: async () => {
        await importWebgl();
      },
      detail: () => ({ gpu: true }),
    },
    wasm: {
      name: 'wasm',
      prepare: async () => {
        if (options.wasmPaths !== undefined) setWasmPaths(options.wasmPaths as string);
      },
    },
    cpu: { name: 'cpu' },
  };
  const choice = options.backend ?? 'auto';
  if (choice === 'auto') return [all.webgl, all.wasm, all.cpu];
  const one = all[choice];
  if (one === undefined) {
    throw new TypeError(
      `selectBackend: option backend: expected 'auto', 'webgl', 'wasm' or 'cpu', found '${String(choice)}'`,
    );
  }
  return [one];
}

/**
 * Sets the TensorFlow.js backend in a browser (`auto`: webgl, then wasm, then cpu) and reports the
 * choice. mnistkit's wasm/cpu training kernels are registered on import. Throws `BackendError` when
 * none can be set.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendReport> {
  return selectFrom(browserCandidates(options), options.log ?? (() => {}), 'selectBackend');
}
