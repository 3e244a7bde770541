import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveRunDirectory } from '@mnistkit/training/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startViewerServer } from '../scripts/serve.js';
import { hostPolicy } from '../scripts/static-server.js';

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A raw HTTP/1.1 request over a socket, so that the Host header can be anything or absent (fetch and http.request
 * fill it in themselves). `host: null` sends none.
 */
function get(url: string, path: string, headers: Record<string, string | null> = {}, method = 'GET'): Promise<Reply> {
  const { hostname, port, host } = new URL(url);
  const all: Record<string, string | null> = { host, connection: 'close', ...headers };
  const lines = Object.entries(all).flatMap(([k, v]) => (v === null ? [] : [`${k}: ${v}`]));
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`${method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...headerLines] = text.slice(0, split).split('\r\n');
      const parsed: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        parsed[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      let body = text.slice(split + 4);
      // Chunked bodies (no Content-Length): drop the chunk sizes.
      if (parsed['transfer-encoding'] === 'chunked') body = body.replace(/^[0-9a-f]+\r\n|\r\n[0-9a-f]+\r\n/gi, '');
      resolve({ status: Number(statusLine.split(' ')[1]), headers: parsed, body: body.replace(/\r\n$/, '') });
    });
  });
}

describe('scripts/serve.js', () => {
  let scratch: string;
  let server: Awaited<ReturnType<typeof startViewerServer>>;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'mnistkit-serve-'));
    const dist = join(scratch, 'dist');
    const runs = join(scratch, 'runs');
    const run = join(runs, 'run-1');
    const outside = join(scratch, 'outside');
    await mkdir(join(dist, 'assets'), { recursive: true });
    await mkdir(join(run, 'model'), { recursive: true });
    await mkdir(outside, { recursive: true });
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>viewer</title>');
    await writeFile(join(dist, 'assets', 'app.js'), 'console.log(1);');
    await writeFile(join(run, 'history.json'), '{"history":[]}');
    await writeFile(join(run, 'model', 'model.json'), '{}');
    await writeFile(join(run, 'model', 'weights.bin'), new Uint8Array(8));
    await writeFile(join(run, 'evil.html'), '<script>alert(document.domain)</script>');
    await writeFile(join(run, 'evil.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    await writeFile(join(run, 'notes'), 'no extension');
    await writeFile(join(outside, 'secret.txt'), 'TOP SECRET CONTENT');
    // Links out of the run directory, as a file and as a folder, and one that stays inside.
    await symlink(join(outside, 'secret.txt'), join(run, 'passwd.json'));
    await symlink(outside, join(run, 'escape'));
    await symlink(join(run, 'history.json'), join(run, 'history-link.json'));
    await writeFile(join(runs, 'latest'), 'run-1\n');
    server = await startViewerServer({ dist, run: () => resolveRunDirectory(join(runs, 'latest')), port: 0 });
  });

  afterAll(async () => {
    await server?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  test('binds 127.0.0.1 by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  test('serves the app and the run, cross-origin isolated, nosniff everywhere', async () => {
    const page = await get(server.url, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(page.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const script = await get(server.url, '/assets/app.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cross-origin-embedder-policy']).toBe('require-corp');
    const history = await get(server.url, '/run/history.json');
    expect(history).toMatchObject({ status: 200, body: '{"history":[]}' });
    expect(history.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(history.headers['x-content-type-options']).toBe('nosniff');
    // A link that stays inside the run directory is fine.
    expect((await get(server.url, '/run/history-link.json')).status).toBe(200);
  });

  test('does not follow symlinks out of the run directory', async () => {
    for (const path of ['/run/passwd.json', '/run/escape/secret.txt', '/run/%2e%2e/outside/secret.txt']) {
      const reply = await get(server.url, path);
      expect(reply.status, path).toBe(404);
      expect(reply.body, path).not.toContain('TOP SECRET');
    }
  });

  test('never serves a run file as HTML or SVG: data types only, attachment, sandboxed', async () => {
    for (const path of ['/run/evil.html', '/run/evil.svg', '/run/notes']) {
      const reply = await get(server.url, path);
      expect(reply.status, path).toBe(200);
      expect(reply.headers['content-type'], path).toBe('application/octet-stream');
      expect(reply.headers['content-disposition'], path).toBe('attachment');
      expect(reply.headers['x-content-type-options'], path).toBe('nosniff');
      expect(reply.headers['content-security-policy'], path).toMatch(/sandbox/);
    }
    const weights = await get(server.url, '/run/model/weights.bin');
    expect(weights.headers['content-type']).toBe('application/octet-stream');
    expect(weights.headers['content-security-policy']).toMatch(/sandbox/);
  });

  test('answers 421 to a Host that is not the address it listens on (DNS rebinding)', async () => {
    const port = new URL(server.url).port;
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${Number(port) + 1}`, '']) {
      const reply = await get(server.url, '/run/history.json', { host });
      expect(reply.status, `Host: ${host}`).toBe(421);
      expect(reply.body, host).not.toContain('history');
    }
    // No Host at all: Node's HTTP/1.1 parser refuses it before the server sees it.
    expect((await get(server.url, '/run/history.json', { host: null })).status).toBe(400);
    expect((await get(server.url, '/', { host: `localhost:${port}` })).status).toBe(200);
    expect((await get(server.url, '/', { host: `LOCALHOST:${port}` })).status).toBe(200);
  });

  test('ETag and Last-Modified: a poll of an unchanged history.json costs a 304', async () => {
    const first = await get(server.url, '/run/history.json');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers['cache-control']).toBe('no-cache');
    expect((await get(server.url, '/run/history.json', { 'if-none-match': etag })).status).toBe(304);
    const since = String(first.headers['last-modified']);
    expect((await get(server.url, '/run/history.json', { 'if-modified-since': since })).status).toBe(304);
    // The trainer rewrites it: a new tag, a full answer.
    const file = join(scratch, 'runs', 'run-1', 'history.json');
    await writeFile(file, '{"history":[{"epoch":1}]}');
    const later = new Date(Date.now() + 5000);
    await utimes(file, later, later);
    const changed = await get(server.url, '/run/history.json', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.body).toBe('{"history":[{"epoch":1}]}');
    expect(changed.headers.etag).not.toBe(etag);
  });

  test('follows runs/latest to a newer run while it runs', async () => {
    const run2 = join(scratch, 'runs', 'run-2');
    await mkdir(run2);
    await writeFile(join(run2, 'history.json'), '{"history":[],"run":2}');
    await writeFile(join(scratch, 'runs', 'latest'), 'run-2\n');
    expect((await get(server.url, '/run/history.json')).body).toBe('{"history":[],"run":2}');
  });

  test('only GET and HEAD', async () => {
    expect((await get(server.url, '/', {}, 'POST')).status).toBe(405);
    const head = await get(server.url, '/run/history.json', {}, 'HEAD');
    expect(head).toMatchObject({ status: 200, body: '' });
  });
});

test('hostPolicy: a wildcard address accepts IP literals, never other names', () => {
  const any = hostPolicy('0.0.0.0', 8080, ['viewer.lan']);
  expect(any.accepts('192.168.1.5:8080')).toBe(true);
  expect(any.accepts('[fe80::1]:8080')).toBe(true);
  expect(any.accepts('viewer.lan:8080')).toBe(true);
  expect(any.accepts('evil.example:8080')).toBe(false);
  expect(any.accepts('192.168.1.5:8081')).toBe(false);
  const loopback = hostPolicy('127.0.0.1', 4173, []);
  expect(loopback.names).toEqual(['127.0.0.1:4173', 'localhost:4173', '[::1]:4173']);
  expect(loopback.accepts('192.168.1.5:4173')).toBe(false);
});
