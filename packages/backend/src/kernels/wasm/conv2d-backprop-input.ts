import {
  backend_util,
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { winogradApplies, winogradConv2D } from '../../algorithms/winograd.js';
import { cFunction, f32, release, tensorId, type WasmBackend } from '../../wasm/tfjs-wasm.js';
import { callStock } from '../stock.js';

const CONV2D_ARGS = new Array<string>(19).fill('number');

/**
 * wasm `Conv2DBackpropInput` for stride 1: a forward XNNPACK convolution of `dy` with the filter flipped
 * in space and transposed in channels (stock wasm runs a plain loop, ~10x slower). Other strides go to stock.
 */
export function conv2DBackpropInputWasm(args: {
  inputs: Conv2DBackpropInputInputs;
  backend: WasmBackend;
  attrs: Conv2DBackpropInputAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const { inputShape, strides, pad, dataFormat, dimRoundingMode } = attrs;
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(dataFormat),
  );
  const { filterHeight: FH, filterWidth: FW, inChannels: CI, outChannels: CO } = info;
  const padTop = FH - 1 - info.padInfo.top;
  const padLeft = FW - 1 - info.padInfo.left;
  const padBottom = info.inHeight - info.outHeight + FH - 1 - padTop;
  const padRight = info.inWidth - info.outWidth + FW - 1 - padLeft;
  if (
    info.dataFormat !== 'channelsLast' ||
    info.strideHeight !== 1 ||
    info.strideWidth !== 1 ||
    Math.min(padTop, padLeft, padBottom, padRight) < 0
  ) {
    return callStock('Conv2DBackpropInput', 'wasm', args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
  }
  const flipped = backend.makeOutput([FH, FW, CO, CI], 'float32');
  const out = backend.makeOutput([...inputShape], 'float32');
  const w = f32(backend, filter);
  const wf = f32(backend, flipped);
  for (let kh = 0; kh < FH; kh++) {
    for (let kw = 0; kw < FW; kw++) {
      const src = ((FH - 1 - kh) * FW + (FW - 1 - kw)) * CI * CO;
      const dst = (kh * FW + kw) * CO * CI;
      for (let ci = 0; ci < CI; ci++) {
        for (let co = 0; co < CO; co++) wf[dst + co * CI + ci] = w[src + ci * CO + co] as number;
      }
    }
  }
  // dy convolved with the flipped filter is a forward convolution of dy: Winograd when it applies.
  const forward = backend_util.computeConv2DInfo(dy.shape as [number, number, number, number], [FH, FW, CO, CI], 1, 1, [
    [0, 0],
    [padTop, padBottom],
    [padLeft, padRight],
    [0, 0],
  ]);
  if (winogradApplies(forward) && winogradConv2D(backend, dy, flipped, null, false, forward, out)) {
    release(backend, flipped);
    return out;
  }
  const conv = cFunction(backend, 'Conv2D', CONV2D_ARGS);
  conv(
    tensorId(backend, dy),
    info.batchSize,
    info.outHeight,
    info.outWidth,
    tensorId(backend, flipped),
    FH,
    FW,
    padTop,
    padRight,
    padBottom,
    padLeft,
    0,
    1,
    1,
    1,
    1,
    CO,
    CI,
    tensorId(backend, out),
  );
  release(backend, flipped);
  return out;
}

/** Replaces wasm's `Conv2DBackpropInput` (fast path for stride 1). */
export const conv2DBackpropInputWasmConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInputWasm as unknown as KernelFunc,
};
