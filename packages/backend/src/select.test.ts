import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackendError, selectBackend } from './index.js';
import { selectNodeBackend } from './node.js';

const missing = (name: string) => () => Promise.reject(new Error(`Cannot find package '${name}'\n    at somewhere`));

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

  it('by default imports the real packages, which are not installed here, and still lands on wasm', async () => {
    const report = await selectNodeBackend();
    expect(report.name).toBe('wasm');
    expect(report.attempts.slice(0, 2).every((a) => !a.ok && a.reason.length > 0)).toBe(true);
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

describe('selectBackend', () => {
  it('passes over webgl when it cannot load and takes wasm', async () => {
    const report = await selectBackend({ importWebgl: missing('@tensorflow/tfjs-backend-webgl') });
    expect(report.attempts.map((a) => [a.name, a.ok])).toEqual([
      ['webgl', false],
      ['wasm', true],
    ]);
    expect(report.name).toBe('wasm');
  });

  it('loads the real tfjs-backend-webgl, which cannot start without WebGL, and says so', async () => {
    const report = await selectBackend();
    expect(report.attempts[0]).toMatchObject({ name: 'webgl', ok: false });
    expect(report.attempts[0]?.reason).toMatch(/webgl/i);
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
});
