import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { parseSetupArgs } from './options.js';
import { runSetup, type SetupContext } from './setup.js';
import type { SourceDeps } from './source.js';
import { CUDA_WHEEL_RUNPATH, writeFakeTensorflow } from './test-utils/fake-tensorflow.js';

const work = realpathSync(mkdtempSync(join(tmpdir(), 'mnistkit-setup-')));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const realPreGyp = dirname(
  createRequire(createRequire(import.meta.url).resolve('@tensorflow/tfjs-node/package.json')).resolve(
    '@mapbox/node-pre-gyp/package.json',
  ),
);

/** A project with a fake, unbuilt tfjs-node-gpu (npm's flat layout) and the real node-pre-gyp beside it. */
function fakeProject(name: string): string {
  const project = join(work, name);
  const pkg = join(project, 'node_modules', '@tensorflow', 'tfjs-node-gpu');
  mkdirSync(pkg, { recursive: true });
  const binary = {
    module_name: 'tfjs_binding',
    module_path: './lib/napi-v{napi_build_version}',
    host: 'https://storage.googleapis.com/tf-builds/pre-built-binary',
    remote_path: './napi-v{napi_build_version}/{version}/',
    napi_versions: [3, 4, 5, 6, 7, 8],
  };
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({ name: '@tensorflow/tfjs-node-gpu', version: '4.22.0', main: 'dist/index.js', binary }),
  );
  mkdirSync(join(project, 'node_modules', '@mapbox'));
  symlinkSync(realPreGyp, join(project, 'node_modules', '@mapbox', 'node-pre-gyp'));
  writeFileSync(join(project, 'package.json'), '{}');
  return project;
}

function context(project: string, python?: string): SetupContext & { lines: string[] } {
  const lines: string[] = [];
  const deps: SourceDeps = {
    probePython: async () => ({
      pythonVersion: '3.11.7',
      tensorflowDir: join(python ?? '', 'tensorflow'),
      version: '2.21.0',
    }),
    findPip: async () => undefined,
    pipDownload: async () => ({ ok: false, reason: 'no' }),
    extractWheel: async () => ({ files: 0, bytes: 0 }),
    log: () => {},
  };
  return {
    resolveFrom: [join(project, 'package.json')],
    scanFrom: [project],
    sourceDeps: deps,
    out: (line) => lines.push(line),
    progress: () => {},
    lines,
  };
}

describe('runSetup', () => {
  it('--check reports a copy that is not built, changing nothing (exit status 1)', async () => {
    const project = fakeProject('check');
    const ctx = context(project);
    const code = await runSetup(parseSetupArgs(['--gpu', '--check'], {}, project), ctx);
    expect(code).toBe(1);
    expect(ctx.lines).toEqual([
      `tensorflow backend not set up (@tensorflow/tfjs-node-gpu in ${join(project, 'node_modules', '@tensorflow', 'tfjs-node-gpu')}): not built; run mnistkit-setup-tensorflow --gpu`,
    ]);
  });

  it('--gpu with a CUDA TensorFlow whose nvidia-* libraries are missing fails before touching the package', async () => {
    const project = fakeProject('cuda-missing');
    const site = join(work, 'venv-site');
    writeFakeTensorflow(site, { cuda: true, runpath: CUDA_WHEEL_RUNPATH });
    mkdirSync(join(site, 'nvidia', 'cublas', 'lib'), { recursive: true });
    const error = await runSetup(
      parseSetupArgs(['--gpu', '--python', 'venv/bin/python'], {}, work),
      context(project, site),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe(
      `CUDA libraries not found: TensorFlow in ${site} looks for them in nvidia/cublas/lib, nvidia/cuda_runtime/lib, nvidia/cudnn/lib, nvidia/cufft/lib, nvidia/nccl/lib; missing: nvidia/cuda_runtime/lib, nvidia/cudnn/lib, nvidia/cufft/lib, nvidia/nccl/lib; install them with ${join(work, 'venv/bin/python')} -m pip install 'tensorflow[and-cuda]==2.21.0'`,
    );
  });

  it('says how to install the package when no copy is found', async () => {
    const empty = join(work, 'empty');
    mkdirSync(empty);
    const ctx = { ...context(empty), resolveFrom: [] };
    await expect(runSetup(parseSetupArgs([], {}, empty), ctx)).rejects.toThrow(
      /^@tensorflow\/tfjs-node is not installed here: in mnistkit run npx -y pnpm@10 install; in your own project npm install @tensorflow\/tfjs-node@4\.22\.0 --ignore-scripts$/,
    );
  });
});
