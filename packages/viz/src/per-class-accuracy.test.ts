import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { perClassAccuracySpec } from './per-class-accuracy.js';
import { renderSvg } from './render.js';
import { parseSvg } from './test-utils/svg.js';

describe('perClassAccuracySpec', () => {
  it('compiles and renders one bar per class, labelled with its percentage', async () => {
    const values = [0.99, 0.995, 0.98, 0.97, 0.985, 0.975, 0.99, 0.96, 0.95, 0.9];
    const spec = perClassAccuracySpec(values);
    expect(() => compile(spec)).not.toThrow();
    const { texts, elements } = parseSvg(await renderSvg(spec));
    expect(elements.filter((e) => e.attrs['aria-roledescription'] === 'bar')).toHaveLength(10);
    for (const t of ['Accuracy per class', 'Class', 'Accuracy (%)', '99.5%', '90.0%', '0', '9'])
      expect(texts).toContain(t);
  });

  it('shows "n/a" and no bar for a class without samples', async () => {
    const spec = perClassAccuracySpec([0.5, null, Number.NaN], ['a', 'b', 'c']);
    const { texts, elements } = parseSvg(await renderSvg(spec));
    expect(texts.filter((t) => t === 'n/a')).toHaveLength(2);
    expect(texts).toContain('50.0%');
    expect(elements.filter((e) => e.attrs['aria-roledescription'] === 'bar')).toHaveLength(1);
  });

  it('rejects empty input, out-of-range values and mismatched class names', () => {
    expect(() => perClassAccuracySpec([])).toThrow(/values: expected a non-empty array/);
    expect(() => perClassAccuracySpec([0.5, 99])).toThrow(/values\[1\]: expected a fraction between 0 and 1, found 99/);
    expect(() => perClassAccuracySpec([0.5, 0.6], ['only one'])).toThrow(/classNames: expected 2 class names, found 1/);
    expect(() => perClassAccuracySpec([0.5, 0.6], ['x', 'x'])).toThrow(/classNames: expected distinct class names/);
  });
});
