import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

const read = (file: string) => readFile(path.join(repoRoot, file), 'utf8');

/** The `run:` commands of a workflow, in order. */
function runSteps(workflow: string): string[] {
  return [...workflow.matchAll(/^\s*(?:-\s+)?run:\s*(.+)$/gm)].map((m) => (m[1] as string).trim());
}

describe('the release workflow tests as CI does', () => {
  it('runs .ci/run (system packages, install, the test command), and nothing of its own instead', async () => {
    const steps = runSteps(await read('.github/workflows/release.yml'));
    expect(steps).toEqual(['.ci/run']);
  });

  it('.ci/run installs the system packages with the one script for them', async () => {
    const ci = await read('.ci/run');
    expect(ci).toMatch(/^\.ci\/install-system-deps$/m);
    expect(ci).not.toMatch(/apt-get/);
    const deps = await read('.ci/install-system-deps');
    for (const pkg of ['chromium', 'fonts-dejavu-core', 'dataset-fashion-mnist']) expect(deps).toContain(pkg);
  });
});
