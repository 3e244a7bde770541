import { join, relative } from 'node:path';
import { countParameters } from '@mnistkit/models';
import type { EpochEndEvent } from '@mnistkit/training';
import * as tf from '@tensorflow/tfjs-core';
import type { PreparedRun } from './prepare-run.js';
import type { EpochRecord, HistoryFile, SessionRecord } from './records.js';
import { RUN_FILES, writeJsonAtomic } from './run-dir.js';
import { TRAINER_VERSION } from './version.js';

/** An epoch's history.json entry from the training loop's event; `samplesPerSecond` over the training samples. */
export function epochRecord(event: EpochEndEvent, trainSamples: number): EpochRecord {
  const e = event.entry;
  return {
    epoch: e.epoch,
    trainLoss: e.trainLoss,
    trainAccuracy: e.trainAccuracy,
    valLoss: e.valLoss ?? null,
    valAccuracy: e.valAccuracy ?? null,
    seconds: e.seconds,
    samplesPerSecond: e.seconds > 0 ? trainSamples / e.seconds : 0,
  };
}

/** The history.json a session starts from: the saved run's (up to its checkpoint) plus a new session entry. */
export function startHistory(run: PreparedRun, startedAt: string): HistoryFile {
  const { settings, data, backend, threads, checkpoint } = run;
  const saved = run.plan.saved;
  const prior = (saved?.history ?? []).slice(0, checkpoint?.epoch ?? 0);
  return {
    format: 'mnistkit-history',
    version: 1,
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
    },
    backend: backend.name,
    gpu: backend.gpu,
    tensorflow: backend.tensorflow ?? null,
    workers: threads.threads,
    backendAttempts: backend.report.attempts,
    history: prior,
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
        workers: threads.threads,
        firstEpoch: (checkpoint?.epoch ?? 0) + 1,
        lastEpoch: null,
        status: 'running',
      },
    ],
    checkpoint: saved?.checkpoint ?? null,
    versions: { trainer: TRAINER_VERSION, tfjs: tf.version_core, node: process.versions.node },
  };
}

/** The run's history.json as this session keeps it: each change is written at once (atomically). */
export class RunRecord {
  /** Whether this session has written history.json yet. */
  written = false;
  private readonly session: SessionRecord;

  constructor(
    private readonly run: PreparedRun,
    readonly history: HistoryFile,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {
    this.session = history.sessions.at(-1) as SessionRecord;
  }

  /** Writes history.json as it stands. */
  async write(): Promise<void> {
    this.history.timings.updatedAt = this.now();
    await writeJsonAtomic(join(this.run.runDir, RUN_FILES.history), this.history);
    this.written = true;
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

  /** Records the test and completion. */
  async completed(test: { loss: number; accuracy: number; seconds: number }): Promise<void> {
    this.finish('completed');
    this.history.test = test;
    this.history.timings.testSeconds = test.seconds;
    this.history.timings.finishedAt = this.session.finishedAt;
    this.history.checkpoint = await this.newestCheckpoint();
    await this.write();
  }

  private finish(status: SessionRecord['status']): void {
    this.history.status = status;
    this.session.status = status;
    this.session.finishedAt = this.now();
  }
}
