/**
 * Whether a process with this id runs on this machine (signal 0 checks without sending anything). A process of
 * another user counts as running. A recycled id makes a dead process look alive; the callers err on that side.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
