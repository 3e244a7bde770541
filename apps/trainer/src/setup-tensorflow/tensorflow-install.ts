import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { readRunpath } from './elf.js';

/** The two libraries of a TensorFlow wheel the binding links: the C and eager C APIs live in `libtensorflow_cc`. */
export const TENSORFLOW_LIBRARIES = ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2'] as const;

/** The header folders (under `tensorflow/include/`) the binding's sources include, directly or not. */
export const HEADER_DIRS = ['tensorflow/c', 'tensorflow/core/platform', 'tsl/platform', 'xla/tsl/c'] as const;

/** The wheel's record of how TensorFlow was built (`is_cuda_build`, CUDA version). */
export const BUILD_INFO = 'tensorflow/python/platform/build_info.py';

/** A TensorFlow the binding can be built against: a folder laid out like site-packages. */
export interface TensorflowInstall {
  /** Holds `tensorflow/` (libraries, `include/`, build info) and, for CUDA wheels, `nvidia/` beside it. */
  root: string;
  /** The pip distribution's version (`2.21.0`). */
  version: string;
  /** Whether TensorFlow was built with CUDA (`tensorflow[and-cuda]`) or for the CPU only (`tensorflow-cpu`). */
  cudaBuild: boolean;
  /** Where it came from, for the printed lines: `pip download of tensorflow-cpu==2.21.0`, `--python …`. */
  origin: string;
}

/** Whether a file of a wheel describes it: its METADATA (name, version, extras) or TensorFlow's build info. */
export function isWheelDescription(name: string): boolean {
  return name === BUILD_INFO || /^[^/]+\.dist-info\/METADATA$/.test(name);
}

/** Whether a file of a TensorFlow wheel is one the setup unpacks: the two libraries, the headers, the description. */
export function isNeededTensorflowFile(name: string): boolean {
  if (TENSORFLOW_LIBRARIES.some((lib) => name === `tensorflow/${lib}`)) return true;
  if (isWheelDescription(name)) return true;
  return HEADER_DIRS.some((dir) => name.startsWith(`tensorflow/include/${dir}/`) && !name.endsWith('/'));
}

/** Whether a file of an `nvidia-*` wheel is a CUDA library (`nvidia/cublas/lib/libcublas.so.12`). */
export function isNvidiaLibrary(name: string): boolean {
  return /^nvidia\/[^/]+\/lib\/[^/]+\.so(\.[\d.]+)?$/.test(name);
}

/** Reads `is_cuda_build` (and the CUDA version, when recorded) from build_info.py's text. */
export function parseBuildInfo(text: string): { cudaBuild: boolean; cudaVersion?: string } {
  const cudaBuild = /['"]is_cuda_build['"]\s*[,:]\s*True/.test(text);
  const cudaVersion = /['"]cuda_version['"]\s*[,:]\s*['"]([^'"]+)['"]/.exec(text)?.[1];
  return cudaVersion === undefined ? { cudaBuild } : { cudaBuild, cudaVersion };
}

/** Reads build_info.py under `root`; a TensorFlow without one (very old) counts as a CPU build. */
export function readBuildInfo(root: string): { cudaBuild: boolean; cudaVersion?: string } {
  const path = join(root, BUILD_INFO);
  return existsSync(path) ? parseBuildInfo(readFileSync(path, 'utf8')) : { cudaBuild: false };
}

/** The files under `root` the build needs that are missing (relative paths); empty when complete. */
export function missingTensorflowFiles(root: string): string[] {
  const needed = [
    ...TENSORFLOW_LIBRARIES.map((lib) => `tensorflow/${lib}`),
    'tensorflow/include/tensorflow/c/c_api.h',
    'tensorflow/include/tensorflow/c/eager/c_api.h',
  ];
  return needed.filter((file) => !existsSync(join(root, file)));
}

/**
 * The `nvidia/…` folders under `root` that TensorFlow's libraries search for CUDA libraries, from their RUNPATH
 * entries relative to `$ORIGIN` (the `tensorflow/` folder): `$ORIGIN/../nvidia/cublas/lib` → `<root>/nvidia/cublas/lib`.
 * Entries outside `<root>/nvidia` (Bazel's build folders, `$ORIGIN/../../nvidia/…` meant for `tensorflow/python/`) are
 * not CUDA folders of this layout and are left out.
 */
export function cudaLibraryDirs(root: string, runpaths: readonly string[]): string[] {
  const origin = join(root, 'tensorflow');
  const nvidia = join(root, 'nvidia');
  const dirs = new Set<string>();
  for (const entry of runpaths) {
    const relativeToOrigin = /^\$(ORIGIN|\{ORIGIN\})(\/.*)?$/.exec(entry)?.[2];
    if (relativeToOrigin === undefined) continue;
    const dir = resolve(origin, `.${relativeToOrigin}`);
    if (dir.startsWith(`${nvidia}${sep}`)) dirs.add(dir);
  }
  return [...dirs].sort();
}

/** The CUDA library folders TensorFlow under `root` looks in, and which of them are missing. */
export function checkCudaLibraries(root: string): { needed: string[]; missing: string[] } {
  const runpaths = TENSORFLOW_LIBRARIES.flatMap((lib) => readRunpath(join(root, 'tensorflow', lib)));
  const needed = cudaLibraryDirs(root, runpaths);
  return { needed, missing: needed.filter((dir) => !existsSync(dir)) };
}

/** `nvidia/cublas/lib, nvidia/cudnn/lib` for messages. */
export function describeDirs(root: string, dirs: readonly string[]): string {
  return dirs.map((dir) => relative(root, dir)).join(', ');
}
