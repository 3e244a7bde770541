import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { relaxedSimdNodeFlags } from '@mnistkit/backend';
import { readRunHistory } from '@mnistkit/training/node';
import { runChild, tail } from './child.js';
import { parseReference, plainMnistDir, REFERENCE_SCRIPT, type TorchPython } from './pytorch.js';

/** The trainer app, built beside this one (the root `bench` script builds it). */
const TRAINER = new URL('../../trainer/dist/cli.js', import.meta.url).pathname;

/** One 10-epoch run: wall time, time in epochs, test accuracy (percent), peak RSS, seconds of each epoch. */
export interface FullRun {
  label: string;
  wall: number;
  epochs: number[];
  testAccuracy: number;
  peakRss: number | null;
}

/**
 * mnistkit's default run on its wasm path, `mnistkit-train --backend wasm` (10 epochs, batch 64, threads auto; the
 * backend is named because `auto` takes native TensorFlow where `pnpm setup:tensorflow` has built it); `extraArgs` are
 * passed on (tests run a short one).
 */
export async function mnistkitFull(log: (line: string) => void, extraArgs: readonly string[] = []): Promise<FullRun> {
  const dir = await mkdtemp(join(tmpdir(), 'mnistkit-bench-'));
  try {
    const out = join(dir, 'run');
    const flags = relaxedSimdNodeFlags();
    const args = [...flags, TRAINER, '--out', out, '--backend', 'wasm', ...extraArgs];
    log(`mnistkit: node ${args.join(' ')}`);
    const r = await runChild(process.execPath, args, {
      onLine: (line) => line.startsWith('Epoch') && log(`  ${line}`),
    });
    if (r.code !== 0) throw new Error(`mnistkit-train exited ${r.code}:\n${tail(r.stderr || r.stdout)}`);
    // The run format is @mnistkit/training's: readRunHistory checks it and names the file and field it rejects.
    const history = await readRunHistory(out);
    const epochs = history.history.map((e) => e.seconds);
    const accuracy = history.test?.accuracy;
    if (epochs.length === 0 || accuracy === undefined) {
      throw new Error(
        `${join(out, 'history.json')}: expected epochs and a test accuracy, found ${epochs.length} epochs`,
      );
    }
    return { label: 'mnistkit (wasm)', wall: r.seconds, epochs, testAccuracy: 100 * accuracy, peakRss: r.peakRss };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** PyTorch's reference script with its defaults (10 epochs, batch 64) on 2 threads. */
export async function pytorchFull(torch: TorchPython, log: (line: string) => void): Promise<FullRun> {
  const args = [REFERENCE_SCRIPT, '--data', await plainMnistDir(), '--threads', '2'];
  log(`PyTorch ${torch.torch}: ${torch.python} ${args.join(' ')}`);
  const r = await runChild(torch.python, args, { onLine: (line) => line.startsWith('epoch') && log(`  ${line}`) });
  const out = parseReference(r.stdout);
  if (r.code !== 0 || out.testAccuracy === undefined || out.epochs.length === 0) {
    throw new Error(`pytorch_reference.py exited ${r.code}:\n${tail(r.stderr || r.stdout)}`);
  }
  return {
    label: `PyTorch ${torch.torch}`,
    wall: r.seconds,
    epochs: out.epochs.map((e) => e.seconds),
    testAccuracy: out.testAccuracy,
    peakRss: r.peakRss,
  };
}

const median = (v: readonly number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** The comparison table of both runs and the verdicts against issue 14's bars. */
export function formatFull(ours: FullRun, theirs: FullRun | null): string {
  const mib = (b: number | null) => (b === null ? 'n/a' : `${Math.round(b / 2 ** 20)} MiB`);
  const row = (r: FullRun) => {
    const med = median(r.epochs);
    const sum = r.epochs.reduce((a, b) => a + b, 0);
    return (
      `${r.label.padEnd(20)}${`${r.wall.toFixed(1)} s`.padStart(10)}${`${sum.toFixed(1)} s`.padStart(11)}` +
      `${`${r.testAccuracy.toFixed(2)} %`.padStart(10)}${mib(r.peakRss).padStart(10)}` +
      `   ${Math.min(...r.epochs).toFixed(1)} / ${med.toFixed(1)} / ${Math.max(...r.epochs).toFixed(1)} s` +
      `   max/median ${(Math.max(...r.epochs) / med).toFixed(2)}`
    );
  };
  const lines = [
    `${''.padEnd(20)}${'wall'.padStart(10)}${'in epochs'.padStart(11)}${'test acc'.padStart(10)}${'peak RSS'.padStart(10)}   epoch min / median / max`,
    row(ours),
  ];
  if (theirs !== null) lines.push(row(theirs));
  const spread = Math.max(...ours.epochs) / median(ours.epochs);
  const verdicts = [
    `slowest epoch ${spread.toFixed(2)}× the median (bar ≤ 1.15: ${spread <= 1.15 ? 'met' : 'not met'})`,
    `test accuracy ${ours.testAccuracy.toFixed(2)} % (bar ≥ 99.2: ${ours.testAccuracy >= 99.2 ? 'met' : 'not met'})`,
  ];
  if (ours.peakRss !== null) {
    const mb = ours.peakRss / 2 ** 20;
    verdicts.push(`peak RSS ${Math.round(mb)} MiB (bar ≤ 600: ${mb <= 600 ? 'met' : 'not met'})`);
  }
  if (theirs !== null) {
    const ratio = ours.wall / theirs.wall;
    verdicts.unshift(`wall time ×${ratio.toFixed(2)} PyTorch's (bar ≤ 1.1: ${ratio <= 1.1 ? 'met' : 'not met'})`);
  }
  lines.push('', `mnistkit: ${verdicts.join('; ')}`);
  return lines.join('\n');
}
