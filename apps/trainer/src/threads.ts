import type { ThreadsChoice } from './settings.js';

/** The most threads `--threads auto` uses: beyond this the shards get small and the summing costs more than it saves. */
export const MAX_AUTO_THREADS = 4;

/** How many threads compute each batch, and how each batch is cut; see {@link planThreads}. */
export interface ThreadPlan {
  /** Threads computing each batch, the main thread included (= model replicas); 1 = no worker threads. */
  threads: number;
  /** Pieces each batch is cut into. */
  shards: number;
  /** Why the count differs from an explicit `--threads`, for a note on stderr; null when it does not. */
  note: string | null;
}

/** What {@link planThreads} decides from. */
export interface ThreadPlanInput {
  /** `--threads` as given (or saved): `auto` or a count. */
  choice: ThreadsChoice;
  /** The backend that runs (`tensorflow`, `wasm`, `cpu`). */
  backend: string;
  batchSize: number;
  /** Cores of this machine (`os.availableParallelism()`). */
  cpus: number;
  /** The shard count of the run being resumed; undefined for a new run. */
  resumedShards?: number | undefined;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Turns `--threads` into a thread count. `auto`: `min(cpus, 4, batch size)` on wasm and cpu, 1 on tensorflow
 * (libtensorflow already uses every core, and the GPU). Never more threads than shards or samples per batch.
 * A new run cuts each batch into as many shards as it has threads; a resumed run keeps its `shards`
 * (`resumedShards`), since the result depends on the shard count, not on how many threads compute them.
 */
export function planThreads(input: ThreadPlanInput): ThreadPlan {
  const { choice, backend, batchSize, cpus, resumedShards } = input;
  let threads: number;
  let note: string | null = null;
  if (backend === 'tensorflow') {
    threads = 1;
    if (choice !== 'auto' && choice > 1) {
      note = `--threads ${choice}: the tensorflow backend uses every core itself, so training runs on 1 thread`;
    }
  } else if (choice === 'auto') {
    threads = Math.max(1, Math.min(cpus, MAX_AUTO_THREADS, batchSize));
  } else {
    threads = Math.min(choice, batchSize);
    if (threads < choice) note = `--threads ${choice}: a batch of ${batchSize} keeps at most ${threads} threads busy`;
    else if (threads > cpus) {
      // Measured on 2 cores: 8 threads took 3.7x the memory and 2.4x the time of 2.
      note = `--threads ${choice}: more threads than this machine's ${plural(cpus, 'core')}; they take turns on the cores, so training runs slower and takes more memory (--threads auto uses at most ${Math.min(cpus, MAX_AUTO_THREADS)})`;
    }
  }
  if (resumedShards === undefined) return { threads, shards: threads, note };
  if (threads > resumedShards) {
    if (choice !== 'auto' && note === null) {
      note = `--threads ${choice}: this run cuts each batch into ${plural(resumedShards, 'shard')}, so at most ${plural(resumedShards, 'thread')} help`;
    }
    threads = resumedShards;
  }
  return { threads, shards: resumedShards, note };
}

/** The settings line's thread part: `threads 2 (data parallel)`, plus the shard count when it differs. */
export function describeThreads(plan: Pick<ThreadPlan, 'threads' | 'shards'>): string {
  const shards = plan.shards === plan.threads ? '' : `, ${plan.shards} shards per batch`;
  if (plan.threads === 1) return `threads 1${shards ? ` (${shards.slice(2)})` : ''}`;
  return `threads ${plan.threads} (data parallel${shards})`;
}
