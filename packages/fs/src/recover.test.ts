import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoverLeftovers } from './recover.js';
import { parseTempName, tempName } from './temp-names.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnistkit-fs-recover-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('temporary names', () => {
  it('are hidden, in the same folder, and say what they are for and who made them', () => {
    const name = tempName('history.json', 'tmp');
    expect(name).toMatch(new RegExp(`^\\.history\\.json\\.tmp-${process.pid}-[0-9a-f]{8}$`));
    expect(parseTempName(name)).toEqual({ base: 'history.json', kind: 'tmp', pid: process.pid });
    expect(parseTempName('history.json')).toBeNull();
    expect(parseTempName('.model.old-12-zzzzzzzz')).toBeNull();
  });
});

describe('recoverLeftovers', () => {
  it('removes temporary files and folders, restores a missing entry from its previous copy, leaves others', async () => {
    const dir = join(root, 'run');
    await mkdir(dir);
    const dead = 999_999_999;
    await writeFile(join(dir, `.history.json.tmp-${dead}-0000000a`), 'half');
    await mkdir(join(dir, `.checkpoint.tmp-${dead}-0000000b`));
    await mkdir(join(dir, `.old-ckpt.del-${dead}-0000000c`));
    await mkdir(join(dir, `.model.old-${dead}-0000000d`));
    await writeFile(join(dir, `.model.old-${dead}-0000000d`, 'model.json'), 'the model');
    await writeFile(join(dir, `.metrics.json.old-${dead}-0000000e`), 'old metrics');
    await writeFile(join(dir, 'metrics.json'), 'new metrics');
    // A write in progress by a live process (the test runner's parent) stays.
    const inUse = `.latest.tmp-${process.ppid}-0000000f`;
    await writeFile(join(dir, inUse), 'x');
    await writeFile(join(dir, '.user-file'), 'mine');
    const report = await recoverLeftovers(dir);
    expect(report.restored).toEqual(['model']);
    expect(report.removed.sort()).toEqual(
      [
        `.checkpoint.tmp-${dead}-0000000b`,
        `.history.json.tmp-${dead}-0000000a`,
        `.metrics.json.old-${dead}-0000000e`,
        `.old-ckpt.del-${dead}-0000000c`,
      ].sort(),
    );
    expect(report.inUse).toEqual([inUse]);
    expect((await readdir(dir)).sort()).toEqual(['.user-file', inUse, 'metrics.json', 'model'].sort());
    expect(await readFile(join(dir, 'model', 'model.json'), 'utf8')).toBe('the model');
    expect(await readFile(join(dir, 'metrics.json'), 'utf8')).toBe('new metrics');
  });

  it('reports nothing for a clean or missing folder', async () => {
    const empty = { rolledBack: [], restored: [], removed: [], inUse: [] };
    expect(await recoverLeftovers(join(root, 'missing'))).toEqual(empty);
    await mkdir(join(root, 'clean'));
    expect(await recoverLeftovers(join(root, 'clean'))).toEqual(empty);
  });
});
