import { describe, expect, it } from 'vitest';
import { CliError } from './errors.js';
import { parseHistoryFile } from './records.js';
import { settingsForNewRun } from './settings.js';

function history(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 'mnistkit-history',
    version: 1,
    settings: settingsForNewRun({ limit: 600 }, 9),
    history: [{ epoch: 1 }, { epoch: 2 }],
    ...overrides,
  };
}

function message(value: unknown): string {
  try {
    parseHistoryFile(value, 'runs/x');
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return (error as Error).message;
  }
  throw new Error('expected parseHistoryFile to reject');
}

describe('parseHistoryFile', () => {
  it('accepts what the trainer writes', () => {
    expect(parseHistoryFile(history(), 'runs/x').settings.limit).toBe(600);
  });

  it('reads a run from before --workers as one shard, workers auto', () => {
    const { workers: _w, shards: _s, ...old } = settingsForNewRun({}, 2);
    const settings = parseHistoryFile(history({ settings: old }), 'runs/x').settings;
    expect(settings).toMatchObject({ workers: 'auto', shards: 1 });
    expect(message(history({ settings: { ...settingsForNewRun({}, 1), shards: 0 } }))).toBe(
      '--resume runs/x: history.json field settings.shards: expected a whole number >= 1, found 0',
    );
    expect(message(history({ settings: { ...settingsForNewRun({}, 1), workers: 'many' } }))).toMatch(
      /settings\.workers: expected "auto" or a whole number >= 1, found "many"/,
    );
  });

  it('names the field, what was expected and what was found', () => {
    expect(message({ format: 'other' })).toBe(
      '--resume runs/x: history.json field format: expected "mnistkit-history", found "other"',
    );
    expect(message(null)).toMatch(/field format/);
    const bad = history({ settings: { ...settingsForNewRun({}, 1), batchSize: 0 } });
    expect(message(bad)).toBe(
      '--resume runs/x: history.json field settings.batchSize: expected a whole number >= 1, found 0',
    );
    expect(message(history({ settings: { ...settingsForNewRun({}, 1), backend: 'gpu' } }))).toMatch(
      /settings\.backend: expected auto \| tensorflow \| wasm \| cpu, found "gpu"/,
    );
    expect(message(history({ history: [{ epoch: 2 }] }))).toMatch(/history\[0\]\.epoch: expected 1, found 2/);
  });
});
