import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeJsonAtomic } from '@mnistkit/fs';
import type { TensorflowInstall } from './tensorflow-install.js';

/** One symbolic link of the `deps/` folder: `path` (relative to the package) points at `target`. */
export interface LayoutLink {
  path: string;
  target: string;
}

/** The `deps/` folder tfjs-node's binding.gyp builds and links against, as links into a TensorFlow install. */
export interface LayoutPlan {
  packageDir: string;
  links: LayoutLink[];
}

/**
 * The name tfjs-node's install script checks before downloading libtensorflow 2.9.1 (`deps/lib/libtensorflow.so.2.9.1`):
 * present, `pnpm rebuild` or `npm rebuild` skip the download.
 */
export const STOCK_LIBRARY_NAME = 'libtensorflow.so.2.9.1';

/** The record of a finished setup, written into `deps/` after the binding built. */
export const SETUP_STAMP = 'deps/mnistkit-setup.json';

/** What {@link SETUP_STAMP} holds. */
export interface SetupStamp {
  format: 'mnistkit-tfjs-node-setup';
  package: string;
  tensorflow: TensorflowInstall;
  links: LayoutLink[];
}

/**
 * Plans `deps/` for the package at `packageDir`: the headers and the two libraries by their sonames (links into the
 * install, nothing copied), the `-ltensorflow -ltensorflow_framework` link names binding.gyp uses, the stock name that
 * keeps tfjs-node's install script from downloading, and, for CUDA, `deps/nvidia`. The libraries find CUDA through
 * RUNPATH entries relative to `$ORIGIN`, which the loader takes from the path it opened (`deps/lib`, not the link's
 * target), so `deps/lib/../nvidia` must lead to the install's `nvidia/` folder.
 */
export function planLayout(install: TensorflowInstall, packageDir: string, withNvidia: boolean): LayoutPlan {
  const tf = join(install.root, 'tensorflow');
  const links: LayoutLink[] = [
    { path: 'deps/include', target: join(tf, 'include') },
    { path: 'deps/lib/libtensorflow_cc.so.2', target: join(tf, 'libtensorflow_cc.so.2') },
    { path: 'deps/lib/libtensorflow_framework.so.2', target: join(tf, 'libtensorflow_framework.so.2') },
    { path: 'deps/lib/libtensorflow.so', target: 'libtensorflow_cc.so.2' },
    { path: 'deps/lib/libtensorflow_framework.so', target: 'libtensorflow_framework.so.2' },
    { path: `deps/lib/${STOCK_LIBRARY_NAME}`, target: 'libtensorflow_cc.so.2' },
  ];
  if (withNvidia) links.push({ path: 'deps/nvidia', target: join(install.root, 'nvidia') });
  return { packageDir, links };
}

/**
 * Replaces the package's `deps/` with the planned links: built beside it, then swapped in by renames, so `deps/` is
 * always either the old folder or the new one (whatever was there, a stock libtensorflow download included, goes).
 */
export async function applyLayout(plan: LayoutPlan): Promise<void> {
  const deps = join(plan.packageDir, 'deps');
  const fresh = join(plan.packageDir, 'deps.mnistkit-new');
  const old = join(plan.packageDir, 'deps.mnistkit-old');
  await rm(fresh, { recursive: true, force: true });
  await rm(old, { recursive: true, force: true });
  for (const link of plan.links) {
    const path = join(fresh, link.path.replace(/^deps\//, ''));
    await mkdir(dirname(path), { recursive: true });
    await symlink(link.target, path);
  }
  if (existsSync(deps)) await rename(deps, old);
  await rename(fresh, deps);
  await rm(old, { recursive: true, force: true });
}

/** Whether every link's target (read through the link) exists: false after the cache or the Python env went away. */
export function layoutResolves(plan: LayoutPlan): boolean {
  return plan.links.every((link) => existsSync(join(plan.packageDir, link.path)));
}

/** Reads the package's setup stamp; undefined when there is none (never set up, or a setup that did not finish). */
export function readStamp(packageDir: string): SetupStamp | undefined {
  try {
    const stamp = JSON.parse(readFileSync(join(packageDir, SETUP_STAMP), 'utf8')) as SetupStamp;
    return stamp.format === 'mnistkit-tfjs-node-setup' ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/** Records a finished setup (after the binding built). */
export async function writeStamp(plan: LayoutPlan, pkg: string, install: TensorflowInstall): Promise<void> {
  const stamp: SetupStamp = {
    format: 'mnistkit-tfjs-node-setup',
    package: pkg,
    tensorflow: install,
    links: plan.links,
  };
  await writeJsonAtomic(join(plan.packageDir, SETUP_STAMP), stamp);
}

/** Whether a stamp records exactly this plan's links (same TensorFlow, same variant). */
export function stampMatches(stamp: SetupStamp | undefined, plan: LayoutPlan): boolean {
  return stamp !== undefined && JSON.stringify(stamp.links) === JSON.stringify(plan.links);
}
