import { describe, expect, it } from 'vitest';
import { HELP, parseCliArgs, settingsForResume, suggestFlag } from './args.js';
import { UsageError } from './errors.js';
import { FLAGS } from './flags.js';
import { DEFAULT_SETTINGS, settingsForNewRun } from './settings.js';
import { planThreads } from './threads.js';

function usageMessage(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected ${argv.join(' ')} to be rejected`);
}

describe('parseCliArgs', () => {
  it('gives only what was on the command line, typed', () => {
    const args = parseCliArgs([
      '--epochs',
      '3',
      '--batch-size=128',
      '--lr',
      '1e-3',
      '--seed',
      '7',
      '--val-split',
      '0.1',
      '--limit',
      '600',
      '--test-limit',
      '200',
      '--backend',
      'wasm',
      '--dataset',
      'fashion-mnist',
      '--out',
      'runs/x',
    ]);
    expect(args.given).toEqual({
      epochs: 3,
      batchSize: 128,
      lr: 0.001,
      seed: 7,
      valSplit: 0.1,
      limit: 600,
      testLimit: 200,
      backend: 'wasm',
      dataset: 'fashion-mnist',
    });
    expect(args.out).toBe('runs/x');
    expect(args.resume).toBeUndefined();
    expect(args.verbose).toBe(false);
  });

  it('reads --help, -h, --verbose and --version', () => {
    expect(parseCliArgs(['-h']).help).toBe(true);
    expect(parseCliArgs(['--help']).help).toBe(true);
    expect(parseCliArgs(['--verbose']).verbose).toBe(true);
    expect(parseCliArgs(['--version']).version).toBe(true);
  });

  it('names the flag, what was expected and what was found', () => {
    expect(usageMessage(['--epochs', 'ten'])).toBe('--epochs: expected a whole number of at least 0, found "ten"');
    expect(usageMessage(['--epochs', '-1'])).toMatch(/^--epochs: expected a /);
    expect(usageMessage(['--log-interval', '0'])).toBe(
      '--log-interval: expected a whole number of at least 1, found "0"',
    );
    expect(usageMessage(['--batch-size', '2.5'])).toMatch(/^--batch-size: expected a whole number/);
    expect(usageMessage(['--lr=-1'])).toBe('--lr: expected a positive number such as 0.001, found "-1"');
    expect(usageMessage(['--lr', ''])).toMatch(/^--lr: /);
    expect(usageMessage(['--val-split', '1'])).toBe('--val-split: expected a fraction from 0 to below 1, found "1"');
    expect(usageMessage(['--backend', 'webgl'])).toBe(
      '--backend: expected one of auto, tensorflow, wasm, cpu, found "webgl"',
    );
    expect(usageMessage(['--dataset', ''])).toBe('--dataset: expected a value, found an empty string');
  });

  it('reads --threads (and its old name --workers) as auto or a thread count, and names the flag when it is neither', () => {
    expect(parseCliArgs(['--threads', '2']).given.threads).toBe(2);
    expect(parseCliArgs(['--threads=auto']).given.threads).toBe('auto');
    expect(parseCliArgs(['--threads', '3']).notes).toEqual([]);
    expect(usageMessage(['--threads=0'])).toBe('--threads: expected auto or a whole number of at least 1, found "0"');
    expect(usageMessage(['--threads', '2', '--workers', '2'])).toMatch(/^--threads: given twice, also as --workers/);
    const old = parseCliArgs(['--workers', '2']);
    expect(old.given.threads).toBe(2);
    expect(old.notes).toEqual(['--workers is the old name of --threads (the same count); use --threads']);
    expect(parseCliArgs(['--workers=auto']).given.threads).toBe('auto');
    expect(parseCliArgs([]).given.threads).toBeUndefined();
    for (const bad of ['0', 'two', '1.5', '-1', '', 'Auto']) {
      expect(usageMessage([`--workers=${bad}`])).toBe(
        `--workers: expected auto or a whole number of at least 1, found "${bad}"`,
      );
    }
    expect(usageMessage(['--workers'])).toBe('--workers: expected a value after it');
  });

  it('rejects unknown flags, missing values and stray arguments in one line', () => {
    expect(usageMessage(['--epoch', '3'])).toBe('unknown flag --epoch; did you mean --epochs? (see --help)');
    expect(usageMessage(['--nonsense'])).toBe('unknown flag --nonsense (see --help)');
    expect(usageMessage(['-x'])).toBe('unknown flag -x (see --help)');
    expect(usageMessage(['--epochs'])).toBe('--epochs: expected a value after it');
    expect(usageMessage(['--epochs', '--verbose'])).toBe(
      '--epochs: expected a value after it, found "--verbose" (write --epochs=--verbose if that is the value)',
    );
    expect(usageMessage(['--verbose=yes'])).toBe('--verbose: takes no value');
    expect(usageMessage(['train'])).toMatch(/^unexpected argument "train"/);
    for (const argv of [['--nope'], ['--epochs', 'x'], ['--epochs', '--lr', '1']]) {
      expect(usageMessage(argv)).not.toContain('\n');
    }
  });
});

describe('the flag table', () => {
  it('gives every flag one line of --help, with its value, default and old names', () => {
    for (const [name, spec] of Object.entries(FLAGS)) {
      const line = HELP.split('\n').find((l) => l.includes(`--${name}`));
      expect(line, name).toBeDefined();
      expect(line).toContain(spec.help);
      if ('value' in spec) expect(line).toContain(`--${name} ${spec.value}`);
      if ('default' in spec) expect(line).toContain(`(default ${spec.default})`);
    }
    expect(HELP).toMatch(/^ {2}--threads <n\|auto> +threads computing each batch.*\(also --workers\)$/m);
    expect(HELP).toMatch(/^ {2}-h, --help +show this help$/m);
  });

  it('lists every flag in the README options table', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    for (const name of Object.keys(FLAGS))
      expect(readme, name).toMatch(new RegExp(`^\\| (\`-\\w\`, )?\`--${name}\\b`, 'm'));
  });

  it('suggests the flag a typo meant', () => {
    expect(suggestFlag('--epoch')).toBe('--epochs');
    expect(suggestFlag('--bach-size')).toBe('--batch-size');
    expect(suggestFlag('--val')).toBe('--val-split');
    expect(suggestFlag('--worker')).toBe('--threads');
    expect(suggestFlag('--thread')).toBe('--threads');
    expect(suggestFlag('--zzz')).toBeUndefined();
  });
});

describe('settings', () => {
  it('fills the tutorial defaults for a new run', () => {
    const s = settingsForNewRun({ epochs: 2 }, 5);
    expect(s).toEqual({ ...DEFAULT_SETTINGS, epochs: 2, seed: 5, shards: 1 });
    expect(s.threads).toBe('auto');
    expect(DEFAULT_SETTINGS).toMatchObject({ epochs: 10, batchSize: 64, lr: 0.001, model: 'simple-cnn' });
  });

  it('lets a resumed run change epochs, backend, test limit and threads only', () => {
    const saved = settingsForNewRun({ limit: 600 }, 1);
    expect(settingsForResume(saved, { epochs: 12, backend: 'cpu', testLimit: 10, threads: 3 })).toEqual({
      ...saved,
      epochs: 12,
      backend: 'cpu',
      testLimit: 10,
      threads: 3,
    });
    expect(settingsForResume(saved, { limit: 600, seed: 1 })).toEqual(saved);
    expect(() => settingsForResume(saved, { batchSize: 32 })).toThrow(
      '--batch-size: cannot change when resuming (the run used 64, found 32)',
    );
  });
});

describe('planThreads', () => {
  const plan = (o: Partial<Parameters<typeof planThreads>[0]>) =>
    planThreads({ choice: 'auto', backend: 'wasm', batchSize: 64, cpus: 8, ...o });

  it('auto: the cores, at most 4 and at most the batch size, on wasm and cpu; 1 on tensorflow', () => {
    expect(plan({ cpus: 2 })).toEqual({ threads: 2, shards: 2, note: null });
    expect(plan({ cpus: 16, backend: 'cpu' })).toEqual({ threads: 4, shards: 4, note: null });
    expect(plan({ cpus: 16, batchSize: 3 })).toMatchObject({ threads: 3, shards: 3 });
    expect(plan({ cpus: 1 })).toMatchObject({ threads: 1, shards: 1 });
    expect(plan({ cpus: 16, backend: 'tensorflow' })).toEqual({ threads: 1, shards: 1, note: null });
  });

  it('takes an explicit count, capped by the batch size, and says why when it cuts it', () => {
    expect(plan({ choice: 6, cpus: 2 })).toMatchObject({
      threads: 6,
      shards: 6,
      note: expect.stringMatching(/^--threads 6: more threads than this machine's 2 cores; .*slower.*more memory/),
    });
    expect(plan({ choice: 2, cpus: 2 }).note).toBeNull();
    expect(plan({ choice: 1 })).toEqual({ threads: 1, shards: 1, note: null });
    expect(plan({ choice: 8, batchSize: 5 })).toMatchObject({
      threads: 5,
      shards: 5,
      note: expect.stringMatching(/^--threads 8: a batch of 5/),
    });
    expect(plan({ choice: 3, backend: 'tensorflow' })).toMatchObject({
      threads: 1,
      shards: 1,
      note: expect.stringMatching(/^--threads 3: the tensorflow backend uses every core/),
    });
  });

  it('a resumed run keeps its shard count whatever the thread count', () => {
    expect(plan({ choice: 1, resumedShards: 2 })).toEqual({ threads: 1, shards: 2, note: null });
    expect(plan({ cpus: 16, resumedShards: 2 })).toEqual({ threads: 2, shards: 2, note: null });
    expect(plan({ choice: 4, resumedShards: 2 })).toMatchObject({
      threads: 2,
      shards: 2,
      note: expect.stringMatching(/^--threads 4: this run cuts each batch into 2 shards/),
    });
    expect(plan({ backend: 'tensorflow', resumedShards: 3 })).toEqual({ threads: 1, shards: 3, note: null });
  });
});
