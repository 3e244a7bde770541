import type * as fsp from 'node:fs/promises';

/**
 * Fault injection for `node:fs/promises` (installed with `vi.mock` in a test file): counts every call that changes
 * the disk, logs them, and from the `crashAfter`-th on throws, as if the process had died there (nothing after it
 * happens, not even clean-up).
 */
export const faults = {
  /** Calls so far (mutations only). */
  calls: 0,
  /** Throw from this many mutations on; Infinity: never. */
  crashAfter: Number.POSITIVE_INFINITY,
  /** Throw an error with this code at exactly this call (once), then carry on; 0: never. */
  failAt: 0,
  failCode: 'EIO',
  /** `op path` of each mutation, in order. */
  log: [] as string[],
  reset(): void {
    this.calls = 0;
    this.crashAfter = Number.POSITIVE_INFINITY;
    this.failAt = 0;
    this.log = [];
  },
};

/** Raised for an injected crash. */
export class InjectedCrash extends Error {
  override readonly name = 'InjectedCrash';
}

function step(op: string, path: unknown): void {
  faults.calls += 1;
  if (faults.calls > faults.crashAfter) throw new InjectedCrash(`crash before ${op} ${String(path)}`);
  if (faults.calls === faults.failAt) {
    throw Object.assign(new Error(`${faults.failCode}: injected, ${op} ${String(path)}`), { code: faults.failCode });
  }
  faults.log.push(`${op} ${String(path)}`);
}

const MUTATIONS = ['rename', 'rm', 'unlink', 'mkdir', 'link', 'writeFile', 'symlink'] as const;

/** The mocked module: `original` with its mutating functions (and file handles' writes and syncs) counted. */
export function faultyFs(original: typeof fsp): typeof fsp {
  const wrapped: Record<string, unknown> = { ...original };
  for (const name of MUTATIONS) {
    const fn = original[name] as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = async (...args: unknown[]) => {
      step(name, args[0]);
      return fn(...args);
    };
  }
  wrapped.open = async (path: unknown, flags?: unknown, mode?: unknown) => {
    const writing = typeof flags === 'string' && /[wax+]/.test(flags);
    if (writing) step(`open:${flags}`, path);
    const handle = await original.open(path as string, flags as string, mode as number);
    if (!writing && flags !== 'r') return handle;
    return new Proxy(handle, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop === 'sync' || prop === 'writeFile' || prop === 'write') {
          return async (...args: unknown[]) => {
            step(String(prop), path);
            return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
  return wrapped as unknown as typeof fsp;
}
