import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** One installed package: its own files, without the packages nested under its `node_modules`. */
export interface PackageSize {
  name: string;
  version: string;
  bytes: number;
  files: number;
}

/** What installing a package costs a consumer: the package and everything it depends on, peers excluded. */
export interface Footprint {
  name: string;
  packages: PackageSize[];
  bytes: number;
  files: number;
}

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Bytes and files under `dir` (apparent sizes; links are not followed), skipping a top-level `node_modules`. */
export async function dirSize(dir: string, skipNodeModules = true): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (skipNodeModules && entry.name === 'node_modules') continue;
      const inner = await dirSize(full, false);
      bytes += inner.bytes;
      files += inner.files;
    } else if (entry.isFile()) {
      bytes += (await lstat(full)).size;
      files += 1;
    }
  }
  return { bytes, files };
}

/** Every file under `dir` whose path matches `pattern` (relative to `dir`). */
export async function findFiles(dir: string, pattern: RegExp, base = dir): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await findFiles(full, pattern, base)));
    else if (entry.isFile() && pattern.test(path.relative(base, full))) found.push(path.relative(base, full));
  }
  return found.sort();
}

/** Where Node finds `name` from `fromDir`: the nearest `node_modules/<name>` up to `root`. */
async function resolvePackageDir(name: string, fromDir: string, root: string): Promise<string | undefined> {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (await lstat(path.join(candidate, 'package.json')).catch(() => undefined)) return candidate;
    if (dir === root || path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The install footprint of `name` in the npm project `root`: the package and the closure of its `dependencies`
 * and installed `optionalDependencies`, each counted once. Peer dependencies are the consumer's own and are left out.
 */
export async function installFootprint(root: string, name: string): Promise<Footprint> {
  const start = await resolvePackageDir(name, root, root);
  if (start === undefined) throw new Error(`${name} is not installed in ${root}`);
  const seen = new Map<string, PackageSize>();
  const todo = [start];
  while (todo.length > 0) {
    const dir = todo.pop() as string;
    if (seen.has(dir)) continue;
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as Manifest;
    seen.set(dir, { name: manifest.name, version: manifest.version, ...(await dirSize(dir)) });
    const optional = new Set(Object.keys(manifest.optionalDependencies ?? {}));
    for (const dep of new Set([...Object.keys(manifest.dependencies ?? {}), ...optional])) {
      const found = await resolvePackageDir(dep, dir, root);
      if (found !== undefined) todo.push(found);
      else if (!optional.has(dep)) throw new Error(`${manifest.name} needs ${dep}, which is not installed`);
    }
  }
  const packages = [...seen.values()].sort((a, b) => b.bytes - a.bytes);
  return {
    name,
    packages,
    bytes: packages.reduce((n, p) => n + p.bytes, 0),
    files: packages.reduce((n, p) => n + p.files, 0),
  };
}

/** `12.3 MB` (decimal megabytes, as npm and du -h --si print them). */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
