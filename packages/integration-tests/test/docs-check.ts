import path from 'node:path';

/** A workspace package: its folder (relative to the root), scripts and export subpaths ('.', './node', …). */
export interface PackageFacts {
  dir: string;
  scripts: Record<string, string>;
  exports: string[];
}

/** What the docs may name: the workspace's packages, scripts and tasks, the npm packages it knows, the trainer's flags. */
export interface RepoFacts {
  /** Workspace packages by name. */
  packages: Map<string, PackageFacts>;
  rootScripts: Record<string, string>;
  /** npm packages the lockfile resolves, with the versions it resolves them to. */
  lockfile: Map<string, Set<string>>;
  /** turbo task names (root and package turbo.json files). */
  turboTasks: Set<string>;
  /** Every `--flag` of `mnistkit-train --help`. */
  trainerFlags: Set<string>;
}

/** A doc naming something that does not exist. */
export interface Problem {
  file: string;
  line: number;
  message: string;
}

/**
 * Names that look like a workspace package but are not one, each with its reason. The only entry: `@mnistkit/source`
 * is the custom export condition that points tests at `src/` (package.json `exports`, tsconfig `customConditions`).
 */
export const NOT_PACKAGES: ReadonlyMap<string, string> = new Map([
  ['@mnistkit/source', 'the export condition that resolves workspace packages to their TypeScript sources'],
]);

/**
 * Flags a doc names that the trainer does not have, on purpose, by `file flag`, each with its reason.
 */
export const EXAMPLE_FLAGS: ReadonlyMap<string, string> = new Map([
  [
    'apps/trainer/README.md --no-save',
    'a made-up flag in "Adding a flag", showing how a flag name becomes args.noSave',
  ],
]);

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
/** pnpm options that take a value. */
const PNPM_VALUE_OPTIONS = new Set(['--filter', '-F', '--dir', '-C', '--workspace-root']);

type Program = 'trainer' | 'other';

interface Context {
  file: string;
  facts: RepoFacts;
  /** The workspace package whose folder holds the doc, if any. */
  ownPackage: string | undefined;
  problems: Problem[];
}

const MNISTKIT_NAME = /@mnistkit\/([a-z0-9][a-z0-9-]*)((?:\/(?:[A-Za-z0-9._-]+|<[^>\s/]+>))*)/g;
const FLAG = /(?:^|[\s[(])(--[a-zA-Z][\w-]*)/g;

/** Whether subpath `sub` (e.g. './data/<file>') is one of `exports` (which may hold `*` patterns). */
function exportsSubpath(exports: string[], sub: string): boolean {
  const concrete = sub.replace(/<[^>]+>/g, 'x');
  return exports.some((e) => {
    if (!e.includes('*')) return e === concrete;
    const [head, tail] = e.split('*') as [string, string];
    return concrete.startsWith(head) && concrete.endsWith(tail) && concrete.length > head.length + tail.length;
  });
}

function checkMnistkitNames(ctx: Context, text: string, line: number): void {
  for (const match of text.matchAll(MNISTKIT_NAME)) {
    const name = `@mnistkit/${match[1]}`;
    if (NOT_PACKAGES.has(name)) continue;
    const pkg = ctx.facts.packages.get(name);
    if (pkg === undefined) {
      report(ctx, line, `${name} is not a package of this workspace`);
      continue;
    }
    const sub = match[2] ?? '';
    if (sub !== '' && !exportsSubpath(pkg.exports, `.${sub}`)) {
      report(
        ctx,
        line,
        `${name}${sub}: ${name} exports no '.${sub}' (it exports ${pkg.exports.join(', ') || 'nothing'})`,
      );
    }
  }
}

function report(ctx: Context, line: number, message: string): void {
  ctx.problems.push({ file: ctx.file, line, message });
}

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

function checkTrainerFlags(ctx: Context, tokens: string[], line: number): void {
  for (const token of tokens) {
    for (const match of token.matchAll(FLAG)) {
      const flag = (match[1] as string).split('=')[0] as string;
      if (!ctx.facts.trainerFlags.has(flag) && !EXAMPLE_FLAGS.has(`${ctx.file} ${flag}`)) {
        report(
          ctx,
          line,
          `${flag} is not a flag of mnistkit-train (its --help lists ${[...ctx.facts.trainerFlags].join(' ')})`,
        );
      }
    }
  }
}

function runsTrainer(script: string | undefined): boolean {
  return script !== undefined && /(^|[\s/])(apps\/trainer\/)?dist\/cli\.js\b|mnistkit-train\b/.test(script);
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
  let scripts: Record<string, string>;
  let where: string;
  if (target !== undefined) {
    const pkg = ctx.facts.packages.get(target);
    // A path or glob filter: which packages it selects is not known here.
    if (pkg === undefined) return 'other';
    scripts = pkg.scripts;
    where = target;
  } else {
    const own = ctx.ownPackage === undefined ? {} : (ctx.facts.packages.get(ctx.ownPackage)?.scripts ?? {});
    scripts = { ...own, ...ctx.facts.rootScripts };
    where = ctx.ownPackage === undefined ? 'the root package.json' : `the root or ${ctx.ownPackage}`;
  }
  if (!(command in scripts)) {
    report(ctx, line, `pnpm ${command}: no script '${command}' in ${where} (has: ${Object.keys(scripts).join(', ')})`);
    return 'other';
  }
  if (runsTrainer(scripts[command])) {
    checkTrainerFlags(ctx, args, line);
    return 'trainer';
  }
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
  if (program === 'npx') {
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
    default:
      // Other tools (node, tsc, vitest, tensorboard, python3, apt-get …) and their own flags are not checked.
      return /^[\w./-]+$/.test(program) && !program.endsWith(':') ? 'other' : undefined;
  }
}

/** Checks a command line (`a && b; c | d`); returns the program of its last command. */
function checkCommandLine(ctx: Context, text: string, line: number): Program | undefined {
  let last: Program | undefined;
  // A shell comment may hold anything, separators included.
  for (const part of text.replace(/(^|\s)#.*$/, '').split(/&&|\|\||;|\s\|\s/)) {
    last = checkCommand(ctx, part, line) ?? last;
  }
  return last;
}

/** Whether an inline code span looks like a command: it starts with a known command word. */
function isCommand(text: string): boolean {
  return /^(\$ )?(npx|pnpm|npm|yarn|turbo|node|mnistkit-train|cd|\/usr\/bin\/time|time)\s/.test(text.trim());
}

function headingProgram(heading: string): Program | undefined {
  return /mnistkit-train|apps\/trainer|\btrainer\b/i.test(heading) ? 'trainer' : undefined;
}

/**
 * Checks one Markdown document (`file` relative to the repository root). Names checked: `@mnistkit/*` packages and
 * their subpaths (anywhere), packages in install commands, `pnpm <script>` / `pnpm --filter <pkg> <script>`,
 * `turbo run <task>`, and `--flags` of mnistkit-train: on trainer command lines, and in inline code made of flags
 * when the paragraph's last command, the section heading or the document is about the trainer.
 */
export function checkDoc(file: string, text: string, facts: RepoFacts): Problem[] {
  const ownPackage = [...facts.packages].find(([, p]) => p.dir !== '' && file.startsWith(`${p.dir}/`))?.[0];
  const ctx: Context = { file, facts, ownPackage, problems: [] };
  const docProgram: Program | undefined = file === 'apps/trainer/README.md' ? 'trainer' : undefined;
  let sectionProgram: Program | undefined;
  let fence: string | undefined;
  let paragraphProgram: Program | undefined;
  const lines = text.split('\n');
  // A paragraph as one string (inline code may span lines), with the line where each character came from.
  let paragraph = '';
  let paragraphLines: number[] = [];

  const flushParagraph = () => {
    for (const match of paragraph.matchAll(/`([^`]+)`/g)) {
      const span = (match[1] as string).replace(/\\\|/g, '|');
      const line = paragraphLines[match.index ?? 0] ?? 0;
      if (isCommand(span)) {
        paragraphProgram = checkCommandLine(ctx, span, line) ?? paragraphProgram;
      } else if (/^--[a-zA-Z]/.test(span) && (paragraphProgram ?? sectionProgram ?? docProgram) === 'trainer') {
        checkTrainerFlags(ctx, [span], line);
      }
    }
    paragraph = '';
    paragraphLines = [];
    paragraphProgram = undefined;
  };

  lines.forEach((raw, index) => {
    const line = index + 1;
    checkMnistkitNames(ctx, raw, line);
    const fenceMark = /^\s*(```|~~~)/.exec(raw)?.[1];
    if (fence !== undefined) {
      if (fenceMark === fence) fence = undefined;
      else checkCommandLine(ctx, raw, line);
      return;
    }
    if (fenceMark !== undefined) {
      flushParagraph();
      fence = fenceMark;
      return;
    }
    if (/^#{1,6}\s/.test(raw)) {
      flushParagraph();
      sectionProgram = headingProgram(raw);
      return;
    }
    // Blank lines, list items and table rows start a new paragraph.
    if (raw.trim() === '' || /^\s*([-*+]|\d+\.)\s|^\s*\|/.test(raw)) flushParagraph();
    const start = paragraph.length;
    paragraph += `${raw} `;
    for (let i = start; i < paragraph.length; i++) paragraphLines.push(line);
  });
  flushParagraph();
  return ctx.problems;
}
