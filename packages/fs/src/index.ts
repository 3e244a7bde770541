export { fsyncDirectory } from './durable.js';
export { describeErrno, FsError } from './errors.js';
export { type AcquireLockOptions, acquireLock, isStale, type Lock, LockError, type LockOwner } from './lock.js';
export { pathExists } from './path-exists.js';
export { isProcessAlive } from './process-alive.js';
export { type RecoveryReport, recoverLeftovers } from './recover.js';
export { parseTempName, type TempKind, tempName } from './temp-names.js';
export { type FileData, removeDirectory, replaceDirectory, WriteBatch } from './write-batch.js';
export { type WriteFileOptions, type WriteJsonOptions, writeFileAtomic, writeJsonAtomic } from './write-file.js';
