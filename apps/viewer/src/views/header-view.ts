import type { BackendAttempt, BackendReport } from '@mnistkit/backend';
import type { Ui } from '../dom.js';

/** One line per backend tried, as the Node trainer prints them. */
export function attemptLines(attempts: readonly BackendAttempt[]): string {
  return attempts
    .map((a) => `${a.name}: ${a.ok ? 'selected' : a.passedOver ? 'passed over' : 'unavailable'}: ${a.reason}`)
    .join('\n');
}

/** The header: which backend runs and why, and how many threads compute. */
export function createHeaderView(ui: Pick<Ui, 'backendName' | 'backendDetail' | 'threads'>) {
  return {
    backend(report: BackendReport | undefined): void {
      ui.backendName.textContent = report?.name ?? 'none';
      ui.backendDetail.textContent = report === undefined ? '' : attemptLines(report.attempts);
      document.body.dataset.backend = report?.name ?? '';
    },
    threads(text: string, count: number): void {
      ui.threads.textContent = text;
      ui.threads.dataset.count = String(count);
    },
  };
}
