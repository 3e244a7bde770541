/** A Vega-Lite spec as the chart functions return it; also accepted by the renderers for hand-written charts. */
export type { TopLevelSpec as ChartSpec } from 'vega-lite';
export { type ConfusionMatrixOptions, confusionMatrixSpec } from './confusion-matrix.js';
export { VizError } from './errors.js';
export { type PerClassAccuracyOptions, perClassAccuracySpec } from './per-class-accuracy.js';
export { encodeGrayscalePng, grayscalePngDataUrl } from './png.js';
export { type RenderIntoOptions, type RenderSvgOptions, renderInto, renderSvg } from './render.js';
export { type GridSample, type SampleGridOptions, sampleGridSpec } from './sample-grid.js';
export { FONT_FAMILY } from './theme.js';
export {
  type EpochFigures,
  type HistoryEntry,
  type TrainingCurvesOptions,
  trainingCurvesSpec,
} from './training-curves.js';
