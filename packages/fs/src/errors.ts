/** Why a file operation failed, in words (`ENOSPC` → "no space left on the device"); the message for other codes. */
export function describeErrno(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'a folder is in the way',
    EEXIST: 'a file with that name exists',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    ENOENT: 'no such file or folder',
    EIO: 'input/output error',
  };
  return (e?.code && reasons[e.code]) ?? e?.message ?? String(error);
}

/** A file operation that failed, for people: `<path>: cannot <action> (<reason>)`. `code` is the errno code, if any. */
export class FsError extends Error {
  override readonly name: string = 'FsError';
  /** The file or folder at fault. */
  readonly path: string;
  /** The system error code (`ENOSPC`, …), when a system call failed. */
  readonly code: string | undefined;

  constructor(path: string, message: string, options: { cause?: unknown; code?: string } = {}) {
    super(`${path}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.path = path;
    this.code = options.code ?? (options.cause as NodeJS.ErrnoException | undefined)?.code;
  }

  /** `path: cannot <action> (<reason>)` from a failed system call. */
  static from(path: string, action: string, cause: unknown): FsError {
    if (cause instanceof FsError) return cause;
    return new FsError(path, `cannot ${action} (${describeErrno(cause)})`, { cause });
  }
}
