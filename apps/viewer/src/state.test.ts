import { FASHION_MNIST_CLASSES, MNIST_CLASSES } from '@mnistkit/data';
import { expect, test } from 'vitest';
import { canEvaluate, classNamesFor, createState, parseLimit } from './state.js';

test('Evaluate needs a model and a test set, and no run going', () => {
  const state = createState();
  expect(canEvaluate(state)).toBe(false);
  state.model = {} as never;
  expect(canEvaluate(state)).toBe(false);
  state.testSet = {} as never;
  expect(canEvaluate(state)).toBe(true);
  state.evaluation = new AbortController();
  expect(canEvaluate(state)).toBe(false);
});

test('parseLimit: empty is all, a number is capped at what there is, anything else is named', () => {
  expect(parseLimit('', 10_000)).toBe(10_000);
  expect(parseLimit(' 1000 ', 10_000)).toBe(1000);
  expect(parseLimit('20000', 10_000)).toBe(10_000);
  for (const bad of ['0', '-3', '2.5', 'ten']) {
    expect(parseLimit(bad, 10_000)).toEqual({
      error: `Images to evaluate: expected a whole number of at least 1, found "${bad}"`,
    });
  }
});

test('class names: the page’s choice, else the test set’s, else the digits', () => {
  const fashion = { dataset: { classes: FASHION_MNIST_CLASSES } } as never;
  expect(classNamesFor('auto', undefined)).toBe(MNIST_CLASSES);
  expect(classNamesFor('auto', fashion)).toBe(FASHION_MNIST_CLASSES);
  expect(classNamesFor('digits', fashion)).toBe(MNIST_CLASSES);
  expect(classNamesFor('fashion', undefined)).toBe(FASHION_MNIST_CLASSES);
});
