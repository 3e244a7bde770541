import { describe, expect, it } from 'vitest';
import { selectNodeBackend } from './node.js';
import { nodeWorkerSetup } from './worker-backend-setup.js';

describe('nodeWorkerSetup', () => {
  it('names a module whose named export is selectNodeBackend, as plain data a worker thread can receive', async () => {
    const setup = nodeWorkerSetup('wasm');
    expect(structuredClone(setup)).toEqual(setup);
    const mod = (await import(setup.module)) as Record<string, unknown>;
    expect(mod[setup.export]).toBe(selectNodeBackend);
    expect(setup.options).toEqual({ backend: 'wasm' });
  });
});
