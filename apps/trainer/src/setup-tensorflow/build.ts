import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CliError } from '../errors.js';
import { findExecutable, lastErrorLine, runCommand } from './run-command.js';

/** What building the binding takes: node-gyp (npm ships one), Node's headers when installed, a C++ compiler, make, Python. */
export interface Toolchain {
  /** node-gyp's `bin/node-gyp.js`, handed to node-pre-gyp as `npm_config_node_gyp`. */
  nodeGyp: string;
  /** The prefix whose `include/node/` holds this Node's headers, so node-gyp downloads none; undefined if absent. */
  nodedir?: string;
  cxx: string;
  make: string;
}

const APT = 'Debian/Ubuntu: apt-get install';

/** npm's own node-gyp next to this Node (`<prefix>/lib/node_modules/npm/node_modules/node-gyp`), then Debian's, then PATH. */
export function nodeGypCandidates(execPath: string, env: NodeJS.ProcessEnv): string[] {
  const prefix = dirname(dirname(execPath));
  const candidates = [
    join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    '/usr/share/nodejs/node-gyp/bin/node-gyp.js',
  ];
  if (env.npm_config_node_gyp) candidates.unshift(env.npm_config_node_gyp);
  return candidates;
}

/** Finds the tools the build needs; throws a one-line CliError naming the first one missing and how to get it. */
export function findToolchain(env: NodeJS.ProcessEnv = process.env, execPath: string = process.execPath): Toolchain {
  const nodeGyp = nodeGypCandidates(execPath, env).find((path) => existsSync(path)) ?? findExecutable('node-gyp', env);
  if (nodeGyp === undefined) {
    throw new CliError(
      `no node-gyp: npm ships one and none was found; install npm (${APT} npm) or: npm install -g node-gyp`,
    );
  }
  const cxx = [env.CXX, 'g++', 'c++', 'clang++']
    .filter((name): name is string => name !== undefined && name !== '')
    .map((name) => findExecutable(name.split(' ')[0] ?? name, env))
    .find((path) => path !== undefined);
  if (cxx === undefined) {
    throw new CliError(
      `no C++ compiler: building the binding needs g++ (or $CXX) and make; install them (${APT} g++ make)`,
    );
  }
  const make = findExecutable('make', env);
  if (make === undefined) throw new CliError(`no make: building the binding needs it; install it (${APT} make)`);
  if (findExecutable('python3', env) === undefined && env.PYTHON === undefined) {
    throw new CliError(`no Python 3: node-gyp needs it to build the binding; install it (${APT} python3)`);
  }
  const prefix = dirname(dirname(execPath));
  const toolchain: Toolchain = { nodeGyp, cxx, make };
  if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) toolchain.nodedir = prefix;
  return toolchain;
}

/** node-pre-gyp as the package itself depends on it (its own copy, however the package manager laid it out). */
export function nodePreGypOf(packageDir: string): string {
  const manifest = createRequire(join(packageDir, 'package.json')).resolve('@mapbox/node-pre-gyp/package.json');
  return join(dirname(manifest), 'bin', 'node-pre-gyp');
}

/**
 * Builds the package's binding from source (`node-pre-gyp install --build-from-source`, the package's own build
 * script) against its `deps/`. The old binding is deleted first, so a failed build never leaves one linked to other
 * libraries. Output goes to `logFile` (and stderr with `echo`); a failure is one CliError line naming the log.
 */
export async function buildBinding(
  packageDir: string,
  bindingPath: string,
  toolchain: Toolchain,
  logFile: string,
  echo: boolean,
): Promise<void> {
  await rm(bindingPath, { force: true });
  await mkdir(dirname(logFile), { recursive: true });
  await writeFile(logFile, `# node-pre-gyp install --build-from-source in ${packageDir}\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_node_gyp: toolchain.nodeGyp, CXX: toolchain.cxx };
  if (toolchain.nodedir !== undefined) env.npm_config_nodedir = toolchain.nodedir;
  const result = await runCommand(process.execPath, [nodePreGypOf(packageDir), 'install', '--build-from-source'], {
    cwd: packageDir,
    env,
    logFile,
    echo,
  });
  if (result.error !== undefined || result.code !== 0 || !existsSync(bindingPath)) {
    const why = result.error?.message ?? lastErrorLine(`${result.stdout}\n${result.stderr}`);
    throw new CliError(`building the binding of ${packageDir} failed: ${why} (full log: ${logFile})`);
  }
}
