import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const app = dirname(dirname(fileURLToPath(import.meta.url)));
const packages = join(app, '..', '..', 'packages');
// Build order follows the dependency graph (docs/architecture.md): models, viz and training build against fs's
// types, training against data's and models'.
const DEPENDENCIES = ['fs', 'data', 'models', 'backend', 'viz', 'tensorboard', 'training'];
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function build(dir: string): void {
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'inherit' });
}

/** Vitest global setup: make sure `dist/cli.js` and the dependencies' `dist/` exist and are current. */
export default function setup(): void {
  for (const name of DEPENDENCIES) {
    const dir = join(packages, name);
    const built = join(dir, 'dist', 'index.js');
    if (!existsSync(built) || statSync(built).mtimeMs < newestSource(join(dir, 'src'))) build(dir);
  }
  build(app);
  chmodSync(join(app, 'dist', 'cli.js'), 0o755);
}
