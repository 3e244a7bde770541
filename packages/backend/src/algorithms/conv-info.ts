import { backend_util, type Conv2DAttrs, type Conv2DBackpropFilterAttrs, type TensorInfo } from '@tensorflow/tfjs-core';

/** The geometry of a `Conv2D` or `FusedConv2D` call (`FusedConv2DAttrs` extends `Conv2DAttrs`). */
export function conv2DInfo(x: TensorInfo, filter: TensorInfo, attrs: Conv2DAttrs): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
}

/**
 * The convolution geometry of a `Conv2DBackpropFilter` call (NHWC only); `kernel` names the kernel in the
 * error, e.g. "Conv2DBackpropFilter on wasm".
 */
export function filterGradientInfo(
  x: TensorInfo,
  attrs: Conv2DBackpropFilterAttrs,
  kernel: string,
): backend_util.Conv2DInfo {
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  if (dataFormat !== undefined && dataFormat !== 'NHWC') {
    throw new Error(`${kernel}: expected dataFormat 'NHWC', found '${dataFormat}'`);
  }
  return backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
}

/**
 * Whether a convolution is a "same" 3x3 of stride 1 on an even-sized NHWC image: no dilation, one cell of padding on
 * every side (so the output is the input's size), even height and width. The shape both of mnistkit's 3x3 kernels
 * (Winograd F(2x2, 3x3) and the one-channel conv1 kernel) take; each adds its own channel condition.
 */
export function isSame3x3EvenNhwc(info: backend_util.Conv2DInfo): boolean {
  return (
    info.dataFormat === 'channelsLast' &&
    info.filterHeight === 3 &&
    info.filterWidth === 3 &&
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    info.padInfo.top === 1 &&
    info.padInfo.left === 1 &&
    info.outHeight === info.inHeight &&
    info.outWidth === info.inWidth &&
    info.inHeight % 2 === 0 &&
    info.inWidth % 2 === 0
  );
}
