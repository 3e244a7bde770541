import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { confusionMatrixSpec } from './confusion-matrix.js';
import { renderSvg } from './render.js';
import { parseSvg } from './test-utils/svg.js';

function matrix10(): number[][] {
  return Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 1000 + t : t * 10 + p)));
}

describe('confusionMatrixSpec', () => {
  it('compiles and renders one cell per pair with its count written in it', async () => {
    const m = matrix10();
    const spec = confusionMatrixSpec(m);
    expect(() => compile(spec)).not.toThrow();
    const { texts, elements } = parseSvg(await renderSvg(spec));
    const cells = elements.filter((e) => e.name === 'path' && e.attrs['aria-roledescription'] === 'rect mark');
    expect(cells).toHaveLength(100);
    const counts = elements
      .filter((e) => e.name === 'text' && e.attrs['aria-roledescription'] === 'text mark')
      .map((e) => e.text);
    expect(counts).toHaveLength(100);
    expect(counts).toContain('1009');
    expect(counts).toContain('98'); // true 9, predicted 8
    for (const t of ['Confusion matrix', 'Predicted label', 'True label', 'Count']) expect(texts).toContain(t);
  });

  it('writes counts in white on dark cells and dark text on light ones', async () => {
    const { elements } = parseSvg(await renderSvg(confusionMatrixSpec(matrix10())));
    const fillOf = (text: string) =>
      elements.find((e) => e.name === 'text' && e.attrs['aria-roledescription'] === 'text mark' && e.text === text)
        ?.attrs.fill;
    expect(fillOf('1000')).toBe('white');
    expect(fillOf('12')).not.toBe('white');
  });

  it('labels the axes with class names in class order', async () => {
    const names = ['cat', 'dog', 'bird'];
    const { texts } = parseSvg(
      await renderSvg(
        confusionMatrixSpec(
          [
            [5, 1, 0],
            [0, 6, 2],
            [1, 0, 7],
          ],
          names,
        ),
      ),
    );
    const axisLabels = texts.filter((t) => names.includes(t));
    expect(axisLabels.slice(0, 3)).toEqual(names);
    expect(axisLabels).toHaveLength(6);
  });

  it('rejects non-square matrices, bad counts and wrong class names', () => {
    expect(() => confusionMatrixSpec([[1, 2], [3]])).toThrow(/matrix\[1\]: expected a square matrix: 2 rows.*found 1/);
    expect(() =>
      confusionMatrixSpec([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toThrow(/matrix\[0\]: expected a square matrix/);
    expect(() => confusionMatrixSpec([])).toThrow(/matrix: expected a non-empty square/);
    expect(() =>
      confusionMatrixSpec([
        [1, -2],
        [0, 1],
      ]),
    ).toThrow(/matrix\[0\]\[1\]: expected a count >= 0, found -2/);
    expect(() => confusionMatrixSpec(matrix10(), ['a', 'b'])).toThrow(/classNames: expected 10 class names, found 2/);
  });
});
