import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { handleInterrupts, signalExitCode } from './signals.js';

describe('handleInterrupts', () => {
  it('aborts on the first signal, calls onSecond on the next, and detaches on dispose', () => {
    const source = new EventEmitter();
    const seen: string[] = [];
    const interrupt = handleInterrupts({
      onFirst: (s) => seen.push(`first ${s}`),
      onSecond: (s) => seen.push(`second ${s}`),
      source: source as never,
    });
    expect(interrupt.signal.aborted).toBe(false);
    source.emit('SIGINT', 'SIGINT');
    expect(interrupt.signal.aborted).toBe(true);
    expect(interrupt.received()).toBe('SIGINT');
    source.emit('SIGTERM', 'SIGTERM');
    expect(seen).toEqual(['first SIGINT', 'second SIGTERM']);
    interrupt.dispose();
    expect(source.listenerCount('SIGINT')).toBe(0);
    expect(source.listenerCount('SIGTERM')).toBe(0);
  });

  it('exits as shells report signals', () => {
    expect(signalExitCode('SIGINT')).toBe(130);
    expect(signalExitCode('SIGTERM')).toBe(143);
  });
});
