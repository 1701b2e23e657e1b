/**
 * TensorBoard's Event / Summary messages (field numbers from
 * tensorboard/compat/proto: event.proto, summary.proto, tensor.proto).
 */
import { proto } from "./protobuf.ts";

/** Event{wall_time=1, step=2, file_version=3 | graph_def=4 | summary=5}. */
export function eventBytes(
  wallTime: number,
  step: number,
  body: { fileVersion?: string; summary?: Uint8Array; graphDef?: Uint8Array },
): Uint8Array {
  const w = proto().double(1, wallTime).int(2, step);
  if (body.fileVersion) w.bytes(3, body.fileVersion);
  if (body.graphDef) w.bytes(4, body.graphDef);
  if (body.summary) w.bytes(5, body.summary);
  return w.finish();
}

/** Summary{value=1 repeated}. */
export function summaryBytes(values: Uint8Array[]): Uint8Array {
  const w = proto();
  for (const v of values) w.bytes(1, v);
  return w.finish();
}

/** SummaryMetadata{plugin_data=1{plugin_name=1, content=2}, display_name=2, summary_description=3}. */
export function metadata(
  plugin: string,
  content: Uint8Array = new Uint8Array(),
  displayName?: string,
  description?: string,
): Uint8Array {
  const w = proto().bytes(1, proto().bytes(1, plugin).bytes(2, content).finish());
  if (displayName !== undefined) w.bytes(2, displayName);
  if (description !== undefined) w.bytes(3, description);
  return w.finish();
}

/** Value{tag=1, simple_value=2}. */
export const scalarValue = (tag: string, v: number): Uint8Array => proto().bytes(1, tag).float(2, v).finish();

/** HistogramProto{min=1, max=2, num=3, sum=4, sum_squares=5, bucket_limit=6, bucket=7}. */
export interface Histogram {
  min: number;
  max: number;
  num: number;
  sum: number;
  sumSquares: number;
  bucketLimit: number[];
  bucket: number[];
}
/** Value{tag=1, histo=5}. */
export function histogramValue(tag: string, h: Histogram): Uint8Array {
  const hp = proto().double(1, h.min).double(2, h.max).double(3, h.num).double(4, h.sum).double(5, h.sumSquares)
    .packedDoubles(6, h.bucketLimit).packedDoubles(7, h.bucket).finish();
  return proto().bytes(1, tag).bytes(5, hp).finish();
}

/** Value{tag=1, image=4 Image{height=1, width=2, colorspace=3, encoded_image_string=4}}. */
export function imageValue(tag: string, png: Uint8Array, height: number, width: number, channels: number): Uint8Array {
  const img = proto().int(1, height).int(2, width).int(3, channels).bytes(4, png).finish();
  return proto().bytes(1, tag).bytes(4, img).finish();
}

/** Value{tag=1, audio=6 Audio{sample_rate=1, num_channels=2, length_frames=3, encoded_audio_string=4, content_type=5}}. */
export function audioValue(
  tag: string,
  wav: Uint8Array,
  sampleRate: number,
  channels: number,
  frames: number,
): Uint8Array {
  const a = proto().float(1, sampleRate).int(2, channels).int(3, frames).bytes(4, wav).bytes(5, "audio/wav").finish();
  return proto().bytes(1, tag).bytes(6, a).finish();
}

/** TensorShapeProto{dim=2 repeated Dim{size=1}}. */
const shapeBytes = (shape: readonly number[]) => {
  const w = proto();
  for (const d of shape) w.bytes(2, proto().int(1, d).finish());
  return w.finish();
};

/** Value{tag=1, metadata=9, tensor=8 TensorProto{dtype=1 DT_STRING(7), tensor_shape=2, string_val=8}}. */
export function stringTensorValue(
  tag: string,
  strings: readonly string[],
  shape: readonly number[],
  meta: Uint8Array,
): Uint8Array {
  const t = proto().int(1, 7).bytes(2, shapeBytes(shape));
  for (const s of strings) t.bytes(8, s);
  return proto().bytes(1, tag).bytes(9, meta).bytes(8, t.finish()).finish();
}

/** Value{tag=1, metadata=9, tensor=8 TensorProto{dtype=1 DT_FLOAT(1), tensor_shape=2, float_val=5}}. */
export function floatTensorValue(
  tag: string,
  values: readonly number[],
  shape: readonly number[],
  meta: Uint8Array,
): Uint8Array {
  const t = proto().int(1, 1).bytes(2, shapeBytes(shape)).packedFloats(5, values).finish();
  return proto().bytes(1, tag).bytes(9, meta).bytes(8, t).finish();
}
