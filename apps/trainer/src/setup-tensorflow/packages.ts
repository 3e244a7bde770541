import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, parse } from 'node:path';
import type { TfjsNodePackageName } from '@mnistkit/backend/node';

/** The package `--gpu` chooses. */
export function packageFor(gpu: boolean): TfjsNodePackageName {
  return gpu ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
}

function realDir(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** `from` and each folder above it. */
function ancestors(from: string): string[] {
  const dirs: string[] = [];
  for (let dir = from; ; dir = dirname(dir)) {
    dirs.push(dir);
    if (dir === parse(dir).root) return dirs;
  }
}

/**
 * pnpm's copies of `pkg` under `<root>/node_modules/.pnpm/` (`@tensorflow+tfjs-node@4.22.0_…/node_modules/@tensorflow/
 * tfjs-node`), for every folder from `from` upwards: a workspace may hold copies no importer links to from here.
 */
export function pnpmCopies(pkg: TfjsNodePackageName, from: string): string[] {
  const [scope = '', name = ''] = pkg.split('/');
  const prefix = `${scope}+${name}@`;
  const found: string[] = [];
  for (const dir of ancestors(from)) {
    const store = join(dir, 'node_modules', '.pnpm');
    if (!existsSync(store)) continue;
    for (const entry of readdirSync(store)) {
      const copy = join(store, entry, 'node_modules', scope, name);
      if (entry.startsWith(prefix) && existsSync(join(copy, 'package.json'))) found.push(copy);
    }
  }
  return found;
}

/**
 * Every installed copy of `pkg` the trainer or the current project may load, real paths, each once: the one Node
 * resolves from each of `resolveFrom` (npm's flat `node_modules/`, or pnpm's link to its store), then pnpm's
 * store copies above `scanFrom`.
 */
export function findTfjsNodePackages(
  pkg: TfjsNodePackageName,
  resolveFrom: readonly string[],
  scanFrom: readonly string[],
): string[] {
  const found = new Set<string>();
  for (const from of resolveFrom) {
    try {
      const dir = realDir(dirname(createRequire(from).resolve(`${pkg}/package.json`)));
      if (dir !== undefined) found.add(dir);
    } catch {
      // not resolvable from there
    }
  }
  for (const from of scanFrom) {
    for (const copy of pnpmCopies(pkg, from)) {
      const dir = realDir(copy);
      if (dir !== undefined) found.add(dir);
    }
  }
  return [...found];
}
