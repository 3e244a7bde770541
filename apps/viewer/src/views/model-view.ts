import { formatCount } from '@mnistkit/models';
import type { Ui } from '../dom.js';
import { type LoadedModel, layerRows } from '../model-loading.js';

/** The model's status line, its layer table and parameter count. */
export function createModelView(
  ui: Pick<Ui, 'modelStatus' | 'layerTable' | 'modelSummary' | 'paramCount' | 'runStatus' | 'newestModel'>,
) {
  return {
    loading(): void {
      ui.modelStatus.textContent = 'loading…';
    },
    status(model: LoadedModel | undefined): void {
      ui.modelStatus.textContent =
        model === undefined ? 'none loaded' : `${model.source} — ${formatCount(model.model.countParams())} parameters`;
      ui.modelStatus.dataset.source = model?.source ?? '';
    },
    table(model: LoadedModel | undefined): void {
      const body = ui.layerTable.tBodies[0] as HTMLTableSectionElement;
      body.replaceChildren();
      if (model === undefined) {
        ui.layerTable.hidden = true;
        ui.modelSummary.textContent = 'No model loaded.';
        return;
      }
      for (const row of layerRows(model.model)) {
        const tr = body.insertRow();
        for (const [i, text] of [row.name, row.type, row.outputShape, formatCount(row.params)].entries()) {
          const td = tr.insertCell();
          td.textContent = text;
          if (i === 3) td.className = 'num';
        }
      }
      const total = model.model.countParams();
      ui.paramCount.textContent = formatCount(total);
      ui.paramCount.dataset.value = String(total);
      ui.modelSummary.textContent = `${model.model.name}: input ${JSON.stringify(model.model.inputs[0]?.shape)}, ${model.model.layers.length} layers, ${(model.weightBytes / 1024).toFixed(0)} KiB of weights (${model.source}).`;
      ui.layerTable.hidden = false;
    },
    note(text: string): void {
      ui.modelSummary.append(` ${text}`);
    },
    /** The served run's state while it trains ("epoch 2 of 3, training"), and the newest model it saved. */
    run(text: string, epochs: number, newest: string | undefined): void {
      ui.runStatus.textContent = text;
      ui.runStatus.dataset.epochs = String(epochs);
      ui.newestModel.hidden = newest === undefined;
      ui.newestModel.dataset.url = newest ?? '';
    },
  };
}

/** See {@link createModelView}. */
export type ModelView = ReturnType<typeof createModelView>;
