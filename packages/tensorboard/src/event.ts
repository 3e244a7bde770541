import { PbfWriter } from 'pbf';

/** An encoded image for a summary: PNG bytes and the size and colorspace TensorBoard shows. */
export interface SummaryImage {
  png: Uint8Array;
  width: number;
  height: number;
  /** 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA. */
  colorspace: number;
}

/** One value of a summary: a scalar, a text (markdown, shown by TensorBoard's Text tab) or an encoded image. */
export type SummaryValue =
  | { tag: string; scalar: number }
  | { tag: string; text: string }
  | { tag: string; image: SummaryImage };

/** A TensorBoard `Event`: the file-version header, or summary values at a step. */
export type TensorBoardEvent =
  | { wallTime: number; step: number; fileVersion: string }
  | { wallTime: number; step: number; summary: readonly SummaryValue[] };

/** tensorflow/core/framework/types.proto: DT_STRING. */
const DT_STRING = 7;

/** TensorProto { dtype = 1; tensor_shape = 2 { dim = 2 { size = 1 } }; string_val = 8 }: a 1-vector of one string. */
function writeTextTensor(text: string, pbf: PbfWriter): void {
  pbf.writeVarintField(1, DT_STRING);
  pbf.writeMessage(2, (_, shape) => shape.writeMessage(2, (__, dim) => dim.writeVarintField(1, 1), null), null);
  pbf.writeBytesField(8, new TextEncoder().encode(text));
}

/** Summary.Value { tag = 1; simple_value = 2; image = 4; tensor = 8; metadata = 9 }. */
function writeValue(value: SummaryValue, pbf: PbfWriter): void {
  pbf.writeStringField(1, value.tag);
  if ('scalar' in value) {
    pbf.writeFloatField(2, value.scalar);
  } else if ('text' in value) {
    // SummaryMetadata { plugin_data = 1 { plugin_name = 1 } } routes the tensor to the Text plugin.
    pbf.writeMessage(
      9,
      (_, meta) => meta.writeMessage(1, (__, plugin) => plugin.writeStringField(1, 'text'), null),
      null,
    );
    pbf.writeMessage(8, (text, tensor) => writeTextTensor(text, tensor), value.text);
  } else {
    // Summary.Image { height = 1; width = 2; colorspace = 3; encoded_image_string = 4 }
    pbf.writeMessage(
      4,
      (image, out) => {
        out.writeVarintField(1, image.height);
        out.writeVarintField(2, image.width);
        out.writeVarintField(3, image.colorspace);
        out.writeBytesField(4, image.png);
      },
      value.image,
    );
  }
}

/** The protobuf bytes of an `Event` (tensorflow/core/util/event.proto: wall_time = 1, step = 2, file_version = 3, summary = 5). */
export function encodeEvent(event: TensorBoardEvent): Uint8Array {
  const pbf = new PbfWriter();
  pbf.writeDoubleField(1, event.wallTime);
  pbf.writeVarintField(2, event.step);
  if ('fileVersion' in event) {
    pbf.writeStringField(3, event.fileVersion);
  } else {
    // Summary { repeated Value value = 1 }
    pbf.writeMessage(
      5,
      (values, summary) => {
        for (const v of values) summary.writeMessage(1, writeValue, v);
      },
      event.summary,
    );
  }
  return pbf.finish();
}
