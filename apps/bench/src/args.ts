import { parseArgs } from 'node:util';

/** The bench's command line. */
export interface BenchArgs {
  /** Measure PyTorch too, making its venv when no Python with torch is found (else PyTorch runs only if found). */
  vsPytorch: boolean;
  /** Run both 10-epoch recipes back to back instead of the throughput rows. */
  full: boolean;
  rounds: number;
  /** Timed training batches per row (after warm-up). */
  batches: number;
  /** Timed inference batches per row. */
  inferenceBatches: number;
  kernels: boolean;
  markdown: boolean;
  help: boolean;
}

export const USAGE = `Usage: pnpm bench [--vs-pytorch] [--full] [--quick] [--rounds N] [--batches N] [--inference-batches N]
                  [--no-kernels] [--markdown]

SimpleCNN at batch 64 on MNIST: mnistkit's training and inference samples/s (wasm, 1 and 2 threads), tfjs-node's
when @tensorflow/tfjs-node loads, PyTorch's when a Python with torch is found (MNISTKIT_PYTHON, the bench's venv, or
python3), with the ratios against issue 14's bars; then the milliseconds per kernel of one wasm training step.
  --vs-pytorch   PyTorch rows are required: makes a venv (pip install torch==2.13.0+cpu numpy) in
                 $MNISTKIT_CACHE_DIR or ~/.cache/mnistkit when no Python with torch is found
  --full         both 10-epoch recipes back to back (mnistkit's default trainer run, PyTorch's reference script):
                 wall time, test accuracy, peak RSS, spread of epoch times
  --quick        one round of fewer batches
  --rounds N     rounds, interleaving every row (best of rounds is reported; default 2)
  --markdown     also print the README's table for this run`;

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: expected a positive integer, found '${value}'`);
  return n;
}

/** Parses the bench's flags; throws an Error naming the flag for a bad one. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'vs-pytorch': { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      batches: { type: 'string' },
      'inference-batches': { type: 'string' },
      'no-kernels': { type: 'boolean', default: false },
      markdown: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const quick = values.quick === true;
  return {
    vsPytorch: values['vs-pytorch'] === true,
    full: values.full === true,
    rounds: positiveInt('rounds', values.rounds, quick ? 1 : 2),
    batches: positiveInt('batches', values.batches, quick ? 15 : 40),
    inferenceBatches: positiveInt('inference-batches', values['inference-batches'], quick ? 40 : 100),
    kernels: values['no-kernels'] !== true,
    markdown: values.markdown === true,
    help: values.help === true,
  };
}
