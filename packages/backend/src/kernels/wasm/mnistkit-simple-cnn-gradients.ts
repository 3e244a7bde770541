import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { MnistkitSimpleCNNGradients, SIMPLE_CNN_GRADIENTS, type SimpleCNNGradientsInputs } from '../../kernel-names.js';
import { type SimdKernels, simdKernels, wasmSimdVariant } from '../../wasm/simd-module.js';
import { byteOffset, heapF32, release, type WasmBackend } from '../../wasm/tfjs-wasm.js';
import { phase } from '../phase-profile.js';

/** Tiles per block in assembly/winograd.ts (its scratch holds 16 such blocks in and out, plus a filter). */
const TILES = 32;

/** The network's sizes, read from the inputs' shapes. */
interface Sizes {
  batch: number;
  height: number;
  width: number;
  f1: number;
  f2: number;
  units: number;
  classes: number;
  /** Length of the flattened second pooling, fc1's input. */
  flat: number;
}

function fail(what: string): never {
  throw new Error(`wasm ${MnistkitSimpleCNNGradients}: ${what}`);
}

function expectShape(name: string, t: TensorInfo | undefined, shape: number[], dtype = 'float32'): TensorInfo {
  if (t === undefined) fail(`expected input ${name}, found none`);
  if (t.dtype !== dtype || t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    fail(`expected input ${name} ${dtype} [${shape}], found ${t.dtype} [${t.shape}]`);
  }
  return t;
}

/** Checks every input against the others; the error names the input, what was expected and what was found. */
function sizesOf(inputs: SimpleCNNGradientsInputs): Sizes {
  const { x, labels, conv1Kernel, conv2Kernel, fc1Kernel, fc2Kernel } = inputs;
  if (x === undefined || x.shape.length !== 4 || x.shape[3] !== 1 || x.dtype !== 'float32') {
    fail(`expected input x float32 [batch, height, width, 1], found ${x ? `${x.dtype} [${x.shape}]` : 'none'}`);
  }
  const [batch, height, width] = x.shape as [number, number, number, number];
  if (height % 4 !== 0 || width % 4 !== 0) fail(`expected x's height and width multiples of 4, found [${x.shape}]`);
  const f1 = conv1Kernel?.shape[3] ?? 0;
  const f2 = conv2Kernel?.shape[3] ?? 0;
  const units = fc1Kernel?.shape[1] ?? 0;
  const classes = fc2Kernel?.shape[1] ?? 0;
  for (const [name, n] of [
    ['conv1Kernel filters', f1],
    ['conv2Kernel filters', f2],
    ['fc1Kernel units', units],
  ] as const) {
    if (n <= 0 || n % 4 !== 0) fail(`expected ${name} a positive multiple of 4, found ${n}`);
  }
  if (classes <= 0) fail(`expected fc2Kernel [units, classes], found [${fc2Kernel?.shape}]`);
  const flat = (height / 4) * (width / 4) * f2;
  const dtypes = labels === undefined ? '' : labels.dtype;
  if (labels === undefined || (dtypes !== 'int32' && dtypes !== 'float32') || labels.shape.join() !== `${batch}`) {
    fail(
      `expected input labels int32 or float32 [${batch}], found ${labels ? `${labels.dtype} [${labels.shape}]` : 'none'}`,
    );
  }
  expectShape('conv1Kernel', conv1Kernel, [3, 3, 1, f1]);
  expectShape('conv1Bias', inputs.conv1Bias, [f1]);
  expectShape('conv2Kernel', conv2Kernel, [3, 3, f1, f2]);
  expectShape('conv2Bias', inputs.conv2Bias, [f2]);
  expectShape('fc1Kernel', fc1Kernel, [flat, units]);
  expectShape('fc1Bias', inputs.fc1Bias, [units]);
  expectShape('fc2Kernel', fc2Kernel, [units, classes]);
  expectShape('fc2Bias', inputs.fc2Bias, [classes]);
  if (inputs.dropoutMask !== undefined) expectShape('dropoutMask', inputs.dropoutMask, [batch, units]);
  return { batch, height, width, f1, f2, units, classes, flat };
}

/**
 * Mean softmax cross-entropy of the logits `z` [batch, classes] at float offset `zAt` of the heap, in float64
 * (tfjs computes it in float32; the difference is within float tolerance). Overwrites z with the loss gradient
 * (softmax − onehot) / batch and returns the mean loss and the number of rows whose first maximum is the label.
 */
function softmaxCrossEntropyInPlace(
  heap: Float32Array,
  zAt: number,
  labels: ArrayLike<number>,
  batch: number,
  classes: number,
): { loss: number; correct: number } {
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < batch; i++) {
    const row = zAt + i * classes;
    let best = heap[row] as number;
    let arg = 0;
    for (let c = 1; c < classes; c++) {
      const v = heap[row + c] as number;
      if (v > best) {
        best = v;
        arg = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp((heap[row + c] as number) - best);
    const lse = best + Math.log(sum);
    const label = labels[i] as number;
    if (label >= 0 && label < classes) loss += lse - (heap[row + label] as number);
    if (arg === label) correct++;
    for (let c = 0; c < classes; c++) {
      const p = Math.exp((heap[row + c] as number) - lse);
      heap[row + c] = ((c === label ? p - 1 : p) / batch) as number;
    }
  }
  return { loss: loss / batch, correct };
}

/** Every weight's gradient, allocated as the kernel's outputs (same shapes as the weights). */
function gradientOutputs(backend: WasmBackend, inputs: SimpleCNNGradientsInputs): TensorInfo[] {
  return SIMPLE_CNN_GRADIENTS.weights.map((name) =>
    backend.makeOutput([...(inputs[name] as TensorInfo).shape], 'float32'),
  );
}

/**
 * wasm `MnistkitSimpleCNNGradients` (see {@link SIMPLE_CNN_GRADIENTS}): forward, loss and backward of SimpleCNN
 * in about twenty calls into mnistkit's module, fused where the layer-by-layer graph writes and reads the largest
 * tensors again: conv1 with bias, relu and pooling (assembly/conv3x3-c1.ts) and its backward straight to the filter
 * gradient; conv2 by Winograd with bias and relu; relu-and-pool gradients with the bias gradient; the last dense
 * layer with dropout. Returns new tensors; its inputs are left as they are.
 */
export function mnistkitSimpleCNNGradientsWasm(args: {
  inputs: SimpleCNNGradientsInputs;
  backend: WasmBackend;
}): TensorInfo[] {
  const { inputs, backend } = args;
  const s = sizesOf(inputs);
  const simd = simdKernels(backend);
  if (simd === null) {
    fail(
      `mnistkit's wasm module cannot run here (variant ${wasmSimdVariant()}, threaded tfjs build, or still ` +
        `compiling); ask the kernel config's ${SIMPLE_CNN_GRADIENTS.availability}() first`,
    );
  }
  const loss = backend.makeOutput([], 'float32');
  const correct = backend.makeOutput([], 'int32');
  const grads = gradientOutputs(backend, inputs);
  const temps: TensorInfo[] = [];
  const temp = (size: number) => {
    const t = backend.makeOutput([size], 'float32');
    temps.push(t);
    return t;
  };
  try {
    run(simd, backend, inputs, s, temp, grads, loss, correct);
  } finally {
    for (const t of temps) release(backend, t);
  }
  return [loss, correct, ...grads];
}

/** Byte offsets of the step's intermediate tensors in wasm memory, and of its inputs and outputs. */
type Offsets = Record<
  | 'xp'
  | 'y1'
  | 'p1'
  | 'u2'
  | 'scratch'
  | 'y2'
  | 'p2'
  | 'h'
  | 'hd'
  | 'z'
  | 'dh'
  | 'dp2'
  | 'dy2'
  | 'flipped'
  | 'dp1'
  | 'mask'
  | (typeof SIMPLE_CNN_GRADIENTS.weights)[number]
  | 'x',
  number
> & { grads: Eight };

/** One offset per weight gradient, in the order of SIMPLE_CNN_GRADIENTS.weights. */
type Eight = [number, number, number, number, number, number, number, number];

function allocate(
  backend: WasmBackend,
  inputs: SimpleCNNGradientsInputs,
  s: Sizes,
  temp: (size: number) => TensorInfo,
  grads: TensorInfo[],
): Offsets {
  const { batch: B, height: H, width: W, f1, f2, units: U, classes: C, flat: D } = s;
  const plane1 = B * (H / 2) * (W / 2);
  // Every buffer first: an allocation may grow the heap, which invalidates views (offsets stay valid).
  const sizes = {
    xp: B * (H + 2) * (W + 2),
    y1: B * H * W * f1,
    p1: plane1 * f1,
    u2: 16 * f1 * f2,
    scratch: 16 * (TILES * (f1 + f2) + f1 * f2),
    y2: plane1 * f2,
    p2: B * D,
    h: B * U,
    hd: B * U,
    z: B * C,
    dh: B * U,
    dp2: B * D,
    dy2: plane1 * f2,
    flipped: 9 * f2 * f1,
    dp1: plane1 * f1,
  };
  const temps = Object.fromEntries(Object.entries(sizes).map(([name, size]) => [name, temp(size)]));
  const at = (t: TensorInfo) => byteOffset(backend, t);
  const offsets: Record<string, number> = Object.fromEntries(Object.entries(temps).map(([k, t]) => [k, at(t)]));
  for (const name of [...SIMPLE_CNN_GRADIENTS.weights, 'x'] as const) offsets[name] = at(inputs[name]);
  offsets.mask = inputs.dropoutMask === undefined ? 0 : at(inputs.dropoutMask);
  return { ...(offsets as Omit<Offsets, 'grads'>), grads: grads.map(at) as Eight };
}

function forward(simd: SimdKernels, o: Offsets, s: Sizes): void {
  const { batch: B, height: H, width: W, f1, f2, units: U, classes: C, flat: D } = s;
  const [H2, W2] = [H / 2, W / 2];
  phase('conv1: pad the input', () => simd.padImage(o.x, o.xp, B, H, W));
  phase('conv1 + bias + relu + pool1', () =>
    simd.conv3x3C1(o.xp, o.conv1Kernel, o.conv1Bias, o.y1, o.p1, B, H, W, f1, true),
  );
  phase('conv2 forward (Winograd) + bias + relu', () => {
    simd.winogradFilter(o.conv2Kernel, o.u2, f1, f2);
    simd.winogradConv(o.p1, o.u2, o.conv2Bias, o.y2, o.scratch, B, H2, W2, f1, f2, true);
  });
  phase('pool2', () => simd.maxPool2x2(o.y2, o.p2, B, H2, W2, f2, H2 / 2, W2 / 2));
  phase('fc1 forward', () => {
    simd.matmul(o.p2, o.fc1Kernel, o.h, B, D, U);
    simd.biasRelu(o.h, o.fc1Bias, B, U, true);
  });
  phase('dropout + fc2 + loss + backward', () =>
    simd.denseDropoutLogits(o.h, o.mask, o.fc2Kernel, o.fc2Bias, B, U, C, o.hd, o.z),
  );
}

function backward(simd: SimdKernels, heap: Float32Array, o: Offsets, s: Sizes): void {
  const { batch: B, height: H, width: W, f1, f2, units: U, classes: C, flat: D } = s;
  const [H2, W2] = [H / 2, W / 2];
  const [dw1, db1, dw2, db2, dw3, db3, dw4, db4] = o.grads;
  phase('dropout + fc2 + loss + backward', () =>
    simd.denseDropoutBackward(o.h, o.hd, o.mask, o.fc2Kernel, o.z, B, U, C, o.dh, dw4, db4, db3),
  );
  phase('fc1 weight gradient', () => simd.matmulTransposedA(o.p2, o.dh, dw3, D, B, U));
  phase('fc1 input gradient', () => simd.matmulTransposedB(o.dh, o.fc1Kernel, o.dp2, B, U, D));
  phase('pool2 + relu gradient, conv2 bias gradient', () =>
    simd.maxPoolReluGrad2x2(o.y2, o.dp2, o.dy2, db2, B, H2, W2, f2),
  );
  phase('conv2 filter gradient (Winograd)', () =>
    simd.winogradFilterGrad(o.p1, o.dy2, dw2, o.scratch, B, H2, W2, f1, f2),
  );
  phase('conv2 input gradient (Winograd)', () => {
    // A convolution of dy2 with the filter flipped in space, channels swapped.
    const w = o.conv2Kernel >>> 2;
    const wf = o.flipped >>> 2;
    for (let tap = 0; tap < 9; tap++) {
      const src = w + (8 - tap) * f1 * f2;
      const dst = wf + tap * f2 * f1;
      for (let ci = 0; ci < f1; ci++) {
        for (let co = 0; co < f2; co++) heap[dst + co * f1 + ci] = heap[src + ci * f2 + co] as number;
      }
    }
    simd.winogradFilter(o.flipped, o.u2, f2, f1);
    simd.winogradConv(o.dy2, o.u2, 0, o.dp1, o.scratch, B, H2, W2, f2, f1, false);
  });
  phase('pool1 + relu + conv1 gradients', () => simd.conv3x3C1PoolGrad(o.xp, o.y1, o.dp1, dw1, db1, B, H, W, f1));
}

function run(
  simd: SimdKernels,
  backend: WasmBackend,
  inputs: SimpleCNNGradientsInputs,
  s: Sizes,
  temp: (size: number) => TensorInfo,
  grads: TensorInfo[],
  lossOut: TensorInfo,
  correctOut: TensorInfo,
): void {
  const o = allocate(backend, inputs, s, temp, grads);
  forward(simd, o, s);
  const heap = heapF32(backend);
  const labelsAt = byteOffset(backend, inputs.labels);
  // Float labels are truncated, as the layers' path casts them to int32.
  const labels =
    inputs.labels.dtype === 'int32'
      ? new Int32Array(heap.buffer, labelsAt, s.batch)
      : Array.from(heap.subarray(labelsAt >>> 2, (labelsAt >>> 2) + s.batch), Math.trunc);
  phase('dropout + fc2 + loss + backward', () => {
    const { loss, correct } = softmaxCrossEntropyInPlace(heap, o.z >>> 2, labels, s.batch, s.classes);
    heap[byteOffset(backend, lossOut) >>> 2] = loss;
    new Int32Array(heap.buffer, byteOffset(backend, correctOut), 1)[0] = correct;
  });
  backward(simd, heap, o, s);
}

/**
 * Registers `MnistkitSimpleCNNGradients` on wasm, with `canRun(backend)` (the contract's `availability`): whether
 * mnistkit's module runs on that backend instance now. Asking first matters: a kernel that throws while tf.profile
 * runs on wasm leaves tfjs-core 4.22's engine broken (its wasm timer swallows the error into a rejected promise).
 */
export const mnistkitSimpleCNNGradientsWasmConfig: KernelConfig &
  Record<typeof SIMPLE_CNN_GRADIENTS.availability, (backend: unknown) => boolean> = {
  kernelName: MnistkitSimpleCNNGradients,
  backendName: 'wasm',
  kernelFunc: mnistkitSimpleCNNGradientsWasm as unknown as KernelFunc,
  canRun: (backend) => simdKernels(backend as WasmBackend) !== null,
};
