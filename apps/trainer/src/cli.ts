#!/usr/bin/env node
import { HELP, parseCliArgs } from './args.js';
import { errorLine, exitCodeOf } from './errors.js';
import { TRAINER_VERSION } from './version.js';

const PROGRAM = 'mnistkit-train';

/** Runs the CLI on `argv` (without node and the script); resolves to the exit status. Never throws. */
export async function main(argv: readonly string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  try {
    const args = parseCliArgs(argv);
    for (const note of args.notes) process.stderr.write(`${PROGRAM}: ${note}\n`);
    if (args.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (args.version) {
      process.stdout.write(`${TRAINER_VERSION}\n`);
      return 0;
    }
    // Loaded only now, so --help and flag errors answer without starting TensorFlow.js.
    const { runTrainCommand } = await import('./train-command.js');
    return await runTrainCommand(args, {
      stdout: process.stdout,
      stderr: process.stderr,
      exit: (code) => process.exit(code),
    });
  } catch (error) {
    process.stderr.write(`${PROGRAM}: ${errorLine(error)}\n`);
    if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return exitCodeOf(error);
  }
}

process.exitCode = await main(process.argv.slice(2));
