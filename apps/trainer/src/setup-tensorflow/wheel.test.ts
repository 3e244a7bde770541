import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isNeededTensorflowFile } from './tensorflow-install.js';
import { storedZip } from './test-utils/stored-zip.js';
import { extractWheel, parseWheelMetadata } from './wheel.js';

const work = mkdtempSync(join(tmpdir(), 'mnistkit-wheel-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('parseWheelMetadata', () => {
  it("reads name, version and the and-cuda extra's requirements (the CUDA libraries as pip packages)", () => {
    const text = [
      'Metadata-Version: 2.1',
      'Name: tensorflow',
      'Version: 2.21.0',
      'Requires-Dist: absl-py>=1.0.0',
      'Requires-Dist: nvidia-cublas-cu12<13.0,>=12.5.3.2; extra == "and-cuda"',
      'Requires-Dist: nvidia-nccl-cu12 <3.0, >=2.27.7 ; extra == "and-cuda"',
      'Requires-Dist: tensorflow-io-gcs-filesystem>=0.23.1; (sys_platform != "win32") and extra == "gcs-filesystem"',
      '',
      'TensorFlow is an open source software library',
    ].join('\n');
    expect(parseWheelMetadata(text)).toEqual({
      name: 'tensorflow',
      version: '2.21.0',
      cudaRequirements: ['nvidia-cublas-cu12<13.0,>=12.5.3.2', 'nvidia-nccl-cu12<3.0,>=2.27.7'],
    });
  });
});

describe('extractWheel', () => {
  it('writes only the selected entries, with their paths and permissions', async () => {
    const wheel = join(work, 'tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl');
    writeFileSync(
      wheel,
      storedZip([
        { name: 'tensorflow/', content: '' },
        { name: 'tensorflow/libtensorflow_cc.so.2', content: 'ELF cc', mode: 0o755 },
        { name: 'tensorflow/include/tensorflow/c/c_api.h', content: '// c api' },
        { name: 'tensorflow/python/ops/array_ops.py', content: '# not needed' },
        { name: 'tensorflow_cpu-2.21.0.dist-info/METADATA', content: 'Name: tensorflow_cpu\nVersion: 2.21.0\n' },
      ]),
    );
    const dest = join(work, 'out');
    expect(await extractWheel(wheel, dest, isNeededTensorflowFile)).toEqual({ files: 3, bytes: 6 + 8 + 37 });
    expect(readdirSync(dest, { recursive: true, encoding: 'utf8' }).sort()).toEqual([
      'tensorflow',
      'tensorflow/include',
      'tensorflow/include/tensorflow',
      'tensorflow/include/tensorflow/c',
      'tensorflow/include/tensorflow/c/c_api.h',
      'tensorflow/libtensorflow_cc.so.2',
      'tensorflow_cpu-2.21.0.dist-info',
      'tensorflow_cpu-2.21.0.dist-info/METADATA',
    ]);
    expect(readFileSync(join(dest, 'tensorflow/libtensorflow_cc.so.2'), 'utf8')).toBe('ELF cc');
    expect(statSync(join(dest, 'tensorflow/libtensorflow_cc.so.2')).mode & 0o777).toBe(0o755);
  });

  it('refuses an entry that would land outside the destination', async () => {
    const wheel = join(work, 'evil.whl');
    writeFileSync(wheel, storedZip([{ name: '../escaped.txt', content: 'x' }]));
    await expect(extractWheel(wheel, join(work, 'evil-out'), () => true)).rejects.toThrow(/invalid relative path/);
    expect(() => statSync(join(work, 'escaped.txt'))).toThrow();
  });

  it('names a file that is not a zip', async () => {
    const file = join(work, 'broken.whl');
    writeFileSync(file, 'not a zip file at all');
    await expect(extractWheel(file, join(work, 'broken-out'), () => true)).rejects.toThrow(/end of central directory/i);
  });
});
