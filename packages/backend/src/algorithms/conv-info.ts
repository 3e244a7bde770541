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
