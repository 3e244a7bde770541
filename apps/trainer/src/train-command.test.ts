import { describe, expect, it } from 'vitest';
import { describeWorkers, outputClassNames } from './train-command.js';

describe('outputClassNames', () => {
  it('names every model output, keeping the data set names', () => {
    expect(outputClassNames(['cat', 'dog', 'fish'], 5)).toEqual(['cat', 'dog', 'fish', '3', '4']);
    expect(outputClassNames(['a', 'b'], 2)).toEqual(['a', 'b']);
  });
});

describe('describeWorkers', () => {
  it('says how many threads compute each batch, and the shard count when it differs', () => {
    expect(describeWorkers({ workers: 2, shards: 2 })).toBe('workers 2 (data parallel)');
    expect(describeWorkers({ workers: 1, shards: 1 })).toBe('workers 1');
    expect(describeWorkers({ workers: 1, shards: 2 })).toBe('workers 1 (2 shards per batch)');
    expect(describeWorkers({ workers: 2, shards: 4 })).toBe('workers 2 (data parallel, 4 shards per batch)');
  });
});
