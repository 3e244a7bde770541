import { describe, expect, it } from 'vitest';
import { outputClassNames } from './train-command.js';

describe('outputClassNames', () => {
  it('names every model output, keeping the data set names', () => {
    expect(outputClassNames(['cat', 'dog', 'fish'], 5)).toEqual(['cat', 'dog', 'fish', '3', '4']);
    expect(outputClassNames(['a', 'b'], 2)).toEqual(['a', 'b']);
  });
});
