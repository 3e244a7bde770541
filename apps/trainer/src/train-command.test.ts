import { describe, expect, it } from 'vitest';
import { outputClassNames } from './save-run.js';
import { describeThreads } from './threads.js';

describe('outputClassNames', () => {
  it('names every model output, keeping the data set names', () => {
    expect(outputClassNames(['cat', 'dog', 'fish'], 5)).toEqual(['cat', 'dog', 'fish', '3', '4']);
    expect(outputClassNames(['a', 'b'], 2)).toEqual(['a', 'b']);
  });
});

describe('describeThreads', () => {
  it('says how many threads compute each batch, and the shard count when it differs', () => {
    expect(describeThreads({ threads: 2, shards: 2 })).toBe('threads 2 (data parallel)');
    expect(describeThreads({ threads: 1, shards: 1 })).toBe('threads 1');
    expect(describeThreads({ threads: 1, shards: 2 })).toBe('threads 1 (2 shards per batch)');
    expect(describeThreads({ threads: 2, shards: 4 })).toBe('threads 2 (data parallel, 4 shards per batch)');
  });
});
