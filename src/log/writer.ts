/**
 * `SummaryWriter`: PyTorch's torch.utils.tensorboard API writing real
 * TensorBoard event files. Events are queued and appended (TFRecord-framed)
 * on flush(), close(), every `flushSecs`, when `maxQueue` events wait, and
 * at process exit.
 *
 * Every method takes PyTorch's parameters in PyTorch's order, and then
 * optionally one options object for the keyword arguments:
 * `w.addImage("x", img, 3, undefined, "HWC")` and
 * `w.addImage("x", img, 3, { dataformats: "HWC" })` are the same call. An
 * unknown option or a wrong type is a TypeError naming the parameter.
 *
 * The background flush never throws into the host program: its error is
 * kept and thrown by the writer's next call (or close()); at process exit it
 * is printed to stderr.
 */
import { hostname } from "node:os";
import {
  any,
  bind,
  bool,
  finite,
  floats,
  func,
  intAtLeast,
  is,
  isPlainObject,
  list,
  type Loggable,
  loggable,
  num,
  type Param,
  positive,
  record,
  type Rest,
  type Step,
  step,
  str,
} from "./args.ts";
import { writeEmbedding } from "./embedding.ts";
import { type Bins, makeHistogram } from "./histogram.ts";
import { imageLayout, pixelSource, renderPng } from "./image.ts";
import { atomicWriteText, inside } from "./paths.ts";
import { encodeWav } from "./png.ts";
import { byteLength, type Bytes, concat, proto } from "./protobuf.ts";
import {
  audioValue,
  type Chart,
  eventBytes,
  floatTensorValue,
  histogramValue,
  hparamsValues,
  imageValue,
  layoutBytes,
  metadata,
  prCurveData,
  prCurveMetadata,
  simpleValue,
  stringTensorValue,
  summaryBytes,
  tensorScalarValue,
} from "./summary.ts";
import { frameRecord } from "./tfrecord.ts";

export type { Loggable, Step };

/** SummaryWriter's options (PyTorch's keyword arguments). */
export interface WriterOptions {
  /** Where event files go; default `runs/<Mon DD_HH-MM-SS>_<hostname><comment>`. */
  logDir?: string;
  /** Appended to the default logDir (ignored when logDir is given, as PyTorch). */
  comment?: string;
  /** Events of a crashed run at or after this step are hidden (a SessionLog START in the main file). */
  purgeStep?: Step;
  /** Queued events that force a flush (default 10). */
  maxQueue?: number;
  /** Seconds between background flushes (default 120). */
  flushSecs?: number;
  /** Appended to event file names (no path separators). */
  filenameSuffix?: string;
}

/** The step and wall time of one event (seconds since the epoch; default now). */
export interface EventOptions {
  /** The step to record it at. */
  globalStep?: Step;
  /** The wall time, in seconds since the epoch (default now). */
  walltime?: number;
}
/** addScalar's keyword arguments. */
export interface ScalarOptions extends EventOptions {
  /** Write a scalars-plugin tensor instead of simple_value. */
  newStyle?: boolean;
  /** With newStyle, a DT_DOUBLE tensor instead of DT_FLOAT. */
  doublePrecision?: boolean;
}
/** addHistogram's keyword arguments. */
export interface HistogramOptions extends EventOptions {
  /** "tensorflow" (TensorFlow's default edges), "auto" (NumPy's), a bin count, or edges. */
  bins?: Bins;
  /** Merges runs of buckets so that at most about this many remain. */
  maxBins?: number;
}
/** addImage/addImages' keyword arguments. */
export interface ImageOptions extends EventOptions {
  /** The axes' order: the letters of HW, CHW or NCHW in any order ("CHW" for addImage, "NCHW" for addImages). */
  dataformats?: string;
}
/** addAudio's keyword arguments. */
export interface AudioOptions extends EventOptions {
  /** Samples per second (default 44100). */
  sampleRate?: number;
}
/** addPrCurve's keyword arguments. */
export interface PrCurveOptions extends EventOptions {
  /** Thresholds (default 127, the most TensorBoard takes). */
  numThresholds?: number;
  /** A weight per prediction, or one for all. */
  weights?: number | Loggable;
}
/** A hyper-parameter value (null ones are skipped, as PyTorch's None). */
export type HparamValue = number | string | boolean | null;
/** addHparams' keyword arguments. */
export interface HparamsOptions {
  /** The values each hyper-parameter can take (same types as its value), for the HParams tab's filters. */
  hparamDomainDiscrete?: Record<string, (number | string | boolean)[]>;
  /** The sub-run (default: the current time in seconds). */
  runName?: string;
  /** The step to record it at. */
  globalStep?: Step;
}
/** addEmbedding's keyword arguments. */
export interface EmbeddingOptions {
  /** One label per point (or, with metadataHeader, one array of columns per point). */
  metadata?: unknown[];
  /** Thumbnails, NCHW, one per point. */
  labelImg?: Loggable;
  /** The step to record it at. */
  globalStep?: Step;
  /** The embedding's name (default "default"). */
  tag?: string;
  /** Column names for multi-column metadata. */
  metadataHeader?: unknown[];
}
/** addGraph's keyword arguments. */
export interface GraphOptions {
  /** Prints the traced nodes. */
  verbose?: boolean;
}

const param = (name: string, check: Param["check"], isRecord = false): Param => ({ name, check, record: isRecord });
const GLOBAL_STEP = param("globalStep", step), WALLTIME = param("walltime", finite), TAG = param("tag", str);
/** A file name suffix must not reach into other folders. */
const suffix: Param["check"] = (v, what) => {
  str(v, what);
  if (/[/\\]/.test(v as string)) throw new RangeError(`${what} must not contain path separators, got '${v}'`);
};
const bins = is(
  (v) => v === "tensorflow" || v === "auto" || Number.isInteger(v) || (Array.isArray(v) && v.every(Number.isFinite)),
  `"tensorflow", "auto", an integer bin count or an array of bin edges`,
);

const PARAMS = {
  SummaryWriter: [
    param("logDir", str),
    param("comment", str),
    param("purgeStep", step),
    param("maxQueue", intAtLeast(1)),
    param("flushSecs", positive),
    param("filenameSuffix", suffix),
  ],
  addScalar: [
    TAG,
    param("scalarValue", loggable),
    GLOBAL_STEP,
    WALLTIME,
    param("newStyle", bool),
    param("doublePrecision", bool),
  ],
  addScalars: [param("mainTag", str), param("tagScalarDict", record, true), GLOBAL_STEP, WALLTIME],
  addHistogram: [
    TAG,
    param("values", loggable),
    GLOBAL_STEP,
    param("bins", bins),
    WALLTIME,
    param("maxBins", intAtLeast(1)),
  ],
  addImage: [TAG, param("imgTensor", loggable), GLOBAL_STEP, WALLTIME, param("dataformats", str)],
  addText: [TAG, param("textString", str), GLOBAL_STEP, WALLTIME],
  addAudio: [TAG, param("sndTensor", loggable), GLOBAL_STEP, param("sampleRate", positive), WALLTIME],
  addPrCurve: [
    TAG,
    param("labels", loggable),
    param("predictions", loggable),
    GLOBAL_STEP,
    param("numThresholds", intAtLeast(2)),
    param("weights", loggable),
    WALLTIME,
  ],
  addHparams: [
    param("hparamDict", record, true),
    param("metricDict", record, true),
    param("hparamDomainDiscrete", record, true),
    param("runName", str),
    GLOBAL_STEP,
  ],
  addCustomScalars: [param("layout", record, true)],
  addEmbedding: [
    param("mat", loggable),
    param("metadata", list),
    param("labelImg", loggable),
    GLOBAL_STEP,
    TAG,
    param("metadataHeader", list),
  ],
  addGraph: [param("model", func), param("inputToModel", any, true), param("verbose", bool)],
} satisfies Record<string, Param[]>;

const now = () => Date.now() / 1000;
const two = (n: number) => String(n).padStart(2, "0");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** setInterval treats delays past 2^31 - 1 ms as 1 ms. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** PyTorch's default logdir: runs/<Mon DD_HH-MM-SS>_<hostname><comment>. */
function defaultLogDir(comment: string): string {
  const d = new Date();
  const stamp = `${MONTHS[d.getMonth()]}${two(d.getDate())}_${two(d.getHours())}-${two(d.getMinutes())}-${
    two(d.getSeconds())
  }`;
  return inside("runs", `${stamp}_${hostname()}${comment}`, `SummaryWriter(): comment ${JSON.stringify(comment)}`);
}

/** Records up to this size are joined into one write; larger ones are written part by part, never copied. */
const JOIN_LIMIT = 1 << 20;

let fileCount = 0;

/** One event file with its queue of framed records. */
class EventFile {
  readonly path: string;
  #queue: Bytes[] = [];
  constructor(dir: string, suffix: string, first: Bytes[]) {
    Deno.mkdirSync(dir, { recursive: true });
    // TensorBoard's EventFileWriter name: time, host, pid and a per-process counter keep files apart.
    const stamp = String(Math.floor(now())).padStart(10, "0");
    this.path = `${dir}/events.out.tfevents.${stamp}.${hostname()}.${Deno.pid}.${fileCount++}${suffix}`;
    this.#queue = first.map(frameRecord);
    this.flush();
  }
  /** Queues one event; returns how many wait. */
  add(event: Bytes): number {
    return this.#queue.push(frameRecord(event));
  }
  /**
   * Appends the queued records. On failure the unwritten ones stay queued
   * for the next try, and a half-written record is cut off (best effort), as
   * one in the middle of the file would stop readers there.
   */
  flush(): void {
    if (!this.#queue.length) return;
    using f = Deno.openSync(this.path, { append: true, create: true });
    let end = f.statSync().size;
    while (this.#queue.length) {
      const r = this.#queue[0];
      try {
        for (const part of byteLength(r) <= JOIN_LIMIT ? [concat(r)] : r) {
          for (let at = 0; at < part.length;) at += f.writeSync(part.subarray(at));
        }
      } catch (e) {
        try {
          f.truncateSync(end);
        } catch { /* the write's error is the one to report */ }
        throw e;
      }
      end += byteLength(r);
      this.#queue.shift();
    }
  }
}

const open = new Set<SummaryWriter>();
addEventListener("unload", () => {
  // Nothing may throw here (it would kill the exiting program): report instead.
  for (const w of open) {
    try {
      w.close();
    } catch (e) {
      console.error(`SummaryWriter: events for ${w.logdir} may be lost: ${e instanceof Error ? e.message : e}`);
    }
  }
});

/**
 * Writes TensorBoard logs: `tensorboard --logdir runs` shows them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np, SummaryWriter } from "../../mod.ts";
 * const dir = await Deno.makeTempDir();
 * using w = new SummaryWriter({ logDir: dir, flushSecs: 30 }); // or new SummaryWriter(dir, { flushSecs: 30 })
 * for (let step = 0; step < 3; step++) w.addScalar("loss", 1 / (step + 1), step);
 * w.addScalar("lr", 0.1, 2, { newStyle: true }); // keyword arguments after the positional ones
 * const img = np.random.random([8, 8, 3]) as np.NDArray;
 * w.addImage("noise", img, 2, undefined, "HWC"); // PyTorch's order: walltime comes before dataformats
 * w.addImage("noise", img, 3, { dataformats: "HWC" });
 * w.flush();
 * assert.ok([...Deno.readDirSync(dir)].some((e) => e.name.startsWith("events.out.tfevents.")));
 * ```
 */
export class SummaryWriter {
  /** The directory event files are written to. */
  readonly logdir: string;
  #maxQueue: number;
  #suffix: string;
  #files = new Map<string, EventFile>();
  #timer: ReturnType<typeof setInterval>;
  #closed = false;
  /** The error of a failed background flush, thrown by the next call. */
  #failure: Error | undefined;

  /**
   * `new SummaryWriter(logDir?, comment?, purgeStep?, maxQueue?, flushSecs?, filenameSuffix?)`,
   * with an options object in place of any trailing arguments.
   */
  constructor(
    ...args: Rest<
      [logDir: string, comment: string, purgeStep: Step, maxQueue: number, flushSecs: number, filenameSuffix: string],
      WriterOptions
    >
  ) {
    const a: WriterOptions = bind("SummaryWriter", PARAMS.SummaryWriter, 0, args);
    this.logdir = a.logDir || defaultLogDir(a.comment ?? "");
    this.#maxQueue = a.maxQueue ?? 10;
    this.#suffix = a.filenameSuffix ?? "";
    const first = [eventBytes(now(), a.purgeStep ?? 0, { fileVersion: "brain.Event:2" })];
    // TensorBoard drops the earlier events at or past a SessionLog START's step.
    if (a.purgeStep !== undefined) first.push(eventBytes(now(), a.purgeStep, { sessionStart: true }));
    this.#files.set(this.logdir, new EventFile(this.logdir, this.#suffix, first));
    this.#timer = setInterval(() => this.#backgroundFlush(), Math.min((a.flushSecs ?? 120) * 1000, MAX_DELAY_MS));
    Deno.unrefTimer(this.#timer);
    open.add(this);
  }

  /** Path of the main event file. */
  get fileName(): string {
    return this.#files.get(this.logdir)!.path;
  }

  /** One scalar point: `addScalar(tag, scalarValue, globalStep?, walltime?, newStyle?, doublePrecision?)`. */
  addScalar(
    tag: string,
    scalarValue: number | Loggable,
    ...rest: Rest<[globalStep: Step, walltime: number, newStyle: boolean, doublePrecision: boolean], ScalarOptions>
  ): void {
    this.#ready();
    const a: ScalarOptions & { tag: string; scalarValue: Loggable } = bind("addScalar", PARAMS.addScalar, 2, [
      tag,
      scalarValue,
      ...rest,
    ]);
    const v = scalarOf("addScalar(): scalarValue", a.scalarValue);
    const value = a.newStyle ? tensorScalarValue(a.tag, v, a.doublePrecision ?? false) : simpleValue(a.tag, v);
    this.#write([value], a.globalStep, a.walltime);
  }

  /**
   * Several scalars in one chart, `addScalars(mainTag, tagScalarDict, globalStep?, walltime?)`:
   * one sub-run `<logdir>/<mainTag>_<key>` per key, as PyTorch ("/" in
   * mainTag becomes "_"; a key may nest folders but never leave the logdir).
   */
  addScalars(
    mainTag: string,
    tagScalarDict: Record<string, number | Loggable>,
    ...rest: Rest<[globalStep: Step, walltime: number], EventOptions>
  ): void {
    this.#ready();
    const a: EventOptions & { mainTag: string; tagScalarDict: Record<string, Loggable> } = bind(
      "addScalars",
      PARAMS.addScalars,
      2,
      [mainTag, tagScalarDict, ...rest],
    );
    const runs = Object.entries(a.tagScalarDict).map(([k, v]) => {
      const what = `addScalars(): tagScalarDict key ${JSON.stringify(k)}`;
      return [inside(this.logdir, `${a.mainTag.replaceAll("/", "_")}_${k}`, what), scalarOf(what, v)] as const;
    });
    const t = a.walltime ?? now();
    for (const [dir, v] of runs) this.#write([simpleValue(a.mainTag, v)], a.globalStep, t, dir);
  }

  /**
   * A histogram, `addHistogram(tag, values, globalStep?, bins = "tensorflow", walltime?, maxBins?)`.
   * Values must be finite (PyTorch's histogram op says the same).
   */
  addHistogram(
    tag: string,
    values: Loggable,
    ...rest: Rest<[globalStep: Step, bins: Bins, walltime: number, maxBins: number], HistogramOptions>
  ): void {
    this.#ready();
    const a: HistogramOptions & { tag: string; values: Loggable } = bind("addHistogram", PARAMS.addHistogram, 2, [
      tag,
      values,
      ...rest,
    ]);
    const h = makeHistogram(floats("addHistogram", a.values).data, a.bins ?? "tensorflow", a.maxBins);
    this.#write([histogramValue(a.tag, h)], a.globalStep, a.walltime);
  }

  /**
   * An image, `addImage(tag, imgTensor, globalStep?, walltime?, dataformats = "CHW")`:
   * 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA) channels; a 4-letter
   * dataformats tiles a batch as addImages. Floats are taken in [0, 1],
   * integers as 0-255.
   */
  addImage(
    tag: string,
    imgTensor: Loggable,
    ...rest: Rest<[globalStep: Step, walltime: number, dataformats: string], ImageOptions>
  ): void {
    this.#image("addImage", "CHW", [tag, imgTensor, ...rest]);
  }

  /** A batch of images, `addImages(tag, imgTensor, globalStep?, walltime?, dataformats = "NCHW")`, tiled 8 per row. */
  addImages(
    tag: string,
    imgTensor: Loggable,
    ...rest: Rest<[globalStep: Step, walltime: number, dataformats: string], ImageOptions>
  ): void {
    this.#image("addImages", "NCHW", [tag, imgTensor, ...rest]);
  }

  #image(fn: string, dataformats: string, args: unknown[]): void {
    this.#ready();
    const a: ImageOptions & { tag: string; imgTensor: Loggable } = bind(fn, PARAMS.addImage, 2, args);
    const src = pixelSource(fn, a.imgTensor);
    const img = renderPng(src, imageLayout(`${fn}()`, src.shape, a.dataformats ?? dataformats), 8);
    this.#write([imageValue(a.tag, img.png, img.height, img.width, img.channels)], a.globalStep, a.walltime);
  }

  /** Text (markdown) for the Text tab: `addText(tag, textString, globalStep?, walltime?)`. */
  addText(tag: string, textString: string, ...rest: Rest<[globalStep: Step, walltime: number], EventOptions>): void {
    this.#ready();
    const a: EventOptions & { tag: string; textString: string } = bind("addText", PARAMS.addText, 2, [
      tag,
      textString,
      ...rest,
    ]);
    this.#write([stringTensorValue(a.tag, [a.textString], [1], metadata("text"))], a.globalStep, a.walltime);
  }

  /**
   * An audio clip, `addAudio(tag, sndTensor, globalStep?, sampleRate = 44100, walltime?)`:
   * samples in [-1, 1], mono (1-d) or (frames, channels).
   */
  addAudio(
    tag: string,
    sndTensor: Loggable,
    ...rest: Rest<[globalStep: Step, sampleRate: number, walltime: number], AudioOptions>
  ): void {
    this.#ready();
    const a: AudioOptions & { tag: string; sndTensor: Loggable } = bind("addAudio", PARAMS.addAudio, 2, [
      tag,
      sndTensor,
      ...rest,
    ]);
    const { data, shape } = floats("addAudio", a.sndTensor);
    if (shape.length > 2) {
      throw new RangeError(`addAudio(): sndTensor must be 1-d or (frames, channels), got [${shape}]`);
    }
    const channels = shape.length > 1 ? shape[1] : 1, rate = a.sampleRate ?? 44100;
    const wav = encodeWav(data, rate, channels);
    this.#write([audioValue(a.tag, wav, rate, channels, data.length / channels)], a.globalStep, a.walltime);
  }

  /**
   * A precision-recall curve from labels (1 positive, 0 negative) and
   * predicted probabilities:
   * `addPrCurve(tag, labels, predictions, globalStep?, numThresholds = 127, weights?, walltime?)`.
   */
  addPrCurve(
    tag: string,
    labels: Loggable,
    predictions: Loggable,
    ...rest: Rest<
      [globalStep: Step, numThresholds: number, weights: number | Loggable, walltime: number],
      PrCurveOptions
    >
  ): void {
    this.#ready();
    const a: PrCurveOptions & { tag: string; labels: Loggable; predictions: Loggable } = bind(
      "addPrCurve",
      PARAMS.addPrCurve,
      3,
      [tag, labels, predictions, ...rest],
    );
    const l = floats("addPrCurve", a.labels).data, p = floats("addPrCurve", a.predictions).data;
    const n = Math.min(a.numThresholds ?? 127, 127);
    const data = prCurveData(sameLength("labels", l, p), p, n, weights(a.weights ?? 1, p));
    this.#write([floatTensorValue(a.tag, data, [6, n], prCurveMetadata(n))], a.globalStep, a.walltime);
  }

  /**
   * Hyper-parameters and their metrics for the HParams tab, in a sub-run
   * `<logdir>/<runName>` (default: the time):
   * `addHparams(hparamDict, metricDict, hparamDomainDiscrete?, runName?, globalStep?)`.
   */
  addHparams(
    hparamDict: Record<string, HparamValue>,
    metricDict: Record<string, number>,
    ...rest: Rest<
      [hparamDomainDiscrete: Record<string, (number | string | boolean)[]>, runName: string, globalStep: Step],
      HparamsOptions
    >
  ): void {
    this.#ready();
    const a: HparamsOptions & { hparamDict: Record<string, HparamValue>; metricDict: Record<string, number> } = bind(
      "addHparams",
      PARAMS.addHparams,
      2,
      [hparamDict, metricDict, ...rest],
    );
    const hp = hparamEntries(a.hparamDict, a.hparamDomainDiscrete ?? {});
    for (const [k, v] of Object.entries(a.metricDict)) num(v, `addHparams(): metricDict[${JSON.stringify(k)}]`);
    const dir = inside(this.logdir, a.runName || String(now()), `addHparams(): runName ${JSON.stringify(a.runName)}`);
    const t = now(), values = hparamsValues(hp, Object.keys(a.metricDict), a.hparamDomainDiscrete ?? {});
    for (const v of values) this.#write([v], a.globalStep, t, dir);
    for (const [k, v] of Object.entries(a.metricDict)) this.#write([simpleValue(k, v)], a.globalStep, t, dir);
  }

  /**
   * Custom-scalars layout: categories of charts, each
   * `["Multiline", tagRegexes]` or `["Margin", [value, lower, upper]]`.
   */
  addCustomScalars(layout: Record<string, Record<string, Chart>>, ...rest: []): void {
    this.#ready();
    bind("addCustomScalars", PARAMS.addCustomScalars, 1, [layout, ...rest]);
    checkLayout(layout);
    const meta = metadata("custom_scalars");
    this.#write([stringTensorValue("custom_scalars__config__", [layoutBytes(layout)], undefined, meta)]);
  }

  /**
   * Embeddings for the Projector,
   * `addEmbedding(mat, metadata?, labelImg?, globalStep = 0, tag = "default", metadataHeader?)`:
   * writes tensors.tsv, metadata.tsv (and a sprite from `labelImg`, NCHW)
   * under `<logdir>/<step>/<tag>` (the tag %-encoded as PyTorch, and never
   * outside the logdir) and the projector_config.pbtxt that points at them.
   */
  addEmbedding(
    mat: Loggable,
    ...rest: Rest<
      [metadata: unknown[], labelImg: Loggable, globalStep: Step, tag: string, metadataHeader: unknown[]],
      EmbeddingOptions
    >
  ): void {
    this.#ready();
    const a: EmbeddingOptions & { mat: Loggable } = bind("addEmbedding", PARAMS.addEmbedding, 1, [mat, ...rest]);
    const cfg = writeEmbedding(this.logdir, {
      mat: floats("addEmbedding", a.mat),
      metadata: a.metadata,
      metadataHeader: a.metadataHeader,
      labelImg: a.labelImg === undefined ? undefined : pixelSource("addEmbedding", a.labelImg),
      step: a.globalStep ?? 0,
      tag: a.tag ?? "default",
    });
    const cfgPath = `${this.logdir}/projector_config.pbtxt`;
    let prev = "";
    try {
      prev = Deno.readTextFileSync(cfgPath);
    } catch { /* first embedding */ }
    atomicWriteText(cfgPath, prev + cfg);
  }

  /**
   * The computation graph of `model(inputToModel)` (traced through
   * autograd: every op node that produced the output) in the Graphs tab:
   * `addGraph(model, inputToModel?, verbose = false)`.
   */
  addGraph(
    model: (x: never) => { gradFn: GraphNode | null },
    ...rest: Rest<[inputToModel: unknown, verbose: boolean], GraphOptions>
  ): void {
    this.#ready();
    const a: GraphOptions & { model: (x: unknown) => { gradFn: GraphNode | null }; inputToModel?: unknown } = bind(
      "addGraph",
      PARAMS.addGraph,
      1,
      [model, ...rest],
    );
    const order = traceNodes(a.model(a.inputToModel).gradFn);
    const g = proto();
    for (const [n, id] of order) {
      const node = proto().bytes(1, id).bytes(2, n.name.replace(/Backward\d*$/, ""));
      for (const m of inputsOf(n)) if (m) node.bytes(3, order.get(m)!);
      g.bytes(1, node.finish());
      if (a.verbose) console.log(`${id} <- ${inputsOf(n).filter((m) => m).map((m) => order.get(m!)).join(", ")}`);
    }
    g.bytes(4, proto().int(1, 22).finish());
    this.#event(eventBytes(now(), 0, { graphDef: g.finish() }), this.logdir);
  }

  /** Writes queued events (throwing a kept background-flush error first). */
  flush(): void {
    this.#report();
    this.#flushAll();
  }

  /**
   * Flushes and stops the timer; later writes throw. Throws a kept
   * background-flush error, or this flush's; flush() may then retry.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    open.delete(this);
    this.#flushAll();
    this.#report();
  }
  /** `using w = new SummaryWriter()` closes it at the end of the block. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Throws when closed, or the kept error of a failed background flush (once). */
  #ready(): void {
    if (this.#closed) throw new Error("SummaryWriter is closed");
    this.#report();
  }
  #report(): void {
    const e = this.#failure;
    this.#failure = undefined;
    if (e) throw e;
  }
  /** The timer's flush: keeps its error for the next call, since throwing here would kill the host. */
  #backgroundFlush(): void {
    try {
      this.#flushAll();
    } catch (e) {
      this.#failure ??= new Error(
        `SummaryWriter: a background flush of ${this.logdir} failed: ${e instanceof Error ? e.message : e}`,
        { cause: e },
      );
    }
  }
  /** Flushes every file (all are tried); throws the first error. */
  #flushAll(): void {
    let error: unknown;
    for (const f of this.#files.values()) {
      try {
        f.flush();
      } catch (e) {
        error ??= e;
      }
    }
    if (error !== undefined) throw error;
  }
  #write(values: Bytes[], step: Step = 0, walltime = now(), dir = this.logdir): void {
    this.#event(eventBytes(walltime, step, { summary: summaryBytes(values) }), dir);
  }
  #event(event: Bytes, dir: string): void {
    let f = this.#files.get(dir);
    if (!f) {
      f = new EventFile(dir, this.#suffix, [eventBytes(now(), 0, { fileVersion: "brain.Event:2" })]);
      this.#files.set(dir, f);
    }
    if (f.add(event) >= this.#maxQueue) f.flush();
  }
}

/** A scalar argument's value: a number, or an array of one element. */
function scalarOf(what: string, v: Loggable): number {
  loggable(v, what);
  if (typeof v === "number") return v;
  const { data, shape } = floats(what, v);
  if (data.length !== 1) throw new RangeError(`${what} must hold one element, got shape [${shape}]`);
  return data[0];
}

/** `b`, after checking that it has as many elements as `a`. */
function sameLength(name: string, a: Float64Array, b: Float64Array): Float64Array {
  if (a.length !== b.length) {
    throw new RangeError(`addPrCurve(): ${a.length} ${name} for ${b.length} predictions`);
  }
  return a;
}

/** Per-prediction weights: one number for all, or one element per prediction. */
function weights(w: number | Loggable, predictions: Float64Array): (i: number) => number {
  if (typeof w === "number") return () => w;
  const data = sameLength("weights", floats("addPrCurve", w).data, predictions);
  return (i) => data[i];
}

/** The hyper-parameters to log (null skipped), after checking them and their discrete domains. */
function hparamEntries(
  hparams: Record<string, HparamValue>,
  domains: Record<string, unknown>,
): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const [k, v] of Object.entries(hparams)) {
    if (v === null) continue;
    if (!["number", "string", "boolean"].includes(typeof v)) {
      throw new TypeError(`addHparams(): hparamDict[${JSON.stringify(k)}] must be a number, string, boolean or null`);
    }
    out[k] = v;
  }
  for (const [k, d] of Object.entries(domains)) {
    if (!Object.hasOwn(out, k)) {
      throw new TypeError(
        `addHparams(): hparamDomainDiscrete names ${
          JSON.stringify(k)
        }, which hparamDict lacks (options go in an object of hparamDomainDiscrete, runName, globalStep)`,
      );
    }
    if (!Array.isArray(d) || !d.every((x) => typeof x === typeof out[k])) {
      throw new TypeError(
        `addHparams(): hparamDomainDiscrete[${
          JSON.stringify(k)
        }] must be an array of values of the type of hparamDict[${JSON.stringify(k)}]`,
      );
    }
  }
  return out;
}

/** Checks a custom-scalars layout's shape (Margin charts need exactly value, lower and upper tags). */
function checkLayout(layout: Record<string, Record<string, Chart>>): void {
  for (const [cat, charts] of Object.entries(layout)) {
    const where = (title: string) => `addCustomScalars(): layout[${JSON.stringify(cat)}][${JSON.stringify(title)}]`;
    if (!isPlainObject(charts)) {
      throw new TypeError(`addCustomScalars(): layout[${JSON.stringify(cat)}] must be an object of charts`);
    }
    for (const [title, chart] of Object.entries(charts)) {
      const [kind, tags] = Array.isArray(chart) ? chart : [];
      if (
        !["Multiline", "Margin"].includes(kind as string) || !Array.isArray(tags) ||
        !tags.every((t) => typeof t === "string")
      ) {
        throw new TypeError(`${where(title)} must be ["Multiline" | "Margin", tags: string[]]`);
      }
      if (kind === "Margin" && tags.length !== 3) {
        throw new RangeError(`${where(title)}: a Margin chart takes 3 tags (value, lower, upper), got ${tags.length}`);
      }
    }
  }
}

/** What addGraph reads from an autograd node: its name and PyTorch's next_functions ([node, input nr] pairs). */
export interface GraphNode {
  /** The node's name (`MulBackward0`). */
  readonly name: string;
  /** The nodes feeding it, with the input numbers. */
  readonly nextFunctions: [GraphNode | null, number][];
}

/** The nodes feeding `n`. */
const inputsOf = (n: GraphNode): (GraphNode | null)[] => n.nextFunctions.map(([m]) => m);

/** The nodes that produced `out`, inputs first, each with a unique id. */
function traceNodes(out: GraphNode | null): Map<GraphNode, string> {
  const ids = new Map<GraphNode, string>(), order = new Map<GraphNode, string>();
  const visit = (n: GraphNode | null) => {
    if (!n || ids.has(n)) return;
    ids.set(n, `${n.name}_${ids.size}`);
    for (const m of inputsOf(n)) visit(m);
    order.set(n, ids.get(n)!);
  };
  visit(out);
  return order;
}
