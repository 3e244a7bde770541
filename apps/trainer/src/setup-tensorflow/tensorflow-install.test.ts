import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkCudaLibraries,
  cudaLibraryDirs,
  isNeededTensorflowFile,
  isNvidiaLibrary,
  missingTensorflowFiles,
  parseBuildInfo,
  readBuildInfo,
} from './tensorflow-install.js';
import { CUDA_WHEEL_RUNPATH, writeFakeTensorflow } from './test-utils/fake-tensorflow.js';

const work = mkdtempSync(join(tmpdir(), 'mnistkit-tf-install-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('which wheel files the setup unpacks', () => {
  it('takes the two libraries, the C API headers, the build info and METADATA, nothing else', () => {
    for (const name of [
      'tensorflow/libtensorflow_cc.so.2',
      'tensorflow/libtensorflow_framework.so.2',
      'tensorflow/include/tensorflow/c/c_api.h',
      'tensorflow/include/tensorflow/c/eager/c_api.h',
      'tensorflow/include/tensorflow/core/platform/ctstring_internal.h',
      'tensorflow/include/tsl/platform/ctstring.h',
      'tensorflow/include/xla/tsl/c/tsl_status.h',
      'tensorflow/python/platform/build_info.py',
      'tensorflow_cpu-2.21.0.dist-info/METADATA',
    ]) {
      expect(isNeededTensorflowFile(name), name).toBe(true);
    }
    for (const name of [
      'tensorflow/include/tensorflow/c/',
      'tensorflow/include/Eigen/Core',
      'tensorflow/include/tensorflow/core/framework/tensor.h',
      'tensorflow/python/_pywrap_tensorflow_internal.so',
      'tensorflow/libtensorflow_cc.so.2.runfiles/x',
      'tensorflow_cpu-2.21.0.dist-info/RECORD',
    ]) {
      expect(isNeededTensorflowFile(name), name).toBe(false);
    }
  });

  it('takes the CUDA libraries of nvidia-* wheels', () => {
    expect(isNvidiaLibrary('nvidia/cublas/lib/libcublas.so.12')).toBe(true);
    expect(isNvidiaLibrary('nvidia/cudnn/lib/libcudnn_ops.so.9')).toBe(true);
    expect(isNvidiaLibrary('nvidia/cu13/lib/libcudart.so.13')).toBe(true);
    expect(isNvidiaLibrary('nvidia/cublas/include/cublas.h')).toBe(false);
    expect(isNvidiaLibrary('nvidia/cublas/lib/__init__.py')).toBe(false);
  });
});

describe('build info', () => {
  it('tells a CUDA build from a CPU-only one', () => {
    const cpu = "build_info = collections.OrderedDict([('is_cuda_build', False), ('is_rocm_build', False)])";
    expect(parseBuildInfo(cpu)).toEqual({ cudaBuild: false });
    const cuda =
      "build_info = collections.OrderedDict([('cuda_version', '12.5.1'), ('cudnn_version', '9'), ('is_cuda_build', True)])";
    expect(parseBuildInfo(cuda)).toEqual({ cudaBuild: true, cudaVersion: '12.5.1' });
    expect(readBuildInfo(join(work, 'nowhere'))).toEqual({ cudaBuild: false });
  });
});

describe('CUDA library folders (from the libraries RUNPATH)', () => {
  it('maps $ORIGIN/../nvidia/<x>/lib into the install and ignores the rest', () => {
    const root = '/site';
    expect(cudaLibraryDirs(root, CUDA_WHEEL_RUNPATH.split(':'))).toEqual(
      ['cublas', 'cuda_runtime', 'cudnn', 'cufft', 'nccl'].map((lib) => `/site/nvidia/${lib}/lib`),
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the loader's own ${ORIGIN} spelling, not a template
    expect(cudaLibraryDirs(root, ['${ORIGIN}/../nvidia/cu13/lib', '/usr/local/cuda/lib64', '$ORIGIN/'])).toEqual([
      '/site/nvidia/cu13/lib',
    ]);
    // A CPU wheel's RUNPATH (Bazel's build folders) names no CUDA folder.
    expect(cudaLibraryDirs(root, ['$ORIGIN/../../_solib_x86_64/_U_S_Stensorflow', '$ORIGIN/'])).toEqual([]);
  });

  it('lists the folders a CUDA TensorFlow needs and which are missing', () => {
    const site = join(work, 'cuda-site');
    writeFakeTensorflow(site, { cuda: true, runpath: CUDA_WHEEL_RUNPATH });
    mkdirSync(join(site, 'nvidia', 'cublas', 'lib'), { recursive: true });
    const { needed, missing } = checkCudaLibraries(site);
    expect(needed).toHaveLength(5);
    expect(missing).toEqual(['cuda_runtime', 'cudnn', 'cufft', 'nccl'].map((lib) => join(site, 'nvidia', lib, 'lib')));
    expect(missingTensorflowFiles(site)).toEqual([]);
  });

  it('names the files a TensorFlow folder lacks', () => {
    expect(missingTensorflowFiles(join(work, 'empty'))).toEqual([
      'tensorflow/libtensorflow_cc.so.2',
      'tensorflow/libtensorflow_framework.so.2',
      'tensorflow/include/tensorflow/c/c_api.h',
      'tensorflow/include/tensorflow/c/eager/c_api.h',
    ]);
  });
});
