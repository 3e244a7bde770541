import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Batch, BatchSource } from '../loader.js';

/** A small classifier on 8×8×1 images with the same kinds of layers as SimpleCNN (conv, pool, dense, dropout). */
export function tinyModel(seed = 1): tfl.LayersModel {
  const init = (k: number) => ({
    kernelInitializer: tfl.initializers.glorotUniform({ seed: seed * 10 + k }),
    biasInitializer: tfl.initializers.zeros(),
  });
  const m = tfl.sequential({ name: 'Tiny' });
  m.add(
    tfl.layers.conv2d({
      inputShape: [8, 8, 1],
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      ...init(1),
    }),
  );
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dense({ units: 16, activation: 'relu', ...init(2) }));
  m.add(tfl.layers.dropout({ rate: 0.5 }));
  m.add(tfl.layers.dense({ units: 10, ...init(3) }));
  return m;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Synthetic 8×8 data: class c lights pixel row c % 8 (and column for c ≥ 8) plus noise, so it is learnable.
 * Shuffle order is a pure function of (seed, epoch), like `@mnistkit/data`'s DataLoader.
 */
export class SyntheticLoader implements BatchSource {
  readonly images: Float32Array;
  readonly labels: Int32Array;
  /** Epoch (0-based) and batch index whose images are replaced by NaN, to test the NaN guard. */
  poison?: { epoch: number; batch: number };
  constructor(
    readonly n: number,
    readonly batchSize: number,
    readonly seed = 0,
    readonly shuffle = true,
  ) {
    const rand = mulberry32(seed + 1000);
    this.images = new Float32Array(n * 64);
    this.labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % 10;
      this.labels[i] = c;
      for (let p = 0; p < 64; p++) {
        const row = Math.floor(p / 8);
        const col = p % 8;
        const on = c < 8 ? row === c : col === c - 8 + 2;
        this.images[i * 64 + p] = (on ? 1 : -1) + (rand() - 0.5) * 0.6;
      }
    }
  }
  get length(): number {
    return Math.ceil(this.n / this.batchSize);
  }
  order(epoch: number): number[] {
    const idx = Array.from({ length: this.n }, (_, i) => i);
    if (!this.shuffle) return idx;
    const rand = mulberry32(this.seed * 7919 + epoch + 1);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
    }
    return idx;
  }
  async *batches(epoch: number): AsyncGenerator<Batch> {
    const order = this.order(epoch);
    for (let b = 0; b < this.length; b++) {
      const ids = order.slice(b * this.batchSize, (b + 1) * this.batchSize);
      const img = new Float32Array(ids.length * 64);
      ids.forEach((id, k) => {
        img.set(this.images.subarray(id * 64, id * 64 + 64), k * 64);
      });
      if (this.poison && this.poison.epoch === epoch && this.poison.batch === b) img.fill(Number.NaN);
      yield {
        images: tf.tensor4d(img, [ids.length, 8, 8, 1]),
        labels: tf.tensor1d(Int32Array.from(ids.map((id) => this.labels[id] as number)), 'int32'),
        size: ids.length,
      };
    }
  }
}
