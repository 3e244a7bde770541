import { renderInto } from '@mnistkit/viz';

/** A rendered Vega chart. */
export type ChartView = Awaited<ReturnType<typeof renderInto>>;

/** The charts on the page by key; a chart is finalized before it is replaced, so Vega frees its listeners. */
export class Charts {
  private readonly views = new Map<string, ChartView>();

  async show(key: string, element: HTMLElement, spec: Parameters<typeof renderInto>[1]): Promise<ChartView> {
    this.views.get(key)?.finalize();
    const view = await renderInto(element, spec);
    this.views.set(key, view);
    return view;
  }

  drop(key: string, element: HTMLElement): void {
    this.views.get(key)?.finalize();
    this.views.delete(key);
    element.replaceChildren();
  }
}
