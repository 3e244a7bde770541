/**
 * A per-pixel transform from a value to a value (the first one in a chain receives raw 0..255 bytes). Because the
 * input is a byte, a loader evaluates the whole chain once per byte value into a 256-entry table.
 */
export interface Transform {
  /** A readable description, e.g. `compose(toTensor(), normalize(0.5, 0.5))`. */
  readonly name: string;
  apply(value: number): number;
}

/** Scales a byte pixel to [0, 1] (`pixel / 255`), like torchvision's `ToTensor`. */
export function toTensor(): Transform {
  return { name: 'toTensor()', apply: (x) => x / 255 };
}

/** `(x - mean) / std`, like torchvision's `Normalize`; the tutorial's default (0.5, 0.5) maps [0, 1] to [-1, 1]. */
export function normalize(mean = 0.5, std = 0.5): Transform {
  if (!Number.isFinite(mean) || !Number.isFinite(std) || std <= 0) {
    throw new RangeError(`normalize: expected a finite mean and a positive std, found mean=${mean}, std=${std}`);
  }
  return { name: `normalize(${mean}, ${std})`, apply: (x) => (x - mean) / std };
}

/** Chains transforms left to right, like torchvision's `Compose`. */
export function compose(...transforms: Transform[]): Transform {
  return {
    name: `compose(${transforms.map((t) => t.name).join(', ')})`,
    apply: (x) => {
      let v = x;
      for (const t of transforms) v = t.apply(v);
      return v;
    },
  };
}

/** The tutorial's transform: `compose(toTensor(), normalize(0.5, 0.5))`, pixels in [-1, 1]. */
export function defaultTransform(): Transform {
  return compose(toTensor(), normalize());
}

/** Evaluates a transform on every byte value 0..255; throws if any result is not finite. */
export function transformTable(transform: Transform): Float32Array {
  const table = new Float32Array(256);
  for (let v = 0; v < 256; v++) {
    const y = transform.apply(v);
    if (!Number.isFinite(y)) {
      throw new RangeError(`transform ${transform.name} maps pixel value ${v} to ${y}; expected a finite number`);
    }
    table[v] = y;
  }
  return table;
}

/** Applies a transform to one uint8 image, into `out` (allocated when omitted) at `offset`; returns `out`. */
export function applyTransform(
  transform: Transform | Float32Array,
  image: Uint8Array,
  out: Float32Array = new Float32Array(image.length),
  offset = 0,
): Float32Array {
  const table = transform instanceof Float32Array ? transform : transformTable(transform);
  for (let i = 0; i < image.length; i++) out[offset + i] = table[image[i] as number] as number;
  return out;
}
