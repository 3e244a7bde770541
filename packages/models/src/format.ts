/**
 * Numbers as mnistkit prints them (the trainer's lines, the model summary, the viewer), independent of the host's
 * locale: one place, built on `Intl.NumberFormat`.
 */

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const PERCENT = new Map<number, Intl.NumberFormat>();

/** A count with thousands separators, rounded to a whole number: 421642 → `421,642`. */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** A fraction in [0, 1] as a percentage with `digits` decimals (default 2, as the tutorial prints): 0.927 → `92.70%`. */
export function formatPercent(fraction: number, digits = 2): string {
  let format = PERCENT.get(digits);
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', {
      style: 'percent',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    PERCENT.set(digits, format);
  }
  return format.format(fraction);
}
