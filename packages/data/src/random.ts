/** A seeded pseudo-random generator returning floats in [0, 1). */
export type Rng = () => number;

/** mulberry32: a small, fast 32-bit PRNG; the same seed gives the same sequence. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes several integers into one 32-bit seed, so (seed, epoch) pairs give unrelated streams. */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    // splitmix-style avalanche so nearby seeds/epochs do not give correlated shuffles.
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/**
 * A seed for TF.js random ops and initializers from several integers: {@link mixSeed} folded into 1 … 2³¹ − 2, since
 * tfjs treats a seed of 0 like "no seed". With `mixSeed` it is mnistkit's one seed mixer: data order, each layer's
 * initial weights (@mnistkit/models) and each step's dropout masks (@mnistkit/training) derive their seeds here,
 * in the package every other one may depend on.
 */
export function tfSeed(...parts: number[]): number {
  return (mixSeed(...parts) % 2147483646) + 1;
}

/** Returns 0..n-1 shuffled by Fisher–Yates with a seeded {@link mulberry32}. */
export function permutation(n: number, seed: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const rng = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  return order;
}
