import { describe, expect, it } from 'vitest';
import { PlainProgress, renderBar, renderPlainLine, TerminalProgress } from './progress.js';

function sink(isTTY: boolean, columns = 100) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns, write: (c: string) => chunks.push(c) } };
}

describe('renderBar', () => {
  it('shows the bar, counts, samples/s and time left within the width', () => {
    const line = renderBar({ label: 'Epoch 1/10', done: 30_000, total: 60_000, elapsedSeconds: 10 }, 100);
    expect(line).toMatch(/^Epoch 1\/10 \[█+░+\] 30,000\/60,000 3,000 samples\/s 10\.0s left$/);
    const bar = /\[(.*)\]/.exec(line)?.[1] ?? '';
    expect(bar.split('█').length - 1).toBe(bar.length / 2);
    expect(line.length).toBeLessThan(100);
  });

  it('drops the bar, not the figures, on a narrow terminal', () => {
    const line = renderBar({ label: 'Epoch 1/10', done: 10, total: 100, elapsedSeconds: 1 }, 40);
    expect(line).not.toContain('[');
    expect(line.length).toBeLessThan(40);
    expect(renderBar({ label: 'E', done: 0, total: 100, elapsedSeconds: 0 }, 80)).not.toContain('samples/s');
  });

  it('writes plain lines with percent and time left', () => {
    expect(renderPlainLine({ label: 'Epoch 2/3', done: 250, total: 1000, elapsedSeconds: 5 })).toBe(
      '  Epoch 2/3: 250/1,000 (25%), 50 samples/s, 15.0s left',
    );
  });
});

describe('progress reporters', () => {
  it('redraws the terminal bar in place, throttled, and clears it at the end', () => {
    let t = 0;
    const { chunks, stream } = sink(true);
    const p = new TerminalProgress(stream, () => t, 100);
    p.start('Epoch 1/1', 100);
    t = 10;
    p.update(10); // throttled
    t = 200;
    p.update(50);
    t = 210;
    p.update(100); // last update always drawn
    p.finish();
    expect(chunks).toHaveLength(4);
    expect(chunks.every((c) => c.startsWith('\r'))).toBe(true);
    expect(chunks[2]).toContain('100/100');
    expect(chunks[3]).toBe('\r\x1b[2K');
    expect(chunks.join('')).not.toContain('\n');
  });

  it('falls back to 80 columns when the terminal reports none', () => {
    const { chunks, stream } = sink(true, 0);
    const p = new TerminalProgress(stream, () => 0, 100);
    p.start('Epoch 1/1', 100);
    expect(chunks[0]).toMatch(/^\rEpoch 1\/1 \[░+\] 0\/100/);
  });

  it('writes a plain line only every interval when not a terminal', () => {
    let t = 0;
    const { chunks, stream } = sink(false);
    const p = new PlainProgress(stream, () => t, 30_000);
    p.start('Epoch 1/1', 1000);
    t = 1000;
    p.update(100);
    expect(chunks).toHaveLength(0);
    t = 31_000;
    p.update(500);
    t = 32_000;
    p.update(600);
    p.finish();
    expect(chunks).toEqual(['  Epoch 1/1: 500/1,000 (50%), 16 samples/s, 31.0s left\n']);
  });
});

describe('resumed epochs', () => {
  it('does not count samples done before the resume towards the rate', () => {
    expect(renderPlainLine({ label: 'E', done: 600, total: 1000, elapsedSeconds: 2, initial: 500 })).toBe(
      '  E: 600/1,000 (60%), 50 samples/s, 8.0s left',
    );
  });
});
