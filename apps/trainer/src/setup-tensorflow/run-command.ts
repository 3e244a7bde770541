import { spawn } from 'node:child_process';
import { accessSync, constants, createWriteStream, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** How a finished command went. `error` is set when it could not start at all (ENOENT: not installed). */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  error?: NodeJS.ErrnoException;
}

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Also appends stdout and stderr to this file (a build log). */
  logFile?: string;
  /** Also copies the output to this process's stderr as it comes (`--verbose`). */
  echo?: boolean;
  timeoutMs?: number;
}

/** Runs `command args…` without a shell and collects its output; never rejects. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const log = options.logFile === undefined ? undefined : createWriteStream(options.logFile, { flags: 'a' });
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      log?.write(chunk);
      if (options.echo) process.stderr.write(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      log?.write(chunk);
      if (options.echo) process.stderr.write(chunk);
    });
    let failed: NodeJS.ErrnoException | undefined;
    child.on('error', (error) => {
      failed = error;
    });
    child.on('close', (code) => {
      const done = () =>
        resolve(failed === undefined ? { code, stdout, stderr } : { code, stdout, stderr, error: failed });
      if (log === undefined) done();
      else log.end(done);
    });
  });
}

/** The full path of an executable on PATH (or `name` itself when it is a path to one); undefined if none. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = /[/\\]/.test(name) ? [name] : (env.PATH ?? '').split(delimiter).map((dir) => join(dir, name));
  for (const path of candidates) {
    try {
      if (!statSync(path).isFile()) continue;
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The last line of a command's output that reads like an error (`ERROR: …`, `error: …`), else its last line. */
export function lastErrorLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const errors = lines.filter(
    (line) => /\berror\b/i.test(line) && !/^gyp ERR! (stack|cwd|node|not ok|System)/.test(line),
  );
  return errors.at(-1) ?? lines.at(-1) ?? '(no output)';
}
