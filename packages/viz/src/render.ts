import { logger, parse, View, Warn } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { VizError } from './errors.js';

/** Options for {@link renderSvg}. */
export interface RenderSvgOptions {
  /** Multiplies the SVG's width and height; default 1. */
  scale?: number;
}

/** Compiles a Vega-Lite spec to a Vega runtime, turning compiler failures into a {@link VizError}. */
function toRuntime(spec: TopLevelSpec) {
  if (spec === null || typeof spec !== 'object') {
    throw new VizError('spec', `expected a Vega-Lite spec object, found ${spec === null ? 'null' : typeof spec}`);
  }
  let vegaSpec: ReturnType<typeof compile>['spec'];
  try {
    vegaSpec = compile(spec).spec;
  } catch (error) {
    throw new VizError('spec', `Vega-Lite could not compile the spec: ${(error as Error).message}`);
  }
  return parse(vegaSpec);
}

/**
 * A logger that keeps Vega's errors: Vega logs a failing run (a bad format string, a broken expression) and carries on
 * with an empty chart, which should be an error instead.
 */
function collectingLogger(errors: string[]) {
  const log = logger(Warn);
  log.error = (...args: unknown[]) => {
    errors.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
    return log;
  };
  return log;
}

function throwIfFailed(errors: string[]): void {
  if (errors.length > 0) throw new VizError('spec', `Vega could not render the chart: ${errors.join('; ')}`);
}

/**
 * Renders a Vega-Lite spec (e.g. from {@link trainingCurvesSpec}) to an SVG document string, with no DOM: works in
 * Node and in the browser.
 */
export async function renderSvg(spec: TopLevelSpec, options: RenderSvgOptions = {}): Promise<string> {
  const errors: string[] = [];
  const view = new View(toRuntime(spec), { renderer: 'none', logger: collectingLogger(errors) });
  try {
    let svg = '';
    try {
      svg = await view.toSVG(options.scale ?? 1);
    } catch (error) {
      // A logged error often surfaces later as an unrelated TypeError; report both, logged one first.
      errors.push((error as Error).message);
    }
    throwIfFailed(errors);
    return svg;
  } finally {
    view.finalize();
  }
}

/** Options for {@link renderInto}. */
export interface RenderIntoOptions {
  /** `'svg'` (default, crisp and selectable) or `'canvas'` (faster for large charts). */
  renderer?: 'svg' | 'canvas';
}

/**
 * Draws a Vega-Lite spec into a page element (or a CSS selector), replacing what it showed; browser only.
 * Returns the Vega view: call `view.finalize()` before dropping it (e.g. when redrawing live charts each epoch).
 */
export async function renderInto(
  element: Element | string,
  spec: TopLevelSpec,
  options: RenderIntoOptions = {},
): Promise<View> {
  const target = typeof element === 'string' ? globalThis.document?.querySelector(element) : element;
  if (!target) {
    throw new VizError('element', `expected a page element or a selector that matches one, found ${String(element)}`);
  }
  const errors: string[] = [];
  const view = new View(toRuntime(spec), {
    renderer: options.renderer ?? 'svg',
    hover: true,
    logger: collectingLogger(errors),
  });
  target.replaceChildren();
  view.initialize(target);
  try {
    await view.runAsync();
  } catch (error) {
    errors.push((error as Error).message);
  }
  if (errors.length > 0) view.finalize();
  throwIfFailed(errors);
  return view;
}
