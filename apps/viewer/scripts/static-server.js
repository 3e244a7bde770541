// @ts-check
/**
 * The viewer's static web server: `dist/` at `/`, a trainer run directory at `/run/`, more folders at other prefixes.
 * What it guarantees (each case has a test in test/serve.test.ts):
 * - only real files under a root: the real path (symlinks resolved) must lie inside the root's real path;
 * - run files are data, never a page of this origin: a fixed type per extension (anything else
 *   `application/octet-stream` + `Content-Disposition: attachment`), `X-Content-Type-Options: nosniff`, and
 *   `Content-Security-Policy: sandbox` so that even an opened file runs no script with this origin's rights;
 * - only requests whose `Host` names the address it listens on (421 otherwise): a web page on another name that
 *   resolves to 127.0.0.1 (DNS rebinding) cannot read runs;
 * - COOP/COEP on every response, so the page is cross-origin isolated (SharedArrayBuffer, threads);
 * - ETag / Last-Modified and 304s, so the page can poll a running run's history.json cheaply.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { isIP } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

/** Types of the viewer's own files (dist/). */
const APP_TYPES = /** @type {Record<string, string>} */ ({
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

/** Types of run files: data only. No HTML, no SVG (it can hold script), no JavaScript. */
const DATA_TYPES = /** @type {Record<string, string>} */ ({
  '.json': 'application/json; charset=utf-8',
  '.bin': 'application/octet-stream',
  '.gz': 'application/gzip',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
});

/**
 * Headers that make the page cross-origin isolated (`crossOriginIsolated === true`), which SharedArrayBuffer and so
 * multi-threaded WebAssembly need. Any static host serving the viewer should send these two.
 */
export const ISOLATION_HEADERS = Object.freeze({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
});

const COMMON_HEADERS = {
  ...ISOLATION_HEADERS,
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};

/**
 * @typedef {object} ServeOptions
 * @property {string} dist folder served at `/` (the viewer's files)
 * @property {string | (() => Promise<string>) | null} [run] run directory served at `/run/`, as data; a function is
 *   asked on every request (so `runs/latest` can move to a newer run while the server runs)
 * @property {Record<string, string>} [mounts] more folders by URL prefix (e.g. `{ '/fixtures/': dir }`), as data
 * @property {string} [host] address to listen on (default 127.0.0.1)
 * @property {number} [port] default 4173; 0 picks a free port
 * @property {string[]} [allowedHosts] more `Host` names to answer (e.g. a name a reverse proxy uses)
 */

/**
 * @typedef {object} Mount
 * @property {string} prefix URL prefix, ending in `/`
 * @property {() => Promise<string>} root the folder's real path, found on each request
 * @property {boolean} data whether its files are data (run files), not the app's own
 */

/**
 * Starts the server; resolves once it listens.
 * @param {ServeOptions} options
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startStaticServer(options) {
  /** @param {string | (() => Promise<string>)} dir */
  const rootOf = (dir) => async () => realpath(resolve(typeof dir === 'function' ? await dir() : dir));
  /** @type {Mount[]} */
  const mounts = Object.entries(options.mounts ?? {}).map(([prefix, dir]) => ({
    prefix,
    root: rootOf(dir),
    data: true,
  }));
  const run = options.run;
  if (run) mounts.push({ prefix: '/run/', root: rootOf(run), data: true });
  mounts.sort((a, b) => b.prefix.length - a.prefix.length);
  mounts.push({ prefix: '/', root: rootOf(options.dist), data: false });

  const listenHost = options.host ?? '127.0.0.1';
  /** @type {ReturnType<typeof hostPolicy> | undefined} */
  let policy;
  const server = createServer((req, res) => {
    if (policy === undefined || !policy.accepts(req.headers.host ?? '')) {
      res
        .writeHead(421, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' })
        .end(`misdirected request: this server answers only for Host ${policy?.names.join(', ')}\n`);
      return;
    }
    void handle(req, res, mounts).catch(() => {
      if (!res.headersSent) res.writeHead(500, COMMON_HEADERS);
      res.end();
    });
  });
  await new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4173, listenHost, () => resolvePromise(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  policy = hostPolicy(listenHost, address.port, options.allowedHosts ?? []);
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}/`,
    close: () =>
      new Promise((resolvePromise) => {
        server.closeAllConnections();
        server.close(() => resolvePromise());
      }),
  };
}

/**
 * Which `Host` header values to answer: the address listened on with its port, and `localhost` when that is a loopback
 * address. For a wildcard address (0.0.0.0, ::) any IP literal is accepted too (rebinding needs a name); other names
 * only when listed in `extra`.
 * @param {string} host
 * @param {number} port
 * @param {string[]} extra
 * @returns {{ names: string[], accepts: (value: string) => boolean }}
 */
export function hostPolicy(host, port, extra) {
  const hosts = new Set([host, ...extra].map((h) => h.toLowerCase()));
  if (host === '127.0.0.1' || host === '::1' || host === 'localhost') {
    for (const h of ['localhost', '127.0.0.1', '::1']) hosts.add(h);
  }
  const names = [...hosts].map((name) => `${isIP(name) === 6 ? `[${name}]` : name}:${port}`);
  const wildcard = host === '0.0.0.0' || host === '::';
  return {
    names,
    accepts: (value) => {
      const v = value.toLowerCase();
      if (names.includes(v)) return true;
      if (!wildcard || !v.endsWith(`:${port}`)) return false;
      const name = v.slice(0, -`:${port}`.length);
      return isIP(name) === 4 || (name.startsWith('[') && name.endsWith(']') && isIP(name.slice(1, -1)) === 6);
    },
  };
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {Mount[]} mounts
 */
async function handle(req, res, mounts) {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    res.writeHead(405, { ...COMMON_HEADERS, Allow: 'GET, HEAD' }).end();
    return;
  }
  let path;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    res.writeHead(400, COMMON_HEADERS).end('bad URL');
    return;
  }
  const mount = mounts.find((m) => path.startsWith(m.prefix) || `${path}/` === m.prefix);
  const found = mount === undefined || path.includes('\0') ? undefined : await realFile(mount, path);
  if (mount === undefined || found === undefined) {
    res.writeHead(404, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found: ${path}`);
    return;
  }
  const { file, info } = found;
  const etag = `"${info.ino.toString(36)}-${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
  const lastModified = new Date(Math.floor(info.mtimeMs / 1000) * 1000).toUTCString();
  const extension = extname(file).toLowerCase();
  const type = (mount.data ? DATA_TYPES : APP_TYPES)[extension];
  /** @type {Record<string, string>} */
  const headers = {
    ...COMMON_HEADERS,
    'Content-Type': type ?? 'application/octet-stream',
    // Revalidated on every use: a run directory changes while its trainer runs, and so does dist/ on a rebuild.
    'Cache-Control': 'no-cache',
    ETag: etag,
    'Last-Modified': lastModified,
  };
  if (mount.data) {
    headers['Content-Security-Policy'] = "default-src 'none'; sandbox";
    if (type === undefined) headers['Content-Disposition'] = 'attachment';
  }
  if (notModified(req, etag, info.mtimeMs)) {
    res.writeHead(304, headers).end();
    return;
  }
  headers['Content-Length'] = String(info.size);
  res.writeHead(200, headers);
  if (method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

/**
 * The file a path names under a mount, if it is a regular file whose real path (symlinks resolved) lies inside the
 * mount's real root; a folder gives its index.html.
 * @param {Mount} mount
 * @param {string} path
 * @returns {Promise<{ file: string, info: import('node:fs').Stats } | undefined>}
 */
async function realFile(mount, path) {
  let root;
  try {
    root = await mount.root();
  } catch {
    return undefined;
  }
  let file = resolve(join(root, path.slice(mount.prefix.length)));
  for (let hop = 0; hop < 2; hop++) {
    let real;
    try {
      real = await realpath(file);
    } catch {
      return undefined;
    }
    if (real !== root && !real.startsWith(root + sep)) return undefined;
    const info = await stat(real);
    if (info.isFile()) return { file: real, info };
    if (!info.isDirectory()) return undefined;
    file = join(real, 'index.html');
  }
  return undefined;
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {string} etag
 * @param {number} mtimeMs
 */
function notModified(req, etag, mtimeMs) {
  const match = req.headers['if-none-match'];
  if (match !== undefined) return match.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
  const since = req.headers['if-modified-since'];
  if (since === undefined) return false;
  const time = Date.parse(since);
  return Number.isFinite(time) && Math.floor(mtimeMs / 1000) * 1000 <= time;
}
