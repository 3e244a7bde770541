import { DataLoader, Subset } from '@mnistkit/data';
import { loadMnist } from '@mnistkit/data/node';
import { loadModel } from '@mnistkit/models/node';
import { type EvaluationResult, evaluate } from '@mnistkit/training';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

/** @mnistkit/training's `evaluate` in Node (cpu backend) on the first `limit` MNIST test images. */
export async function evaluateInNode(modelDir: string, limit: number): Promise<EvaluationResult> {
  await tf.setBackend('cpu');
  const model = await loadModel(modelDir);
  try {
    const { test } = await loadMnist();
    const subset = new Subset(
      test,
      Array.from({ length: Math.min(limit, test.length) }, (_, i) => i),
    );
    return await evaluate(model, new DataLoader(subset, { batchSize: 128 }));
  } finally {
    model.dispose();
  }
}
