import { ModelError } from './errors.js';
import type { ModelJson } from './model-json.js';

/** A tensor shape without the batch dimension; `undefined` where it cannot be followed. */
type Shape = readonly (number | null)[] | undefined;
type Config = Record<string, unknown>;

interface LayerEntry {
  className: string;
  name: string;
  config: Config;
  /** Names of the layers feeding this one (functional models); undefined in a Sequential. */
  inbound?: string[];
}

/** Layers that pass their input shape through unchanged and hold no weights. */
const SHAPE_PRESERVING = new Set([
  'Dropout',
  'SpatialDropout2D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
  'Activation',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'Softmax',
  'ThresholdedReLU',
]);

/** Config keys whose numbers are not sizes (seeds, rates) or that nest other objects' configs. */
const NOT_SIZES =
  /seed|rate|epsilon|momentum|alpha|theta|stddev|initializer|regularizer|constraint|max_value|maxValue/i;

function get(config: Config, snake: string): unknown {
  const camel = snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return config[snake] ?? config[camel];
}

const fmt = (shape: readonly (number | null)[]) => `[${shape.map((d) => d ?? '?').join(', ')}]`;

/** Reads the layers of a Sequential or functional topology in their listed (topological) order. */
function layersOf(topology: Config, source: string): { layers: LayerEntry[]; functional: boolean } {
  const root = (topology.model_config ?? topology) as Config;
  const className = root.class_name;
  const config = root.config as Config | unknown[] | undefined;
  const list = Array.isArray(config) ? config : (config?.layers as unknown[] | undefined);
  if (typeof className !== 'string' || !Array.isArray(list)) {
    throw new ModelError(`${source}: modelTopology: expected { class_name, config: { layers: [...] } }`, source);
  }
  const layers = list.map((raw, i) => {
    const l = raw as Config;
    const cfg = (l?.config ?? {}) as Config;
    if (typeof l?.class_name !== 'string') {
      throw new ModelError(`${source}: modelTopology layer ${i}: expected a "class_name", found none`, source);
    }
    const entry: LayerEntry = { className: l.class_name, name: String(l.name ?? cfg.name ?? `#${i}`), config: cfg };
    const nodes = l.inbound_nodes as unknown[] | undefined;
    if (Array.isArray(nodes) && Array.isArray(nodes[0])) {
      entry.inbound = (nodes[0] as unknown[]).map((n) => (Array.isArray(n) ? String(n[0]) : ''));
    }
    return entry;
  });
  return { layers, functional: className !== 'Sequential' };
}

/** Checks the weights one layer creates against the manifest; returns its output shape. */
class Checker {
  private readonly shapes = new Map<string, readonly number[]>();
  private readonly totalValues: number;

  constructor(
    json: ModelJson,
    private readonly source: string,
  ) {
    let total = 0;
    for (const group of json.weightsManifest) {
      for (const w of group.weights) {
        this.shapes.set(w.name, w.shape);
        total += w.shape.reduce((a, b) => a * b, 1);
      }
    }
    this.totalValues = total;
  }

  private fail(layer: LayerEntry, message: string): ModelError {
    return new ModelError(`${this.source}: layer ${layer.name} (${layer.className}) ${message}`, this.source);
  }

  private size(layer: LayerEntry, key: string, value: unknown, min = 1): number {
    if (!Number.isSafeInteger(value) || (value as number) < min) {
      throw this.fail(layer, `${key}: expected a whole number ≥ ${min}, found ${JSON.stringify(value)}`);
    }
    return value as number;
  }

  /** A 2-D size setting (`kernel_size: 3` or `[3, 3]`), each part a whole number ≥ 1. */
  private pair(layer: LayerEntry, key: string, fallback: unknown): [number, number] {
    const v = get(layer.config, key) ?? fallback;
    const a = Array.isArray(v) ? v : [v, v];
    return [this.size(layer, key, a[0]), this.size(layer, key, a[1] ?? a[0])];
  }

  /** Compares a weight the layer will create with the manifest's entry, before TF.js allocates it. */
  private weight(layer: LayerEntry, weightName: string, expected: (number | null)[], what: string): number[] {
    const full = `${layer.name}/${weightName}`;
    let listed = this.shapes.get(full);
    if (listed === undefined) {
      const matches = [...this.shapes.keys()].filter((n) => n.endsWith(`/${full}`));
      if (matches.length === 1) listed = this.shapes.get(matches[0] as string);
    }
    if (listed === undefined)
      throw this.fail(layer, `(${what}) creates the weight ${full}, which weightsManifest does not list`);
    const ok = listed.length === expected.length && expected.every((d, i) => d === null || d === listed[i]);
    if (!ok) {
      throw this.fail(layer, `(${what}) needs ${full} of shape ${fmt(expected)}, weightsManifest lists ${fmt(listed)}`);
    }
    return [...listed];
  }

  /** For layers this check cannot follow: no size in their config may exceed the values the weight files hold. */
  private bounded(layer: LayerEntry, value: unknown, path: string): void {
    const limit = Math.max(this.totalValues, 1024);
    if (typeof value === 'number' && Number.isFinite(value) && value > limit) {
      throw this.fail(
        layer,
        `declares ${path} ${value}, more than the ${this.totalValues} weight values of weightsManifest`,
      );
    }
    if (typeof value === 'object' && value !== null) {
      for (const [key, v] of Object.entries(value)) {
        if (!NOT_SIZES.test(key)) this.bounded(layer, v, path === '' ? key : `${path}.${key}`);
      }
    }
  }

  private conv2d(layer: LayerEntry, input: Shape): Shape {
    const c = layer.config;
    if (get(c, 'data_format') === 'channels_first') return this.unknown(layer);
    const filters = this.size(layer, 'filters', get(c, 'filters'));
    const [kh, kw] = this.pair(layer, 'kernel_size', undefined);
    const [sh, sw] = this.pair(layer, 'strides', 1);
    const [dh, dw] = this.pair(layer, 'dilation_rate', 1);
    const what = `filters ${filters}, kernel ${kh}x${kw}`;
    this.weight(layer, 'kernel', [kh, kw, input?.[2] ?? null, filters], what);
    if (get(c, 'use_bias') !== false) this.weight(layer, 'bias', [filters], what);
    if (input === undefined || input.length !== 3) return undefined;
    const same = get(c, 'padding') === 'same';
    const out = (n: number | null, k: number, s: number, d: number) =>
      n === null ? null : same ? Math.ceil(n / s) : Math.floor((n - (k - 1) * d - 1) / s) + 1;
    return [out(input[0] ?? null, kh, sh, dh), out(input[1] ?? null, kw, sw, dw), filters];
  }

  private dense(layer: LayerEntry, input: Shape): Shape {
    const units = this.size(layer, 'units', get(layer.config, 'units'));
    const what = `units ${units}`;
    this.weight(layer, 'kernel', [input?.at(-1) ?? null, units], what);
    if (get(layer.config, 'use_bias') !== false) this.weight(layer, 'bias', [units], what);
    return input === undefined ? undefined : [...input.slice(0, -1), units];
  }

  private batchNorm(layer: LayerEntry, input: Shape): Shape {
    const axis = Number(get(layer.config, 'axis') ?? -1);
    const listed = this.shapes.get(`${layer.name}/moving_mean`);
    const channels = input === undefined ? (listed?.[0] ?? null) : (input.at(axis < 0 ? axis : axis - 1) ?? null);
    const what = `${channels ?? '?'} channels`;
    if (get(layer.config, 'scale') !== false) this.weight(layer, 'gamma', [channels], what);
    if (get(layer.config, 'center') !== false) this.weight(layer, 'beta', [channels], what);
    this.weight(layer, 'moving_mean', [channels], what);
    this.weight(layer, 'moving_variance', [channels], what);
    return input;
  }

  private pool(layer: LayerEntry, input: Shape): Shape {
    const c = layer.config;
    const [ph, pw] = this.pair(layer, 'pool_size', 2);
    const [sh, sw] = this.pair(layer, 'strides', [ph, pw]);
    if (input === undefined || input.length !== 3 || get(c, 'data_format') === 'channels_first') return undefined;
    const same = get(c, 'padding') === 'same';
    const out = (n: number | null, p: number, s: number) =>
      n === null ? null : same ? Math.ceil(n / s) : Math.floor((n - p) / s) + 1;
    return [out(input[0] ?? null, ph, sh), out(input[1] ?? null, pw, sw), input[2] ?? null];
  }

  private unknown(layer: LayerEntry): Shape {
    this.bounded(layer, layer.config, '');
    return undefined;
  }

  /** Checks one layer given its input shape; returns its output shape (undefined where it cannot be followed). */
  layer(layer: LayerEntry, input: Shape): Shape {
    const declared = get(layer.config, 'batch_input_shape') ?? get(layer.config, 'batch_shape');
    if (Array.isArray(declared)) {
      declared.slice(1).forEach((d, i) => {
        if (d !== null) this.size(layer, `batch_input_shape[${i + 1}]`, d);
      });
      input = declared.slice(1) as (number | null)[];
    }
    switch (layer.className) {
      case 'InputLayer':
        return input;
      case 'Conv2D':
        return this.conv2d(layer, input);
      case 'Dense':
        return this.dense(layer, input);
      case 'BatchNormalization':
        return this.batchNorm(layer, input);
      case 'MaxPooling2D':
      case 'AveragePooling2D':
        return this.pool(layer, input);
      case 'GlobalAveragePooling2D':
      case 'GlobalMaxPooling2D':
        return input === undefined ? undefined : [input.at(-1) ?? null];
      case 'Flatten': {
        if (input === undefined || input.some((d) => d === null)) return undefined;
        return [input.reduce((a: number, b) => a * (b as number), 1)];
      }
      default:
        return SHAPE_PRESERVING.has(layer.className) ? input : this.unknown(layer);
    }
  }
}

/**
 * Checks, before TF.js builds anything, that every weight the topology's layers would create (Conv2D, Dense,
 * BatchNormalization: shapes followed from the input shape through the layers) is listed in `weightsManifest` with
 * that shape, and that layers it cannot follow declare no size beyond the values the weight files hold. A topology
 * asking for `units: 1e9` is refused here instead of allocating gigabytes. Throws {@link ModelError} naming the layer.
 */
export function checkTopology(json: ModelJson, source: string): void {
  const { layers, functional } = layersOf(json.modelTopology as Config, source);
  const checker = new Checker(json, source);
  const outputs = new Map<string, Shape>();
  let previous: Shape;
  for (const layer of layers) {
    let input: Shape = previous;
    if (functional) {
      const inbound = layer.inbound ?? [];
      input = inbound.length === 1 ? outputs.get(inbound[0] as string) : undefined;
    }
    previous = checker.layer(layer, input);
    outputs.set(layer.name, previous);
  }
}
