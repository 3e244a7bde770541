import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { chromiumMissing } from '../scripts/chromium.js';
import { startViewerServer } from '../scripts/serve.js';

const viewerDir = fileURLToPath(new URL('..', import.meta.url));
/** Where the fixture, screenshots and other test outputs go (gitignored). */
export const ARTIFACTS_DIR = join(viewerDir, 'test-artifacts');

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the built viewer, or '' when the browser tests are skipped. */
    viewerUrl: string;
    fixtureDir: string;
    /** A run directory served at /live/, written by the live-run test while the page follows it. */
    liveRunDir: string;
  }
}

/**
 * Builds the viewer with Vite and serves it, with the model fixture's folder, on 127.0.0.1 with the same server as
 * `pnpm viewer`, for the browser tests.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const fixtureDir = join(ARTIFACTS_DIR, 'fixture');
  const liveRunDir = join(ARTIFACTS_DIR, 'live-run');
  project.provide('fixtureDir', fixtureDir);
  project.provide('liveRunDir', liveRunDir);
  const missing = chromiumMissing();
  if (missing !== undefined) {
    if (process.env.CI === 'true') throw new Error(missing);
    project.provide('viewerUrl', '');
    return async () => {};
  }
  await build({ root: viewerDir, configFile: join(viewerDir, 'vite.config.ts'), logLevel: 'warn' });
  if (!existsSync(join(viewerDir, 'dist', 'index.html'))) throw new Error('vite build wrote no dist/index.html');
  // The fixture is made by the test file (prepareFixture), where workspace packages resolve to their sources; this
  // process would need their dist/ builds. The server reads files per request, so it may start before they exist.
  const server = await startViewerServer({
    run: join(fixtureDir, 'run'),
    mounts: { '/fixtures/': fixtureDir, '/live/': liveRunDir },
    port: 0,
  });
  project.provide('viewerUrl', server.url);
  return () => server.close();
}
