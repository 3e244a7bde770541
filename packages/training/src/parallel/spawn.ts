import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker script at `script`. From TypeScript sources
 * (tests, through tsx, on the `@mnistkit/source` condition) the worker registers tsx itself, because Node 20 ignores
 * `--import tsx` in a worker's execArgv for its entry.
 */
export function spawnWorker(script: URL, options: WorkerOptions): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script, options);
  const tsxApi = createRequire(script)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const code = `import(${JSON.stringify(pathToFileURL(tsxApi).href)}).then((m) => { m.register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(code, {
    ...options,
    eval: true,
    execArgv: [...(options.execArgv ?? process.execArgv), '--conditions=@mnistkit/source'],
  });
}

/** The URL of module `name` beside `here` (an `import.meta.url`), with the extension `here` has (.ts or .js). */
export function siblingModule(here: string, name: string): URL {
  return new URL(`./${name}${here.endsWith('.ts') ? '.ts' : '.js'}`, here);
}
