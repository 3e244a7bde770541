// One measurement in its own process (the bench's cli.ts spawns it), so each backend starts clean and Node 20 can
// get the relaxed-SIMD flag: `node dist/measure.js '<json Job>'`. Prints progress, then one line
// `@@result <json>` with a MeasureResult.
import {
  nodeWorkerSetup,
  selectNodeBackend,
  startKernelPhaseProfile,
  stopKernelPhaseProfile,
  wasmSimdVariant,
} from '@mnistkit/backend/node';
import { DataLoader, Subset } from '@mnistkit/data';
import { loadMnist } from '@mnistkit/data/node';
import { simpleCNN } from '@mnistkit/models';
import {
  computeGradients,
  createDataParallelEvaluator,
  createDataParallelStep,
  evaluate,
  fusedAdam,
  train,
  trainStep,
} from '@mnistkit/training/node';
import * as tf from '@tensorflow/tfjs-core';
import { type Job, type MeasureResult, RESULT_PREFIX } from './protocol.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

async function trainRate(job: Job): Promise<number> {
  const { train: trainSet } = await loadMnist();
  const loader = new DataLoader(new Subset(trainSet, range((job.warmup + job.batches) * job.batchSize)), {
    batchSize: job.batchSize,
    shuffle: true,
    seed: 1,
    dropLast: true,
  });
  const model = simpleCNN({ seed: 1 });
  const parallel =
    job.threads === 1
      ? undefined
      : createDataParallelStep({ model, threads: job.threads, backendSetup: nodeWorkerSetup(job.backend) });
  const step = parallel ?? trainStep;
  try {
    await parallel?.ready();
    let t0 = 0;
    await train(model, loader, {
      epochs: 1,
      seed: 1,
      step,
      onBatchEnd: (e) => {
        if (e.batch === job.warmup) t0 = performance.now();
      },
    });
    return (job.batches * job.batchSize * 1000) / (performance.now() - t0);
  } finally {
    await parallel?.dispose();
    model.dispose();
  }
}

async function inferRate(job: Job): Promise<number> {
  const { test: testSet } = await loadMnist();
  const loader = (n: number) =>
    new DataLoader(new Subset(testSet, range(n * job.batchSize)), { batchSize: job.batchSize, dropLast: true });
  const model = simpleCNN({ seed: 1 });
  const evaluator =
    job.threads === 1
      ? undefined
      : createDataParallelEvaluator({ model, threads: job.threads, backendSetup: nodeWorkerSetup(job.backend) });
  try {
    await evaluator?.ready();
    const run = evaluator ? (l: DataLoader) => evaluator.evaluate(model, l) : (l: DataLoader) => evaluate(model, l);
    await run(loader(job.warmup));
    const timed = loader(job.batches);
    const t0 = performance.now();
    await run(timed);
    return (job.batches * job.batchSize * 1000) / (performance.now() - t0);
  } finally {
    await evaluator?.dispose();
    model.dispose();
  }
}

/** Milliseconds per kernel of one training step (median over `batches` profiled steps), and the fused phases. */
async function kernelTable(job: Job): Promise<{ kernels: [string, number][]; phases: [string, number][] }> {
  const model = simpleCNN({ seed: 1 });
  const optimizer = fusedAdam(1e-3);
  const images = tf.randomUniform([job.batchSize, 28, 28, 1], -1, 1, 'float32', 3);
  const labels = tf.randomUniform([job.batchSize], 0, 10, 'int32', 4);
  const step = () => {
    const { loss, correct, grads } = computeGradients(model, images, labels);
    loss.dataSync();
    optimizer.applyGradients(grads as Parameters<typeof optimizer.applyGradients>[0]);
    tf.dispose([loss, correct, grads]);
  };
  for (let i = 0; i < job.warmup; i++) step();
  const perKernel = new Map<string, number[]>();
  const perPhase = new Map<string, number[]>();
  for (let i = 0; i < job.batches; i++) {
    startKernelPhaseProfile();
    const info = await tf.profile(step);
    for (const [name, ms] of stopKernelPhaseProfile()) perPhase.set(name, [...(perPhase.get(name) ?? []), ms]);
    const sums = new Map<string, number>();
    for (const k of info.kernels) sums.set(k.name, (sums.get(k.name) ?? 0) + Number(k.kernelTimeMs));
    for (const [name, ms] of sums) perKernel.set(name, [...(perKernel.get(name) ?? []), ms]);
  }
  tf.dispose([images, labels]);
  optimizer.dispose();
  model.dispose();
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1] as number;
  const table = (m: Map<string, number[]>) =>
    [...m].map(([name, v]) => [name, median(v)] as [string, number]).sort((a, b) => b[1] - a[1]);
  return { kernels: table(perKernel), phases: table(perPhase) };
}

/** The reasons a BackendError lists (one line), e.g. "@tensorflow/tfjs-node: Cannot find package …". */
function whyNot(error: Error): string {
  const attempts = (error as Error & { attempts?: { name: string; source?: string; ok: boolean; reason: string }[] })
    .attempts;
  if (attempts === undefined) return error.message.split('\n')[0] ?? '';
  return attempts
    .filter((a) => !a.ok)
    .map((a) => `${a.source ?? a.name}: ${a.reason.split('\n')[0]}`)
    .join('; ');
}

async function measure(job: Job): Promise<MeasureResult> {
  const report = await selectNodeBackend({
    backend: job.backend,
    importers: { 'tfjs-node': () => import('@tensorflow/tfjs-node') },
  }).catch((error: Error) => error);
  if (report instanceof Error || report.name !== job.backend) {
    return { ok: false, reason: report instanceof Error ? whyNot(report) : `got backend ${report.name}` };
  }
  const variant = job.backend === 'wasm' ? wasmSimdVariant() : undefined;
  if (job.task === 'kernels') return { ok: true, variant, ...(await kernelTable(job)) };
  const samplesPerSecond = job.task === 'train' ? await trainRate(job) : await inferRate(job);
  return { ok: true, samplesPerSecond, variant };
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const result = await measure(job).catch((error: Error): MeasureResult => ({ ok: false, reason: error.message }));
process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
// Worker threads of tfjs-node or the data-parallel pool must not keep the process alive.
process.exit(0);
