import type * as tfl from '@tensorflow/tfjs-layers';
import { formatCount } from './format.js';

type Config = Record<string, unknown>;
type Layer = tfl.LayersModel['layers'][number];

/** Total number of weights (trainable and not) in the model. */
export function countParameters(model: tfl.LayersModel): number {
  return model.countParams();
}

function pair(v: unknown): string {
  const a = Array.isArray(v) ? v : [v, v];
  return `(${a.join(', ')})`;
}

function single(v: unknown): string {
  return Array.isArray(v) && v.every((x) => x === v[0]) ? String(v[0]) : String(v);
}

function activation(c: Config): string {
  return c.activation && c.activation !== 'linear' ? `, activation=${String(c.activation)}` : '';
}

function inChannels(layer: Layer): number | null {
  const input = layer.input;
  const s = (Array.isArray(input) ? input[0]?.shape : input.shape) ?? [];
  return s[s.length - 1] ?? null;
}

/** One layer's settings in PyTorch's `print(model)` words. */
function settings(layer: Layer): string {
  const c = layer.getConfig() as Config;
  switch (layer.getClassName()) {
    case 'Conv2D':
      return `Conv2d(${inChannels(layer)}, ${c.filters}, kernel_size=${pair(c.kernelSize)}, stride=${pair(
        c.strides,
      )}, padding=${String(c.padding)}${activation(c)})`;
    case 'MaxPooling2D':
      return `MaxPool2d(kernel_size=${single(c.poolSize)}, stride=${single(c.strides ?? c.poolSize)}, padding=${String(c.padding)})`;
    case 'Dense':
      return `Linear(in_features=${inChannels(layer)}, out_features=${c.units}, bias=${c.useBias === false ? 'False' : 'True'}${activation(c)})`;
    case 'Dropout':
      return `Dropout(p=${c.rate})`;
    case 'Flatten':
      return 'Flatten()';
    case 'Activation':
      return `${String(c.activation)}()`;
    default:
      return `${layer.getClassName()}()`;
  }
}

function shapeText(shape: tfl.Shape | tfl.Shape[]): string {
  const one = (s: tfl.Shape) => `[${s.map((d) => (d === null ? 'N' : d)).join(', ')}]`;
  return Array.isArray(shape[0]) ? (shape as tfl.Shape[]).map(one).join(' ') : one(shape as tfl.Shape);
}

/**
 * The model as text in the tutorial's `print(model)` style: one line per layer with its name, settings, output
 * shape (N = batch) and parameter count, then `Total parameters: 421,642`.
 */
export function describeModel(model: tfl.LayersModel): string {
  const rows = model.layers
    .filter((layer) => layer.getClassName() !== 'InputLayer')
    .map((layer) => ({
      head: `  (${layer.name}): ${settings(layer)}`,
      shape: shapeText(layer.outputShape),
      params: layer.countParams(),
    }));
  const width = Math.max(...rows.map((r) => r.head.length));
  const shapeWidth = Math.max(...rows.map((r) => r.shape.length));
  const lines = rows.map((r) => {
    const params = r.params > 0 ? `  ${formatCount(r.params)} params` : '';
    return `${r.head.padEnd(width)}  -> ${r.shape.padEnd(shapeWidth)}${params}`.trimEnd();
  });
  const trainable = model.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
  const total = countParameters(model);
  const footer = [`Total parameters: ${formatCount(total)}`];
  if (trainable !== total) footer.push(`Trainable parameters: ${formatCount(trainable)}`);
  return [`${model.name}(`, ...lines, ')', ...footer].join('\n');
}
