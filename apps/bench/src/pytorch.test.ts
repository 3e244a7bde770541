import { describe, expect, it } from 'vitest';
import { cacheDir, findTorchPython, parseReference, venvPython } from './pytorch.js';

// What pytorch_reference.py prints for `--epochs 2 --max-steps 300 --eval-batch 64 --threads 2`.
const OUTPUT = `torch 2.13.0+cpu threads=2 mkldnn=True batch=64
params=421642
epoch 1: loss=0.6190 train_acc=81.33% time=5.43s samples/s=3536
epoch 2: loss=0.2231 train_acc=93.20% time=5.10s samples/s=3765
test_acc=95.12% (first eval pass 1.31s, batch 64)
eval batch 64: 1.09s eval_samples/s=9174
eval batch 64: 1.01s eval_samples/s=9932
train_time=10.5s total_time=14.2s
`;

describe('PyTorch reference', () => {
  it('reads the figures the bench uses from the script output', () => {
    const out = parseReference(OUTPUT);
    expect(out.torch).toBe('2.13.0+cpu');
    expect(out.epochs).toEqual([
      { loss: 0.619, accuracy: 81.33, seconds: 5.43, samplesPerSecond: 3536 },
      { loss: 0.2231, accuracy: 93.2, seconds: 5.1, samplesPerSecond: 3765 },
    ]);
    expect(out.testAccuracy).toBe(95.12);
    // The second (warm) pass at batch 64 wins.
    expect(out.inference.get(64)).toBe(9932);
    expect([out.trainSeconds, out.totalSeconds]).toEqual([10.5, 14.2]);
  });

  it('keeps its files under MNISTKIT_CACHE_DIR, else XDG_CACHE_HOME or ~/.cache', () => {
    expect(cacheDir({ MNISTKIT_CACHE_DIR: '/c' })).toBe('/c');
    expect(cacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/mnistkit');
  });

  it("uses the repository's venv where scripts/python-env.sh says it is", async () => {
    expect(await venvPython({ PATH: process.env.PATH, MNISTKIT_CACHE_DIR: '/c' })).toBe('/c/python/bin/python');
    expect(await venvPython({ PATH: process.env.PATH, XDG_CACHE_HOME: '/x' })).toBe('/x/mnistkit/python/bin/python');
    expect(await venvPython({ PATH: process.env.PATH, MNISTKIT_PYTHON_ENV: '/v', MNISTKIT_CACHE_DIR: '/c' })).toBe(
      '/v/bin/python',
    );
  });

  it('names MNISTKIT_PYTHON when the Python it names has no torch', async () => {
    await expect(findTorchPython({ MNISTKIT_PYTHON: '/nonexistent/python' })).rejects.toThrow(
      /MNISTKIT_PYTHON: expected a Python that imports torch, found '\/nonexistent\/python' without it/,
    );
  });
});
