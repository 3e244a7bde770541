import type { TrainSettings } from './workers/training-protocol.js';

/** The Train view's fields as typed. */
export interface TrainFields {
  model: string;
  epochs: string;
  batchSize: string;
  learningRate: string;
  seed: string;
  limit: string;
  testLimit: string;
}

function whole(name: string, text: string, min: number, max: number): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name}: expected a whole number from ${min} to ${max}, found "${text.trim()}"`);
  }
  return value;
}

/**
 * The recipe from the Train view's fields; throws a `RangeError` naming the field, what it takes and what was typed.
 * An empty "Training images" or "Test images" means the whole set.
 */
export function readTrainSettings(fields: TrainFields): TrainSettings {
  const learningRate = Number(fields.learningRate.trim());
  if (fields.learningRate.trim() === '' || !(learningRate > 0 && learningRate < 1)) {
    throw new RangeError(`Learning rate: expected a number between 0 and 1, found "${fields.learningRate.trim()}"`);
  }
  const settings: TrainSettings = {
    model: fields.model,
    epochs: whole('Epochs', fields.epochs, 1, 100),
    batchSize: whole('Batch size', fields.batchSize, 1, 4096),
    learningRate,
    seed: whole('Seed', fields.seed, 0, 2 ** 32 - 1),
  };
  if (fields.limit.trim() !== '') settings.limit = whole('Training images', fields.limit, 1, 10_000_000);
  if (fields.testLimit.trim() !== '') settings.testLimit = whole('Test images', fields.testLimit, 1, 10_000_000);
  return settings;
}
