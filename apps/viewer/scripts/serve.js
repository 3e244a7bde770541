#!/usr/bin/env node
// @ts-check
/**
 * A small static web server for the built viewer: `dist/` at `/`, and a trainer run directory at `/run/`, on
 * 127.0.0.1. `pnpm viewer --run runs/<name>` runs it; the browser tests use the same server.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
/** The viewer's build output. */
export const DIST_DIR = resolve(here, '..', 'dist');

const TYPES = /** @type {Record<string, string>} */ ({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  // instantiateStreaming needs this exact type for WebAssembly.
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.gz': 'application/gzip',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
});

/**
 * @typedef {object} ServeOptions
 * @property {string} [dist] folder served at `/` (default: the viewer's dist/)
 * @property {string | null} [run] run directory served at `/run/` (model/, history.json, metrics.json), or null
 * @property {Record<string, string>} [mounts] more folders, by URL prefix (e.g. `{ '/fixtures/': dir }`)
 * @property {string} [host] default 127.0.0.1
 * @property {number} [port] default 4173; 0 picks a free port
 */

/**
 * Starts the server; resolves once it listens.
 * @param {ServeOptions} [options]
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startViewerServer(options = {}) {
  const dist = resolve(options.dist ?? DIST_DIR);
  /** @type {[string, string][]} URL prefix → folder, longest prefix first. */
  const mounts = Object.entries(options.mounts ?? {}).map(([prefix, dir]) => [prefix, resolve(dir)]);
  if (options.run) mounts.push(['/run/', resolve(options.run)]);
  mounts.sort((a, b) => b[0].length - a[0].length);
  mounts.push(['/', dist]);

  const server = createServer((req, res) => {
    void handle(req.method ?? 'GET', req.url ?? '/', res);
  });

  /**
   * @param {string} method
   * @param {string} url
   * @param {import('node:http').ServerResponse} res
   */
  async function handle(method, url, res) {
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let path;
    try {
      path = decodeURIComponent(new URL(url, 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end('bad URL');
      return;
    }
    const mount = mounts.find(([prefix]) => path.startsWith(prefix) || `${path}/` === prefix);
    if (mount === undefined) {
      res.writeHead(404).end();
      return;
    }
    const [prefix, root] = mount;
    const file = normalize(join(root, path.slice(prefix.length)));
    // normalize() removed any `..`; a path that left the folder is refused.
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    let target = file;
    try {
      let info = await stat(target);
      if (info.isDirectory()) {
        target = join(target, 'index.html');
        info = await stat(target);
      }
      const headers = {
        'Content-Type': TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': String(info.size),
        // A run directory changes when the trainer writes a new model: never cache it.
        'Cache-Control': prefix === '/' ? 'no-cache' : 'no-store',
      };
      res.writeHead(200, headers);
      if (method === 'HEAD') {
        res.end();
        return;
      }
      createReadStream(target)
        .on('error', () => res.destroy())
        .pipe(res);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found: ${path}`);
    }
  }

  await new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4173, options.host ?? '127.0.0.1', () => resolvePromise(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    close: () =>
      new Promise((resolvePromise) => {
        server.closeAllConnections();
        server.close(() => resolvePromise());
      }),
  };
}

/**
 * The trainer's `runs/latest` is a symlink, or, where symlinks are not allowed, a text file holding the run folder's
 * name; returns the folder either way.
 * @param {string} path
 * @returns {Promise<string>}
 */
export async function followLatest(path) {
  try {
    if ((await stat(path)).isFile()) {
      const name = (await readFile(path, 'utf8')).trim();
      if (name !== '' && !name.includes('\n')) return resolve(dirname(path), name);
    }
  } catch {
    // A missing path is reported by the caller, with its hint.
  }
  return path;
}

const HELP = `Usage: pnpm viewer [--run <dir>] [--port <n>] [--host <address>]

Serves the built mnistkit viewer and a trainer run directory, then prints the page's URL.

  --run <dir>        run directory written by \`pnpm train\` (default: runs/latest); served at /run/
  --port <n>         port (default 4173; 0 picks a free one)
  --host <address>   address to listen on (default 127.0.0.1)
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
  const run = await followLatest(isAbsolute(runArg) ? runArg : resolve(cwd, runArg));
  let hasRun = false;
  try {
    hasRun = (await stat(join(run, 'model', 'model.json'))).isFile();
  } catch {
    const hint =
      values.run === undefined
        ? 'no run yet: train one with `pnpm train`, pass --run <dir>, or pick model files in the page'
        : `expected ${join(run, 'model', 'model.json')}; the page will start without a model`;
    console.warn(`viewer: --run ${runArg}: ${hint}`);
  }
  let server;
  try {
    server = await startViewerServer({ run: hasRun ? run : null, port, host: values.host });
  } catch (error) {
    const e = /** @type {NodeJS.ErrnoException} */ (error);
    const reason = e.code === 'EADDRINUSE' ? `port ${port} is in use; pass --port <n> (0 picks a free one)` : e.message;
    console.error(`viewer: cannot listen on ${values.host}:${port}: ${reason}`);
    return 1;
  }
  console.log(`mnistkit viewer: ${server.url}${hasRun ? `  (run: ${run})` : ''}`);
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
