import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { BackendError } from './index.js';
import { selectNodeBackend } from './node.js';
import { gpuName, nvidiaGpuModels } from './nvidia-gpus.js';
import { quietTensorflowInfoLogs } from './tensorflow-info.js';

const missing = (name: string) => () => Promise.reject(new Error(`Cannot find package '${name}'\n    at somewhere`));

/**
 * Stands in for tfjs-node(-gpu) where a GPU cannot exist: registers a `tensorflow` backend (cpu kernels do not
 * matter here) carrying the fields tfjs-node's NodeJSKernelBackend has.
 */
function fakeTfjsNode(flags: { gpuPackage: boolean; usingGpu: boolean; version?: string }) {
  return async () => {
    tf.registerBackend('tensorflow', () =>
      Object.assign(new MathBackendCPU(), {
        isGPUPackage: flags.gpuPackage,
        isUsingGpuDevice: flags.usingGpu,
        binding: { TF_Version: flags.version ?? '2.21.0' },
      }),
    );
  };
}

afterEach(async () => {
  if (tf.findBackend('tensorflow') !== null || tf.findBackendFactory('tensorflow') !== null) {
    await tf.setBackend('cpu');
    tf.removeBackend('tensorflow');
  }
});

describe('selectNodeBackend', () => {
  it('falls back from tfjs-node-gpu and tfjs-node to wasm, one line per failure', async () => {
    const lines: string[] = [];
    const report = await selectNodeBackend({
      importers: {
        'tfjs-node-gpu': missing('@tensorflow/tfjs-node-gpu'),
        'tfjs-node': missing('@tensorflow/tfjs-node'),
      },
      log: (line) => lines.push(line),
    });
    expect(report.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(report.gpu).toBe(false);
    expect(report.tensorflow).toBeUndefined();
    expect(report.attempts.map((a) => [a.name, a.source, a.ok])).toEqual([
      ['tensorflow', '@tensorflow/tfjs-node-gpu', false],
      ['tensorflow', '@tensorflow/tfjs-node', false],
      ['wasm', undefined, true],
    ]);
    expect(report.attempts[0]?.reason).toBe("Cannot find package '@tensorflow/tfjs-node-gpu'");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('tfjs-node-gpu');
    expect(lines[2]).toMatch(/wasm.*selected/);
  });

  it('reports a loaded binding that registers no backend', async () => {
    const report = await selectNodeBackend({
      importers: { 'tfjs-node-gpu': async () => ({}), 'tfjs-node': missing('@tensorflow/tfjs-node') },
    });
    expect(report.attempts[0]?.reason).toBe("no backend named 'tensorflow' is registered");
    expect(report.name).toBe('wasm');
  });

  it('honours a forced backend', async () => {
    expect((await selectNodeBackend({ backend: 'cpu' })).name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const report = await selectNodeBackend({ backend: 'wasm' });
    expect(report.attempts).toHaveLength(1);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('throws BackendError naming each failure when a forced tensorflow cannot load', async () => {
    const attempt = selectNodeBackend({
      backend: 'tensorflow',
      importers: {
        'tfjs-node-gpu': missing('@tensorflow/tfjs-node-gpu'),
        'tfjs-node': missing('@tensorflow/tfjs-node'),
      },
    });
    await expect(attempt).rejects.toBeInstanceOf(BackendError);
    await expect(attempt).rejects.toThrow(
      /tensorflow \(@tensorflow\/tfjs-node-gpu\): unavailable: Cannot find package/,
    );
  });

  it('rejects an unknown backend name', async () => {
    await expect(selectNodeBackend({ backend: 'gpu' as never })).rejects.toThrow(
      /expected 'auto', 'tensorflow', 'wasm' or 'cpu', found 'gpu'/,
    );
  });
});

describe('selectNodeBackend on tensorflow: version and device', () => {
  it('reports libtensorflow on the CPU for tfjs-node', async () => {
    const report = await selectNodeBackend({
      importers: {
        'tfjs-node-gpu': missing('@tensorflow/tfjs-node-gpu'),
        'tfjs-node': fakeTfjsNode({ gpuPackage: false, usingGpu: false, version: '2.21.0' }),
      },
    });
    expect(report.name).toBe('tensorflow');
    expect(report.gpu).toBe(false);
    expect(report.tensorflow).toEqual({ package: '@tensorflow/tfjs-node', version: '2.21.0', device: 'CPU' });
    expect(report.attempts[1]?.reason).toBe('libtensorflow 2.21.0 on the CPU');
  });

  it('reports a GPU when tfjs-node-gpu uses one', async () => {
    const report = await selectNodeBackend({
      importers: { 'tfjs-node-gpu': fakeTfjsNode({ gpuPackage: true, usingGpu: true }) },
      requireGpu: true,
    });
    expect(report.gpu).toBe(true);
    expect(report.tensorflow).toMatchObject({ package: '@tensorflow/tfjs-node-gpu', device: 'GPU' });
    expect(report.attempts).toEqual([
      { name: 'tensorflow', source: '@tensorflow/tfjs-node-gpu', ok: true, reason: expect.stringMatching(/CUDA GPU/) },
    ]);
  });

  it('says so when tfjs-node-gpu loads but TensorFlow sees no GPU', async () => {
    const report = await selectNodeBackend({
      backend: 'tensorflow',
      importers: { 'tfjs-node-gpu': fakeTfjsNode({ gpuPackage: true, usingGpu: false }) },
    });
    expect(report.gpu).toBe(false);
    expect(report.tensorflow?.device).toBe('CPU');
    expect(report.attempts[0]?.reason).toBe(
      'libtensorflow 2.21.0 on the CPU: tfjs-node-gpu loaded but TensorFlow sees no GPU device',
    );
  });
});

describe('selectNodeBackend requireGpu', () => {
  it('fails when tfjs-node-gpu computes on the CPU, and never falls back to tfjs-node', async () => {
    let cpuTried = false;
    const attempt = selectNodeBackend({
      requireGpu: true,
      importers: {
        'tfjs-node-gpu': fakeTfjsNode({ gpuPackage: true, usingGpu: false }),
        'tfjs-node': async () => {
          cpuTried = true;
        },
      },
    });
    await expect(attempt).rejects.toBeInstanceOf(BackendError);
    await expect(attempt).rejects.toThrow(
      /requireGpu: no backend computes on a GPU \(@tensorflow\/tfjs-node-gpu: libtensorflow 2\.21\.0 on the CPU: tfjs-node-gpu loaded but TensorFlow sees no GPU device\)/,
    );
    expect(cpuTried).toBe(false);
  });

  it('fails when tfjs-node-gpu cannot load, with its reason', async () => {
    const error = await selectNodeBackend({
      requireGpu: true,
      importers: { 'tfjs-node-gpu': missing('@tensorflow/tfjs-node-gpu') },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).attempts).toEqual([
      {
        name: 'tensorflow',
        source: '@tensorflow/tfjs-node-gpu',
        ok: false,
        reason: "Cannot find package '@tensorflow/tfjs-node-gpu'",
      },
    ]);
  });

  it('rejects a CPU-only backend before trying anything', async () => {
    for (const backend of ['wasm', 'cpu'] as const) {
      await expect(selectNodeBackend({ backend, requireGpu: true })).rejects.toThrow(
        new RegExp(`requireGpu: backend '${backend}' computes on the CPU only`),
      );
    }
  });
});

describe('TensorFlow log level', () => {
  it('hides INFO lines unless the user chose a level', () => {
    const env: NodeJS.ProcessEnv = {};
    quietTensorflowInfoLogs(env);
    expect(env.TF_CPP_MIN_LOG_LEVEL).toBe('1');
    const chosen: NodeJS.ProcessEnv = { TF_CPP_MIN_LOG_LEVEL: '0' };
    quietTensorflowInfoLogs(chosen);
    expect(chosen.TF_CPP_MIN_LOG_LEVEL).toBe('0');
  });
});

describe('GPU names from the NVIDIA driver', () => {
  it('reads each GPU folder in PCI order and names a GPU only when that is certain', () => {
    const root = mkdtempSync(join(tmpdir(), 'mnistkit-nvidia-'));
    try {
      for (const [bus, model] of [
        ['0000:c1:00.0', 'NVIDIA H200'],
        ['0000:41:00.0', 'NVIDIA H200'],
      ] as const) {
        mkdirSync(join(root, bus));
        writeFileSync(join(root, bus, 'information'), `Model: \t\t ${model}\nIRQ:   \t\t 140\nGPU UUID: \t GPU-1\n`);
      }
      mkdirSync(join(root, '0000:01:00.0'));
      expect(nvidiaGpuModels(root)).toEqual(['NVIDIA H200', 'NVIDIA H200']);
      expect(gpuName(nvidiaGpuModels(root))).toBe('NVIDIA H200');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    expect(gpuName(['NVIDIA H200', 'NVIDIA A100 80GB PCIe'])).toBeUndefined();
    expect(nvidiaGpuModels(join(tmpdir(), 'no-such-driver-folder'))).toEqual([]);
  });
});
