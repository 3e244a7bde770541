// How a worker thread sets up the backend its main thread chose. @mnistkit/training's data-parallel pool imports
// `module` in each worker thread and awaits `module[export](options)` (its `BackendSetup`); this is that contract for
// Node as plain, structured-cloneable data, so callers never spell the module or the export by hand. Both sides test
// it: this package that the named export is `selectNodeBackend`, training that its workers start on it.
// A worker imports only this module: it must register the backends and kernels as the Node entry does.
import './register-kernels.js';
import { type NodeBackendChoice, selectNodeBackend } from './select-node-backend.js';

/** A `BackendSetup` for @mnistkit/training's worker threads: this module's `selectNodeBackend({ backend })`. */
export interface NodeWorkerSetup {
  /** The URL of this module (it exports `selectNodeBackend`). */
  module: string;
  export: 'selectNodeBackend';
  options: { backend: NodeBackendChoice };
}

/** The worker-thread setup for `backend` (use the main thread's backend: the pool requires the same one). */
export function nodeWorkerSetup(backend: NodeBackendChoice): NodeWorkerSetup {
  return { module: import.meta.url, export: 'selectNodeBackend', options: { backend } };
}

// The function the setup names, exported from the module it names.
export { selectNodeBackend };
