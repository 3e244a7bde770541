import { applyTransform, defaultTransform } from '@mnistkit/data';
import { formatPercent } from '@mnistkit/models';
import { outputsAreProbabilities } from '@mnistkit/training';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Ui } from '../dom.js';
import { attachDrawPad } from '../draw-pad.js';
import { messageOf } from '../errors.js';
import { MNIST_SIZE, mnistFromDrawing, rgbaToGray } from '../preprocess.js';

type DrawUi = Pick<Ui, 'drawCanvas' | 'drawClear' | 'drawPreview' | 'drawPrediction' | 'probabilities'>;

/** What the draw pad needs from the rest of the page. */
export interface DrawSource {
  model: () => LayersModel | undefined;
  classNames: () => readonly string[];
  onError: (message: string) => void;
}

function strong(text: string): HTMLElement {
  const element = document.createElement('strong');
  element.textContent = text;
  return element;
}

/**
 * The draw pad: a digit drawn with pointer strokes is made into an MNIST image (shown next to it) and classified on
 * the page's backend; the ten probabilities are listed. `refresh()` classifies again (new model, new names).
 */
export class DrawView {
  private predicting = false;
  private again = false;

  constructor(
    private readonly ui: DrawUi,
    private readonly source: DrawSource,
  ) {
    const clear = attachDrawPad(ui.drawCanvas, { onChange: () => this.refresh() });
    ui.drawClear.addEventListener('click', clear);
    this.preview(null);
  }

  /** Classifies the drawing again; calls during a classification are folded into one more. */
  refresh(): void {
    void this.run();
  }

  private async run(): Promise<void> {
    if (this.predicting) {
      this.again = true;
      return;
    }
    this.predicting = true;
    try {
      do {
        this.again = false;
        await this.predictOnce();
      } while (this.again);
    } catch (error) {
      this.source.onError(`Could not classify the drawing. ${messageOf(error)}`);
    } finally {
      this.predicting = false;
    }
  }

  private preview(pixels: Uint8Array | null): void {
    const ctx = this.ui.drawPreview.getContext('2d');
    if (ctx === null) return;
    const image = ctx.createImageData(MNIST_SIZE, MNIST_SIZE);
    for (let i = 0; i < MNIST_SIZE * MNIST_SIZE; i++) {
      const v = pixels?.[i] ?? 0;
      image.data.set([v, v, v, 255], i * 4);
    }
    ctx.putImageData(image, 0, 0);
  }

  private showProbabilities(values: number[]): void {
    const { ui } = this;
    const names = this.source.classNames();
    const best = values.indexOf(Math.max(...values));
    ui.drawPrediction.replaceChildren(
      'Prediction: ',
      strong(names[best] ?? String(best)),
      ` (${formatPercent(values[best] ?? 0)})`,
    );
    ui.drawPrediction.dataset.predicted = String(best);
    const rows = values.map((p, k) => {
      const tr = document.createElement('tr');
      if (k === best) tr.className = 'best';
      const bar = document.createElement('div');
      bar.style.width = `${(p * 100).toFixed(1)}%`;
      for (const [i, content] of [names[k] ?? String(k), bar, formatPercent(p)].entries()) {
        const td = tr.insertCell();
        if (i === 1) td.className = 'bar';
        td.append(content);
      }
      tr.dataset.probability = String(p);
      return tr;
    });
    ui.probabilities.replaceChildren(...rows);
  }

  private async predictOnce(): Promise<void> {
    const { ui } = this;
    const canvas = ui.drawCanvas;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (ctx === null) return;
    const rgba = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const pixels = mnistFromDrawing(rgbaToGray(rgba, canvas.width, canvas.height), canvas.width, canvas.height);
    this.preview(pixels);
    const model = this.source.model();
    if (pixels === null) {
      ui.drawPrediction.textContent = 'Draw a digit in the black square.';
      delete ui.drawPrediction.dataset.predicted;
      ui.probabilities.replaceChildren();
      return;
    }
    if (model === undefined) {
      ui.drawPrediction.textContent = 'Load a model to see what it makes of your drawing.';
      return;
    }
    const input = applyTransform(defaultTransform(), pixels);
    const probabilities = tf.tidy(() => {
      const output = model.predict(tf.tensor4d(input, [1, MNIST_SIZE, MNIST_SIZE, 1])) as tf.Tensor2D;
      return outputsAreProbabilities(model) ? output : tf.softmax(output);
    });
    const values = Array.from(await probabilities.data());
    probabilities.dispose();
    this.showProbabilities(values);
  }
}
