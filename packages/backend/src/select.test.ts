import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type GpuProbe, isSoftwareRenderer, selectBackend } from './index.js';

const missing = (name: string) => () => Promise.reject(new Error(`Cannot find package '${name}'\n    at somewhere`));

const hardware = (description: string): GpuProbe => ({ available: true, software: false, description });
const software = (description: string): GpuProbe => ({ available: true, software: true, description });
const none = (description: string): GpuProbe => ({ available: false, software: false, description });

/** Fake GPU APIs; the backend imports record that they ran and register nothing, so setBackend must not be reached. */
function fakes(webgpu: GpuProbe, webgl: GpuProbe) {
  const imported: string[] = [];
  return {
    imported,
    options: {
      probes: { webgpu: async () => webgpu, webgl: () => webgl },
      importWebgpu: async () => {
        imported.push('webgpu');
      },
      importWebgl: async () => {
        imported.push('webgl');
      },
    },
  };
}

describe('selectBackend', () => {
  it('auto passes over a software WebGPU adapter and a software WebGL renderer, loads neither, and takes wasm', async () => {
    const { imported, options } = fakes(
      software('adapter google swiftshader'),
      hardware('renderer ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)'),
    );
    // The renderer name decides, even where the probe did not flag it.
    options.probes.webgl = () => ({
      available: true,
      software: isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)'),
      description: 'renderer ANGLE (SwiftShader driver)',
    });
    const lines: string[] = [];
    const report = await selectBackend({ ...options, log: (line) => lines.push(line) });
    expect(report.name).toBe('wasm');
    expect(report.gpu).toBe(false);
    expect(imported).toEqual([]);
    expect(report.attempts.map((a) => [a.name, a.ok, a.passedOver ?? false])).toEqual([
      ['webgpu', false, true],
      ['webgl', false, true],
      ['wasm', true, false],
    ]);
    expect(lines).toEqual([
      'backend webgpu: passed over: software rasteriser (adapter google swiftshader): it computes on the CPU, slower than wasm',
      'backend webgl: passed over: software rasteriser (renderer ANGLE (SwiftShader driver)): it computes on the CPU, slower than wasm',
      'backend wasm: selected: computes on the CPU',
    ]);
  });

  it('auto says why a GPU API is missing, then takes the next', async () => {
    const { imported, options } = fakes(
      none('this browser has no WebGPU (navigator.gpu)'),
      none('the browser gives no WebGL context'),
    );
    const report = await selectBackend(options);
    expect(imported).toEqual([]);
    expect(report.attempts.slice(0, 2)).toEqual([
      { name: 'webgpu', ok: false, reason: 'this browser has no WebGPU (navigator.gpu)' },
      { name: 'webgl', ok: false, reason: 'the browser gives no WebGL context' },
    ]);
    expect(report.name).toBe('wasm');
  });

  it('auto tries WebGPU first on a hardware adapter, then WebGL on a hardware renderer', async () => {
    const { imported, options } = fakes(
      hardware('adapter nvidia ampere'),
      hardware('renderer ANGLE (NVIDIA RTX 3060)'),
    );
    // The fake imports register no backend, so both fail at setBackend; what matters is the order they were loaded.
    const report = await selectBackend(options);
    expect(imported).toEqual(['webgpu', 'webgl']);
    expect(report.attempts.slice(0, 2).map((a) => [a.name, a.reason])).toEqual([
      ['webgpu', "no backend named 'webgpu' is registered"],
      ['webgl', "no backend named 'webgl' is registered"],
    ]);
  });

  it('a forced GPU backend runs on software and the report says it computes on the CPU', async () => {
    const { imported, options } = fakes(software('adapter google swiftshader'), software('renderer SwiftShader'));
    await expect(selectBackend({ ...options, backend: 'webgpu' })).rejects.toThrow(
      "backend webgpu: unavailable: no backend named 'webgpu' is registered",
    );
    expect(imported).toEqual(['webgpu']);
  });

  it('reports a forced software WebGL as computing on the CPU, and a hardware one as on the GPU', async () => {
    // A stand-in backend under the name 'webgl': selection only sets it, no kernel runs.
    const register = async () => {
      tf.registerBackend('webgl', () => new MathBackendCPU());
    };
    try {
      const slow = await selectBackend({
        backend: 'webgl',
        probes: { webgpu: async () => none('-'), webgl: () => software('renderer SwiftShader') },
        importWebgl: register,
      });
      expect(slow).toMatchObject({ name: 'webgl', gpu: false });
      expect(slow.attempts[0]?.reason).toMatch(/^software rasteriser \(renderer SwiftShader\)/);
      tf.removeBackend('webgl');
      const fast = await selectBackend({
        probes: { webgpu: async () => none('no WebGPU'), webgl: () => hardware('renderer ANGLE (NVIDIA RTX 3060)') },
        importWebgl: register,
      });
      expect(fast).toMatchObject({ name: 'webgl', gpu: true });
      expect(fast.attempts[1]?.reason).toBe('computes on the GPU (renderer ANGLE (NVIDIA RTX 3060))');
    } finally {
      tf.removeBackend('webgl');
      await tf.setBackend('cpu');
    }
  });

  it('passes over webgl when it cannot load and takes wasm', async () => {
    const report = await selectBackend({
      probes: { webgpu: async () => none('no WebGPU'), webgl: () => hardware('renderer Some GPU') },
      importWebgl: missing('@tensorflow/tfjs-backend-webgl'),
    });
    expect(report.attempts.map((a) => [a.name, a.ok])).toEqual([
      ['webgpu', false],
      ['webgl', false],
      ['wasm', true],
    ]);
    expect(report.attempts[1]?.reason).toBe("Cannot find package '@tensorflow/tfjs-backend-webgl'");
    expect(report.name).toBe('wasm');
  });

  it('in Node, the real probes find neither WebGPU nor a canvas, and say so', async () => {
    const report = await selectBackend();
    expect(report.attempts.slice(0, 2)).toEqual([
      { name: 'webgpu', ok: false, reason: 'this browser has no WebGPU (navigator.gpu)' },
      { name: 'webgl', ok: false, reason: 'no canvas in this context (no document, no OffscreenCanvas)' },
    ]);
    expect(report.name).toBe('wasm');
  });

  it('honours a forced cpu', async () => {
    const report = await selectBackend({ backend: 'cpu' });
    expect(report).toEqual({
      name: 'cpu',
      gpu: false,
      attempts: [{ name: 'cpu', ok: true, reason: 'computes on the CPU' }],
    });
  });

  it('rejects an unknown backend name', async () => {
    await expect(selectBackend({ backend: 'gpu' as never })).rejects.toThrow(
      "selectBackend: option backend: expected 'auto', 'webgpu', 'webgl', 'wasm', 'cpu', found 'gpu'",
    );
  });
});

describe('isSoftwareRenderer', () => {
  it('knows the software rasterisers and not real GPUs', () => {
    for (const name of [
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      'llvmpipe (LLVM 15.0.6, 256 bits)',
      'Mesa lavapipe',
      'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)',
      'Apple Software Renderer',
    ]) {
      expect(isSoftwareRenderer(name), name).toBe(true);
    }
    for (const name of [
      'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)',
      'Apple M2',
      'Mesa Intel(R) UHD Graphics 620 (KBL GT2)',
      'adapter nvidia ampere',
    ]) {
      expect(isSoftwareRenderer(name), name).toBe(false);
    }
  });
});
