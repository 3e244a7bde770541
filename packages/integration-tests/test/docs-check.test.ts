import { describe, expect, it } from 'vitest';
import { checkDoc, type PackageFacts, type RepoFacts } from './docs-check.js';

/** A small workspace: two libraries, the trainer, a root script that runs it. */
const facts: RepoFacts = {
  packages: new Map<string, PackageFacts>([
    ['@mnistkit/data', { dir: 'packages/data', scripts: { build: 'tsc' }, exports: ['.', './node', './package.json'] }],
    ['@mnistkit/mnist', { dir: 'packages/mnist', scripts: {}, exports: ['.', './node', './data/*'] }],
    ['@mnistkit/trainer', { dir: 'apps/trainer', scripts: { build: 'tsc', start: 'node dist/cli.js' }, exports: [] }],
    ['@mnistkit/viewer', { dir: 'apps/viewer', scripts: { build: 'vite build', serve: 'node serve.js' }, exports: [] }],
  ]),
  rootScripts: {
    test: 'turbo run test',
    train: 'turbo run build && node apps/trainer/dist/cli.js',
    viewer: 'pnpm --filter @mnistkit/viewer run serve --',
    bench: 'turbo run build && node apps/bench/dist/cli.js',
    'setup:tensorflow': 'node apps/trainer/dist/setup-tensorflow-cli.js',
  },
  lockfile: new Map([
    ['@tensorflow/tfjs-core', new Set(['4.22.0'])],
    ['@resvg/resvg-js', new Set(['2.6.2'])],
  ]),
  turboTasks: new Set(['build', 'test', 'typecheck']),
  trainerFlags: new Set(['--epochs', '--batch-size', '--dataset', '--help', '--workers']),
  bins: new Map([
    ['mnistkit-train', 'apps/trainer/dist/cli.js'],
    ['mnistkit-setup-tensorflow', 'apps/trainer/dist/setup-tensorflow-cli.js'],
  ]),
};

const problems = (text: string, file = 'README.md') => checkDoc(file, text, facts).map((p) => p.message);

describe('checkDoc finds names that do not exist', () => {
  it('@mnistkit packages and subpaths, in prose and code', () => {
    expect(problems('Use `@mnistkit/dta` or\n\n```js\nimport x from "@mnistkit/data/nodes";\n```\n')).toEqual([
      '@mnistkit/dta is not a package of this workspace',
      "@mnistkit/data/nodes: @mnistkit/data exports no './nodes' (it exports ., ./node, ./package.json)",
    ]);
  });

  it('packages on install lines, and exact versions the lockfile does not hold', () => {
    expect(problems('```sh\nnpm install @mnistkit/data left-pad-nope @tensorflow/tfjs-core@4.21.0\n```\n')).toEqual([
      "left-pad-nope (in '@mnistkit/data left-pad-nope @tensorflow/tfjs-core@4.21.0') is neither a workspace package nor one the lockfile resolves",
      '@tensorflow/tfjs-core@4.21.0: the lockfile resolves @tensorflow/tfjs-core to 4.22.0, not 4.21.0',
    ]);
    expect(problems('Run `pnpm add @resvg/resvg-jss`.')).toHaveLength(1);
  });

  it('pnpm scripts, of the root, of a --filter package, or of the package whose README it is', () => {
    expect(problems('`npx -y pnpm@10 trian` then `pnpm --filter @mnistkit/viewer buidl`')).toEqual([
      "pnpm trian: no script 'trian' in the root package.json (has: test, train, viewer, bench, setup:tensorflow)",
      "pnpm buidl: no script 'buidl' in @mnistkit/viewer (has: build, serve)",
    ]);
    expect(problems('`pnpm build`', 'README.md')).toHaveLength(1);
    expect(problems('`pnpm build`', 'packages/data/README.md')).toEqual([]);
  });

  it('turbo tasks', () => {
    expect(problems('`npx turbo run biuld --filter=@mnistkit/viewer...`')).toEqual([
      'turbo run biuld: no such task in turbo.json',
    ]);
  });

  it('trainer flags on trainer command lines', () => {
    const text = '```sh\npnpm train --epoch 3   # one epoch\nnode apps/trainer/dist/cli.js --batchsize 8\n```\n';
    expect(problems(text)).toEqual([
      '--epoch is not a flag of mnistkit-train (its --help lists --epochs --batch-size --dataset --help --workers)',
      '--batchsize is not a flag of mnistkit-train (its --help lists --epochs --batch-size --dataset --help --workers)',
    ]);
    expect(problems('`mnistkit-train --epochs=2 --shards 2`')).toHaveLength(1);
    // The trainer package's own script runs dist/cli.js from its folder.
    expect(problems('```sh\npnpm start --epoch 1\n```\n', 'apps/trainer/README.md')).toHaveLength(1);
  });

  it('trainer flags in inline code where the paragraph, section or document is about the trainer', () => {
    expect(problems('`pnpm train --help` lists (`--epochs`, `--bach-size 64`, `--dataset mnist`).')).toHaveLength(1);
    expect(problems('## apps/trainer (`mnistkit-train`)\n\n- Flags: `--epochs 10\n  --limt 5`\n')).toHaveLength(1);
    expect(problems('Values go after the flag (`--epocs 3`).', 'apps/trainer/README.md')).toHaveLength(1);
  });
});

describe('checkDoc leaves legitimate text alone', () => {
  it("other tools' flags on their own command lines", () => {
    const text = [
      '```sh',
      'node --experimental-vm-modules bench.js --quick --no-stock-cpu',
      'tensorboard --logdir runs',
      'npx tsc --noEmit && npx biome check --write .',
      'python3 reference.py --data dir --threads 2',
      'cd apps/trainer && npx vitest run',
      '```',
      '`node packages/training/bench/parallel.mjs --only inference` and `tensorboard --logdir runs/x`',
    ].join('\n');
    expect(problems(text, 'apps/trainer/README.md')).toEqual([]);
  });

  it("another app's flags next to the trainer's, output lines, placeholders and the source condition", () => {
    const text = [
      '`pnpm train --help` lists its flags (`--epochs`). Then `npx -y pnpm@10 viewer` serves it (`--run runs/<name>`).',
      '',
      '```',
      'mnistkit-train: unknown flag --epoch (see --help)',
      '```',
      '',
      'Tests run on source via the `@mnistkit/source` condition; `@mnistkit/<pkg>/node` is Node-only;',
      'files as `@mnistkit/mnist/data/<file>`; `npx -y pnpm@10 …`; `pnpm train <flags>`; `pnpm install`.',
      '`pnpm viewer [--run runs/<name>] [--port 4173]`; `npm install @mnistkit/data @tensorflow/tfjs-core@4.22.0`',
    ].join('\n');
    expect(problems(text)).toEqual([]);
  });

  it("flags of other scripts: another app's CLI, and a section about another command", () => {
    expect(problems('```sh\nnpx -y pnpm@10 bench --vs-pytorch --full\n```\n`pnpm bench --quick`')).toEqual([]);
    const setup = [
      '## Native TensorFlow',
      '',
      'Run `npx -y pnpm@10 setup:tensorflow` once. Its flags:',
      '',
      '| flag | meaning |',
      '| `--gpu` | CUDA |',
      '| `--wheel <file>` | a wheel |',
      '',
      '## Stopping',
      '',
      '`--epocs` may change.',
    ].join('\n');
    // Only the flag in the next section, back under the trainer README's default, is checked.
    expect(problems(setup, 'apps/trainer/README.md')).toEqual([
      '--epocs is not a flag of mnistkit-train (its --help lists --epochs --batch-size --dataset --help --workers)',
    ]);
  });

  it("prose naming another program's flags, shown on its command line or after its bin", () => {
    const text = [
      '```sh',
      'npx -y pnpm@10 setup:tensorflow --gpu --python ~/tf/bin/python',
      'npx -y pnpm@10 train --epochs 1',
      '```',
      '',
      'Without `--python`, `--gpu` downloads the wheels.',
      '',
      'The same command is the bin `mnistkit-setup-tensorflow`. It:',
      '',
      '- takes `--wheel FILE` first;',
      '- `--force` rebuilds.',
    ].join('\n');
    expect(problems(text, 'apps/trainer/README.md')).toEqual([]);
    expect(problems('`mnistkit-train --python x`')).toHaveLength(1);
  });

  it('the package scripts of the README it is in, and apps named in prose', () => {
    expect(problems('```sh\ncd apps/trainer\nnpx -y pnpm@10 build  # tsc\n```\n', 'apps/trainer/README.md')).toEqual(
      [],
    );
    expect(problems('The trainer (`@mnistkit/trainer`) and `pnpm --filter @mnistkit/viewer build`.')).toEqual([]);
  });
});
