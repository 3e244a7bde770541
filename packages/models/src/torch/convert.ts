import type * as tfl from '@tensorflow/tfjs-layers';
import { createModel, isModelName, type ModelName, modelNames } from '../registry.js';
import { TorchFileError } from './errors.js';
import { detectTorchLayout, loadStateDict, TORCH_LAYOUTS, toStateDict } from './layout.js';
import { readPth, writePth } from './pth.js';
import { readSafetensors, writeSafetensors } from './safetensors.js';
import type { StateDict } from './state-dict.js';

/** The two PyTorch weight file formats mnistkit reads and writes. */
export type TorchFormat = 'pth' | 'safetensors';

/** The format of a weights file, from its first bytes: a zip or a pickle is `torch.save`'s, else safetensors. */
export function detectTorchFormat(bytes: Uint8Array): TorchFormat {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  return zip || bytes[0] === 0x80 ? 'pth' : 'safetensors';
}

/** Reads a PyTorch state_dict from `torch.save` (zip or legacy) or safetensors bytes, by content. */
export function readStateDict(bytes: Uint8Array, source: string): StateDict {
  return detectTorchFormat(bytes) === 'pth' ? readPth(bytes, source) : readSafetensors(bytes, source);
}

/** Options for {@link modelFromTorch}. */
export interface FromTorchOptions {
  /** The file, for messages. */
  source: string;
  /** Which mnistkit model the weights are for; default: the one whose PyTorch keys match exactly. */
  model?: ModelName;
}

/** A model built from PyTorch weights. */
export interface TorchModel {
  /** The model; the caller disposes it. */
  model: tfl.LayersModel;
  name: ModelName;
  stateDict: StateDict;
}

/**
 * Builds the mnistkit model for a PyTorch state_dict (`.pth` from `torch.save(model.state_dict(), PATH)`, or
 * `.safetensors`) and sets its weights (see `loadStateDict`). Throws {@link TorchFileError} naming the file and
 * key. The caller disposes the model.
 */
export function modelFromTorch(bytes: Uint8Array | ArrayBuffer, options: FromTorchOptions): TorchModel {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const stateDict = readStateDict(data, options.source);
  const name = options.model ?? detectTorchLayout(stateDict);
  if (name === undefined || !isModelName(name)) {
    const keys = [...stateDict.keys()].slice(0, 6).join(', ');
    throw new TorchFileError(
      `${options.source}: its keys (${keys}${stateDict.size > 6 ? ', …' : ''}) match none of the tutorial's models (${modelNames
        .map((n) => `${TORCH_LAYOUTS[n].className}: ${TORCH_LAYOUTS[n].modules.map(([m]) => `${m}.*`).join(', ')}`)
        .join('; ')})`,
      options.source,
    );
  }
  const model = createModel(name, { seed: 1 });
  try {
    loadStateDict(model, stateDict, TORCH_LAYOUTS[name], options.source);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { model, name, stateDict };
}

/** Finds the registered model `model` was built as, by its layer names and weight shapes. */
function layoutNameOf(model: tfl.LayersModel): ModelName {
  for (const name of modelNames) {
    const layers = TORCH_LAYOUTS[name].modules.map(([, layer]) => layer);
    const own = model.layers.filter((l) => l.weights.length > 0).map((l) => l.name);
    if (own.length === layers.length && own.every((l, i) => l === layers[i])) return name;
  }
  throw new TorchFileError(
    `${model.name}: not one of the tutorial's models (weighted layers ${model.layers
      .filter((l) => l.weights.length > 0)
      .map((l) => l.name)
      .join(', ')}); no PyTorch layout for it`,
    model.name,
  );
}

/**
 * `model`'s weights as a PyTorch file: `pth` (`torch.load(path, weights_only=True)` reads it, the tutorial's
 * `SimpleCNN().load_state_dict(...)` takes it) or `safetensors`. `name` defaults to the registered model whose
 * layers `model` has.
 */
export function modelToTorch(
  model: tfl.LayersModel,
  format: TorchFormat,
  name: ModelName = layoutNameOf(model),
): Uint8Array {
  const tensors = toStateDict(model, TORCH_LAYOUTS[name]);
  return format === 'pth'
    ? writePth(tensors)
    : writeSafetensors(tensors, { format: 'pt', 'mnistkit.model': TORCH_LAYOUTS[name].className });
}
