import { join, relative } from 'node:path';
import { RUN_FILES, restoreModelWeights } from '@mnistkit/training';
import { FileCheckpointStore, readRunHistory, updateLatest } from '@mnistkit/training/node';
import type { CliArgs } from './args.js';
import { type CommandIo, noteLine, printLine } from './command-io.js';
import { disposeRun, type PreparedRun, prepareRun } from './prepare-run.js';
import { doneLines, headerLines, interruptedLines, shownPath, verboseTestLine } from './report.js';
import { describeRecovery, type OpenRunDirectory, openRunDirectory } from './run-dir.js';
import { planRun, setupRun } from './run-plan.js';
import { RunRecord, startHistory } from './run-record.js';
import { saveRun } from './save-run.js';
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
  try {
    const saved = plan.resume ? await readRunHistory(runDir) : null;
    run = await prepareRun(plan, setupRun(plan, saved), runDir, {
      verbose: args.verbose,
      requireGpu: args.requireGpu,
      note,
    });
    for (const line of headerLines(run)) printLine(io, line);
    record = new RunRecord(run, startHistory(run, new Date().toISOString()));
    await record.write();
    const latest = await updateLatest(runDir);
    if (!latest.updated) {
      note(
        `${shownPath(join(runDir, '..', 'latest'))}: left as it is (${latest.reason}); only the trainer's own pointer is replaced`,
      );
    }

    if (run.mode === 'train') {
      const trained = await trainRun(run, record, io);
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

    const test = await testRun(run);
    const history = await record.completed({
      loss: test.result.loss,
      accuracy: test.result.accuracy,
      seconds: test.seconds,
    });
    await saveRun(run, test, history);
    record.written = true;
    if (run.extendsCompleted) {
      // The completed record's checkpoint was kept while the run was trained further; now it is an old one.
      await new FileCheckpointStore(join(runDir, RUN_FILES.checkpoints), { keepLast: 2, keepBest: true }).prune();
    }
    for (const line of doneLines(runDir, test)) printLine(io, line);
    if (args.verbose) note(verboseTestLine(test));
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
    if (run) await disposeRun(run);
    await dir.close();
  }
}
