import { describe, expect, it } from 'vitest';
import { formatRunJson } from './run-files.js';

describe('formatRunJson', () => {
  it('keeps number arrays on one line and round-trips', () => {
    const value = {
      m: [
        [1, 2],
        [3, 4],
      ],
      a: [0.5, null, -1e-7],
      s: ['x', 'y'],
    };
    const text = formatRunJson(value);
    expect(text).toContain('[1, 2]');
    expect(text).toContain('[0.5, null, -1e-7]');
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(value);
  });
});
