import { rm, stat } from 'node:fs/promises';
import { describeModel } from '@mnistkit/models';
import { missingFontReason } from '@mnistkit/viz/node';
import type { CliArgs } from './args.js';
import { type CommandIo, noteLine, printLine } from './command-io.js';
import { disposeRun, type PreparedRun, prepareRun } from './prepare-run.js';
import { doneLines, headerLines, interruptedLines, verboseTestLine } from './report.js';
import { prepareRunDir, updateLatest } from './run-dir.js';
import { RunLogs } from './run-logs.js';
import { planRun } from './run-plan.js';
import { RunRecord, startHistory } from './run-record.js';
import { saveRun } from './save-run.js';
import { testRun } from './test-run.js';
import { trainRun } from './train-run.js';

export type { CommandIo } from './command-io.js';

/**
 * Runs `mnistkit-train` with parsed arguments; returns the exit status (0, or 130/143 after Ctrl-C). The steps:
 * plan (read the command line) → prepare (data, backend, model, threads) → train → test → save → report.
 */
export async function runTrainCommand(args: CliArgs, io: CommandIo): Promise<number> {
  const plan = await planRun(args);
  const existedBefore = await stat(plan.runDir).then(
    () => true,
    () => false,
  );
  const runDir = await prepareRunDir(plan.runDir, { resuming: plan.saved !== null });
  let run: PreparedRun | undefined;
  let record: RunRecord | undefined;
  let logs: RunLogs | undefined;
  try {
    const note = (line: string) => noteLine(io, line);
    run = await prepareRun(plan, runDir, {
      verbose: args.verbose,
      requireGpu: args.requireGpu,
      note,
      initFrom: args.initFrom,
    });
    for (const line of headerLines(run)) printLine(io, line);
    record = new RunRecord(run, startHistory(run, new Date().toISOString()));
    await record.write();
    await updateLatest(runDir);
    const fonts = missingFontReason();
    if (fonts !== undefined) note(`Note: ${fonts}`);
    logs = await RunLogs.open(
      runDir,
      record.history.history.map((h) => ({ ...h, lr: run?.settings.lr ?? 0 })),
    );
    await logs.model(describeModel(run.model));

    const logging = {
      logInterval: args.logInterval,
      evalEvery: args.evalEvery,
      testBatchSize: args.testBatchSize,
      logs,
    };
    const trained = await trainRun(run, record, io, logging);
    if (trained.signalExit !== null) {
      await record.interrupted();
      for (const line of interruptedLines(runDir, trained, record.history.checkpoint)) printLine(io, line);
      return trained.signalExit;
    }

    const test = await testRun(run, args.testBatchSize);
    await saveRun(run, test, record.history.history, trained.result.epochsCompleted, {
      modelName: run.plan.modelName,
      learningRate: run.settings.lr,
      noSave: args.noSave,
      exportLogits: args.exportLogits,
      logs,
    });
    await record.completed({ loss: test.result.loss, accuracy: test.result.accuracy, seconds: test.seconds });
    for (const line of doneLines(runDir, test)) printLine(io, line);
    if (args.verbose) noteLine(io, verboseTestLine(test));
    return 0;
  } catch (error) {
    // A run that failed before writing anything leaves no empty folder behind.
    if (!record?.written && !existedBefore && plan.saved === null) await rm(runDir, { recursive: true, force: true });
    // Best effort: the error being reported matters more than recording it.
    if (record?.written) await record.failed().catch(() => {});
    throw error;
  } finally {
    await logs?.close();
    if (run) await disposeRun(run);
  }
}
