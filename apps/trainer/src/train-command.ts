import { join, relative } from 'node:path';
import { describeModel } from '@mnistkit/models';
import { RUN_FILES, type RunHistory, restoreModelWeights } from '@mnistkit/training';
import { FileCheckpointStore, readRunHistory, updateLatest } from '@mnistkit/training/node';
import { missingFontReason } from '@mnistkit/viz/node';
import type { CliArgs } from './args.js';
import { type CommandIo, noteLine, printLine } from './command-io.js';
import { disposeRun, type PreparedRun, prepareRun } from './prepare-run.js';
import { doneLines, headerLines, interruptedLines, shownPath, verboseTestLine } from './report.js';
import { describeRecovery, type OpenRunDirectory, openRunDirectory } from './run-dir.js';
import { planRun, setupRun } from './run-plan.js';
import { RunRecord, startHistory } from './run-record.js';
import { saveRun } from './save-run.js';
import { RunTensorBoard } from './tensorboard-log.js';
import { testRun } from './test-run.js';
import { trainRun } from './train-run.js';

export type { CommandIo } from './command-io.js';

/** Remarks on what opening the run directory found: a stale lock replaced, leftovers of a crash cleaned. */
function openingNotes(dir: OpenRunDirectory): string[] {
  const notes: string[] = [];
  const stale = dir.lock.replacedStale;
  if (stale) {
    notes.push(
      `${shownPath(dir.lock.path)}: replaced the lock of process ${stale.pid} (since ${stale.startedAt}), which is no longer running`,
    );
  }
  const recovery = describeRecovery(dir.path, dir.recovered);
  if (recovery) notes.push(recovery);
  return notes;
}

/**
 * The session's TensorBoard log (a new event file; in memory while a completed run is trained further), starting
 * with the model's description and the epochs the run has that no event file holds yet: those of the checkpoint
 * beyond history.json (a kill before they were recorded, or a stopped session that kept its events in memory).
 */
async function openTensorBoard(run: PreparedRun, record: RunRecord, saved: RunHistory | null): Promise<RunTensorBoard> {
  const board = await RunTensorBoard.open(run.runDir, { deferred: record.deferred });
  try {
    await board.model(describeModel(run.model));
    await board.epochs(run.prior.slice(saved?.history.length ?? 0), run.settings.lr);
  } catch (error) {
    await board.close();
    throw error;
  }
  return board;
}

/**
 * Runs `mnistkit-train` with parsed arguments; returns the exit status (0, or 130/143 after Ctrl-C). The steps:
 * plan (read the command line) → open the run directory (lock it, clean up after a crash) → prepare (data,
 * backend, model, checkpoint, threads; everything checked before anything is written) → train → test → save (all
 * or nothing) → report. A failure removes only what this command created, and never touches a completed run.
 */
export async function runTrainCommand(args: CliArgs, io: CommandIo): Promise<number> {
  const note = (line: string) => noteLine(io, line);
  const plan = await planRun(args);
  const dir = await openRunDirectory(plan.runDir, {
    resuming: plan.resume !== null,
    flag: plan.flag,
    command: `mnistkit-train ${plan.flag} ${plan.runDir}`,
  });
  for (const line of openingNotes(dir)) note(line);
  const runDir = dir.path;
  let run: PreparedRun | undefined;
  let record: RunRecord | undefined;
  let board: RunTensorBoard | undefined;
  try {
    const saved = plan.resume ? await readRunHistory(runDir) : null;
    run = await prepareRun(plan, setupRun(plan, saved), runDir, {
      verbose: args.verbose,
      requireGpu: args.requireGpu,
      noSave: args.noSave,
      note,
    });
    for (const line of headerLines(run)) printLine(io, line);
    const fonts = missingFontReason();
    if (fonts !== undefined) note(`Note: ${fonts}`);
    record = new RunRecord(run, startHistory(run, new Date().toISOString()));
    await record.write();
    const latest = await updateLatest(runDir);
    if (!latest.updated) {
      note(
        `${shownPath(join(runDir, '..', 'latest'))}: left as it is (${latest.reason}); only the trainer's own pointer is replaced`,
      );
    }
    board = await openTensorBoard(run, record, saved);

    if (run.mode === 'train') {
      const trained = await trainRun(run, record, io, {
        logInterval: args.logInterval,
        evalEvery: args.evalEvery,
        testBatchSize: args.testBatchSize,
        tensorboard: board,
      });
      if (trained.signalExit !== null) {
        await record.interrupted();
        const extension =
          run.extendsCompleted && saved
            ? { completedEpochs: saved.history.length, epochs: run.settings.epochs }
            : undefined;
        for (const line of interruptedLines(runDir, trained, record.history.checkpoint, extension)) printLine(io, line);
        return trained.signalExit;
      }
    } else {
      // All epochs were trained before (the test or the save failed): test and save the last checkpoint's model.
      const checkpoint = run.checkpoint as NonNullable<PreparedRun['checkpoint']>;
      restoreModelWeights(run.model, checkpoint);
      printLine(io, `All ${checkpoint.epoch} epochs are trained; testing and saving the model of the last checkpoint`);
    }

    await testAndSave(run, record, board, args, io);
    return 0;
  } catch (error) {
    if (!record?.written) {
      // Nothing recorded: a new run takes back what it created (only that); a resumed one changed nothing.
      await dir.close();
      const left = await dir.removeCreated();
      for (const folder of left)
        note(`${relative(process.cwd(), folder) || '.'}: left in place, it holds files this run did not make`);
    } else if (!record.deferred) {
      // Best effort: the error being reported matters more than recording it.
      await record.failed().catch(() => {});
    }
    throw error;
  } finally {
    await board?.close();
    if (run) await disposeRun(run);
    await dir.close();
  }
}

/**
 * Steps 3 and 4 and the report: tests the model, saves the run all or nothing (with the interop files: model.pth,
 * model.safetensors, metrics.csv), then completes the session's TensorBoard log with the test charts.
 */
async function testAndSave(
  run: PreparedRun,
  record: RunRecord,
  board: RunTensorBoard,
  args: CliArgs,
  io: CommandIo,
): Promise<void> {
  const test = await testRun(run, args.testBatchSize);
  const history = await record.completed({
    loss: test.result.loss,
    accuracy: test.result.accuracy,
    seconds: test.seconds,
  });
  const { charts } = await saveRun(run, test, history, {
    modelName: run.modelName,
    noSave: args.noSave,
    exportLogits: args.exportLogits,
  });
  record.written = true;
  const note = (line: string) => noteLine(io, line);
  await finishTensorBoard(board, run.runDir, history, charts, note);
  if (run.extendsCompleted) {
    // The completed record's checkpoint was kept while the run was trained further; now it is an old one.
    await new FileCheckpointStore(join(run.runDir, RUN_FILES.checkpoints), { keepLast: 2, keepBest: true }).prune();
  }
  for (const line of doneLines(run.runDir, test, { noSave: args.noSave })) printLine(io, line);
  if (args.verbose) note(verboseTestLine(test));
}

/**
 * The test charts into TensorBoard once the run is saved. The run is complete by then, so a failure here is a note,
 * not a failed run.
 */
async function finishTensorBoard(
  board: RunTensorBoard,
  runDir: string,
  history: RunHistory,
  charts: Record<string, string | Uint8Array>,
  note: (line: string) => void,
): Promise<void> {
  const png = (name: string) => {
    const data = charts[name];
    return data instanceof Uint8Array ? data : undefined;
  };
  try {
    await board.finish(history.history.length, {
      confusion: png(RUN_FILES.confusionPng),
      misclassified: png(RUN_FILES.misclassified),
    });
  } catch (error) {
    note(
      `${shownPath(join(runDir, RUN_FILES.tensorboard))}: the run is saved, but its TensorBoard log could not be completed: ${(error as Error).message}`,
    );
  }
}
