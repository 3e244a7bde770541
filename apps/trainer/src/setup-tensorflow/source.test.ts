import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { CliError, UsageError } from '../errors.js';
import { UNPACKED_MARK } from './cache.js';
import { EXIT_NO_TENSORFLOW, parseSetupArgs, type SetupOptions } from './options.js';
import type { PipDownload, PythonTensorflow } from './python.js';
import { resolveTensorflow, type SourceDeps } from './source.js';
import { CUDA_WHEEL_RUNPATH, writeFakeTensorflow } from './test-utils/fake-tensorflow.js';

const work = mkdtempSync(join(tmpdir(), 'mnistkit-source-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CPU_WHEEL = 'tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl';
const CUDA_WHEEL = 'tensorflow-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl';
const CUDA_REQUIREMENTS = ['nvidia-cublas-cu12<13.0,>=12.5.3.2', 'nvidia-cudnn-cu12<10.0,>=9.3.0.75'];

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(join(dir, name)).isFile())
    .sort();
}

/** A world of fake wheels (a wheel file stands for a folder of its contents), a fake pip and a fake Python. */
class FakeWorld {
  readonly trees = new Map<string, string>();
  pip = true;
  pipFails: string | undefined;
  python: PythonTensorflow = { pythonVersion: '3.11.7' };
  readonly calls = { findPip: 0, downloads: [] as string[][], extracts: [] as string[] };

  /** A wheel file at `path` whose contents `fill` writes. */
  wheel(path: string, fill: (root: string) => void): string {
    const tree = `${path}.tree`;
    fill(tree);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, 'zip');
    this.trees.set(basename(path), tree);
    return path;
  }

  readonly deps: SourceDeps = {
    probePython: async () => this.python,
    findPip: async () => {
      this.calls.findPip++;
      return this.pip ? ['python3', '-m', 'pip'] : undefined;
    },
    pipDownload: async (_pip, requirements, dest): Promise<PipDownload> => {
      this.calls.downloads.push([...requirements]);
      if (this.pipFails !== undefined) return { ok: false, reason: this.pipFails };
      const saved = requirements.map((req) => {
        const name = req.split(/[<>=]/)[0] ?? req;
        if (name === 'tensorflow-cpu')
          return this.wheel(join(dest, CPU_WHEEL), (r) => writeFakeTensorflow(r, { cuda: false }));
        const lib = name.replace(/^nvidia-/, '').replace(/-cu12$/, '');
        return this.wheel(join(dest, `${name.replace(/-/g, '_')}-1.0-py3-none-manylinux_2_27_x86_64.whl`), (r) => {
          mkdirSync(join(r, 'nvidia', lib, 'lib'), { recursive: true });
          writeFileSync(join(r, 'nvidia', lib, 'lib', `lib${lib}.so.12`), 'elf');
          writeFileSync(join(r, 'nvidia', lib, '__init__.py'), '');
        });
      });
      return { ok: true, files: saved };
    },
    extractWheel: async (file, dest, select) => {
      this.calls.extracts.push(basename(file));
      const tree = this.trees.get(basename(file));
      if (tree === undefined) throw new Error(`no fake wheel ${file}`);
      let count = 0;
      for (const name of files(tree).filter((n) => select(n))) {
        mkdirSync(dirname(join(dest, name)), { recursive: true });
        cpSync(join(tree, name), join(dest, name));
        count++;
      }
      return { files: count, bytes: 0 };
    },
    log: () => {},
  };
}

let world: FakeWorld;
let cache: string;
beforeEach(() => {
  world = new FakeWorld();
  cache = mkdtempSync(join(work, 'cache-'));
});

function options(argv: string[]): SetupOptions {
  return parseSetupArgs([...argv, '--cache-dir', cache], {}, work);
}

async function failure(argv: string[]): Promise<CliError> {
  const error = await resolveTensorflow(options(argv), world.deps).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe('resolveTensorflow: pip download (no --wheel, no --python)', () => {
  it('downloads tensorflow-cpu==2.21.0, unpacks only what the build needs into the cache, then reuses it', async () => {
    const install = await resolveTensorflow(options([]), world.deps);
    expect(world.calls.downloads).toEqual([['tensorflow-cpu==2.21.0']]);
    expect(install).toEqual({
      root: join(cache, CPU_WHEEL.replace('.whl', '')),
      version: '2.21.0',
      cudaBuild: false,
      origin: 'pip download of tensorflow-cpu==2.21.0',
    });
    const unpacked = files(install.root);
    expect(unpacked).toContain('tensorflow/libtensorflow_cc.so.2');
    expect(unpacked).toContain('tensorflow/include/tsl/platform/ctstring.h');
    expect(unpacked).toContain(UNPACKED_MARK);
    expect(unpacked).not.toContain('tensorflow/python/ops/not_needed.py');
    // The downloaded wheel is gone, only the unpacked folder stays.
    expect(readdirSync(cache)).toEqual([basename(install.root)]);

    const again = await resolveTensorflow(options([]), world.deps);
    expect(again).toEqual({ ...install, origin: 'pip download of tensorflow-cpu==2.21.0 (cached)' });
    expect(world.calls.findPip).toBe(1);
    expect(world.calls.downloads).toHaveLength(1);
  });

  it('without pip fails with exit status 3, saying how to get pip or another source', async () => {
    world.pip = false;
    const error = await failure([]);
    expect(error.exitCode).toBe(EXIT_NO_TENSORFLOW);
    expect(error.message).toBe(
      'no TensorFlow wheel: pip is not available (tried python3 -m pip, python -m pip); install it (Debian/Ubuntu: apt-get install python3-pip), or pass --wheel FILE (a TensorFlow wheel) or --python PY (a Python with TensorFlow installed)',
    );
  });

  it("when pip finds no wheel fails with exit status 3 and pip's own reason, leaving no half cache", async () => {
    world.pipFails = 'ERROR: No matching distribution found for tensorflow==2.21.0';
    const error = await failure(['--gpu']);
    expect(error.exitCode).toBe(EXIT_NO_TENSORFLOW);
    expect(error.message).toMatch(
      /^no TensorFlow wheel: pip could not download tensorflow==2\.21\.0 for this machine \(ERROR: No matching distribution found for tensorflow==2\.21\.0\); pass --wheel FILE/,
    );
    expect(readdirSync(cache)).toEqual([]);
  });
});

describe('resolveTensorflow: --wheel', () => {
  it('unpacks a given wheel once', async () => {
    const wheel = world.wheel(join(work, 'given', CPU_WHEEL), (r) => writeFakeTensorflow(r, { cuda: false }));
    const install = await resolveTensorflow(options(['--wheel', wheel]), world.deps);
    expect(install).toMatchObject({ version: '2.21.0', cudaBuild: false, origin: `--wheel ${wheel}` });
    await resolveTensorflow(options(['--wheel', wheel]), world.deps);
    expect(world.calls.extracts).toEqual([CPU_WHEEL, CPU_WHEEL]); // description, then the files; nothing the second time
    expect(world.calls.findPip).toBe(0);
  });

  it('uses the unpacking another setup finished meanwhile, dropping its own', async () => {
    const wheel = world.wheel(join(work, 'race', CPU_WHEEL), (r) => writeFakeTensorflow(r, { cuda: false }));
    const theirs = join(cache, CPU_WHEEL.replace('.whl', ''));
    const theirMark = {
      format: 'mnistkit-tensorflow-unpacked',
      distribution: 'tensorflow_cpu',
      version: '2.21.0-theirs',
      cudaBuild: false,
      wheel: CPU_WHEEL,
      nvidiaWheels: [],
    };
    const extract = world.deps.extractWheel;
    world.deps.extractWheel = async (file, dest, select) => {
      const result = await extract(file, dest, select);
      if (select('tensorflow/include/tensorflow/c/c_api.h') && !existsSync(theirs)) {
        // The other setup finishes the same folder while this one unpacks.
        await extract(file, theirs, select);
        writeFileSync(join(theirs, UNPACKED_MARK), JSON.stringify(theirMark));
      }
      return result;
    };
    const install = await resolveTensorflow(options(['--wheel', wheel]), world.deps);
    expect(install).toMatchObject({ root: theirs, version: '2.21.0-theirs' });
    expect(readdirSync(cache)).toEqual([basename(theirs)]);
  });

  it('names a missing wheel file as a command-line mistake', async () => {
    const error = await failure(['--wheel', 'missing.whl']);
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(
      `--wheel ${join(work, 'missing.whl')}: no such file; expected a TensorFlow wheel (.whl)`,
    );
  });

  it('names a wheel that is not a zip file', async () => {
    const wheel = world.wheel(join(work, 'broken', CPU_WHEEL), () => {});
    world.deps.extractWheel = async () => {
      throw new Error('End of central directory record signature not found');
    };
    const error = await failure(['--wheel', wheel]);
    expect(error.message).toBe(
      `--wheel ${wheel}: cannot read it as a wheel (a zip file): End of central directory record signature not found`,
    );
  });

  it('refuses a wheel without the libraries', async () => {
    const wheel = world.wheel(join(work, 'other', 'numpy-2.0.0-cp311-cp311-linux_x86_64.whl'), (r) => {
      mkdirSync(join(r, 'numpy'), { recursive: true });
      writeFileSync(join(r, 'numpy', '__init__.py'), '');
    });
    const error = await failure(['--wheel', wheel]);
    expect(error.message).toMatch(
      /not a TensorFlow wheel the binding can use: it lacks tensorflow\/libtensorflow_cc\.so\.2/,
    );
  });

  it('--gpu refuses a CPU-only wheel after reading only its description', async () => {
    const wheel = world.wheel(join(work, 'cpu-for-gpu', CPU_WHEEL), (r) => writeFakeTensorflow(r, { cuda: false }));
    const error = await failure(['--gpu', '--wheel', wheel]);
    expect(error.message).toMatch(/^--gpu: --wheel .* is a CPU-only TensorFlow build \(is_cuda_build False\)/);
    expect(world.calls.extracts).toEqual([CPU_WHEEL]);
    expect(readdirSync(cache)).toEqual([]);
  });

  it('--gpu with a CUDA wheel adds the CUDA libraries its and-cuda extra lists, downloaded with pip', async () => {
    const wheel = world.wheel(join(work, 'cuda', CUDA_WHEEL), (r) =>
      writeFakeTensorflow(r, { cuda: true, runpath: CUDA_WHEEL_RUNPATH, cudaRequirements: CUDA_REQUIREMENTS }),
    );
    const install = await resolveTensorflow(options(['--gpu', '--wheel', wheel]), world.deps);
    expect(install.root).toBe(join(cache, `${CUDA_WHEEL.replace('.whl', '')}+nvidia`));
    expect(install.cudaBuild).toBe(true);
    expect(world.calls.downloads).toEqual([CUDA_REQUIREMENTS]);
    const unpacked = files(install.root);
    expect(unpacked).toContain('nvidia/cublas/lib/libcublas.so.12');
    expect(unpacked).toContain('nvidia/cudnn/lib/libcudnn.so.12');
    expect(unpacked).not.toContain('nvidia/cublas/__init__.py');
  });

  it('--gpu says the CUDA libraries are not found when pip cannot fetch them', async () => {
    const wheel = world.wheel(join(work, 'cuda-no-pip', CUDA_WHEEL), (r) =>
      writeFakeTensorflow(r, { cuda: true, cudaRequirements: CUDA_REQUIREMENTS }),
    );
    world.pip = false;
    const error = await failure(['--gpu', '--wheel', wheel]);
    expect(error.message).toBe(
      `CUDA libraries not found: pip is not available to download ${CUDA_REQUIREMENTS.join(' ')}; install TensorFlow with python3 -m pip install 'tensorflow[and-cuda]==2.21.0' and pass --python`,
    );
    expect(error.exitCode).toBe(1);
  });
});

describe('resolveTensorflow: --python', () => {
  it('uses the Python TensorFlow in place (its site-packages), copying nothing', async () => {
    const site = join(work, 'venv', 'lib', 'python3.11', 'site-packages');
    writeFakeTensorflow(site, { cuda: false });
    world.python = {
      pythonVersion: '3.11.7',
      tensorflowDir: join(site, 'tensorflow'),
      distribution: 'tensorflow-cpu',
      version: '2.21.0',
    };
    const install = await resolveTensorflow(options(['--python', 'venv/bin/python']), world.deps);
    expect(install).toEqual({
      root: site,
      version: '2.21.0',
      cudaBuild: false,
      origin: `--python ${join(work, 'venv/bin/python')} (tensorflow-cpu 2.21.0 in ${site})`,
    });
    expect(world.calls.extracts).toEqual([]);
    expect(relative(site, install.root)).toBe('');
  });

  it('says how to install TensorFlow when the Python has none', async () => {
    const error = await failure(['--python', 'python3']);
    expect(error.message).toBe(
      '--python python3: no tensorflow module in this Python 3.11.7; install it (python3 -m pip install tensorflow-cpu==2.21.0) or leave out --python to use a downloaded wheel',
    );
  });

  it('--gpu refuses a CPU-only TensorFlow', async () => {
    const site = join(work, 'cpu-site');
    writeFakeTensorflow(site, { cuda: false });
    world.python = { pythonVersion: '3.11.7', tensorflowDir: join(site, 'tensorflow'), version: '2.21.0' };
    const error = await failure(['--gpu', '--python', 'python3']);
    expect(error.message).toMatch(
      /^--gpu: --python python3 \(tensorflow 2\.21\.0 in .*\) is a CPU-only TensorFlow build/,
    );
  });
});
