import { mkdir, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build, type Plugin } from 'vite';
import { describe, expect, it } from 'vitest';
import { LIBRARIES, repoRoot } from './helpers.js';

const NODE_BUILTINS = new Set(builtinModules);

/** Fails the bundle the moment anything asks for a Node built-in, and records who asked. */
function forbidNodeBuiltins(found: string[]): Plugin {
  return {
    name: 'forbid-node-builtins',
    enforce: 'pre',
    resolveId(source, importer) {
      const bare = source.replace(/^node:/, '').split('/')[0] ?? source;
      if (source.startsWith('node:') || NODE_BUILTINS.has(bare)) {
        found.push(`${source} (imported by ${importer ?? '?'})`);
      }
      return null;
    },
  };
}

describe.each(LIBRARIES)('@mnistkit/%s main entry in a browser bundle', (folder) => {
  it('bundles for the browser without any node: module', async () => {
    // Inside this package, so that bare imports resolve through its node_modules to the built packages.
    const dir = path.join(repoRoot, 'packages/integration-tests/node_modules/.cache/bundle-check', folder);
    await mkdir(dir, { recursive: true });
    const entry = path.join(dir, 'entry.js');
    await writeFile(entry, `import * as lib from '@mnistkit/${folder}';\nconsole.log(Object.keys(lib).length);\n`);
    const found: string[] = [];
    await build({
      configFile: false,
      logLevel: 'silent',
      root: dir,
      // Resolve the published shape (dist), from this package's node_modules.
      resolve: { preserveSymlinks: false },
      plugins: [forbidNodeBuiltins(found)],
      build: {
        write: false,
        minify: false,
        rollupOptions: { input: entry },
      },
    });
    expect(found).toEqual([]);
  });
});
