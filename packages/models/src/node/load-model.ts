import { readFile, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ModelError } from '../errors.js';
import { type LoadCheckedOptions, loadCheckedModel, type WeightFileSource } from '../load-checked-model.js';
import { parseModelJson } from '../model-json.js';
import type { ClassifierShape } from '../validate.js';
import { MODEL_JSON } from './save-model.js';

function fileError(file: string, error: unknown, listedIn: string): ModelError {
  const code = (error as NodeJS.ErrnoException).code;
  return new ModelError(
    code === 'ENOENT' ? `${file}: weights file not found (listed in ${listedIn})` : `${file}: ${String(error)}`,
    file,
  );
}

/** Weight files inside `dir`: a path that resolves (through symlinks too) outside `dir` is refused. */
function weightFilesIn(dir: string, jsonPath: string): WeightFileSource {
  let root: Promise<string> | undefined;
  const inside = async (path: string): Promise<string> => {
    const file = join(dir, path);
    root ??= realpath(dir);
    let real: string;
    try {
      real = await realpath(file);
    } catch (error) {
      throw fileError(file, error, jsonPath);
    }
    const base = await root;
    if (!real.startsWith(base.endsWith(sep) ? base : base + sep)) {
      throw new ModelError(`${file}: resolves to ${real}, outside the model's folder ${base}; refused`, file);
    }
    return real;
  };
  return {
    describe: (path) => join(dir, path),
    size: async (path) => {
      const real = await inside(path);
      const info = await stat(real);
      if (!info.isFile()) throw new ModelError(`${join(dir, path)}: expected a weights file, found a directory`, real);
      return info.size;
    },
    read: async (path) => {
      const real = await inside(path);
      try {
        return new Uint8Array(await readFile(real));
      } catch (error) {
        throw fileError(join(dir, path), error, jsonPath);
      }
    },
  };
}

/**
 * Loads a model saved by `saveModel` (or any single-directory TF.js layers model) from `dir`, and checks it against
 * `expect` when given. model.json is checked before anything is read or allocated (`parseModelJson`,
 * `checkTopology`): weight paths must stay inside `dir`, the weight files' sizes must match the manifest, the
 * topology's layers must create exactly the listed weights. A model saved with probabilities comes back with logits
 * unless `options.output` is `'as-saved'`. Throws {@link ModelError} naming the file. Caller disposes the model.
 */
export async function loadModel(
  dir: string,
  expect?: ClassifierShape,
  options: Pick<LoadCheckedOptions, 'output'> = {},
): Promise<tfl.LayersModel> {
  const jsonPath = join(dir, MODEL_JSON);
  let text: string;
  try {
    text = await readFile(jsonPath, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ModelError(
      code === 'ENOENT'
        ? `${jsonPath}: file not found (expected a TF.js model directory)`
        : `${jsonPath}: ${String(e)}`,
      jsonPath,
    );
  }
  const json = parseModelJson(text, jsonPath);
  const checked = { ...options, source: jsonPath, ...(expect === undefined ? {} : { expect }) };
  return (await loadCheckedModel(json, weightFilesIn(dir, jsonPath), checked)).model;
}
