import path from 'node:path';
import { type Context, EXAMPLE_FLAGS, type Program, report } from './doc-facts.js';

/**
 * pnpm's own commands (pnpm 10 CLI), which are not package scripts. `test`, `start` and `run` are absent on purpose:
 * they run a script, which must exist.
 */
const PNPM_COMMANDS = new Set([
  'add',
  'install',
  'i',
  'update',
  'up',
  'remove',
  'rm',
  'uninstall',
  'link',
  'unlink',
  'import',
  'rebuild',
  'rb',
  'prune',
  'fetch',
  'dedupe',
  'patch',
  'patch-commit',
  'audit',
  'list',
  'ls',
  'outdated',
  'why',
  'licenses',
  'exec',
  'dlx',
  'create',
  'pack',
  'publish',
  'store',
  'root',
  'bin',
  'setup',
  'init',
  'config',
  'deploy',
  'env',
]);
/** pnpm commands whose arguments are package names. */
const PNPM_PACKAGE_ARGS = new Set([
  'add',
  'install',
  'i',
  'update',
  'up',
  'remove',
  'rm',
  'uninstall',
  'rebuild',
  'rb',
  'why',
]);
/** npm commands whose arguments are package names to install. */
const NPM_INSTALL = new Set(['install', 'i', 'in', 'add']);
/** Command-line tools docs show besides the workspace's own (npx-run tools count too). */
const OTHER_TOOLS = new Set([
  'apt',
  'apt-get',
  'curl',
  'docker',
  'git',
  'make',
  'pip',
  'pip3',
  'python',
  'python3',
  'sudo',
  'tensorboard',
  'tsc',
  'vitest',
  'wget',
]);
/** pnpm options that take a value. */
const PNPM_VALUE_OPTIONS = new Set(['--filter', '-F', '--dir', '-C', '--workspace-root']);

const FLAG = /(?:^|[\s[(])(--[a-zA-Z][\w-]*)/g;

/** `@scope/name@range` → [name, range]; undefined for paths, options and placeholders. */
function packageSpec(token: string): [string, string | undefined] | undefined {
  if (/^[-.~/]|\.tgz$|[<>$*]|:/.test(token)) return undefined;
  const at = token.indexOf('@', 1);
  return at < 0 ? [token, undefined] : [token.slice(0, at), token.slice(at + 1)];
}

function checkPackageArgs(ctx: Context, args: string[], line: number): void {
  for (const token of args) {
    const spec = packageSpec(token);
    if (spec === undefined) continue;
    const [name, range] = spec;
    if (ctx.facts.packages.has(name)) continue;
    const versions = ctx.facts.lockfile.get(name);
    if (versions === undefined) {
      report(
        ctx,
        line,
        `${name} (in '${args.join(' ')}') is neither a workspace package nor one the lockfile resolves`,
      );
    } else if (range !== undefined && /^\d+\.\d+\.\d+$/.test(range) && !versions.has(range)) {
      report(ctx, line, `${name}@${range}: the lockfile resolves ${name} to ${[...versions].join(', ')}, not ${range}`);
    }
  }
}

export function checkTrainerFlags(ctx: Context, tokens: string[], line: number, exempt = new Set<string>()): void {
  for (const token of tokens) {
    for (const match of token.matchAll(FLAG)) {
      const flag = (match[1] as string).split('=')[0] as string;
      if (!ctx.facts.trainerFlags.has(flag) && !exempt.has(flag) && !EXAMPLE_FLAGS.has(`${ctx.file} ${flag}`)) {
        report(
          ctx,
          line,
          `${flag} is not a flag of mnistkit-train (its --help lists ${[...ctx.facts.trainerFlags].join(' ')})`,
        );
      }
    }
  }
}

/** The trainer's CLI, relative to the repository root. */
const TRAINER_CLI = 'apps/trainer/dist/cli.js';

/** Whether a package script (of the package in `dir`, '' for the root) runs the trainer's CLI. */
function runsTrainer(script: string | undefined, dir: string): boolean {
  if (script === undefined) return false;
  if (/(^|\s)mnistkit-train(\s|$)/.test(script)) return true;
  return [...script.matchAll(/(?:^|\s)node\s+(?:-\S+\s+)*(\S+\.js)\b/g)].some(
    (m) => path.posix.normalize(path.posix.join(dir, m[1] as string)) === TRAINER_CLI,
  );
}

/** Checks `pnpm …` (tokens after pnpm); returns the program the command runs. */
function checkPnpm(ctx: Context, args: string[], line: number): Program {
  let filter: string | undefined;
  while (args.length > 0 && (args[0] as string).startsWith('-')) {
    const option = args.shift() as string;
    if (option.startsWith('--filter=')) filter = option.slice('--filter='.length);
    else if (PNPM_VALUE_OPTIONS.has(option)) {
      const value = args.shift();
      if (option === '--filter' || option === '-F') filter = value;
    }
  }
  let command = args.shift();
  if (command === undefined) return 'other';
  if (PNPM_COMMANDS.has(command)) {
    if (PNPM_PACKAGE_ARGS.has(command)) checkPackageArgs(ctx, args, line);
    return 'other';
  }
  if (command === 'run' || command === 'run-script') command = args.shift();
  if (command === undefined || command.startsWith('-')) return 'other';
  const target = filter?.replace(/\.\.\.$/, '').replace(/^\.\.\./, '');
  // Each script with the folder it runs in: the filtered package's, else the root's, else the doc's own package's.
  const scripts = new Map<string, { script: string; dir: string }>();
  let where: string;
  const add = (name: string | undefined) => {
    const pkg = name === undefined ? undefined : ctx.facts.packages.get(name);
    for (const [key, script] of Object.entries(pkg?.scripts ?? {})) {
      if (!scripts.has(key)) scripts.set(key, { script, dir: pkg?.dir ?? '' });
    }
  };
  if (target !== undefined) {
    // A path or glob filter: which packages it selects is not known here.
    if (!ctx.facts.packages.has(target)) return 'other';
    add(target);
    where = target;
  } else {
    for (const [key, script] of Object.entries(ctx.facts.rootScripts)) scripts.set(key, { script, dir: '' });
    add(ctx.ownPackage);
    where = ctx.ownPackage === undefined ? 'the root package.json' : `the root or ${ctx.ownPackage}`;
  }
  const found = scripts.get(command);
  if (found === undefined) {
    report(ctx, line, `pnpm ${command}: no script '${command}' in ${where} (has: ${[...scripts.keys()].join(', ')})`);
    return 'other';
  }
  if (runsTrainer(found.script, found.dir)) {
    checkTrainerFlags(ctx, args, line);
    return 'trainer';
  }
  for (const token of args) for (const m of token.matchAll(FLAG)) ctx.otherFlags.add(m[1] as string);
  return 'other';
}

/** Checks one shell command (no `&&`); returns the program it runs, or undefined when it is not a command. */
function checkCommand(ctx: Context, command: string, line: number): Program | undefined {
  // An ellipsis stands for "more arguments" in prose (`npx -y pnpm@10 …`).
  const tokens = command
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '' && t !== '…' && t !== '...');
  while (/^\w+=/.test(tokens[0] ?? '') || tokens[0] === '$' || tokens[0] === 'time' || tokens[0] === '/usr/bin/time') {
    tokens.shift();
    if (tokens[0] === '-v') tokens.shift();
  }
  let program = tokens.shift();
  const viaNpx = program === 'npx';
  if (viaNpx) {
    while ((tokens[0] ?? '').startsWith('-')) tokens.shift();
    program = tokens.shift()?.replace(/@[^@]*$/, '');
  }
  switch (program) {
    case 'pnpm':
      return checkPnpm(ctx, tokens, line);
    case 'npm': {
      const sub = tokens.shift();
      if (sub !== undefined && NPM_INSTALL.has(sub)) checkPackageArgs(ctx, tokens, line);
      return 'other';
    }
    case 'yarn':
      if (tokens.shift() === 'add') checkPackageArgs(ctx, tokens, line);
      return 'other';
    case 'turbo': {
      if (tokens.shift() !== 'run') return 'other';
      for (const task of tokens.filter((t) => !t.startsWith('-'))) {
        if (!ctx.facts.turboTasks.has(task)) report(ctx, line, `turbo run ${task}: no such task in turbo.json`);
      }
      return 'other';
    }
    case 'mnistkit-train':
      checkTrainerFlags(ctx, tokens, line);
      return 'trainer';
    case 'node': {
      const script = tokens.find((t) => !t.startsWith('-'));
      const resolved = script && path.posix.normalize(path.posix.join(path.posix.dirname(ctx.file), script));
      if (resolved === 'apps/trainer/dist/cli.js' || script === 'apps/trainer/dist/cli.js') {
        checkTrainerFlags(ctx, tokens.slice(tokens.indexOf(script as string) + 1), line);
        return 'trainer';
      }
      return 'other';
    }
    case undefined:
      return undefined;
    default: {
      const bin = ctx.facts.bins.get(program);
      if (bin === TRAINER_CLI) {
        checkTrainerFlags(ctx, tokens, line);
        return 'trainer';
      }
      // Another tool: its flags are its own and are not checked (prose may name them). Any other first word
      // (program output in a code block, a JavaScript line) is not a command and changes nothing.
      if (bin === undefined && !viaNpx && !OTHER_TOOLS.has(program)) return undefined;
      for (const token of tokens) for (const m of token.matchAll(FLAG)) ctx.otherFlags.add(m[1] as string);
      return 'other';
    }
  }
}

/** Checks a command line (`a && b; c | d`); returns the program of its last command. */
export function checkCommandLine(ctx: Context, text: string, line: number): Program | undefined {
  let last: Program | undefined;
  // A shell comment may hold anything, separators included.
  for (const part of text.replace(/(^|\s)#.*$/, '').split(/&&|\|\||;|\s\|\s/)) {
    last = checkCommand(ctx, part, line) ?? last;
  }
  return last;
}

/** Whether an inline code span looks like a command: it starts with a known command word or a workspace bin. */
export function isCommand(ctx: Context, text: string): boolean {
  const trimmed = text.trim();
  const first = /^(?:\$ )?(\S+)/.exec(trimmed)?.[1] ?? '';
  if (ctx.facts.bins.has(first)) return true;
  return /^(\$ )?(npx|pnpm|npm|yarn|turbo|node|mnistkit-train|cd|\/usr\/bin\/time|time)\s/.test(trimmed);
}
