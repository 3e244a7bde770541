import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applyLayout,
  layoutResolves,
  planLayout,
  readStamp,
  STOCK_LIBRARY_NAME,
  stampMatches,
  writeStamp,
} from './layout.js';
import { findExecutable } from './run-command.js';
import type { TensorflowInstall } from './tensorflow-install.js';
import { writeFakeTensorflow } from './test-utils/fake-tensorflow.js';

const work = mkdtempSync(join(tmpdir(), 'mnistkit-layout-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const install = (root: string, cudaBuild = false): TensorflowInstall => ({
  root,
  version: '2.21.0',
  cudaBuild,
  origin: 'test',
});

describe('planLayout', () => {
  it('links the headers, both libraries by soname, the -l names and the stock name into the install', () => {
    const plan = planLayout(install('/site'), '/pkg', false);
    expect(plan).toEqual({
      packageDir: '/pkg',
      links: [
        { path: 'deps/include', target: '/site/tensorflow/include' },
        { path: 'deps/lib/libtensorflow_cc.so.2', target: '/site/tensorflow/libtensorflow_cc.so.2' },
        { path: 'deps/lib/libtensorflow_framework.so.2', target: '/site/tensorflow/libtensorflow_framework.so.2' },
        { path: 'deps/lib/libtensorflow.so', target: 'libtensorflow_cc.so.2' },
        { path: 'deps/lib/libtensorflow_framework.so', target: 'libtensorflow_framework.so.2' },
        { path: 'deps/lib/libtensorflow.so.2.9.1', target: 'libtensorflow_cc.so.2' },
      ],
    });
    expect(STOCK_LIBRARY_NAME).toBe('libtensorflow.so.2.9.1');
  });

  it('adds deps/nvidia for a CUDA install, leading to the nvidia/ folder beside tensorflow/', () => {
    expect(planLayout(install('/site', true), '/pkg', true).links.at(-1)).toEqual({
      path: 'deps/nvidia',
      target: '/site/nvidia',
    });
  });
});

describe('applyLayout and the setup stamp', () => {
  it('replaces whatever deps/ held with the links, and records the setup only when asked', async () => {
    const site = join(work, 'site');
    writeFakeTensorflow(site, { cuda: false });
    const pkg = join(work, 'pkg');
    mkdirSync(join(pkg, 'deps', 'lib'), { recursive: true });
    writeFileSync(join(pkg, 'deps', 'lib', 'libtensorflow.so.2.9.1'), 'a stock download');
    const plan = planLayout(install(site), pkg, false);
    await applyLayout(plan);
    expect(readlinkSync(join(pkg, 'deps', 'lib', 'libtensorflow.so.2.9.1'))).toBe('libtensorflow_cc.so.2');
    expect(readlinkSync(join(pkg, 'deps', 'include'))).toBe(join(site, 'tensorflow', 'include'));
    expect(existsSync(join(pkg, 'deps', 'include', 'tensorflow', 'c', 'c_api.h'))).toBe(true);
    expect(existsSync(join(pkg, 'deps.mnistkit-new')) || existsSync(join(pkg, 'deps.mnistkit-old'))).toBe(false);
    expect(layoutResolves(plan)).toBe(true);

    expect(readStamp(pkg)).toBeUndefined();
    await writeStamp(plan, '@tensorflow/tfjs-node', install(site));
    expect(readStamp(pkg)).toMatchObject({ package: '@tensorflow/tfjs-node', tensorflow: { root: site } });
    expect(stampMatches(readStamp(pkg), plan)).toBe(true);
    expect(stampMatches(readStamp(pkg), planLayout(install(join(work, 'other')), pkg, false))).toBe(false);

    // A new layout drops the stamp with the old deps/: a setup that does not finish is not recorded.
    await applyLayout(plan);
    expect(readStamp(pkg)).toBeUndefined();
    rmSync(join(site, 'tensorflow', 'libtensorflow_cc.so.2'));
    expect(layoutResolves(plan)).toBe(false);
  });
});

// The loader takes $ORIGIN from the path it opened (deps/lib), not from the link's target, so a CUDA wheel's
// `$ORIGIN/../nvidia/<x>/lib` must resolve from deps/: the reason for deps/nvidia. Checked with two small libraries.
const cc = findExecutable('cc') ?? findExecutable('gcc');
if (cc === undefined) console.warn('deps/nvidia loader test skipped: no C compiler (cc or gcc) on PATH');

describe.skipIf(process.platform !== 'linux' || cc === undefined)('deps/nvidia and the dynamic loader', () => {
  it('lets a library linked through deps/lib find its CUDA dependency by $ORIGIN/../nvidia/…', async () => {
    const site = join(work, 'loader-site');
    mkdirSync(join(site, 'nvidia', 'fake', 'lib'), { recursive: true });
    mkdirSync(join(site, 'tensorflow'), { recursive: true });
    writeFileSync(join(work, 'dep.c'), 'int cuda_thing(void) { return 42; }\n');
    writeFileSync(join(work, 'tf.c'), 'int cuda_thing(void);\nint tf_thing(void) { return cuda_thing(); }\n');
    writeFileSync(
      join(work, 'main.c'),
      '#include <dlfcn.h>\n#include <stdio.h>\nint main(int c, char **v) { void *h = dlopen(v[1], RTLD_NOW);\n' +
        '  if (!h) { printf("%s\\n", dlerror()); return 1; }\n  int (*f)(void) = (int (*)(void))dlsym(h, "tf_thing");\n' +
        '  printf("%d\\n", f()); return 0; }\n',
    );
    const nvidiaLib = join(site, 'nvidia', 'fake', 'lib');
    const compile = (args: string[]) => execFileSync(cc as string, args, { cwd: work, stdio: 'pipe' });
    compile(['-shared', '-fPIC', '-o', join(nvidiaLib, 'libfakecuda.so'), 'dep.c']);
    compile([
      '-shared',
      '-fPIC',
      '-o',
      join(site, 'tensorflow', 'libtensorflow_cc.so.2'),
      'tf.c',
      `-L${nvidiaLib}`,
      '-lfakecuda',
      '-Wl,--enable-new-dtags,-rpath,$ORIGIN/../nvidia/fake/lib',
    ]);
    compile(['-o', 'main', 'main.c', '-ldl']);
    const run = (pkg: string) => {
      try {
        return execFileSync(join(work, 'main'), [join(pkg, 'deps', 'lib', 'libtensorflow_cc.so.2')], {
          encoding: 'utf8',
        });
      } catch (error) {
        return (error as { stdout: string }).stdout;
      }
    };
    const withoutNvidia = join(work, 'pkg-cpu-layout');
    await applyLayout(planLayout(install(site, true), withoutNvidia, false));
    expect(run(withoutNvidia)).toMatch(/libfakecuda\.so: cannot open shared object file/);
    const withNvidia = join(work, 'pkg-cuda-layout');
    await applyLayout(planLayout(install(site, true), withNvidia, true));
    expect(run(withNvidia).trim()).toBe('42');
  });
});
