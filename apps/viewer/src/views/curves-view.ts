import { type HistoryEntry, trainingCurvesSpec } from '@mnistkit/viz';
import type { Charts } from './charts.js';

/** Training curves (loss and accuracy, side by side) in an element, with a caption element. */
export function createCurvesView(charts: Charts, key: string, element: HTMLElement, caption: HTMLElement) {
  return {
    clear(text: string): void {
      charts.drop(key, element);
      caption.hidden = false;
      caption.textContent = text;
    },
    async show(history: readonly HistoryEntry[], text: string): Promise<void> {
      if (history.length === 0) return;
      // Two panels side by side, sized to the space the page gives them.
      const panelWidth = Math.max(200, Math.min(360, Math.floor(((element.clientWidth || 800) - 190) / 2)));
      await charts.show(key, element, trainingCurvesSpec([...history], { panelWidth, panelHeight: 220, title: null }));
      caption.textContent = text;
      element.dataset.epochs = String(history.length);
    },
  };
}

/** See {@link createCurvesView}. */
export type CurvesView = ReturnType<typeof createCurvesView>;
