import { describe, expect, it, vi } from 'vitest';
import { chooseBackend, describeBackend, withoutDuplicateKernelWarnings } from './backend.js';
import { UsageError } from './errors.js';

describe('backend line', () => {
  it('names the backend, where it computes and what was passed over', () => {
    const line = describeBackend({
      name: 'wasm',
      gpu: false,
      attempts: [
        { name: 'tensorflow', source: '@tensorflow/tfjs-node-gpu', ok: false, reason: 'addon missing' },
        { name: 'wasm', ok: true, reason: 'computes on the CPU' },
      ],
    });
    expect(line).toBe('wasm (computes on the CPU); @tensorflow/tfjs-node-gpu unavailable');
  });

  it('mutes only duplicate tensorflow kernel warnings, and only while loading', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await withoutDuplicateKernelWarnings(async () => {
      console.warn("The kernel 'Add' for backend 'tensorflow' is already registered");
      console.warn('something else');
    });
    console.warn("The kernel 'Add' for backend 'tensorflow' is already registered");
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      'something else',
      "The kernel 'Add' for backend 'tensorflow' is already registered",
    ]);
    warn.mockRestore();
  });
});

describe('--require-gpu', () => {
  it('is a usage error (exit 2) with a backend that never computes on a GPU, before loading anything', async () => {
    for (const choice of ['wasm', 'cpu'] as const) {
      const attempt = chooseBackend(choice, () => {}, { requireGpu: true });
      await expect(attempt).rejects.toBeInstanceOf(UsageError);
      await expect(attempt).rejects.toThrow(
        `--require-gpu: --backend ${choice} computes on the CPU only; use --backend auto or tensorflow`,
      );
    }
  });
});
