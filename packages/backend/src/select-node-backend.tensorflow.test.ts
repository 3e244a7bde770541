import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackendError, selectNodeBackend, tfjsNodeBindingStatus } from './node.js';

// Real libtensorflow through tfjs-node (built by `pnpm setup:tensorflow`); skipped, saying why, where it is not built.
const tfjsNode = tfjsNodeBindingStatus('@tensorflow/tfjs-node', import.meta.url);
if (!tfjsNode.built)
  console.warn(`tensorflow tests skipped: ${tfjsNode.reason}; build it: npx -y pnpm@10 setup:tensorflow`);

const noGpuPackage = () => Promise.reject(new Error("Cannot find package '@tensorflow/tfjs-node-gpu'"));
const importers = { 'tfjs-node-gpu': noGpuPackage, 'tfjs-node': () => import('@tensorflow/tfjs-node') };

describe('tfjsNodeBindingStatus', () => {
  const realPreGyp = dirname(
    createRequire(tfjsNode.packageDir ?? import.meta.url).resolve('@mapbox/node-pre-gyp/package.json'),
  );

  /** A fake tfjs-node-gpu installed in a temporary project, with the real node-pre-gyp beside it. */
  function fakeProject(options: { preGypReady: boolean }): string {
    const root = mkdtempSync(join(tmpdir(), 'mnistkit-binding-'));
    const pkg = join(root, 'node_modules', '@tensorflow', 'tfjs-node-gpu');
    mkdirSync(pkg, { recursive: true });
    // tfjs-node's own `binary` block: node-pre-gyp picks the highest Node-API version Node supports (8 on Node 20).
    const binary = {
      module_name: 'tfjs_binding',
      module_path: './lib/napi-v{napi_build_version}',
      host: 'https://storage.googleapis.com/tf-builds/pre-built-binary',
      remote_path: './napi-v{napi_build_version}/{version}/',
      napi_versions: [3, 4, 5, 6, 7, 8],
    };
    const manifest = {
      name: '@tensorflow/tfjs-node-gpu',
      version: '4.22.0',
      main: 'dist/index.js',
      binary: options.preGypReady ? binary : { ...binary, host: undefined },
    };
    writeFileSync(join(pkg, 'package.json'), JSON.stringify(manifest));
    mkdirSync(join(root, 'node_modules', '@mapbox'));
    symlinkSync(realPreGyp, join(root, 'node_modules', '@mapbox', 'node-pre-gyp'));
    return root;
  }

  it('finds the binding where node-pre-gyp (as tfjs-node) looks, and says whether it is there', () => {
    const root = fakeProject({ preGypReady: true });
    try {
      const from = join(root, 'app.js');
      const missing = tfjsNodeBindingStatus('@tensorflow/tfjs-node-gpu', from);
      const binding = join(root, 'node_modules', '@tensorflow', 'tfjs-node-gpu', 'lib', 'napi-v8', 'tfjs_binding.node');
      expect(missing).toEqual({
        package: '@tensorflow/tfjs-node-gpu',
        built: false,
        packageDir: join(root, 'node_modules', '@tensorflow', 'tfjs-node-gpu'),
        bindingPath: binding,
        reason: `@tensorflow/tfjs-node-gpu is installed but its native binding is not built (no ${binding})`,
      });
      mkdirSync(dirname(binding), { recursive: true });
      writeFileSync(binding, '');
      expect(tfjsNodeBindingStatus('@tensorflow/tfjs-node-gpu', from)).toMatchObject({
        built: true,
        bindingPath: binding,
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('says so when node-pre-gyp cannot locate the binding (package.json without binary.host)', () => {
    const root = fakeProject({ preGypReady: false });
    try {
      const status = tfjsNodeBindingStatus('@tensorflow/tfjs-node-gpu', join(root, 'app.js'));
      expect(status.built).toBe(false);
      expect(status.reason).toMatch(/^@tensorflow\/tfjs-node-gpu: cannot locate its binding: .*binary\.host/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('finds the real tfjs-node from this package (a devDependency)', () => {
    expect(tfjsNode.packageDir).toMatch(/@tensorflow[/\\]tfjs-node$/);
    expect(tfjsNode.bindingPath).toMatch(/lib[/\\]napi-v\d+[/\\]tfjs_binding\.node$/);
  });
});

describe.skipIf(!tfjsNode.built)('selectNodeBackend on real libtensorflow (tfjs-node)', () => {
  it('selects tensorflow and reports the libtensorflow version and the CPU device', async () => {
    const lines: string[] = [];
    const report = await selectNodeBackend({ backend: 'tensorflow', importers, log: (l) => lines.push(l) });
    expect(tf.getBackend()).toBe('tensorflow');
    expect(report.name).toBe('tensorflow');
    expect(report.gpu).toBe(false);
    expect(report.tensorflow).toEqual({
      package: '@tensorflow/tfjs-node',
      version: expect.stringMatching(/^2\.\d+\.\d+/),
      device: 'CPU',
    });
    expect(lines[1]).toBe(
      `backend tensorflow (@tensorflow/tfjs-node): selected: libtensorflow ${report.tensorflow?.version} on the CPU`,
    );
    // The INFO lines libtensorflow prints at load are hidden; a level the user sets is kept.
    expect(process.env.TF_CPP_MIN_LOG_LEVEL).toBe('1');
    const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).arraySync());
    expect(sum).toEqual([4, 6]);
  });

  it('with requireGpu fails on a machine where TensorFlow computes on the CPU', async () => {
    const error = await selectNodeBackend({
      requireGpu: true,
      importers: { 'tfjs-node-gpu': () => import('@tensorflow/tfjs-node') },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as Error).message).toMatch(/^selectNodeBackend: requireGpu: no backend computes on a GPU \(/);
    expect((error as Error).message).toMatch(/libtensorflow 2\.\d+\.\d+ on the CPU/);
  });
});
