import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@mnistkit/fs';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ModelName } from '../registry.js';
import {
  type FromTorchOptions,
  modelFromTorch,
  modelToTorch,
  readStateDict,
  type TorchModel,
} from '../torch/convert.js';
import { TorchFileError } from '../torch/errors.js';
import type { StateDict } from '../torch/state-dict.js';

/** File names of the PyTorch copies of a model in a run directory. */
export const TORCH_FILES = { pth: 'model.pth', safetensors: 'model.safetensors' } as const;

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TorchFileError(
      code === 'ENOENT' ? `${path}: file not found` : `${path}: ${(error as Error).message}`,
      path,
    );
  }
}

/** Reads a PyTorch state_dict file (`torch.save` zip or legacy, or safetensors, told apart by content). */
export async function readTorchFile(path: string): Promise<StateDict> {
  return readStateDict(await readBytes(path), path);
}

/**
 * Builds the mnistkit model for a PyTorch weights file (`.pth` from `torch.save(model.state_dict(), PATH)`, or
 * `.safetensors`); see `modelFromTorch`. Throws {@link TorchFileError} naming the file and key. Caller disposes.
 */
export async function loadTorchModel(
  path: string,
  options: Omit<FromTorchOptions, 'source'> = {},
): Promise<TorchModel> {
  return modelFromTorch(await readBytes(path), { ...options, source: path });
}

/** `model` as `model.pth` and `model.safetensors`, in memory (for writing with other files in one batch). */
export function torchFiles(model: tfl.LayersModel, name?: ModelName): Record<string, Uint8Array> {
  return {
    [TORCH_FILES.pth]: modelToTorch(model, 'pth', name),
    [TORCH_FILES.safetensors]: modelToTorch(model, 'safetensors', name),
  };
}

/**
 * Writes `model` to `path` as PyTorch weights, atomically and durably (`writeFileAtomic` of `@mnistkit/fs`):
 * safetensors when `path` ends in `.safetensors`, else `torch.save`'s format (`torch.load(path, weights_only=True)`).
 */
export async function saveTorchModel(model: tfl.LayersModel, path: string, name?: ModelName): Promise<void> {
  await writeFileAtomic(path, modelToTorch(model, /\.safetensors$/i.test(path) ? 'safetensors' : 'pth', name));
}
