import { join, relative } from 'node:path';
import { writeFileAtomic } from '@mnistkit/fs';
import { countParameters } from '@mnistkit/models';
import {
  type EpochRecord,
  HISTORY_FORMAT,
  HISTORY_VERSION,
  RUN_FILES,
  type RunHistory,
  type SessionRecord,
} from '@mnistkit/training';
import { writeRunHistory } from '@mnistkit/training/node';
import * as tf from '@tensorflow/tfjs-core';
import { metricsCsv } from './metrics-csv.js';
import type { PreparedRun } from './prepare-run.js';
import { TRAINER_VERSION } from './version.js';

/** The history.json a session starts from: the saved run's epochs (up to its checkpoint) plus a new session entry. */
export function startHistory(run: PreparedRun, startedAt: string): RunHistory {
  const { settings, data, backend, threads, checkpoint, prior, saved } = run;
  return {
    format: HISTORY_FORMAT,
    version: HISTORY_VERSION,
    status: 'running',
    settings,
    model: { name: settings.model, parameters: countParameters(run.model) },
    dataset: {
      spec: settings.dataset,
      name: data.name,
      classes: [...data.classes],
      trainSamples: data.train.length,
      valSamples: data.val?.length ?? 0,
      testSamples: data.test.length,
      fingerprint: data.fingerprint,
    },
    backend: backend.name,
    gpu: backend.gpu,
    tensorflow: backend.tensorflow ?? null,
    threads: threads.threads,
    backendAttempts: backend.report.attempts,
    history: [...prior],
    test: null,
    timings: {
      startedAt: saved?.timings.startedAt ?? startedAt,
      updatedAt: startedAt,
      finishedAt: null,
      trainSeconds: prior.reduce((s, h) => s + h.seconds, 0),
      testSeconds: null,
    },
    sessions: [
      ...(saved?.sessions ?? []),
      {
        startedAt,
        finishedAt: null,
        backend: backend.name,
        ...(backend.tensorflow ? { tensorflow: backend.tensorflow } : {}),
        threads: threads.threads,
        firstEpoch: (checkpoint?.epoch ?? 0) + 1,
        lastEpoch: null,
        status: 'running',
      },
    ],
    checkpoint: saved?.checkpoint ?? null,
    versions: { trainer: TRAINER_VERSION, tfjs: tf.version_core, node: process.versions.node },
  };
}

/**
 * The run's history.json (and metrics.csv, the same epochs as a table) as this session keeps it: each change is
 * written at once (atomically, durably), except while a completed run is trained further (`deferred`): then the
 * completed record stays on disk until the final save replaces it together with the model, metrics and charts.
 */
export class RunRecord {
  /** Whether this session has written history.json. */
  written = false;
  readonly deferred: boolean;
  private readonly session: SessionRecord;

  constructor(
    private readonly run: Pick<PreparedRun, 'runDir' | 'store' | 'extendsCompleted'>,
    readonly history: RunHistory,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {
    this.session = history.sessions.at(-1) as SessionRecord;
    this.deferred = run.extendsCompleted;
  }

  /** Writes history.json and metrics.csv as they stand (not while deferred). */
  async write(): Promise<void> {
    this.history.timings.updatedAt = this.now();
    if (this.deferred) return;
    await writeRunHistory(this.run.runDir, this.history);
    this.written = true;
    await writeFileAtomic(
      join(this.run.runDir, RUN_FILES.metricsCsv),
      metricsCsv(this.history.history, this.history.settings.lr),
    );
  }

  /** The newest checkpoint directory, relative to the run directory. */
  private async newestCheckpoint(): Promise<string | null> {
    const last = (await this.run.store.list()).at(-1);
    return last ? relative(this.run.runDir, last.path) : null;
  }

  /** Records a finished epoch. */
  async epochEnded(record: EpochRecord): Promise<void> {
    this.history.history.push(record);
    this.history.timings.trainSeconds += record.seconds;
    this.session.lastEpoch = record.epoch;
    this.history.checkpoint = await this.newestCheckpoint();
    await this.write();
  }

  /** Records a stop by Ctrl-C (resumable from the checkpoint just saved). */
  async interrupted(): Promise<void> {
    this.finish('interrupted');
    this.history.checkpoint = await this.newestCheckpoint();
    await this.write();
  }

  /** Records a failure (resumable from the last checkpoint). */
  async failed(): Promise<void> {
    this.finish('failed');
    await this.write();
  }

  /**
   * The record of the completed run, with its test, for the final save to write (with the model, metrics and
   * charts, all or nothing).
   */
  async completed(test: { loss: number; accuracy: number; seconds: number }): Promise<RunHistory> {
    this.finish('completed');
    this.history.test = test;
    this.history.timings.testSeconds = test.seconds;
    this.history.timings.finishedAt = this.session.finishedAt;
    this.history.timings.updatedAt = this.now();
    this.history.checkpoint = await this.newestCheckpoint();
    return this.history;
  }

  private finish(status: SessionRecord['status']): void {
    this.history.status = status;
    this.session.status = status;
    this.session.finishedAt = this.now();
  }
}
