import { expect, test } from 'vitest';
import { readTrainSettings, type TrainFields } from './train-settings.js';

const fields: TrainFields = {
  model: 'simpleCNN',
  epochs: '1',
  batchSize: '64',
  learningRate: '0.001',
  seed: '42',
  limit: '',
  testLimit: '',
};

test('reads the tutorial recipe; empty limits mean the whole sets', () => {
  expect(readTrainSettings(fields)).toEqual({
    model: 'simpleCNN',
    epochs: 1,
    batchSize: 64,
    learningRate: 0.001,
    seed: 42,
  });
  expect(readTrainSettings({ ...fields, limit: '2000', testLimit: '1000' })).toMatchObject({
    limit: 2000,
    testLimit: 1000,
  });
});

test('names the field, what it takes and what was typed', () => {
  expect(() => readTrainSettings({ ...fields, epochs: '0' })).toThrow(
    'Epochs: expected a whole number from 1 to 100, found "0"',
  );
  expect(() => readTrainSettings({ ...fields, batchSize: '6.5' })).toThrow(
    'Batch size: expected a whole number from 1 to 4096, found "6.5"',
  );
  expect(() => readTrainSettings({ ...fields, learningRate: '2' })).toThrow(
    'Learning rate: expected a number between 0 and 1, found "2"',
  );
  expect(() => readTrainSettings({ ...fields, seed: '' })).toThrow('Seed: expected a whole number');
  expect(() => readTrainSettings({ ...fields, limit: 'all' })).toThrow('Training images: expected a whole number');
});
