/**
 * TensorBoard's Event / Summary messages (field numbers from
 * tensorboard/compat/proto: event.proto, summary.proto, tensor.proto, and
 * the hparams, pr_curves and custom_scalars plugins' protos).
 */
import type { Step } from "./args.ts";
import { type Bytes, proto } from "./protobuf.ts";

/**
 * Event{wall_time=1, step=2, file_version=3 | graph_def=4 | summary=5 | session_log=7}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { eventBytes, simpleValue, summaryBytes } from "./summary.ts";
 * const event = eventBytes(Date.now() / 1000, 3, { summary: summaryBytes([simpleValue("loss", 0.5)]) });
 * assert.ok(event.length > 0); // the parts of one Event message
 * ```
 */
export function eventBytes(
  wallTime: number,
  step: Step,
  body: { fileVersion?: string; summary?: Bytes; graphDef?: Bytes; sessionStart?: boolean },
): Bytes {
  const w = proto().double(1, wallTime).int(2, step);
  if (body.fileVersion) w.bytes(3, body.fileVersion);
  if (body.graphDef) w.bytes(4, body.graphDef);
  if (body.summary) w.bytes(5, body.summary);
  if (body.sessionStart) w.bytes(7, proto().int(1, 1).finish()); // SessionLog{status=1: START}
  return w.finish();
}

/** Summary{value=1 repeated}. */
export function summaryBytes(values: Bytes[]): Bytes {
  const w = proto();
  for (const v of values) w.bytes(1, v);
  return w.finish();
}

/** SummaryMetadata{plugin_data=1{plugin_name=1, content=2}, display_name=2, summary_description=3}. */
export function metadata(
  plugin: string,
  content: Bytes = [],
  displayName?: string,
  description?: string,
): Bytes {
  const w = proto().bytes(1, proto().bytes(1, plugin).bytes(2, content).finish());
  if (displayName !== undefined) w.bytes(2, displayName);
  if (description !== undefined) w.bytes(3, description);
  return w.finish();
}

/** Value{tag=1, simple_value=2}. */
export const simpleValue = (tag: string, v: number): Bytes => proto().bytes(1, tag).float(2, v).finish();

/**
 * PyTorch's new_style scalar: Value{tag=1, metadata=9 (scalars plugin),
 * tensor=8 TensorProto{dtype=1 DT_FLOAT(1) float_val=5 | DT_DOUBLE(2) double_val=6}}.
 */
export function tensorScalarValue(tag: string, v: number, doublePrecision: boolean): Bytes {
  const t = doublePrecision ? proto().int(1, 2).packedDoubles(6, [v]) : proto().int(1, 1).packedFloats(5, [v]);
  return proto().bytes(1, tag).bytes(9, metadata("scalars")).bytes(8, t.finish()).finish();
}

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
export function histogramValue(tag: string, h: Histogram): Bytes {
  const hp = proto().double(1, h.min).double(2, h.max).double(3, h.num).double(4, h.sum).double(5, h.sumSquares)
    .packedDoubles(6, h.bucketLimit).packedDoubles(7, h.bucket).finish();
  return proto().bytes(1, tag).bytes(5, hp).finish();
}

/** Value{tag=1, image=4 Image{height=1, width=2, colorspace=3, encoded_image_string=4}}. */
export function imageValue(tag: string, png: Bytes, height: number, width: number, channels: number): Bytes {
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
): Bytes {
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
  strings: readonly (string | Bytes)[],
  shape: readonly number[] | undefined,
  meta: Bytes,
): Bytes {
  const t = proto().int(1, 7);
  if (shape) t.bytes(2, shapeBytes(shape));
  for (const s of strings) t.bytes(8, s);
  return proto().bytes(1, tag).bytes(9, meta).bytes(8, t.finish()).finish();
}

/** Value{tag=1, metadata=9, tensor=8 TensorProto{dtype=1 DT_FLOAT(1), tensor_shape=2, float_val=5}}. */
export function floatTensorValue(
  tag: string,
  values: ArrayLike<number>,
  shape: readonly number[],
  meta: Bytes,
): Bytes {
  const t = proto().int(1, 1).bytes(2, shapeBytes(shape)).packedFloats(5, values).finish();
  return proto().bytes(1, tag).bytes(9, meta).bytes(8, t).finish();
}

/**
 * PyTorch's compute_curve: rows tp, fp, tn, fn, precision, recall over
 * `n` thresholds. Each prediction in [0, 1] lands in bucket
 * floor(p * (n - 1)), counting its label as a true (and 1 - label as a
 * false) positive, times its weight; predictions outside [0, 1] are dropped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { prCurveData } from "./summary.ts";
 * const d = prCurveData(new Float64Array([1, 0]), new Float64Array([0.9, 0.2]), 3, () => 1);
 * assert.deepEqual([...d.subarray(0, 3)], [1, 1, 0]); // true positives at thresholds 0, 0.5, 1
 * ```
 */
export function prCurveData(
  labels: Float64Array,
  predictions: Float64Array,
  n: number,
  weights: (i: number) => number,
): Float64Array {
  const out = new Float64Array(6 * n);
  const tp = out.subarray(0, n), fp = out.subarray(n, 2 * n);
  for (let i = 0; i < predictions.length; i++) {
    const b = Math.floor(predictions[i] * (n - 1));
    if (!(b >= 0 && b <= n - 1)) continue;
    tp[b] += labels[i] * weights(i);
    fp[b] += (1 - labels[i]) * weights(i);
  }
  for (let t = n - 2; t >= 0; t--) { // cumulative from the top: counts at or above each threshold
    tp[t] += tp[t + 1];
    fp[t] += fp[t + 1];
  }
  for (let t = 0; t < n; t++) {
    out[2 * n + t] = fp[0] - fp[t];
    out[3 * n + t] = tp[0] - tp[t];
    out[4 * n + t] = tp[t] / Math.max(1e-7, tp[t] + fp[t]);
    out[5 * n + t] = tp[t] / Math.max(1e-7, tp[t] + out[3 * n + t]);
  }
  return out;
}

/** PrCurvePluginData{version=1: 0, num_thresholds=2: n} (field numbers, then values). */
export const prCurveMetadata = (n: number): Bytes => metadata("pr_curves", proto().int(1, 0).int(2, n).finish());

/** A hyper-parameter value as google.protobuf.Value{number_value=2 | string_value=3 | bool_value=4}. */
function protoValue(v: number | string | boolean): Bytes {
  return typeof v === "number"
    ? proto().double(2, v).finish()
    : typeof v === "string"
    ? proto().bytes(3, v).finish()
    : proto().int(4, v).finish();
}

/** api.proto's DataType for a hyper-parameter value: STRING 1, BOOL 2, FLOAT64 3. */
const dataType = (v: number | string | boolean) => (typeof v === "string" ? 1 : typeof v === "boolean" ? 2 : 3);

/** A value carrying only plugin metadata and an empty string tensor (how hparams summaries are shaped). */
function tagged(tag: string, meta: Bytes): Bytes {
  const t = proto().int(1, 7).bytes(2, []).finish();
  return proto().bytes(1, tag).bytes(9, meta).bytes(8, t).finish();
}

/** HParamsPluginData{version=1: 0, experiment=2 | session_start_info=3 | session_end_info=4}. */
const hparamsMeta = (field: number, body: Bytes) => metadata("hparams", proto().int(1, 0).bytes(field, body).finish());

/**
 * PyTorch's hparams(): the experiment (HParamInfo{name=1, type=4,
 * domain_discrete=5 ListValue{values=1}} and MetricInfo{name=1
 * MetricName{tag=2}}), session start (hparams map) and session end
 * (status=1 SUCCESS) summary values, in that order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hparamsValues } from "./summary.ts";
 * const [experiment, start, end] = hparamsValues({ lr: 0.1, opt: "sgd" }, ["acc"], { opt: ["sgd", "adam"] });
 * assert.equal(experiment.length > 0 && start.length > 0 && end.length > 0, true);
 * ```
 */
export function hparamsValues(
  hparams: Record<string, number | string | boolean>,
  metrics: readonly string[],
  domains: Record<string, readonly (number | string | boolean)[]>,
): Bytes[] {
  const exp = proto(), start = proto();
  for (const [k, v] of Object.entries(hparams)) {
    const info = proto().bytes(1, k).int(4, dataType(v));
    if (domains[k]) {
      const list = proto();
      for (const d of domains[k]) list.bytes(1, protoValue(d));
      info.bytes(5, list.finish());
    }
    exp.bytes(4, info.finish());
    start.bytes(1, proto().bytes(1, k).bytes(2, protoValue(v)).finish());
  }
  for (const m of metrics) exp.bytes(5, proto().bytes(1, proto().bytes(2, m).finish()).finish());
  return [
    tagged("_hparams_/experiment", hparamsMeta(2, exp.finish())),
    tagged("_hparams_/session_start_info", hparamsMeta(3, start.finish())),
    tagged("_hparams_/session_end_info", hparamsMeta(4, proto().int(1, 1).finish())),
  ];
}

/** A custom-scalars chart: a list of tag regexes ("Multiline") or [value, lower, upper] tags ("Margin"). */
export type Chart = readonly ["Multiline" | "Margin", readonly string[]];

/**
 * Layout{category=2 Category{title=1, chart=2 Chart{title=1,
 * multiline=2{tag=1} | margin=3{series=1{value=1, lower=2, upper=3}}}}}.
 */
export function layoutBytes(layout: Record<string, Record<string, Chart>>): Bytes {
  const lay = proto();
  for (const [cat, charts] of Object.entries(layout)) {
    const c = proto().bytes(1, cat);
    for (const [title, [kind, tags]] of Object.entries(charts)) {
      const chart = proto().bytes(1, title);
      if (kind === "Multiline") {
        const ml = proto();
        for (const tg of tags) ml.bytes(1, tg);
        chart.bytes(2, ml.finish());
      } else {
        const [value, lower, upper] = tags;
        chart.bytes(3, proto().bytes(1, proto().bytes(1, value).bytes(2, lower).bytes(3, upper).finish()).finish());
      }
      c.bytes(2, chart.finish());
    }
    lay.bytes(2, c.finish());
  }
  return lay.finish();
}
