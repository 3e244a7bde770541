import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineProject, type UserProjectConfigExport } from 'vitest/config';

/** Tests run on source: the `@mnistkit/source` export condition points each package at `src/`. */
export const sourceConditions = ['@mnistkit/source'];

/** Base Vitest project settings every package and app extends. */
export function mnistkitProject(
  name: string,
  extra: { testTimeout?: number; include?: string[]; execArgv?: string[] } = {},
): UserProjectConfigExport {
  return defineProject({
    resolve: { conditions: [...sourceConditions, ...defaultClientConditions] },
    ssr: { resolve: { conditions: [...sourceConditions, ...defaultServerConditions] } },
    test: {
      name,
      environment: 'node',
      include: extra.include ?? ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: extra.testTimeout ?? 60_000,
      hookTimeout: 120_000,
      ...(extra.execArgv === undefined ? {} : { execArgv: extra.execArgv }),
    },
  });
}

/**
 * A Python interpreter that can import `modules` (for tests that cross-check against real PyTorch or TensorBoard):
 * `$MNISTKIT_PYTHON`, then the venv `scripts/python-env.sh` makes (it says where: `--where`), then `python3`. When
 * none can, `reason` says so, for the test to print as it skips ("skipped: … no Python that imports …", which
 * `.ci/run` counts as a failure once it has made that venv).
 */
export function findPython(modules: readonly string[]): { python: string } | { python?: undefined; reason: string } {
  const root = dirname(fileURLToPath(import.meta.url));
  const where = spawnSync('bash', [join(root, 'scripts', 'python-env.sh'), '--where'], { encoding: 'utf8' });
  const candidates = [process.env.MNISTKIT_PYTHON, where.status === 0 ? where.stdout.trim() : undefined, 'python3'];
  const tried: string[] = [];
  for (const python of candidates) {
    if (!python) continue;
    tried.push(python);
    const check = spawnSync(python, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore', timeout: 300_000 });
    if (check.status === 0) return { python };
  }
  return {
    reason: `no Python that imports ${modules.join(', ')} (tried ${tried.join(', ')}); make one with scripts/python-env.sh`,
  };
}
