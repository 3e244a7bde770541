#!/usr/bin/env node
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorLine, exitCodeOf } from './errors.js';
import { parseSetupArgs, SETUP_HELP } from './setup-tensorflow/options.js';

const PROGRAM = 'mnistkit-setup-tensorflow';

/** Runs `mnistkit-setup-tensorflow` on `argv`; resolves to the exit status. Never throws. */
export async function main(argv: readonly string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  try {
    const options = parseSetupArgs(argv);
    if (options.help) {
      process.stdout.write(SETUP_HELP);
      return 0;
    }
    const { runSetup } = await import('./setup-tensorflow/setup.js');
    const here = fileURLToPath(import.meta.url);
    return await runSetup(options, {
      // The trainer's own dependency first (what `mnistkit-train` imports), then the project run from.
      resolveFrom: [here, join(process.cwd(), 'package.json')],
      scanFrom: [here, process.cwd()],
      out: (line) => process.stdout.write(`${line}\n`),
      progress: (line) => process.stderr.write(`${PROGRAM}: ${line}\n`),
    });
  } catch (error) {
    process.stderr.write(`${PROGRAM}: ${errorLine(error)}\n`);
    if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return exitCodeOf(error);
  }
}

process.exitCode = await main(process.argv.slice(2));
