// `pnpm bench`: SimpleCNN throughput of mnistkit, tfjs-node and PyTorch side by side in one run (see args.ts).
import { arch, cpus, release } from 'node:os';
import { type BenchArgs, parseBenchArgs, USAGE } from './args.js';
import { formatFull, mnistkitFull, pytorchFull } from './full.js';
import { findTorchPython, makeTorchVenv, type TorchPython } from './pytorch.js';
import { best, formatMarkdown, formatTable } from './report.js';
import { kernelTables, measureRounds } from './throughput.js';

const log = (line: string) => console.log(line);

async function torchFor(args: BenchArgs): Promise<TorchPython | null> {
  const found = await findTorchPython();
  if (found !== null) {
    log(`PyTorch ${found.torch}: ${found.python} (${found.source})`);
    return found;
  }
  if (!args.vsPytorch && !args.full) {
    log('PyTorch: no Python with torch found (MNISTKIT_PYTHON, the bench venv, python3); --vs-pytorch makes one');
    return null;
  }
  const made = await makeTorchVenv(process.env, log);
  log(`PyTorch ${made.torch}: ${made.python} (${made.source})`);
  return made;
}

function machine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${arch()} Linux ${release()}; Node ${process.version}`;
}

async function main(argv: readonly string[]): Promise<void> {
  const args = parseBenchArgs(argv);
  if (args.help) {
    log(USAGE);
    return;
  }
  log(`SimpleCNN on MNIST, batch 64 — ${machine()}; ${new Date().toISOString().slice(0, 10)}`);
  const torch = await torchFor(args);
  if (args.full) {
    const ours = await mnistkitFull(log);
    const theirs = torch === null ? null : await pytorchFull(torch, log);
    log(`\n10 epochs of the tutorial's recipe, one run after the other:\n${formatFull(ours, theirs)}`);
    return;
  }
  const { rows, missing, variant } = await measureRounds(args, torch, log);
  const top = best(rows);
  log(`\nbest of ${args.rounds} round(s); mnistkit's wasm module: ${variant ?? 'n/a'}`);
  log(formatTable(top, torch === null ? [...missing, { suite: 'pytorch', reason: 'no Python with torch' }] : missing));
  if (args.markdown) {
    const header = `Measured ${new Date().toISOString().slice(0, 10)} with \`pnpm bench${argv.length ? ` ${argv.join(' ')}` : ''}\` on ${machine()}; mnistkit's wasm module: ${variant ?? 'n/a'}; best of ${args.rounds} round(s).`;
    log(`\n${formatMarkdown(top, header)}`);
  }
  if (args.kernels) {
    log('');
    await kernelTables(log);
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`bench: ${error.message}`);
  process.exitCode = 1;
});
