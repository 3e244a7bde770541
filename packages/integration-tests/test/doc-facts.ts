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
  /** The workspace's bins (package.json `bin`): name → script, relative to the root. */
  bins: Map<string, string>;
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

export type Program = 'trainer' | 'other';

export interface Context {
  file: string;
  facts: RepoFacts;
  /** The workspace package whose folder holds the doc, if any. */
  ownPackage: string | undefined;
  problems: Problem[];
  /** Flags the doc shows on another program's command line: prose may name them as that program's. */
  otherFlags: Set<string>;
}

/** Records a problem of the document being checked. */
export function report(ctx: Context, line: number, message: string): void {
  ctx.problems.push({ file: ctx.file, line, message });
}
