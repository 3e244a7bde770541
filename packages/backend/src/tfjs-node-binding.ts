import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { TfjsNodePackageName } from './tensorflow-info.js';

/** Whether a tfjs-node(-gpu) package is installed and its native binding built, found without loading it. */
export interface TfjsNodeBindingStatus {
  package: TfjsNodePackageName;
  /** True when the binding file exists where the package will look for it. */
  built: boolean;
  /** The package's folder, when it is installed. */
  packageDir?: string;
  /** Where the package looks for its binding (`lib/napi-v8/tfjs_binding.node`), when that could be worked out. */
  bindingPath?: string;
  /** One line: where the binding is, or what is missing. */
  reason: string;
}

interface NodePreGyp {
  find(packageJsonPath: string): string;
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Answers "is tfjs-node built?" for `pkg` as resolved from `from` (a file path or URL; pnpm lets only a package
 * that depends on tfjs-node see it). The binding's path comes from node-pre-gyp's `find`, the call tfjs-node
 * itself makes at import, so both agree by construction. Loads no native code and creates no tensors.
 */
export function tfjsNodeBindingStatus(pkg: TfjsNodePackageName, from: string | URL): TfjsNodeBindingStatus {
  let packageJson: string;
  try {
    packageJson = createRequire(from).resolve(`${pkg}/package.json`);
  } catch {
    return { package: pkg, built: false, reason: `${pkg} is not installed where ${String(from)} can import it` };
  }
  const packageDir = dirname(packageJson);
  let bindingPath: string;
  try {
    const preGyp = createRequire(packageJson)('@mapbox/node-pre-gyp') as NodePreGyp;
    bindingPath = preGyp.find(packageJson);
  } catch (error) {
    return { package: pkg, built: false, packageDir, reason: `${pkg}: cannot locate its binding: ${oneLine(error)}` };
  }
  if (!existsSync(bindingPath)) {
    return {
      package: pkg,
      built: false,
      packageDir,
      bindingPath,
      reason: `${pkg} is installed but its native binding is not built (no ${bindingPath})`,
    };
  }
  return { package: pkg, built: true, packageDir, bindingPath, reason: `${pkg}'s binding is built: ${bindingPath}` };
}
