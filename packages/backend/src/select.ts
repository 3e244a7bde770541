import * as tf from '@tensorflow/tfjs-core';

/** One backend tried during selection: `reason` says why it was or was not taken. */
export interface BackendAttempt {
  /** The TensorFlow.js backend name (`tensorflow`, `webgl`, `wasm`, `cpu`). */
  name: string;
  /** The package that provided it, where that is not this one (`@tensorflow/tfjs-node-gpu`). */
  source?: string;
  ok: boolean;
  /** It would have worked but was not tried, being slower than what follows (software WebGL, say). */
  passedOver?: boolean;
  reason: string;
}

/** What `selectBackend` / `selectNodeBackend` chose, and why the others were passed over. */
export interface BackendReport {
  /** The active backend, as `tf.getBackend()` returns it. */
  name: string;
  /** Whether the chosen backend computes on a GPU (webgl; tensorflow with a visible CUDA device). */
  gpu: boolean;
  attempts: BackendAttempt[];
}

/** Thrown when no backend could be set (a forced one failed, or every candidate did). */
export class BackendError extends Error {
  readonly attempts: BackendAttempt[];
  constructor(message: string, attempts: BackendAttempt[]) {
    super(message);
    this.name = 'BackendError';
    this.attempts = attempts;
  }
}

/**
 * A backend to try: `check` may pass it over before anything is loaded (it returns why), `prepare` loads and
 * configures it, `detail` inspects it once it is active.
 */
export interface Candidate {
  name: string;
  source?: string;
  check?: () => Promise<string | undefined>;
  prepare?: () => Promise<void>;
  detail?: () => { gpu: boolean; note?: string };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n', 1)[0]?.trim() || 'unknown error';
}

function describe(a: BackendAttempt): string {
  const label = a.source === undefined ? a.name : `${a.name} (${a.source})`;
  const verdict = a.ok ? 'selected' : a.passedOver ? 'passed over' : 'unavailable';
  return `backend ${label}: ${verdict}: ${a.reason}`;
}

/** Tries `candidates` in order and keeps the first that `tf.setBackend` accepts; logs one line per try. */
export async function selectFrom(
  candidates: Candidate[],
  log: (line: string) => void,
  what: string,
): Promise<BackendReport> {
  const attempts: BackendAttempt[] = [];
  const record = (a: BackendAttempt) => {
    attempts.push(a);
    log(describe(a));
  };
  for (const c of candidates) {
    const base = c.source === undefined ? { name: c.name } : { name: c.name, source: c.source };
    try {
      const passOver = await c.check?.();
      if (passOver !== undefined) {
        record({ ...base, ok: false, passedOver: true, reason: passOver });
        continue;
      }
      if (c.prepare !== undefined) await c.prepare();
      if (tf.findBackendFactory(c.name) === null) {
        record({ ...base, ok: false, reason: `no backend named '${c.name}' is registered` });
        continue;
      }
      const ok = await tf.setBackend(c.name);
      if (!ok) {
        record({ ...base, ok: false, reason: `tf.setBackend('${c.name}') returned false (it failed to initialize)` });
        continue;
      }
      await tf.ready();
      const detail = c.detail?.() ?? { gpu: false };
      const reason = detail.note ?? (detail.gpu ? 'computes on the GPU' : 'computes on the CPU');
      record({ ...base, ok: true, reason });
      return { name: tf.getBackend(), gpu: detail.gpu, attempts };
    } catch (error) {
      record({ ...base, ok: false, reason: firstLine(error) });
    }
  }
  const tried = attempts.map((a) => `  ${describe(a)}`).join('\n');
  throw new BackendError(`${what}: no TensorFlow.js backend could be set; tried:\n${tried}`, attempts);
}
