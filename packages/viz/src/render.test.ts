import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { VizError } from './errors.js';
import { renderInto, renderSvg } from './render.js';
import { parseSvg } from './test-utils/svg.js';

const bars: TopLevelSpec = {
  data: { values: [{ a: 'x', b: 1 }] },
  mark: 'bar',
  encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } },
};

describe('renderSvg', () => {
  it('renders any Vega-Lite spec, scaled on request', async () => {
    const one = parseSvg(await renderSvg(bars)).root.attrs;
    const two = parseSvg(await renderSvg(bars, { scale: 2 })).root.attrs;
    expect(Number(two.width)).toBe(2 * Number(one.width));
  });

  it('turns compile and runtime failures into VizError instead of an empty chart', async () => {
    await expect(renderSvg({ mark: 'nope' } as unknown as TopLevelSpec)).rejects.toThrow(
      /spec: Vega-Lite could not compile the spec/,
    );
    const badFormat = {
      ...bars,
      encoding: { ...bars.encoding, y: { field: 'b', type: 'quantitative', axis: { format: '.4f~' } } },
    };
    await expect(renderSvg(badFormat as TopLevelSpec)).rejects.toThrow(
      /Vega could not render the chart: .*invalid format/,
    );
    await expect(renderSvg(null as unknown as TopLevelSpec)).rejects.toThrow(VizError);
  });
});

describe('renderInto', () => {
  it('says so when the selector matches no element (here: no page at all)', async () => {
    await expect(renderInto('#chart', bars)).rejects.toThrow(/element: expected a page element or a selector/);
  });
});

describe('main entry', () => {
  it('stays browser-safe: no node: imports in any module reachable from index.ts', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(join(here, file), 'utf8');
      expect(source, file).not.toMatch(/from\s+'node:|import\('node:|require\(/);
      for (const m of source.matchAll(/from\s+'\.\/([\w-]+)\.js'/g)) visit(`${m[1]}.ts`);
    };
    visit('index.ts');
    expect(seen.has('render.ts')).toBe(true);
    expect(seen.has('node.ts')).toBe(false);
  });
});
