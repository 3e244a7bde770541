import { isModelName, type ModelName, modelNames, models } from '@mnistkit/models';
import { UsageError } from './errors.js';

/** The CLI spelling of a registry name: `simpleCNN` → `simple-cnn`. */
export function cliModelName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** Names `--model` accepts: the trainable (classifier) models, in CLI spelling. */
export function trainableModelNames(): string[] {
  return modelNames.filter((n) => models[n].classifier).map(cliModelName);
}

/**
 * The registry name for `--model` (`simple-cnn` or `simpleCNN`); throws {@link UsageError} listing the choices
 * when it is unknown or is not a classifier the trainer can train.
 */
export function resolveModelName(name: string): ModelName {
  const match = isModelName(name) ? name : modelNames.find((n) => cliModelName(n) === name.toLowerCase());
  const choices = trainableModelNames().join(', ');
  if (match === undefined) throw new UsageError(`--model: expected one of ${choices}, found "${name}"`);
  if (!models[match].classifier) {
    throw new UsageError(
      `--model ${name}: not a classifier (no 10-class output), so it cannot be trained; expected one of ${choices}`,
    );
  }
  return match;
}
