// Backend setups for data-parallel worker threads in tests (passed as `backendSetup.module`).
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

/** The plain cpu backend. */
export async function cpu(): Promise<void> {
  await tf.setBackend('cpu');
}

/** The cpu backend whose MaxPool kernel throws after `calls` calls, to test how a worker's failure surfaces. */
export async function cpuFailingAfter(options: { calls: number }): Promise<void> {
  await tf.setBackend('cpu');
  const kernel = tf.getKernel('MaxPool', 'cpu');
  if (!kernel) throw new Error('no cpu MaxPool kernel');
  tf.unregisterKernel('MaxPool', 'cpu');
  let n = 0;
  tf.registerKernel({
    ...kernel,
    kernelFunc: (args) => {
      if (++n > options.calls) throw new Error(`injected failure in MaxPool call ${n}`);
      return kernel.kernelFunc(args);
    },
  });
}
