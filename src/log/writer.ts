/**
 * `SummaryWriter`: tensorboardX's API writing real TensorBoard event files.
 * Events are queued and appended (TFRecord-framed) on flush(), close(),
 * every `flushSecs`, when `maxQueue` events wait, and at process exit.
 */
import { hostname } from "node:os";
import { castTo, contiguous, type Operand } from "../ops/operand.ts";
import { type ArrayData, isOperand, toOperand } from "../numpy/convert.ts";
import { makeHistogram } from "./histogram.ts";
import { concatBytes, encodePng, encodeWav } from "./png.ts";
import { proto } from "./protobuf.ts";
import {
  audioValue,
  eventBytes,
  floatTensorValue,
  histogramValue,
  imageValue,
  metadata,
  scalarValue,
  stringTensorValue,
  summaryBytes,
} from "./summary.ts";
import { frameRecord } from "./tfrecord.ts";

/** Arrays the writer accepts: ndarrays, tensors, nested JS arrays, typed arrays. */
export type Loggable = Operand | ArrayData;

/** SummaryWriter options (tensorboardX's keyword arguments). */
export interface WriterOptions {
  comment?: string;
  purgeStep?: number;
  maxQueue?: number;
  flushSecs?: number;
  filenameSuffix?: string;
}

function values(x: Loggable): { data: Float64Array; shape: number[] } {
  const o = isOperand(x) ? x : toOperand("log", x as ArrayData);
  const c = contiguous(castTo(o, "float64"));
  return { data: (c.storage.data as Float64Array).subarray(0, o.layout.size), shape: [...o.layout.shape] };
}

const now = () => Date.now() / 1000;
const two = (n: number) => String(n).padStart(2, "0");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** One event file with its queue. */
class EventFile {
  readonly path: string;
  #queue: Uint8Array[] = [];
  #maxQueue: number;
  constructor(dir: string, suffix: string, maxQueue: number, first: Uint8Array[]) {
    Deno.mkdirSync(dir, { recursive: true });
    this.path = `${dir}/events.out.tfevents.${String(Math.floor(now())).padStart(10, "0")}.${hostname()}${suffix}`;
    this.#maxQueue = maxQueue;
    Deno.writeFileSync(this.path, concatBytes(first.map(frameRecord)), { append: true });
  }
  add(event: Uint8Array): void {
    this.#queue.push(frameRecord(event));
    if (this.#queue.length >= this.#maxQueue) this.flush();
  }
  flush(): void {
    if (!this.#queue.length) return;
    Deno.writeFileSync(this.path, concatBytes(this.#queue), { append: true });
    this.#queue = [];
  }
}

const open = new Set<SummaryWriter>();
addEventListener("unload", () => {
  for (const w of open) w.close();
});

/**
 * Writes TensorBoard logs: `tensorboard --logdir runs` shows them.
 *
 * @example
 * ```ts
 * import { SummaryWriter } from "../../mod.ts";
 * const dir = await Deno.makeTempDir();
 * using w = new SummaryWriter(dir);
 * for (let step = 0; step < 3; step++) w.addScalar("loss", 1 / (step + 1), step);
 * ```
 */
export class SummaryWriter {
  readonly logdir: string;
  #opts: Required<Omit<WriterOptions, "purgeStep">> & { purgeStep?: number };
  #files = new Map<string, EventFile>();
  #timer: ReturnType<typeof setInterval>;
  #closed = false;

  constructor(logdir?: string, opts: WriterOptions = {}) {
    const d = new Date();
    const stamp = `${MONTHS[d.getMonth()]}${two(d.getDate())}_${two(d.getHours())}-${two(d.getMinutes())}-${
      two(d.getSeconds())
    }`;
    this.logdir = logdir ?? `runs/${stamp}_${hostname()}${opts.comment ?? ""}`;
    this.#opts = { comment: "", maxQueue: 10, flushSecs: 120, filenameSuffix: "", ...opts };
    this.#file(this.logdir);
    this.#timer = setInterval(() => this.flush(), this.#opts.flushSecs * 1000);
    Deno.unrefTimer(this.#timer);
    open.add(this);
  }

  #file(dir: string): EventFile {
    let f = this.#files.get(dir);
    if (!f) {
      const first = [eventBytes(now(), this.#opts.purgeStep ?? 0, { fileVersion: "brain.Event:2" })];
      if (this.#opts.purgeStep !== undefined) {
        // SessionLog{status=START}: TensorBoard drops earlier events at or past purgeStep
        first.push(proto().double(1, now()).int(2, this.#opts.purgeStep).bytes(6, proto().int(1, 1).finish()).finish());
      }
      f = new EventFile(dir, this.#opts.filenameSuffix, this.#opts.maxQueue, first);
      this.#files.set(dir, f);
    }
    return f;
  }

  #write(values: Uint8Array[], step = 0, walltime?: number, dir = this.logdir): void {
    if (this.#closed) throw new Error("SummaryWriter is closed");
    this.#file(dir).add(eventBytes(walltime ?? now(), step, { summary: summaryBytes(values) }));
  }

  /** Path of the main event file. */
  get fileName(): string {
    return this.#files.get(this.logdir)!.path;
  }

  /** One scalar point. */
  addScalar(tag: string, value: number | Loggable, globalStep?: number, walltime?: number): void {
    const v = typeof value === "number" ? value : values(value).data[0];
    this.#write([scalarValue(tag, v)], globalStep, walltime);
  }

  /** Several scalars in one chart: one sub-run (folder) per key, as tensorboardX. */
  addScalars(mainTag: string, tagValues: Record<string, number>, globalStep?: number, walltime?: number): void {
    const t = walltime ?? now();
    for (const [k, v] of Object.entries(tagValues)) {
      this.#write([scalarValue(mainTag, v)], globalStep, t, `${this.logdir}/${mainTag.replaceAll("/", "_")}_${k}`);
    }
  }

  /** A histogram of values; bins "tensorflow" (default), "auto", a count, or edges. */
  addHistogram(
    tag: string,
    vals: Loggable,
    globalStep?: number,
    bins: "tensorflow" | "auto" | number | number[] = "tensorflow",
    walltime?: number,
  ): void {
    this.#write([histogramValue(tag, makeHistogram(values(vals).data, bins))], globalStep, walltime);
  }

  /**
   * An image: CHW by default (`dataformats` HWC, HW, CHW...); floats are
   * taken in [0, 1] and scaled to 0-255, integers as 0-255.
   */
  addImage(
    tag: string,
    img: Loggable,
    globalStep?: number,
    opts: { dataformats?: string; walltime?: number } = {},
  ): void {
    const { data, shape } = values(img);
    const hwc = toHWC(data, shape, (opts.dataformats ?? "CHW").toUpperCase());
    this.#image(tag, hwc, unitScale(img, data), globalStep, opts.walltime);
  }

  /** A batch of images (NCHW by default), tiled in a grid of 8 columns. */
  addImages(
    tag: string,
    imgs: Loggable,
    globalStep?: number,
    opts: { dataformats?: string; walltime?: number } = {},
  ): void {
    const { data, shape } = values(imgs);
    const fmt = (opts.dataformats ?? "NCHW").toUpperCase();
    this.#image(tag, gridHWC(toNCHW(data, shape, fmt)), unitScale(imgs, data), globalStep, opts.walltime);
  }

  #image(
    tag: string,
    img: { data: Float64Array; h: number; w: number; c: number },
    isFloat: boolean,
    step?: number,
    walltime?: number,
  ): void {
    const px = new Uint8Array(img.data.length);
    for (let i = 0; i < px.length; i++) {
      const v = isFloat ? img.data[i] * 255 : img.data[i];
      px[i] = Math.max(0, Math.min(255, Math.round(v)));
    }
    const png = encodePng(px, img.h, img.w, img.c as 1 | 3 | 4);
    this.#write([imageValue(tag, png, img.h, img.w, img.c)], step, walltime);
  }

  /** Text (markdown) for the Text tab. */
  addText(tag: string, text: string, globalStep?: number, walltime?: number): void {
    this.#write([stringTensorValue(tag, [text], [1], metadata("text"))], globalStep, walltime);
  }

  /** Audio clip: samples in [-1, 1], mono (1-d) or (frames, channels). */
  addAudio(tag: string, snd: Loggable, globalStep?: number, sampleRate = 44100, walltime?: number): void {
    const { data, shape } = values(snd);
    const channels = shape.length > 1 ? shape[1] : 1;
    const wav = encodeWav(data, sampleRate, channels);
    this.#write([audioValue(tag, wav, sampleRate, channels, data.length / channels)], globalStep, walltime);
  }

  /** A precision-recall curve from binary labels and predicted probabilities. */
  addPrCurve(
    tag: string,
    labels: Loggable,
    predictions: Loggable,
    globalStep?: number,
    numThresholds = 127,
    walltime?: number,
  ): void {
    const l = values(labels).data, p = values(predictions).data;
    const n = Math.min(numThresholds, 127);
    const tp = new Array(n).fill(0), fp = new Array(n).fill(0);
    for (let i = 0; i < p.length; i++) {
      const bucket = Math.floor(p[i] * (n - 1));
      for (let t = 0; t <= bucket && t < n; t++) (l[i] ? tp : fp)[t]++;
    }
    const pos = l.reduce((s, v) => s + (v ? 1 : 0), 0), neg = l.length - pos;
    const tn = fp.map((f) => neg - f), fn = tp.map((t) => pos - t);
    const precision = tp.map((t, i) => t / Math.max(t + fp[i], 1e-7));
    const recall = tp.map((t, i) => t / Math.max(t + fn[i], 1e-7));
    const content = proto().int(1, 0).int(2, n).finish(); // PrCurvePluginData{version=0, num_thresholds=2}
    const flat = [...tp, ...fp, ...tn, ...fn, ...precision, ...recall];
    this.#write([floatTensorValue(tag, flat, [6, n], metadata("pr_curves", content))], globalStep, walltime);
  }

  /** Hyper-parameters and their metrics for the HParams tab (a sub-run per call, as tensorboardX). */
  addHparams(
    hparams: Record<string, number | string | boolean>,
    metrics: Record<string, number>,
    runName?: string,
  ): void {
    const dir = `${this.logdir}/${runName ?? String(now())}`;
    const value = (v: number | string | boolean) =>
      typeof v === "number"
        ? proto().double(2, v).finish()
        : typeof v === "string"
        ? proto().bytes(3, v).finish()
        : proto().int(4, v).finish();
    const exp = proto();
    for (const k of Object.keys(hparams)) exp.bytes(4, proto().bytes(1, k).finish());
    for (const k of Object.keys(metrics)) exp.bytes(5, proto().bytes(1, proto().bytes(2, k).finish()).finish());
    const start = proto();
    for (const [k, v] of Object.entries(hparams)) start.bytes(1, proto().bytes(1, k).bytes(2, value(v)).finish());
    // HParamsPluginData{version=1, experiment=2 | session_start_info=3 | session_end_info=4}
    const plugin = (field: number, body: Uint8Array) =>
      metadata("hparams", proto().int(1, 0).bytes(field, body).finish());
    const t = now();
    this.#write([tagged("_hparams_/experiment", plugin(2, exp.finish()))], 0, t, dir);
    this.#write([tagged("_hparams_/session_start_info", plugin(3, start.finish()))], 0, t, dir);
    this.#write([tagged("_hparams_/session_end_info", plugin(4, proto().int(1, 1).finish()))], 0, t, dir);
    for (const [k, v] of Object.entries(metrics)) this.#write([scalarValue(k, v)], 0, t, dir);
  }

  /** Custom-scalars layout: categories of charts, each a list of tag regexes. */
  addCustomScalars(layout: Record<string, Record<string, ["Multiline" | "Margin", string[]]>>): void {
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
      lay.bytes(2, c.finish()); // Layout{version=1, category=2}
    }
    const layoutBytes = lay.finish();
    const t = proto().int(1, 7).bytes(8, layoutBytes).finish();
    this.#write([
      proto().bytes(1, "custom_scalars__config__").bytes(9, metadata("custom_scalars")).bytes(8, t).finish(),
    ]);
  }

  /**
   * Embeddings for the Projector: writes tensors.tsv, metadata.tsv (and a
   * sprite from `labelImg`, NCHW) under `<logdir>/<step>/<tag>` and the
   * projector_config.pbtxt that points at them.
   */
  addEmbedding(
    mat: Loggable,
    opts: { metadata?: (string | number)[]; labelImg?: Loggable; globalStep?: number; tag?: string } = {},
  ): void {
    const { data, shape } = values(mat);
    const [n, dim] = shape;
    const sub = `${String(opts.globalStep ?? 0).padStart(5, "0")}/${opts.tag ?? "default"}`;
    const dir = `${this.logdir}/${sub}`;
    Deno.mkdirSync(dir, { recursive: true });
    const rows: string[] = [];
    for (let i = 0; i < n; i++) rows.push(Array.from(data.subarray(i * dim, (i + 1) * dim)).join("\t"));
    atomicWrite(`${dir}/tensors.tsv`, rows.join("\n") + "\n");
    let cfg = `embeddings {\n  tensor_name: "${opts.tag ?? "default"}:${
      String(opts.globalStep ?? 0).padStart(5, "0")
    }"\n  tensor_path: "${sub}/tensors.tsv"\n`;
    if (opts.metadata) {
      atomicWrite(`${dir}/metadata.tsv`, opts.metadata.join("\n") + "\n");
      cfg += `  metadata_path: "${sub}/metadata.tsv"\n`;
    }
    if (opts.labelImg) {
      const imgs = values(opts.labelImg);
      const [, c, h, w] = imgs.shape;
      const side = Math.ceil(Math.sqrt(imgs.shape[0]));
      const grid = gridHWC({ data: imgs.data, n: imgs.shape[0], c, h, w }, side);
      const px = Uint8Array.from(grid.data, (v) => Math.max(0, Math.min(255, Math.round(v * 255))));
      Deno.writeFileSync(`${dir}/sprite.png`, encodePng(px, grid.h, grid.w, grid.c as 1 | 3 | 4));
      cfg +=
        `  sprite {\n    image_path: "${sub}/sprite.png"\n    single_image_dim: ${w}\n    single_image_dim: ${h}\n  }\n`;
    }
    cfg += "}\n";
    const cfgPath = `${this.logdir}/projector_config.pbtxt`;
    let prev = "";
    try {
      prev = Deno.readTextFileSync(cfgPath);
    } catch { /* first embedding */ }
    atomicWrite(cfgPath, prev + cfg);
  }

  /**
   * The computation graph of `fn(input)` (traced through autograd: every
   * op node that produced the output) in the Graphs tab.
   */
  addGraph(fn: (x: never) => { gradFn: GraphNode | null }, input: unknown): void {
    const out = fn(input as never);
    const nodes = new Map<GraphNode, string>();
    const order: GraphNode[] = [];
    const visit = (n: GraphNode | null) => {
      if (!n || nodes.has(n)) return;
      nodes.set(n, `${n.name}_${nodes.size}`);
      for (const m of n.next) visit(m);
      order.push(n);
    };
    visit(out.gradFn);
    const g = proto();
    for (const n of order) {
      const node = proto().bytes(1, nodes.get(n)!).bytes(2, n.name.replace(/Backward\d*$/, ""));
      for (const m of n.next) if (m) node.bytes(3, nodes.get(m)!);
      g.bytes(1, node.finish());
    }
    g.bytes(4, proto().int(1, 22).finish());
    if (this.#closed) throw new Error("SummaryWriter is closed");
    this.#file(this.logdir).add(eventBytes(now(), 0, { graphDef: g.finish() }));
  }

  /** Writes queued events. */
  flush(): void {
    for (const f of this.#files.values()) f.flush();
  }
  /** Flushes and stops the timer; later writes throw. */
  close(): void {
    if (this.#closed) return;
    this.flush();
    clearInterval(this.#timer);
    this.#closed = true;
    open.delete(this);
  }
  [Symbol.dispose](): void {
    this.close();
  }
}

/** Whether pixel values are in [0, 1] (float arrays, or JS data that looks so) rather than 0-255. */
function unitScale(img: Loggable, data: Float64Array): boolean {
  if (isOperand(img)) return img.storage.dtype.startsWith("float");
  return !Number.isInteger(data.find((v) => v !== 0) ?? 0) || data.every((v) => v <= 1);
}

/** What addGraph reads from an autograd node. */
interface GraphNode {
  name: string;
  next: (GraphNode | null)[];
}

/** A value carrying only plugin metadata and an empty string tensor (how hparams summaries are shaped). */
function tagged(tag: string, meta: Uint8Array): Uint8Array {
  const t = proto().int(1, 7).bytes(2, new Uint8Array()).finish();
  return proto().bytes(1, tag).bytes(9, meta).bytes(8, t).finish();
}

function atomicWrite(path: string, text: string): void {
  const tmp = `${path}.${Deno.pid}.tmp`;
  Deno.writeTextFileSync(tmp, text);
  Deno.renameSync(tmp, path);
}

function toHWC(
  data: Float64Array,
  shape: number[],
  fmt: string,
): { data: Float64Array; h: number; w: number; c: number } {
  if (fmt.length !== shape.length) {
    throw new RangeError(`addImage: dataformats ${fmt} does not match an image of shape [${shape}]`);
  }
  const dim = (ch: string) => (fmt.includes(ch) ? shape[fmt.indexOf(ch)] : 1);
  const h = dim("H"), w = dim("W"), c0 = dim("C");
  const c = c0 === 1 ? 1 : c0;
  const out = new Float64Array(h * w * c);
  const stride = (ch: string) => {
    const i = fmt.indexOf(ch);
    return i < 0 ? 0 : shape.slice(i + 1).reduce((p, d) => p * d, 1);
  };
  const sh = stride("H"), sw = stride("W"), sc = stride("C");
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) out[(y * w + x) * c + k] = data[y * sh + x * sw + k * sc];
  }
  return { data: out, h, w, c };
}

function toNCHW(
  data: Float64Array,
  shape: number[],
  fmt: string,
): { data: Float64Array; n: number; c: number; h: number; w: number } {
  if (fmt === "NCHW") return { data, n: shape[0], c: shape[1], h: shape[2], w: shape[3] };
  if (fmt === "NHWC") {
    const [n, h, w, c] = shape;
    const out = new Float64Array(data.length);
    for (let i = 0; i < n; i++) {
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          for (let k = 0; k < c; k++) out[((i * c + k) * h + y) * w + x] = data[((i * h + y) * w + x) * c + k];
        }
      }
    }
    return { data: out, n, c, h, w };
  }
  throw new RangeError(`addImages: unsupported dataformats ${fmt} (NCHW or NHWC)`);
}

/** tensorboardX's make_grid: ncols images per row, gray expanded to RGB; returns HWC. */
function gridHWC(
  b: { data: Float64Array; n: number; c: number; h: number; w: number },
  ncols = 8,
): { data: Float64Array; h: number; w: number; c: number } {
  const cols = Math.min(b.n, ncols), rows = Math.ceil(b.n / cols), c = b.c === 1 ? 3 : b.c;
  const H = b.h * rows, Wd = b.w * cols;
  const out = new Float64Array(H * Wd * c);
  for (let i = 0; i < b.n; i++) {
    const oy = Math.floor(i / cols) * b.h, ox = (i % cols) * b.w;
    for (let k = 0; k < c; k++) {
      const sk = b.c === 1 ? 0 : k;
      for (let y = 0; y < b.h; y++) {
        for (let x = 0; x < b.w; x++) {
          out[((oy + y) * Wd + ox + x) * c + k] = b.data[((i * b.c + sk) * b.h + y) * b.w + x];
        }
      }
    }
  }
  return { data: out, h: H, w: Wd, c };
}
