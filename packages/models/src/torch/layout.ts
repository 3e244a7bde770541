import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ModelName } from '../registry.js';
import { TorchFileError } from './errors.js';
import type { NamedTensor } from './pickle-writer.js';
import type { StateDict } from './state-dict.js';

/** How a PyTorch module's parameters map onto a mnistkit model: PyTorch module path → TF.js layer name. */
export interface TorchLayout {
  /** The PyTorch class, for messages (`SimpleCNN`). */
  className: string;
  /** `[module, layer]` pairs in `state_dict()` order: `module.weight`/`module.bias` ↔ `layer/kernel`/`layer/bias`. */
  modules: readonly (readonly [string, string])[];
}

/** The tutorial's PyTorch modules, by mnistkit model name. */
export const TORCH_LAYOUTS: Record<ModelName, TorchLayout> = {
  simpleCNN: {
    className: 'SimpleCNN',
    modules: [
      ['conv1.0', 'conv1'],
      ['conv2.0', 'conv2'],
      ['fc.1', 'fc1'],
      ['fc.4', 'fc2'],
    ],
  },
  tutorialModel: {
    className: 'Model',
    modules: [
      ['conv1', 'conv1'],
      ['conv2', 'conv2'],
    ],
  },
};

/** The registered model whose PyTorch keys are exactly those of `stateDict`, if any. */
export function detectTorchLayout(stateDict: StateDict): ModelName | undefined {
  const keys = [...stateDict.keys()].sort().join('\n');
  for (const [name, layout] of Object.entries(TORCH_LAYOUTS)) {
    const expected = layout.modules.flatMap(([m]) => [`${m}.weight`, `${m}.bias`]).sort();
    if (expected.join('\n') === keys) return name as ModelName;
  }
  return undefined;
}

/** One parameter as both sides see it. */
interface Param {
  key: string;
  variable: tfl.LayerVariable;
  /** PyTorch's shape of the parameter. */
  torchShape: number[];
  /** TF.js index for each PyTorch index: `tf[i] = torch[source[i]]`. */
  order: Int32Array;
}

/** For a Dense layer fed by Flatten of an `[h, w, c]` map: PyTorch's (c, h, w) input index for TF.js's (h, w, c) one. */
function flattenOrder(layer: tfl.layers.Layer, inputs: number): Int32Array {
  const identity = Int32Array.from({ length: inputs }, (_, i) => i);
  const previous = layer.inboundNodes[0]?.inboundLayers[0];
  if (previous?.getClassName() !== 'Flatten') return identity;
  const shape = (previous.input as tfl.SymbolicTensor).shape;
  if (shape.length !== 4) return identity;
  const [h, w, c] = shape.slice(1) as [number, number, number];
  const out = new Int32Array(inputs);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) out[(y * w + x) * c + k] = (k * h + y) * w + x;
  return out;
}

/** Index maps between TF.js layouts (conv `[kh,kw,in,out]`, dense `[in,out]`) and PyTorch's (`[out,in,kh,kw]`, `[out,in]`). */
function paramOf(key: string, layer: tfl.layers.Layer, variable: tfl.LayerVariable): Param {
  const shape = variable.shape as number[];
  const n = shape.reduce((a, b) => a * b, 1);
  const order = new Int32Array(n);
  if (shape.length === 4) {
    const [kh, kw, ci, co] = shape as [number, number, number, number];
    for (let y = 0; y < kh; y++)
      for (let x = 0; x < kw; x++)
        for (let i = 0; i < ci; i++)
          for (let o = 0; o < co; o++) order[((y * kw + x) * ci + i) * co + o] = ((o * ci + i) * kh + y) * kw + x;
    return { key, variable, torchShape: [co, ci, kh, kw], order };
  }
  if (shape.length === 2) {
    const [ni, no] = shape as [number, number];
    const rows = flattenOrder(layer, ni);
    for (let r = 0; r < ni; r++) for (let o = 0; o < no; o++) order[r * no + o] = o * ni + (rows[r] as number);
    return { key, variable, torchShape: [no, ni], order };
  }
  for (let i = 0; i < n; i++) order[i] = i;
  return { key, variable, torchShape: [...shape], order };
}

/** The parameters of `model` that `layout` maps, in PyTorch's `state_dict()` order. */
function paramsOf(model: tfl.LayersModel, layout: TorchLayout): Param[] {
  return layout.modules.flatMap(([module, layerName]) => {
    const layer = model.getLayer(layerName);
    return layer.weights.map((variable) => {
      const suffix = variable.originalName.split('/').pop();
      const torchName = suffix === 'kernel' ? 'weight' : suffix;
      return paramOf(`${module}.${torchName}`, layer, variable);
    });
  });
}

const fmt = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/**
 * Sets `model`'s weights from a PyTorch state_dict laid out as `layout`: conv `[out,in,kh,kw]` → `[kh,kw,in,out]`,
 * linear `[out,in]` → `[in,out]`, and a linear layer after a flatten gets its rows reordered from PyTorch's
 * channel-first flatten (c,h,w) to NHWC's (h,w,c). Everything is checked before any weight changes: a missing,
 * unexpected, wrongly shaped or non-float32 tensor throws {@link TorchFileError} naming the key, expected and found.
 */
export function loadStateDict(model: tfl.LayersModel, stateDict: StateDict, layout: TorchLayout, source: string): void {
  const params = paramsOf(model, layout);
  const expected = new Set(params.map((p) => p.key));
  for (const key of stateDict.keys()) {
    if (!expected.has(key)) {
      throw new TorchFileError(
        `${source}: unexpected key ${key}; ${layout.className} has ${[...expected].join(', ')}`,
        source,
      );
    }
  }
  const values = params.map((p) => {
    const t = stateDict.get(p.key);
    const want = `float32 ${fmt(p.torchShape)}`;
    if (t === undefined) throw new TorchFileError(`${source}: ${p.key}: expected ${want}, found no such key`, source);
    const same = t.shape.length === p.torchShape.length && t.shape.every((d, i) => d === p.torchShape[i]);
    if (!same || t.dtype !== 'float32' || t.data === undefined) {
      throw new TorchFileError(`${source}: ${p.key}: expected ${want}, found ${t.dtype} ${fmt(t.shape)}`, source);
    }
    const out = new Float32Array(p.order.length);
    for (let i = 0; i < out.length; i++) out[i] = t.data[p.order[i] as number] as number;
    return out;
  });
  tf.tidy(() => {
    params.forEach((p, i) => {
      p.variable.write(tf.tensor(values[i] as Float32Array, p.variable.shape as number[], 'float32'));
    });
  });
}

/** `model`'s weights as the PyTorch state_dict of `layout` (the reverse of {@link loadStateDict}), in key order. */
export function toStateDict(model: tfl.LayersModel, layout: TorchLayout): NamedTensor[] {
  return paramsOf(model, layout).map((p) => {
    const values = p.variable.read().dataSync() as Float32Array;
    const data = new Float32Array(values.length);
    for (let i = 0; i < data.length; i++) data[p.order[i] as number] = values[i] as number;
    return { name: p.key, shape: p.torchShape, data };
  });
}
