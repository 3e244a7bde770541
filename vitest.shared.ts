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
