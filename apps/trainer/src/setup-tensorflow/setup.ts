import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type TfjsNodePackageName, tfjsNodeBindingStatus } from '@mnistkit/backend/node';
import { CliError } from '../errors.js';
import { buildBinding, findToolchain, type Toolchain } from './build.js';
import { applyLayout, layoutResolves, planLayout, readStamp, stampMatches, writeStamp } from './layout.js';
import type { SetupOptions } from './options.js';
import { findTfjsNodePackages, packageFor } from './packages.js';
import { realSourceDeps, resolveTensorflow, type SourceDeps } from './source.js';
import { checkCudaLibraries, describeDirs, type TensorflowInstall } from './tensorflow-install.js';
import { describeDevice, verifyBinding } from './verify.js';

/** Where the setup looks for tfjs-node and how it reaches the outside world. */
export interface SetupContext {
  /** Files or folders Node resolves the package from (the trainer itself, the current project). */
  resolveFrom: string[];
  /** Folders from which pnpm stores (`node_modules/.pnpm`) are searched upwards. */
  scanFrom: string[];
  sourceDeps?: SourceDeps;
  /** The closing lines (stdout) and progress lines (stderr). */
  out: (line: string) => void;
  progress: (line: string) => void;
}

function bindingOf(pkg: TfjsNodePackageName, packageDir: string): { built: boolean; bindingPath: string } {
  const status = tfjsNodeBindingStatus(pkg, join(packageDir, 'package.json'));
  if (status.bindingPath === undefined) throw new CliError(status.reason);
  return { built: status.built, bindingPath: status.bindingPath };
}

/** Whether a copy is set up as recorded and its links still lead somewhere (the cache or the Python env may be gone). */
function setUp(pkg: TfjsNodePackageName, packageDir: string): boolean {
  const stamp = readStamp(packageDir);
  return stamp !== undefined && layoutResolves({ packageDir, links: stamp.links }) && bindingOf(pkg, packageDir).built;
}

async function readyLine(pkg: string, packageDir: string, state: string): Promise<string> {
  const info = await verifyBinding(packageDir);
  const from = readStamp(packageDir)?.tensorflow.origin ?? 'unknown';
  return `tensorflow backend ${state} (${pkg} in ${packageDir}, TensorFlow from ${from}): ${describeDevice(info)}`;
}

function checkCuda(install: TensorflowInstall, options: SetupOptions): void {
  const { missing, needed } = checkCudaLibraries(install.root);
  if (missing.length === 0) return;
  const fix = options.python ?? 'python3';
  throw new CliError(
    `CUDA libraries not found: TensorFlow in ${install.root} looks for them in ${describeDirs(install.root, needed)}; missing: ${describeDirs(install.root, missing)}; install them with ${fix} -m pip install 'tensorflow[and-cuda]==${install.version}'`,
  );
}

async function build(
  pkg: TfjsNodePackageName,
  packageDir: string,
  install: TensorflowInstall,
  options: SetupOptions,
  context: SetupContext,
  toolchain: () => Toolchain,
): Promise<'built' | 'unchanged'> {
  const plan = planLayout(install, packageDir, install.cudaBuild && existsSync(join(install.root, 'nvidia')));
  const binding = bindingOf(pkg, packageDir);
  if (!options.force && binding.built && stampMatches(readStamp(packageDir), plan) && layoutResolves(plan)) {
    return 'unchanged';
  }
  const tools = toolchain();
  await applyLayout(plan);
  const log = join(options.cacheDir, 'logs', `build-${pkg.replace('/', '+')}.log`);
  const started = performance.now();
  context.progress(`building ${pkg}'s binding against TensorFlow ${install.version} (node-gyp, about 30 s)…`);
  await buildBinding(packageDir, binding.bindingPath, tools, log, options.verbose);
  context.progress(`built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await writeStamp(plan, pkg, install);
  return 'built';
}

async function check(pkg: TfjsNodePackageName, copies: string[], context: SetupContext): Promise<number> {
  let ready = 0;
  for (const dir of copies) {
    if (setUp(pkg, dir)) {
      context.out(await readyLine(pkg, dir, 'set up'));
      ready++;
    } else {
      const why =
        readStamp(dir) === undefined
          ? bindingOf(pkg, dir).built
            ? 'built, but not by this setup'
            : 'not built'
          : 'its TensorFlow is gone';
      context.out(
        `tensorflow backend not set up (${pkg} in ${dir}): ${why}; run mnistkit-setup-tensorflow${pkg.endsWith('-gpu') ? ' --gpu' : ''}`,
      );
    }
  }
  return ready === copies.length ? 0 : 1;
}

/**
 * Makes tfjs-node (or tfjs-node-gpu) usable: finds its installed copies, the TensorFlow to build against, lays out
 * `deps/`, builds the binding and loads it in a child process, printing one line per copy. Idempotent: what is set
 * up already is only checked. Returns the exit status; failures throw a one-line CliError.
 */
export async function runSetup(options: SetupOptions, context: SetupContext): Promise<number> {
  const pkg = packageFor(options.gpu);
  const copies = findTfjsNodePackages(pkg, context.resolveFrom, context.scanFrom);
  if (copies.length === 0) {
    throw new CliError(
      `${pkg} is not installed here: in mnistkit run npx -y pnpm@10 install; in your own project npm install ${pkg}@4.22.0 --ignore-scripts`,
    );
  }
  if (options.check) return check(pkg, copies, context);
  const explicitSource = options.wheel !== undefined || options.python !== undefined;
  if (!options.force && !explicitSource && copies.every((dir) => setUp(pkg, dir))) {
    for (const dir of copies) context.out(await readyLine(pkg, dir, 'already set up'));
    return 0;
  }
  const install = await resolveTensorflow(options, context.sourceDeps ?? { ...realSourceDeps, log: context.progress });
  if (options.gpu) checkCuda(install, options);
  let tools: Toolchain | undefined;
  const toolchain = () => {
    tools ??= findToolchain();
    return tools;
  };
  for (const dir of copies) {
    const done = await build(pkg, dir, install, options, context, toolchain);
    context.out(await readyLine(pkg, dir, done === 'built' ? 'ready' : 'already set up'));
  }
  return 0;
}
