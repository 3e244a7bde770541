import { encodeIdx, IdxDataset, parseIdx } from '@mnistkit/data';
import { expect, test } from 'vitest';
import type { ViewerEvaluation } from '../evaluation.js';
import { createState } from '../state.js';
import { cancelEvaluation, type EvaluateContext, evaluate } from './evaluate.js';

const n = 50;
const dataset = new IdxDataset(
  parseIdx(encodeIdx([n, 28, 28], new Uint8Array(n * 784))),
  parseIdx(
    encodeIdx(
      [n],
      Uint8Array.from({ length: n }, (_, i) => i % 10),
    ),
  ),
);

function context(evaluateImpl: EvaluateContext['evaluator']['evaluate'], limit = '') {
  const calls: string[] = [];
  const messages: string[] = [];
  const state = createState();
  state.model = { model: { layers: [] } as never, source: 'm', json: {} as never, weightBytes: 0 };
  state.testSet = { dataset, name: 't' };
  const ctx: EvaluateContext = {
    state,
    messages: { show: (text) => void messages.push(text) },
    evaluator: { where: () => 'wasm, 2 threads', prepare: () => Promise.resolve(), evaluate: evaluateImpl },
    limitText: () => limit,
    classNames: () => ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    view: {
      canEvaluate: (on) => void calls.push(`canEvaluate ${on}`),
      clear: () => void calls.push('clear'),
      started: (total, where) => void calls.push(`started ${total} ${where}`),
      progress: (done, total) => void calls.push(`progress ${done}/${total}`),
      ended: (outcome, result) => void calls.push(`ended ${outcome}${result ? ` ${result.correct}` : ''}`),
      show: async (result) => void calls.push(`show ${result.total}`),
    },
  };
  return { ctx, calls, messages, state };
}

const allRight = (count: number): ViewerEvaluation => {
  const labels = Int32Array.from({ length: count }, (_, i) => i % 10);
  return {
    loss: 0.1,
    accuracy: 1,
    correct: count,
    total: count,
    confusion: [],
    perClassAccuracy: [],
    samples: { labels, predicted: labels.slice(), confidences: new Float32Array(count).fill(0.9) },
    mistakes: [],
    seconds: 1,
    backend: 'wasm',
    threads: 2,
  };
};

test('evaluates the first "Images to evaluate", shows progress, then the result; the button comes back', async () => {
  const { ctx, calls, state } = context(async (_model, _data, count, options) => {
    options.onProgress?.(count, count);
    return allRight(count);
  }, '20');
  const result = await evaluate(ctx);
  expect(result?.total).toBe(20);
  expect(state.result).toBe(result);
  expect(state.evaluated?.length).toBe(20);
  expect(state.evaluation).toBeUndefined();
  expect(calls).toEqual([
    'canEvaluate false',
    'clear',
    'started 20 wasm, 2 threads',
    'progress 20/20',
    'ended done 20',
    'show 20',
    'canEvaluate true',
  ]);
});

test('Cancel: the run ends as cancelled, with no message and no result', async () => {
  const { ctx, calls, messages, state } = context(
    (_model, _data, _count, options) =>
      new Promise((_resolve, reject) =>
        options.signal?.addEventListener('abort', () => reject(options.signal?.reason)),
      ),
  );
  const running = evaluate(ctx);
  cancelEvaluation(state);
  expect(await running).toBeUndefined();
  expect(calls).toContain('ended cancelled');
  expect(messages).toEqual([]);
  expect(state.result).toBeUndefined();
});

test('a bad limit or a failed run is reported, not thrown', async () => {
  const bad = context(async () => allRight(1), 'many');
  expect(await evaluate(bad.ctx)).toBeUndefined();
  expect(bad.messages).toEqual(['Images to evaluate: expected a whole number of at least 1, found "many"']);
  const failing = context(async () => {
    throw new Error('worker died');
  });
  expect(await evaluate(failing.ctx)).toBeUndefined();
  expect(failing.messages).toEqual(['Evaluation failed. worker died']);
  expect(failing.calls).toContain('ended failed');
});
