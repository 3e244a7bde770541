import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { VizError } from './errors.js';
import { renderSvg } from './render.js';
import { parseSvg } from './test-utils/svg.js';
import { type EpochFigures, trainingCurvesSpec } from './training-curves.js';

const history: EpochFigures[] = [
  { epoch: 1, trainLoss: 0.2415, trainAccuracy: 0.927, valLoss: 0.08, valAccuracy: 0.975 },
  { epoch: 2, trainLoss: 0.0712, trainAccuracy: 0.978, valLoss: 0.05, valAccuracy: 0.984 },
  { epoch: 3, trainLoss: 0.0502, trainAccuracy: 0.984, valLoss: 0.045, valAccuracy: 0.986 },
];

describe('trainingCurvesSpec', () => {
  it('compiles to a Vega spec with two side-by-side panels', () => {
    const spec = trainingCurvesSpec(history);
    expect(() => compile(spec)).not.toThrow();
    expect('hconcat' in spec && spec.hconcat.length).toBe(2);
  });

  it('renders both panels with titles, axis titles and a legend entry per split present', async () => {
    const { texts } = parseSvg(await renderSvg(trainingCurvesSpec(history)));
    for (const t of ['Training curves', 'Loss', 'Accuracy', 'Epoch', 'Accuracy (%)', 'Train', 'Validation']) {
      expect(texts).toContain(t);
    }
    expect(texts).not.toContain('Test');
    expect(texts.filter((t) => t === 'Epoch')).toHaveLength(2);
  });

  it('draws one line per split in each panel, accuracy in percent', async () => {
    const spec = trainingCurvesSpec(history);
    const values = (spec.data as { values: { split: string; metric: string; value: number }[] }).values;
    expect(values.filter((v) => v.metric === 'Loss').map((v) => v.split)).toEqual([
      'Train',
      'Validation',
      'Train',
      'Validation',
      'Train',
      'Validation',
    ]);
    expect(values.find((v) => v.metric === 'Accuracy' && v.split === 'Train')?.value).toBeCloseTo(92.7);
    const { elements } = parseSvg(await renderSvg(spec));
    const lines = elements.filter((e) => e.name === 'path' && e.attrs['aria-roledescription'] === 'line mark');
    expect(lines).toHaveLength(4);
  });

  it('adds a test line when test metrics are present and ignores extra fields', async () => {
    const withTest = history.map((h) => ({
      ...h,
      testLoss: h.trainLoss * 1.1,
      testAccuracy: h.trainAccuracy,
      seconds: 14,
    }));
    const { texts } = parseSvg(await renderSvg(trainingCurvesSpec(withTest, { title: null })));
    expect(texts).toContain('Test');
    expect(texts).not.toContain('Training curves');
  });

  it('labels a single epoch without long decimals', async () => {
    const { texts } = parseSvg(
      await renderSvg(trainingCurvesSpec([{ epoch: 1, trainLoss: 0.2415, trainAccuracy: 0.927 }])),
    );
    expect(texts).toContain('0.2415');
    expect(texts).toContain('92.7');
  });

  it('rejects empty history, missing fields and percentages given as accuracy', () => {
    expect(() => trainingCurvesSpec([])).toThrow(/history: expected at least one epoch/);
    expect(() => trainingCurvesSpec([{ epoch: 1, trainLoss: Number.NaN, trainAccuracy: 0.5 }])).toThrow(
      /history\[0\]\.trainLoss: expected a finite number, found NaN/,
    );
    expect(() => trainingCurvesSpec([{ epoch: 1, trainLoss: 0.2, trainAccuracy: 92.7 }])).toThrow(
      /trainAccuracy: expected a fraction between 0 and 1, found 92.7 \(looks like a percentage/,
    );
    expect(() => trainingCurvesSpec([{ epoch: 1, trainLoss: -1, trainAccuracy: 0.5 }])).toThrow(VizError);
    expect(() => trainingCurvesSpec({} as unknown as EpochFigures[])).toThrow(/history: expected an array/);
  });
});
