import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };

const srcDir = dirname(fileURLToPath(import.meta.url));
const IMPORT =
  /(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** Follows relative imports from `entry`; returns every file reached and every bare (package) specifier. */
function importGraph(entry: string): { files: string[]; bare: Map<string, string> } {
  const files: string[] = [];
  const bare = new Map<string, string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop() as string;
    if (files.includes(file)) continue;
    files.push(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2] ?? m[3]) as string;
      if (spec.startsWith('.')) todo.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else bare.set(spec, file);
    }
  }
  return { files, bare };
}

describe('browser safety of the main entry', () => {
  it('reaches no node: module and no package other than its browser-safe deps', () => {
    const { files, bare } = importGraph(join(srcDir, 'index.ts'));
    expect(files.length).toBeGreaterThan(3);
    const allowed = new Set(['fflate', ...Object.keys(pkg.peerDependencies)]);
    const offending = [...bare].filter(([spec]) => !allowed.has(spec)).map(([spec, file]) => `${spec} in ${file}`);
    expect(offending).toEqual([]);
  });

  it('the scanner does see node: imports (in the node entry)', () => {
    const { bare } = importGraph(join(srcDir, 'node.ts'));
    expect([...bare.keys()].some((s) => s.startsWith('node:'))).toBe(true);
  });
});
