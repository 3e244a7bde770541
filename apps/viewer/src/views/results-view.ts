import { formatCount, formatPercent } from '@mnistkit/models';
import { confusionMatrixSpec, perClassAccuracySpec, sampleGridSpec } from '@mnistkit/viz';
import type { Ui } from '../dom.js';
import { cellSamples, type ViewerEvaluation } from '../evaluation.js';
import type { Charts } from './charts.js';

/** Images a gallery shows at most (the pool keeps as many mistakes). */
export const GALLERY_SIZE = 40;

type ResultsUi = Pick<
  Ui,
  | 'evaluate'
  | 'cancel'
  | 'progress'
  | 'progressText'
  | 'results'
  | 'resultsEmpty'
  | 'accuracy'
  | 'accuracyDetail'
  | 'perClassChart'
  | 'confusionChart'
  | 'cellView'
  | 'cellForm'
  | 'cellTrue'
  | 'cellPredicted'
  | 'cellTitle'
  | 'cellImages'
  | 'misclassified'
>;

type Images = { get(i: number): { image: Uint8Array } };

/** Images per gallery row that fit the page: captions read "true → predicted (confidence)" at about 6.4 px a letter. */
function galleryColumns(names: readonly string[], width: number): number {
  const longest = Math.max(...names.map((n) => n.length));
  const cell = Math.max(64, (2 * longest + 12) * 6.4 + 12);
  return Math.max(1, Math.min(10, Math.floor((width || 1000) / cell)));
}

function gridSamples(indices: number[], result: ViewerEvaluation, images: Images) {
  return indices.map((i) => ({
    image: images.get(i).image,
    label: result.samples.labels[i] as number,
    predicted: result.samples.predicted[i] as number,
    confidence: result.samples.confidences[i] as number,
  }));
}

/** The evaluation's progress and its results: accuracy, per-class chart, confusion matrix with drill-down, mistakes. */
export class ResultsView {
  constructor(
    private readonly ui: ResultsUi,
    private readonly charts: Charts,
  ) {}

  canEvaluate(enabled: boolean): void {
    this.ui.evaluate.disabled = !enabled;
  }

  clear(): void {
    const { ui, charts } = this;
    ui.results.hidden = true;
    ui.resultsEmpty.hidden = false;
    ui.cellView.hidden = true;
    // The tests (and the benchmark) wait on these attributes: they must only be there for a finished run.
    for (const element of [ui.accuracy, ui.misclassified, ui.cellView, ui.progressText]) {
      for (const key of Object.keys(element.dataset)) delete element.dataset[key];
    }
    charts.drop('per-class', ui.perClassChart);
    charts.drop('confusion', ui.confusionChart);
    charts.drop('cell', ui.cellImages);
    charts.drop('misclassified', ui.misclassified);
  }

  started(total: number, where: string): void {
    const { ui } = this;
    ui.cancel.hidden = false;
    ui.progress.hidden = false;
    ui.progress.value = 0;
    ui.progressText.textContent = `Evaluating ${formatCount(total)} images on ${where}…`;
    document.body.dataset.evaluating = 'true';
  }

  progress(done: number, total: number, where: string): void {
    this.ui.progress.value = done / total;
    this.ui.progressText.textContent = `${formatCount(done)} / ${formatCount(total)} images on ${where}`;
  }

  ended(outcome: 'done' | 'cancelled' | 'failed', result?: ViewerEvaluation): void {
    const { ui } = this;
    ui.cancel.hidden = true;
    ui.progress.hidden = true;
    delete document.body.dataset.evaluating;
    if (outcome === 'cancelled') ui.progressText.textContent = 'Evaluation cancelled.';
    if (outcome === 'failed') ui.progressText.textContent = '';
    if (result === undefined) return;
    const threads = `${result.threads} thread${result.threads === 1 ? '' : 's'}`;
    ui.progressText.textContent = `${formatCount(result.total)} images in ${result.seconds.toFixed(2)} s on ${result.backend}, ${threads} (${formatCount(Math.round(result.total / result.seconds))} images/s)`;
    ui.progressText.dataset.seconds = String(result.seconds);
    ui.progressText.dataset.backend = result.backend;
    ui.progressText.dataset.threads = String(result.threads);
  }

  async show(result: ViewerEvaluation, images: Images, names: readonly string[]): Promise<void> {
    const { ui } = this;
    ui.cellView.hidden = true;
    ui.accuracy.textContent = formatPercent(result.accuracy);
    ui.accuracy.dataset.correct = String(result.correct);
    ui.accuracy.dataset.total = String(result.total);
    ui.accuracyDetail.textContent = `(${formatCount(result.correct)} of ${formatCount(result.total)} correct, backend ${result.backend})`;
    ui.results.hidden = false;
    ui.resultsEmpty.hidden = true;
    await this.charts.show('per-class', ui.perClassChart, perClassAccuracySpec(result.perClassAccuracy, names));
    await this.showConfusion(result, images, names);
    await this.showMistakes(result, images, names);
  }

  private async showConfusion(result: ViewerEvaluation, images: Images, names: readonly string[]): Promise<void> {
    const { ui } = this;
    const confusion = await this.charts.show(
      'confusion',
      ui.confusionChart,
      confusionMatrixSpec(result.confusion, names),
    );
    confusion.addEventListener('click', (_event, item) => {
      const datum = (item as { datum?: { trueLabel?: string; predicted?: string } } | null | undefined)?.datum;
      if (datum?.trueLabel === undefined || datum.predicted === undefined) return;
      void this.showCell(result, images, names, names.indexOf(datum.trueLabel), names.indexOf(datum.predicted));
    });
    // The same drill-down without a pointer: two selects (rebuilt here, so one listener per result).
    for (const select of [ui.cellTrue, ui.cellPredicted]) {
      select.replaceChildren(...names.map((name, k) => new Option(name, String(k))));
    }
    ui.cellForm.onsubmit = (event) => {
      event.preventDefault();
      void this.showCell(result, images, names, Number(ui.cellTrue.value), Number(ui.cellPredicted.value));
    };
  }

  private async showMistakes(result: ViewerEvaluation, images: Images, names: readonly string[]): Promise<void> {
    const { ui } = this;
    // The most confident mistakes first: they say most about what the model gets wrong.
    const wrong = result.total - result.correct;
    if (wrong === 0) {
      this.charts.drop('misclassified', ui.misclassified);
      ui.misclassified.textContent = 'None: every image was classified correctly.';
    } else {
      const shown = result.mistakes.slice(0, GALLERY_SIZE).map((m) => m.index);
      const title = `${formatCount(wrong)} misclassified${wrong > shown.length ? `; the ${shown.length} most confident shown` : ''}`;
      const spec = sampleGridSpec(gridSamples(shown, result, images), {
        classNames: names,
        columns: galleryColumns(names, ui.results.clientWidth),
        title,
      });
      await this.charts.show('misclassified', ui.misclassified, spec);
    }
    ui.misclassified.dataset.count = String(wrong);
  }

  private async showCell(result: ViewerEvaluation, images: Images, names: readonly string[], t: number, p: number) {
    const { ui } = this;
    if (t < 0 || p < 0) return;
    const indices = cellSamples(result, t, p);
    ui.cellView.hidden = false;
    ui.cellView.dataset.trueLabel = String(t);
    ui.cellView.dataset.predicted = String(p);
    ui.cellView.dataset.count = String(indices.length);
    const shown = indices.slice(0, GALLERY_SIZE);
    ui.cellTitle.textContent = `True ${names[t]}, predicted ${names[p]}: ${formatCount(indices.length)} image${indices.length === 1 ? '' : 's'}${indices.length > shown.length ? ` (first ${shown.length} shown)` : ''}`;
    if (shown.length === 0) {
      this.charts.drop('cell', ui.cellImages);
      return;
    }
    const columns = galleryColumns(names, ui.results.clientWidth);
    const spec = sampleGridSpec(gridSamples(shown, result, images), { classNames: names, columns, title: null });
    await this.charts.show('cell', ui.cellImages, spec);
    ui.cellView.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }
}
