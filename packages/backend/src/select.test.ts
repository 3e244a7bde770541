import { describe, expect, it } from 'vitest';
import { selectBackend } from './index.js';

const missing = (name: string) => () => Promise.reject(new Error(`Cannot find package '${name}'\n    at somewhere`));

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
