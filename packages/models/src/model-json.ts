import type { io } from '@tensorflow/tfjs-core';
import { ModelError } from './errors.js';

/** One group of a model.json `weightsManifest`: weight files read one after another, and the weights they hold. */
export interface WeightsGroup {
  paths: string[];
  weights: io.WeightsManifestEntry[];
}

/** A TF.js layers-model `model.json` whose structure, weight paths and weight specs have been checked. */
export interface ModelJson {
  modelTopology: object;
  weightsManifest: WeightsGroup[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: io.TrainingConfig;
  userDefinedMetadata?: Record<string, unknown>;
}

/** Bytes per stored element, by dtype (quantized weights are stored as their quantization dtype). */
const STORED_BYTES: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  uint8: 1,
  uint16: 2,
  float16: 2,
};
const WEIGHT_DTYPES = new Set(['float32', 'int32', 'bool', 'complex64']);
const QUANT_DTYPES = new Set(['uint8', 'uint16', 'float16']);

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/**
 * Checks one weight path of model.json and returns it relative to the model's folder, `.` segments dropped
 * (`./weights.bin` → `weights.bin`). Refuses what could leave that folder: absolute paths, URLs, `..` (also
 * percent-encoded, which URLs decode), backslashes, query strings, empty segments.
 */
export function checkWeightPath(path: unknown, source: string, field = 'weight path'): string {
  const bad = (why: string) =>
    new ModelError(
      `${source}: ${field} ${describe(path)} ${why}; weight files must sit inside the model's folder`,
      source,
    );
  if (typeof path !== 'string' || path === '') throw bad('is not a file name');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
  if (/[\u0000-\u001f\\?#]/.test(path)) throw bad('holds a backslash, "?", "#" or a control character');
  if (path.startsWith('/')) throw bad('is absolute');
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) throw bad('is a URL');
  const segments: string[] = [];
  for (const raw of path.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      throw bad('has a malformed %-escape');
    }
    if (segment === '.' && raw !== '') continue;
    if (segment === '..') throw bad('leaves the model folder (..)');
    if (segment === '' || segment.includes('/') || segment.includes('\\')) throw bad('has an empty or encoded segment');
    segments.push(raw);
  }
  if (segments.length === 0) throw bad('names no file');
  return segments.join('/');
}

/**
 * The URL of a weights file listed in the model.json at `modelJsonUrl`; throws {@link ModelError} unless it lies
 * under the model.json's folder (the URL prefix every weights file must share).
 */
export function weightUrl(path: string, modelJsonUrl: string): string {
  const relative = checkWeightPath(path, modelJsonUrl);
  const folder = new URL('./', modelJsonUrl).href;
  const url = new URL(relative, folder).href;
  if (!url.startsWith(folder)) {
    throw new ModelError(
      `${modelJsonUrl}: weight path ${describe(path)} resolves to ${url}, outside ${folder}`,
      modelJsonUrl,
    );
  }
  return url;
}

function checkShape(shape: unknown, field: string, source: string): number {
  if (!Array.isArray(shape))
    throw new ModelError(`${source}: ${field}.shape: expected an array, found ${describe(shape)}`, source);
  let count = 1;
  for (const [i, d] of shape.entries()) {
    if (!Number.isSafeInteger(d) || (d as number) < 0) {
      throw new ModelError(
        `${source}: ${field}.shape[${i}]: expected a whole number ≥ 0, found ${describe(d)}`,
        source,
      );
    }
    count *= d as number;
    if (!Number.isSafeInteger(count)) {
      throw new ModelError(`${source}: ${field}.shape ${JSON.stringify(shape)} is too large to be real`, source);
    }
  }
  return count;
}

/** Bytes one manifest entry occupies in the weight files, or a {@link ModelError} naming the field. */
function entryBytes(entry: unknown, field: string, source: string): number {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new ModelError(`${source}: ${field}: expected { name, shape, dtype }, found ${describe(entry)}`, source);
  }
  const e = entry as Record<string, unknown>;
  if (typeof e.name !== 'string' || e.name === '') {
    throw new ModelError(`${source}: ${field}.name: expected a weight name, found ${describe(e.name)}`, source);
  }
  const count = checkShape(e.shape, `${field} (${e.name})`, source);
  if (typeof e.dtype !== 'string' || !WEIGHT_DTYPES.has(e.dtype)) {
    throw new ModelError(
      `${source}: ${field} (${e.name}).dtype: expected one of ${[...WEIGHT_DTYPES].join(', ')}, found ${describe(e.dtype)}`,
      source,
    );
  }
  let stored = e.dtype;
  if (e.quantization !== undefined) {
    const q = e.quantization as Record<string, unknown> | null;
    if (typeof q?.dtype !== 'string' || !QUANT_DTYPES.has(q.dtype)) {
      throw new ModelError(
        `${source}: ${field} (${e.name}).quantization.dtype: expected uint8, uint16 or float16, found ${describe(q?.dtype)}`,
        source,
      );
    }
    stored = q.dtype;
  }
  return count * (STORED_BYTES[stored] as number);
}

/** The number of weight bytes each group of a checked manifest needs (quantized weights at their stored size). */
export function groupByteLengths(json: ModelJson, source = 'model.json'): number[] {
  return json.weightsManifest.map((g, i) =>
    g.weights.reduce((n, w, j) => n + entryBytes(w, `weightsManifest[${i}].weights[${j}]`, source), 0),
  );
}

function checkManifest(manifest: unknown, source: string): WeightsGroup[] {
  if (!Array.isArray(manifest)) {
    throw new ModelError(
      `${source}: weightsManifest: expected an array of { paths, weights } groups, found ${describe(manifest)}`,
      source,
    );
  }
  let total = 0;
  const names = new Set<string>();
  for (const [i, group] of manifest.entries()) {
    const g = group as Record<string, unknown> | null;
    if (!Array.isArray(g?.paths) || !Array.isArray(g?.weights)) {
      throw new ModelError(
        `${source}: weightsManifest[${i}]: expected { paths: [...], weights: [...] }, found ${describe(group)}`,
        source,
      );
    }
    g.paths.forEach((p, j) => {
      checkWeightPath(p, source, `weightsManifest[${i}].paths[${j}]`);
    });
    for (const [j, entry] of g.weights.entries()) {
      total += entryBytes(entry, `weightsManifest[${i}].weights[${j}]`, source);
      const name = (entry as { name: string }).name;
      if (names.has(name)) throw new ModelError(`${source}: weightsManifest lists the weight ${name} twice`, source);
      names.add(name);
    }
    if (g.paths.length === 0 && g.weights.length > 0) {
      throw new ModelError(`${source}: weightsManifest[${i}] lists weights but no file to read them from`, source);
    }
  }
  if (!Number.isSafeInteger(total))
    throw new ModelError(`${source}: weightsManifest declares more bytes than can exist`, source);
  return manifest as WeightsGroup[];
}

/**
 * Parses the text of a TF.js layers-model `model.json` and checks it before anything is read or allocated:
 * a JSON object with a `modelTopology` object, a `weightsManifest` whose paths stay inside the model's folder and
 * whose entries have whole-number shapes and known dtypes. Throws {@link ModelError} naming `source` and the field.
 */
export function parseModelJson(text: string, source: string): ModelJson {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const start = text.slice(0, 40).replace(/\s+/g, ' ');
    throw new ModelError(`${source}: not JSON (${(error as Error).message}); the file starts with "${start}"`, source);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelError(`${source}: expected a TF.js model.json object, found ${describe(json)}`, source);
  }
  const record = json as Record<string, unknown>;
  if (
    typeof record.modelTopology !== 'object' ||
    record.modelTopology === null ||
    Array.isArray(record.modelTopology)
  ) {
    throw new ModelError(
      `${source}: expected a TF.js layers model.json with a "modelTopology" object (as model.save() writes), found fields: ${
        Object.keys(record).join(', ') || 'none'
      }`,
      source,
    );
  }
  checkManifest(record.weightsManifest, source);
  return record as unknown as ModelJson;
}
