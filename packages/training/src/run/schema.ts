/**
 * A small checker for JSON records: each check takes a value and the field's path (`settings.batchSize`) and
 * returns the typed value, or throws {@link FieldIssue} saying what was expected and what was found there.
 */

/** A field of a record that is not what its format says. */
export class FieldIssue extends Error {
  override readonly name = 'FieldIssue';
  constructor(
    readonly field: string,
    readonly expected: string,
    readonly found: unknown,
  ) {
    super(`${field}: expected ${expected}, found ${describeFound(found)}`);
  }
}

/** A value as an error message shows it: JSON, cut short; `nothing` for a missing field. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Checks one field; `field` is its path, for the error. */
export type Check<T> = (value: unknown, field: string) => T;
/** The type a {@link Check} returns. */
export type Checked<C> = C extends Check<infer T> ? T : never;

const fail = (field: string, expected: string, found: unknown): never => {
  throw new FieldIssue(field, expected, found);
};

/** A whole number of at least `min`. */
export const int =
  (min: number): Check<number> =>
  (v, f) =>
    Number.isSafeInteger(v) && (v as number) >= min ? (v as number) : fail(f, `a whole number >= ${min}`, v);

/** A finite number passing `ok` (default: any), described as `expected`. */
export const num =
  (ok: (x: number) => boolean = () => true, expected = 'a number'): Check<number> =>
  (v, f) =>
    typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : fail(f, expected, v);

/** A number >= 0 (a loss, a duration). */
export const nonNegative = num((x) => x >= 0, 'a number >= 0');
/** A fraction in [0, 1] (an accuracy). */
export const fraction = num((x) => x >= 0 && x <= 1, 'a fraction in [0, 1]');

/** Any string. */
export const str: Check<string> = (v, f) => (typeof v === 'string' ? v : fail(f, 'a string', v));
/** A string that is not empty. */
export const text: Check<string> = (v, f) => (typeof v === 'string' && v !== '' ? v : fail(f, 'a non-empty string', v));
/** true or false. */
export const bool: Check<boolean> = (v, f) => (typeof v === 'boolean' ? v : fail(f, 'true or false', v));

/** One of `values`. */
export const oneOf =
  <const V extends readonly (string | number)[]>(values: V): Check<V[number]> =>
  (v, f) =>
    values.includes(v as V[number]) ? (v as V[number]) : fail(f, values.map((x) => JSON.stringify(x)).join(' | '), v);

/** null, or what `check` accepts. */
export const nullable =
  <T>(check: Check<T>): Check<T | null> =>
  (v, f) =>
    v === null ? null : check(v, f);

/** `fallback` when the field is missing (records written before it existed), else what `check` accepts. */
export const withDefault =
  <T>(check: Check<T>, fallback: T): Check<T> =>
  (v, f) =>
    v === undefined ? fallback : check(v, f);

/** A check of an optional field (see {@link optional}). */
export type OptionalCheck<T> = Check<T | undefined> & { readonly optional: true };

/** An optional field: missing stays missing (and the field is optional in the checked type). */
export const optional = <T>(check: Check<T>): OptionalCheck<T> =>
  Object.assign((v: unknown, f: string) => (v === undefined ? undefined : check(v, f)), { optional: true as const });

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type OptionalKeys<S> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];
/** The type {@link object} returns for a shape: optional checks make optional fields. */
export type ObjectOf<S extends Record<string, Check<unknown>>> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Checked<S[K]> } & {
    [K in OptionalKeys<S>]?: Exclude<Checked<S[K]>, undefined>;
  }
>;

/** An array whose every element `check` accepts. */
export const arrayOf =
  <T>(check: Check<T>): Check<T[]> =>
  (v, f) =>
    Array.isArray(v) ? v.map((x, i) => check(x, `${f}[${i}]`)) : fail(f, 'an array', v);

/** An object with these fields (checked in order); fields it does not name are kept as they are. */
export const object =
  <S extends Record<string, Check<unknown>>>(shape: S): Check<ObjectOf<S>> =>
  (v, f) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(f, 'an object', v);
    const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    for (const [key, check] of Object.entries(shape)) {
      const value = check((v as Record<string, unknown>)[key], f === '' ? key : `${f}.${key}`);
      if (value === undefined) delete out[key];
      else out[key] = value;
    }
    return out as ObjectOf<S>;
  };
