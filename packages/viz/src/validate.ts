import { VizError } from './errors.js';

/** Throws unless `value` is a finite number. */
export function requireFinite(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new VizError(field, `expected a finite number, found ${describe(value)}`);
  }
  return value;
}

/** Throws unless `value` is a fraction in [0, 1] (accuracies and confidences are fractions, not percentages). */
export function requireFraction(value: unknown, field: string): number {
  const n = requireFinite(value, field);
  if (n < 0 || n > 1) {
    const hint = n > 1 && n <= 100 ? ' (looks like a percentage: divide by 100)' : '';
    throw new VizError(field, `expected a fraction between 0 and 1, found ${n}${hint}`);
  }
  return n;
}

/** Throws unless `value` is an integer in [0, max). */
export function requireClassIndex(value: unknown, field: string, numClasses?: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new VizError(field, `expected a class index (integer >= 0), found ${describe(value)}`);
  }
  if (numClasses !== undefined && value >= numClasses) {
    throw new VizError(field, `expected a class index below ${numClasses} (the number of class names), found ${value}`);
  }
  return value;
}

/** Throws unless `names` is absent or an array of exactly `count` strings. */
export function checkClassNames(names: readonly string[] | undefined, count: number, field: string): void {
  if (names === undefined) return;
  if (!Array.isArray(names) || names.length !== count) {
    const found = Array.isArray(names) ? `${names.length} names` : describe(names);
    throw new VizError(field, `expected ${count} class names, found ${found}`);
  }
  names.forEach((name, i) => {
    if (typeof name !== 'string' || name === '') {
      throw new VizError(`${field}[${i}]`, `expected a non-empty string, found ${describe(name)}`);
    }
  });
  if (new Set(names).size !== names.length) {
    throw new VizError(field, 'expected distinct class names, found duplicates');
  }
}

/** Short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value;
}
