/**
 * How a worker thread prepares its TF.js backend: it imports `module` and awaits `module[export](options)`.
 * The library never picks a backend itself. `module` is resolved from the worker script inside
 * `@mnistkit/training`, so pass a URL or absolute path, e.g. `import.meta.resolve('@mnistkit/backend/node')`.
 */
export interface BackendSetup {
  module: string;
  /** Export to call; default `default`. */
  export?: string;
  /** Argument passed to it, e.g. `{ backend: 'wasm' }` for `selectNodeBackend`. Must be structured-cloneable. */
  options?: unknown;
}

/** `module#export`, for messages. */
export const describeSetup = (setup: BackendSetup) => `${setup.module}#${setup.export ?? 'default'}`;

/** Worker thread: imports the setup's module and awaits its function; throws naming it when it is not a function. */
export async function runBackendSetup(setup: BackendSetup): Promise<void> {
  const mod = (await import(setup.module)) as Record<string, unknown>;
  const run = mod[setup.export ?? 'default'];
  if (typeof run !== 'function') {
    throw new Error(
      `backendSetup: expected ${describeSetup(setup)} to be a function, found ${typeof run} (exports: ${Object.keys(mod).join(', ')})`,
    );
  }
  await run(setup.options);
}
