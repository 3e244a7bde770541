import { relaxedSimdNodeFlags } from '@mnistkit/backend';
import { mnistDataDir } from '@mnistkit/data/node';
import type { BenchArgs } from './args.js';
import { runChild, tail } from './child.js';
import { type Job, type MeasureResult, RESULT_PREFIX } from './protocol.js';
import { parseReference, REFERENCE_SCRIPT, type TorchPython } from './pytorch.js';
import type { Measurement, Missing } from './report.js';

const MEASURE = new URL('./measure.js', import.meta.url).pathname;
const BATCH = 64;

/** Runs one Job in a fresh Node process (with the relaxed-SIMD flag where this Node needs it for wasm). */
export async function runJob(job: Job): Promise<MeasureResult> {
  const flags = job.backend === 'wasm' ? relaxedSimdNodeFlags() : [];
  const r = await runChild(process.execPath, [...flags, MEASURE, JSON.stringify(job)]);
  const line = r.stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (line === undefined) {
    return { ok: false, reason: `the measuring process exited (${r.code}) without a result:\n${tail(r.stderr)}` };
  }
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as MeasureResult;
}

/** PyTorch's training and inference samples/s at `threads` threads (pytorch_reference.py, one epoch of 300 steps). */
export async function pytorchRates(torch: TorchPython, threads: number): Promise<Measurement[]> {
  const args = [REFERENCE_SCRIPT, '--data', mnistDataDir(), '--epochs', '1', '--max-steps', '300'];
  const r = await runChild(torch.python, [...args, '--eval-batch', String(BATCH), '--threads', String(threads)]);
  const out = parseReference(r.stdout);
  const train = out.epochs[0]?.samplesPerSecond;
  const infer = out.inference.get(BATCH);
  if (r.code !== 0 || train === undefined || infer === undefined) {
    throw new Error(`${torch.python} pytorch_reference.py failed (exit ${r.code}):\n${tail(r.stderr || r.stdout)}`);
  }
  return [
    { suite: 'pytorch', task: 'train', threads, samplesPerSecond: train },
    { suite: 'pytorch', task: 'infer', threads, samplesPerSecond: infer },
  ];
}

/** Everything one round measures, in an order that interleaves the suites. */
function jobs(args: BenchArgs): { suite: 'mnistkit' | 'tfjs-node'; job: Job }[] {
  const base = { batchSize: BATCH, warmup: 5 };
  const out: { suite: 'mnistkit' | 'tfjs-node'; job: Job }[] = [];
  for (const threads of [1, 2]) {
    out.push({ suite: 'mnistkit', job: { ...base, backend: 'wasm', task: 'train', threads, batches: args.batches } });
  }
  out.push({
    suite: 'tfjs-node',
    job: { ...base, backend: 'tensorflow', task: 'train', threads: 1, batches: args.batches },
  });
  for (const threads of [1, 2]) {
    out.push({
      suite: 'mnistkit',
      job: { ...base, backend: 'wasm', task: 'infer', threads, batches: args.inferenceBatches },
    });
  }
  out.push({
    suite: 'tfjs-node',
    job: { ...base, backend: 'tensorflow', task: 'infer', threads: 1, batches: args.inferenceBatches },
  });
  return out;
}

/** Rounds of every row, interleaved; each row's figures as measured (best of rounds is taken when reporting). */
export async function measureRounds(
  args: BenchArgs,
  torch: TorchPython | null,
  log: (line: string) => void,
): Promise<{ rows: Measurement[]; missing: Missing[]; variant?: string }> {
  const rows: Measurement[] = [];
  const missing: Missing[] = [];
  let variant: string | undefined;
  for (let round = 1; round <= args.rounds; round++) {
    log(`round ${round} of ${args.rounds}`);
    for (const { suite, job } of jobs(args)) {
      if (missing.some((m) => m.suite === suite)) continue;
      const r = await runJob(job);
      if (!r.ok) {
        if (suite === 'mnistkit') throw new Error(`mnistkit ${job.task}, ${job.threads} thread(s): ${r.reason}`);
        missing.push({ suite, reason: r.reason });
        log(`  ${suite}: not measured: ${r.reason}`);
        continue;
      }
      variant ??= r.variant;
      // libtensorflow uses its own thread pool: recorded as threads 0.
      const threads = suite === 'tfjs-node' ? 0 : job.threads;
      rows.push({ suite, task: job.task as 'train' | 'infer', threads, samplesPerSecond: r.samplesPerSecond ?? 0 });
      log(`  ${suite} ${job.task} ${threads || 'own'} thread(s): ${Math.round(r.samplesPerSecond ?? 0)} samples/s`);
    }
    if (torch !== null) {
      for (const threads of [1, 2]) {
        const rates = await pytorchRates(torch, threads);
        rows.push(...rates);
        log(
          `  pytorch ${threads} thread(s): train ${rates[0]?.samplesPerSecond}, infer ${rates[1]?.samplesPerSecond} samples/s`,
        );
      }
    }
  }
  return { rows, missing, variant };
}

/** The milliseconds per kernel (and per phase of the fused kernel) of one wasm training step at batch 64 and 32. */
export async function kernelTables(log: (line: string) => void): Promise<void> {
  const tables: Extract<MeasureResult, { ok: true }>[] = [];
  for (const batchSize of [64, 32]) {
    const r = await runJob({ backend: 'wasm', task: 'kernels', threads: 1, batchSize, warmup: 3, batches: 7 });
    if (!r.ok) throw new Error(`kernel table at batch ${batchSize}: ${r.reason}`);
    tables.push(r);
  }
  const [big, half] = tables as [Extract<MeasureResult, { ok: true }>, Extract<MeasureResult, { ok: true }>];
  const print = (title: string, a: [string, number][] = [], b: [string, number][] = []) => {
    log(title);
    const other = new Map(b);
    for (const [name, ms] of a) {
      log(`  ${name.padEnd(44)} ${ms.toFixed(2).padStart(8)} | ${(other.get(name) ?? 0).toFixed(2).padStart(8)}`);
    }
  };
  print('ms per kernel of one wasm training step (median of 7), batch 64 | batch 32:', big.kernels, half.kernels);
  if ((big.phases ?? []).length > 0) {
    print('inside MnistkitSimpleCNNGradients, ms per phase, batch 64 | batch 32:', big.phases, half.phases);
  }
}
