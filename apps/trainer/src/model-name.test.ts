import { describe, expect, it } from 'vitest';
import { cliModelName, resolveModelName, trainableModelNames } from './model-name.js';

describe('--model names', () => {
  it('accepts the CLI and the registry spelling', () => {
    expect(cliModelName('simpleCNN')).toBe('simple-cnn');
    expect(resolveModelName('simple-cnn')).toBe('simpleCNN');
    expect(resolveModelName('simpleCNN')).toBe('simpleCNN');
    expect(trainableModelNames()).toContain('simple-cnn');
  });

  it('rejects unknown names and models that are not classifiers, listing the choices', () => {
    expect(() => resolveModelName('resnet')).toThrow(/^--model: expected one of simple-cnn.*, found "resnet"$/);
    expect(() => resolveModelName('tutorial-model')).toThrow(/not a classifier/);
  });
});
