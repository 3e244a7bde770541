// Plain-data results of one bench run, and their formatting: the terminal table with ratios against issue 14's
// bars, and the README's markdown table.
import { formatCount } from '@mnistkit/models';

/** Who computed a row. */
export type Suite = 'mnistkit' | 'tfjs-node' | 'pytorch';

/** One throughput figure: SimpleCNN at batch 64 on MNIST, training or inference. */
export interface Measurement {
  suite: Suite;
  task: 'train' | 'infer';
  /** Compute threads (mnistkit: replicas, main thread included; PyTorch: torch.set_num_threads); 0: the library's own pool. */
  threads: number;
  samplesPerSecond: number;
}

/** A row that could not be measured, and why (printed instead of a figure). */
export interface Missing {
  suite: Suite;
  reason: string;
}

/** The bars of issue 14, as ratios mnistkit / PyTorch at 2 threads. */
export const BARS = { train: 0.8, infer: 1.2 } as const;

const LABELS: Record<Suite, string> = {
  mnistkit: 'mnistkit (wasm)',
  'tfjs-node': 'tfjs-node (libtensorflow)',
  pytorch: 'PyTorch (CPU)',
};

/** The best (highest) figure per suite, task and thread count over all rounds. */
export function best(all: readonly Measurement[]): Measurement[] {
  const byKey = new Map<string, Measurement>();
  for (const m of all) {
    const key = `${m.suite}/${m.task}/${m.threads}`;
    const known = byKey.get(key);
    if (known === undefined || m.samplesPerSecond > known.samplesPerSecond) byKey.set(key, m);
  }
  return [...byKey.values()];
}

function find(rows: readonly Measurement[], suite: Suite, task: Measurement['task'], threads: number) {
  return rows.find((r) => r.suite === suite && r.task === task && r.threads === threads)?.samplesPerSecond;
}

/** mnistkit / PyTorch at 2 threads for training and inference, where both were measured. */
export function ratios(rows: readonly Measurement[]): { train?: number; infer?: number } {
  const out: { train?: number; infer?: number } = {};
  for (const task of ['train', 'infer'] as const) {
    const ours = find(rows, 'mnistkit', task, 2);
    const theirs = find(rows, 'pytorch', task, 2);
    if (ours !== undefined && theirs !== undefined && theirs > 0) out[task] = ours / theirs;
  }
  return out;
}

const cell = (v: number | undefined) => (v === undefined ? '—' : formatCount(v));

/** The terminal table: one line per suite, training and inference at 1 and 2 threads (0: the library's own). */
export function formatTable(rows: readonly Measurement[], missing: readonly Missing[]): string {
  const lines = [
    `${''.padEnd(27)}${'training samples/s'.padStart(22)}${'inference samples/s'.padStart(24)}`,
    `${''.padEnd(27)}${'1 thread'.padStart(11)}${'2 threads'.padStart(11)}${'1 thread'.padStart(13)}${'2 threads'.padStart(11)}`,
  ];
  for (const suite of ['mnistkit', 'tfjs-node', 'pytorch'] as const) {
    const gone = missing.find((m) => m.suite === suite);
    if (gone !== undefined) {
      lines.push(`${LABELS[suite].padEnd(27)}not measured: ${gone.reason}`);
      continue;
    }
    if (suite === 'tfjs-node') {
      const train = find(rows, suite, 'train', 0);
      const infer = find(rows, suite, 'infer', 0);
      if (train === undefined && infer === undefined) continue;
      // libtensorflow runs its own thread pool over every core: its figures sit in the 2-thread columns.
      lines.push(
        `${LABELS[suite].padEnd(27)}${'—'.padStart(11)}${cell(train).padStart(11)}${'—'.padStart(13)}${cell(infer).padStart(11)}`,
      );
      continue;
    }
    const v = (task: Measurement['task'], threads: number) => cell(find(rows, suite, task, threads));
    if (rows.some((r) => r.suite === suite)) {
      lines.push(
        `${LABELS[suite].padEnd(27)}${v('train', 1).padStart(11)}${v('train', 2).padStart(11)}${v('infer', 1).padStart(13)}${v('infer', 2).padStart(11)}`,
      );
    }
  }
  const r = ratios(rows);
  const verdict = (value: number | undefined, bar: number) =>
    value === undefined
      ? 'no PyTorch figure'
      : `×${value.toFixed(2)} (bar ≥ ${bar}: ${value >= bar ? 'met' : 'not met'})`;
  lines.push(
    '',
    `mnistkit / PyTorch at 2 threads: training ${verdict(r.train, BARS.train)}, inference ${verdict(r.infer, BARS.infer)}`,
  );
  return lines.join('\n');
}

/** The README's table (markdown) for this run's figures. */
export function formatMarkdown(rows: readonly Measurement[], header: string): string {
  const out = [
    header,
    '',
    '| SimpleCNN, batch 64 | training, 1 thread | training, 2 threads | inference, 1 thread | inference, 2 threads |',
    '|---|---|---|---|---|',
  ];
  for (const suite of ['mnistkit', 'tfjs-node', 'pytorch'] as const) {
    if (!rows.some((r) => r.suite === suite)) continue;
    const v = (task: Measurement['task'], threads: number) => {
      const n =
        suite === 'tfjs-node'
          ? threads === 2
            ? find(rows, suite, task, 0)
            : undefined
          : find(rows, suite, task, threads);
      return n === undefined ? '' : `${formatCount(n)} samples/s`;
    };
    const own = suite === 'tfjs-node' ? ' (its own thread pool, all cores)' : '';
    out.push(`| ${LABELS[suite]}${own} | ${v('train', 1)} | ${v('train', 2)} | ${v('infer', 1)} | ${v('infer', 2)} |`);
  }
  const r = ratios(rows);
  if (r.train !== undefined || r.infer !== undefined) {
    out.push(
      `| mnistkit / PyTorch | | ×${r.train?.toFixed(2) ?? '—'} (bar ${BARS.train}) | | ×${r.infer?.toFixed(2) ?? '—'} (bar ${BARS.infer}) |`,
    );
  }
  return out.join('\n');
}
