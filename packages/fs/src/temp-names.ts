import { randomBytes } from 'node:crypto';

/**
 * What a temporary entry is for. `tmp`: being written (incomplete; removed on recovery). `old`: the previous copy
 * of an entry while a new one is swapped in (restored on recovery when the entry is missing, removed otherwise).
 * `del`: being deleted (removed). `journal`: the record of a {@link WriteBatch} in progress (rolled back).
 */
export type TempKind = 'tmp' | 'old' | 'del' | 'journal';

const TEMP_NAME = /^\.(.+)\.(tmp|old|del|journal)-(\d+)-([0-9a-f]{8})$/;

/**
 * A temporary name next to `base` in the same folder (so a rename is atomic): `.<base>.<kind>-<pid>-<8 hex>`.
 * Hidden, recognisable by {@link parseTempName} after a crash, and naming the process that made it.
 */
export function tempName(base: string, kind: TempKind): string {
  return `.${base}.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** What a {@link tempName} says: the entry it belongs to, its kind and the process that made it; null for others. */
export function parseTempName(name: string): { base: string; kind: TempKind; pid: number } | null {
  const m = TEMP_NAME.exec(name);
  if (!m) return null;
  return { base: m[1] as string, kind: m[2] as TempKind, pid: Number(m[3]) };
}
