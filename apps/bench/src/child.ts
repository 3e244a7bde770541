import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** What a finished child process left: its exit code, output, and the peak resident memory the kernel recorded. */
export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** VmHWM of the process (Linux), in bytes: its peak resident set, worker threads included; null elsewhere. */
  peakRss: number | null;
  seconds: number;
}

/** The peak resident set of a running process from /proc (Linux), or null. */
function readPeakRss(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Runs `command args` to its end and resolves to its output. `onLine` sees each stdout line as it comes (progress);
 * the peak RSS is polled every 100 ms (the high-water mark only grows, so the last reading before exit stands).
 */
export function runChild(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; onLine?: (line: string) => void; cwd?: string } = {},
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    let peakRss: number | null = null;
    const poll = setInterval(() => {
      if (child.pid !== undefined) peakRss = readPeakRss(child.pid) ?? peakRss;
    }, 100);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onLine?.(line);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (error) => {
      clearInterval(poll);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(poll);
      if (pending !== '') options.onLine?.(pending);
      resolve({ code, stdout, stderr, peakRss, seconds: (performance.now() - start) / 1000 });
    });
  });
}

/** The last `n` lines of a process's output, for an error message. */
export function tail(text: string, n = 8): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}
