#!/usr/bin/env node
// @ts-check
/**
 * `pnpm viewer`: serves the built viewer (`dist/` at `/`) and a trainer run directory (`/run/`) on 127.0.0.1. The
 * browser tests and the benchmark use the same server (static-server.js).
 */
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
// The run directory format (file names, the `latest` pointer) is @mnistkit/training's; `pnpm viewer` builds it first.
import { RUN_FILES, resolveRunDirectory } from '@mnistkit/training/node';
import { startStaticServer } from './static-server.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The viewer's build output. */
export const DIST_DIR = resolve(here, '..', 'dist');

/**
 * @typedef {Omit<import('./static-server.js').ServeOptions, 'dist'> & { dist?: string }} ViewerServeOptions
 */

/**
 * Starts the viewer's server (`dist/` at `/`, the run at `/run/`; see static-server.js for what it guarantees).
 * @param {ViewerServeOptions} [options]
 */
export function startViewerServer(options = {}) {
  return startStaticServer({ ...options, dist: options.dist ?? DIST_DIR });
}

/**
 * What a run directory holds so far: a finished model, or a history.json of a run still training.
 * @param {string} dir
 * @returns {Promise<{ state?: string, warning?: string }>}
 */
async function describeRun(dir) {
  const isFile = (/** @type {string} */ path) =>
    stat(path).then(
      (info) => info.isFile(),
      () => false,
    );
  const model = join(dir, RUN_FILES.model, 'model.json');
  const history = join(dir, RUN_FILES.history);
  if (await isFile(model)) return { state: 'model saved' };
  if (await isFile(history)) return { state: 'training, no final model yet' };
  return { warning: `expected ${model} or ${history}; the page will start without a model` };
}

const HELP = `Usage: pnpm viewer [--run <dir>] [--port <n>] [--host <address>]

Serves the built mnistkit viewer and a trainer run directory, then prints the page's URL.

  --run <dir>        run directory written by \`pnpm train\` (default: runs/latest); served at /run/
  --port <n>         port (default 4173; 0 picks a free one)
  --host <address>   address to listen on (default 127.0.0.1); the page answers only requests for this address
  -h, --help         this text`;

/** @param {string[]} argv */
async function main(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        run: { type: 'string' },
        port: { type: 'string', default: '4173' },
        host: { type: 'string', default: '127.0.0.1' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`viewer: ${/** @type {Error} */ (error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`viewer: --port: expected a whole number from 0 to 65535, found "${values.port}"`);
    return 2;
  }
  try {
    await stat(join(DIST_DIR, 'index.html'));
  } catch {
    console.error(
      `viewer: ${join(DIST_DIR, 'index.html')} is missing; build first: npx -y pnpm@10 --filter @mnistkit/viewer build`,
    );
    return 1;
  }
  // pnpm runs this script in apps/viewer; INIT_CWD is where the person typed the command.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const runArg = values.run ?? 'runs/latest';
  const runPath = isAbsolute(runArg) ? runArg : resolve(cwd, runArg);
  // `latest` is followed on every request, so a run started after the viewer is what /run/ shows.
  const run = () => resolveRunDirectory(runPath);
  const found = await describeRun(await run());
  if (found.warning !== undefined) {
    const hint =
      values.run === undefined
        ? 'no run yet: train one with `pnpm train` (the page follows runs/latest as it appears), pass --run <dir>, or pick model files in the page'
        : found.warning;
    console.warn(`viewer: --run ${runArg}: ${hint}`);
  }
  let server;
  try {
    server = await startViewerServer({ run, port, host: values.host });
  } catch (error) {
    const e = /** @type {NodeJS.ErrnoException} */ (error);
    const reason = e.code === 'EADDRINUSE' ? `port ${port} is in use; pass --port <n> (0 picks a free one)` : e.message;
    console.error(`viewer: cannot listen on ${values.host}:${port}: ${reason}`);
    return 1;
  }
  console.log(`mnistkit viewer: ${server.url}  (run: ${runPath}${found.state ? `, ${found.state}` : ''})`);
  console.log('Press Ctrl+C to stop.');
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // `pnpm run serve -- <args>` passes the `--` on; it would end option parsing here.
  const args = process.argv.slice(2);
  const code = await main(args[0] === '--' ? args.slice(1) : args);
  if (code !== undefined) process.exitCode = code;
}
