import { mkdir, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build, type Plugin } from 'vite';
import { describe, expect, it } from 'vitest';
import { BROWSER_LIBRARIES, repoRoot } from './helpers.js';

const NODE_BUILTINS = new Set(builtinModules);

/**
 * Records each Node built-in that mnistkit's own code asks for. Third-party code is left to its `browser`
 * field: tfjs-core and seedrandom name `util`/`crypto` but map them to `false` for browsers.
 */
function recordNodeBuiltins(found: string[]): Plugin {
  return {
    name: 'record-node-builtins',
    enforce: 'pre',
    resolveId(source, importer) {
      const bare = source.replace(/^node:/, '').split('/')[0] ?? source;
      const isBuiltin = source.startsWith('node:') || NODE_BUILTINS.has(bare);
      if (isBuiltin && importer && !importer.includes(`${path.sep}node_modules${path.sep}`)) {
        found.push(`${source} (imported by ${path.relative(repoRoot, importer)})`);
      }
      return null;
    },
  };
}

/** Bundles `import * as lib from specifier` for the browser; returns the built-ins mnistkit code pulled in. */
async function bundleForBrowser(specifier: string): Promise<string[]> {
  // Inside this package, so that bare imports resolve through its node_modules to the built packages.
  const dir = path.join(repoRoot, 'packages/integration-tests/node_modules/.cache/bundle-check', specifier);
  await mkdir(dir, { recursive: true });
  const entry = path.join(dir, 'entry.js');
  await writeFile(entry, `import * as lib from '${specifier}';\nconsole.log(Object.keys(lib).length);\n`);
  const found: string[] = [];
  await build({
    configFile: false,
    logLevel: 'silent',
    root: dir,
    plugins: [recordNodeBuiltins(found)],
    build: { write: false, minify: false, rollupOptions: { input: entry } },
  });
  return found;
}

describe.each(BROWSER_LIBRARIES)('@mnistkit/%s main entry in a browser bundle', (folder) => {
  it('bundles for the browser without any node: module', async () => {
    expect(await bundleForBrowser(`@mnistkit/${folder}`)).toEqual([]);
  });
});

describe('the browser-bundle check itself', () => {
  it('catches the node: modules of a Node-only entry', async () => {
    const found = await bundleForBrowser('@mnistkit/data/node');
    expect(found.some((f) => f.startsWith('node:fs'))).toBe(true);
  });
});
