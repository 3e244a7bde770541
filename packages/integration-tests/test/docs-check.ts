import { checkCommandLine, checkTrainerFlags, isCommand } from './doc-commands.js';
import { type Context, NOT_PACKAGES, type Problem, type Program, type RepoFacts, report } from './doc-facts.js';

export type { PackageFacts, Problem, RepoFacts } from './doc-facts.js';

const MNISTKIT_NAME = /@mnistkit\/([a-z0-9][a-z0-9-]*)((?:\/(?:[A-Za-z0-9._-]+|<[^>\s/]+>))*)/g;

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

function headingProgram(heading: string): Program | undefined {
  return /mnistkit-train|apps\/trainer|\btrainer\b/i.test(heading) ? 'trainer' : undefined;
}

/** What a Markdown document holds, for the checks: code lines, inline code, headings, paragraph ends. */
type MarkdownEvent =
  | { kind: 'fence-line'; text: string; line: number }
  | { kind: 'span'; text: string; line: number }
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph-end' };

function markdownEvents(text: string): MarkdownEvent[] {
  const events: MarkdownEvent[] = [];
  let fence: string | undefined;
  // A paragraph as one string (inline code may span lines), with the line where each character came from.
  let paragraph = '';
  let paragraphLines: number[] = [];
  const flush = () => {
    for (const match of paragraph.matchAll(/`([^`]+)`/g)) {
      const span = (match[1] as string).replace(/\\\|/g, '|');
      events.push({ kind: 'span', text: span, line: paragraphLines[match.index ?? 0] ?? 0 });
    }
    if (paragraph !== '') events.push({ kind: 'paragraph-end' });
    paragraph = '';
    paragraphLines = [];
  };
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const fenceMark = /^\s*(```|~~~)/.exec(raw)?.[1];
    if (fence !== undefined) {
      if (fenceMark === fence) fence = undefined;
      else events.push({ kind: 'fence-line', text: raw, line });
      return;
    }
    if (fenceMark !== undefined || /^#{1,6}\s/.test(raw)) {
      flush();
      if (fenceMark !== undefined) fence = fenceMark;
      else events.push({ kind: 'heading', text: raw });
      return;
    }
    // Blank lines, list items and table rows start a new paragraph.
    if (raw.trim() === '' || /^\s*([-*+]|\d+\.)\s|^\s*\|/.test(raw)) flush();
    const begin = paragraph.length;
    paragraph += `${raw} `;
    for (let i = begin; i < paragraph.length; i++) paragraphLines.push(line);
  });
  flush();
  return events;
}

/**
 * Checks one Markdown document (`file` relative to the repository root). Names checked: `@mnistkit/*` packages and
 * their subpaths (anywhere), packages in install commands, `pnpm <script>` / `pnpm --filter <pkg> <script>`,
 * `turbo run <task>`, and `--flags` of mnistkit-train: on trainer command lines, and in inline code made of flags
 * when the last command before it (in its paragraph, else in its section), else the section heading, else the
 * document is about the trainer. Flags the document shows on another program's command line are that program's.
 */
export function checkDoc(file: string, text: string, facts: RepoFacts): Problem[] {
  const ownPackage = [...facts.packages].find(([, p]) => p.dir !== '' && file.startsWith(`${p.dir}/`))?.[0];
  const ctx: Context = { file, facts, ownPackage, problems: [], otherFlags: new Set() };
  text.split('\n').forEach((raw, index) => {
    checkMnistkitNames(ctx, raw, index + 1);
  });
  const events = markdownEvents(text);
  // First, every other program's flags shown anywhere in the document (its problems are reported below).
  const scratch: Context = { ...ctx, problems: [] };
  for (const event of events) {
    if (event.kind === 'fence-line' || (event.kind === 'span' && isCommand(ctx, event.text))) {
      checkCommandLine(scratch, event.text, event.line);
    }
  }
  const docProgram: Program | undefined = file === 'apps/trainer/README.md' ? 'trainer' : undefined;
  let sectionProgram: Program | undefined;
  let paragraphProgram: Program | undefined;
  for (const event of events) {
    switch (event.kind) {
      case 'heading':
        sectionProgram = headingProgram(event.text);
        break;
      case 'paragraph-end':
        paragraphProgram = undefined;
        break;
      case 'fence-line':
        sectionProgram = checkCommandLine(ctx, event.text, event.line) ?? sectionProgram;
        break;
      case 'span':
        if (isCommand(ctx, event.text)) {
          paragraphProgram = checkCommandLine(ctx, event.text, event.line) ?? paragraphProgram;
          sectionProgram = paragraphProgram ?? sectionProgram;
        } else if (/^--[a-zA-Z]/.test(event.text) && (paragraphProgram ?? sectionProgram ?? docProgram) === 'trainer') {
          checkTrainerFlags(ctx, [event.text], event.line, ctx.otherFlags);
        }
        break;
    }
  }
  return ctx.problems;
}
