/** Figure builders over ndarrays, tensors or JS arrays (plotly traces underneath). */
import { castTo, contiguous, type Operand } from "../ops/operand.ts";
import { type ArrayData, isOperand, toOperand } from "../api/convert.ts";
import { View } from "../core/view.ts";
import { Figure, type Layout, type Trace } from "./figure.ts";

/** Data a plot accepts. */
export type PlotData = Operand | ArrayData;

function arr(x: PlotData): { data: number[]; shape: number[] } {
  const o = isOperand(x) ? x : toOperand("plot", x as ArrayData);
  const c = contiguous(castTo(o, "float64"));
  return { data: Array.from((c.storage.data as Float64Array).subarray(0, o.layout.size)), shape: [...o.layout.shape] };
}
const vec = (x: PlotData) => arr(x).data;
function rows(x: PlotData): number[][] {
  const { data, shape } = arr(x);
  const [h, w] = shape;
  return Array.from({ length: h }, (_, i) => data.slice(i * w, (i + 1) * w));
}

/** Common options: title, axis titles, trace name, and plotly layout overrides. */
export interface PlotOptions {
  title?: string;
  xlabel?: string;
  ylabel?: string;
  name?: string;
  layout?: Layout;
}
const layoutOf = (o: PlotOptions): Layout => ({
  ...(o.title ? { title: { text: o.title } } : {}),
  ...(o.xlabel ? { xaxis: { title: { text: o.xlabel } } } : {}),
  ...(o.ylabel ? { yaxis: { title: { text: o.ylabel } } } : {}),
  ...(o.layout ?? {}),
});

/**
 * Line plot of y (against x when given).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np, plot } from "../../mod.ts";
 * const x = np.linspace(0, 6.28, 50);
 * const fig = plot.line(x, np.sin(x), { title: "sin" });
 * assert.equal(fig.data.length, 1);
 * ```
 */
export function line(x: PlotData | null, y: PlotData, opts: PlotOptions = {}): Figure {
  const ys = vec(y);
  const trace: Trace = {
    type: "scatter",
    mode: "lines",
    y: ys,
    x: x === null ? ys.map((_, i) => i) : vec(x),
    name: opts.name,
  };
  return new Figure([trace], layoutOf(opts));
}
/** Scatter plot of points (x, y). */
export function scatter(
  x: PlotData,
  y: PlotData,
  opts: PlotOptions & { color?: PlotData; size?: number } = {},
): Figure {
  const trace: Trace = {
    type: "scatter",
    mode: "markers",
    x: vec(x),
    y: vec(y),
    name: opts.name,
    marker: { size: opts.size ?? 6, ...(opts.color ? { color: vec(opts.color) } : {}) },
  };
  return new Figure([trace], layoutOf(opts));
}
/** Bar chart of values per category. */
export function bar(categories: (string | number)[], values: PlotData, opts: PlotOptions = {}): Figure {
  return new Figure([{ type: "bar", x: categories, y: vec(values), name: opts.name }], layoutOf(opts));
}
/** Histogram of values (plotly bins them; `nbins` to choose). */
export function histogram(values: PlotData, opts: PlotOptions & { nbins?: number } = {}): Figure {
  return new Figure([{ type: "histogram", x: vec(values), nbinsx: opts.nbins, name: opts.name }], layoutOf(opts));
}
/** Heatmap of a 2-d array. */
export function heatmap(z: PlotData, opts: PlotOptions & { colorscale?: string } = {}): Figure {
  return new Figure([{ type: "heatmap", z: rows(z), colorscale: opts.colorscale ?? "Viridis" }], layoutOf(opts));
}
/** 3-d surface of a 2-d height array. */
export function surface(z: PlotData, opts: PlotOptions = {}): Figure {
  return new Figure([{ type: "surface", z: rows(z) }], layoutOf(opts));
}

/** Pixel rows of an image: HW (gray), HWC or CHW (C in 1, 3, 4); floats in [0, 1] are scaled to 0-255. */
function pixels(img: PlotData): { z: number[][][] | number[][]; gray: boolean } {
  const { data, shape } = arr(img);
  const scale = data.every((v) => v <= 1) ? 255 : 1;
  if (shape.length === 2) return { z: rows(img).map((r) => r.map((v) => v * scale)), gray: true };
  const chw = shape[0] <= 4 && shape[2] > 4;
  const [h, w, c] = chw ? [shape[1], shape[2], shape[0]] : shape;
  const at = (y: number, x: number, k: number) => (chw ? data[(k * h + y) * w + x] : data[(y * w + x) * c + k]) * scale;
  if (c === 1) {
    return { z: Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => at(y, x, 0))), gray: true };
  }
  return {
    z: Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => [0, 1, 2].map((k) => at(y, x, k)))),
    gray: false,
  };
}
function imageTrace(img: PlotData, xaxis = "x", yaxis = "y"): Trace {
  const { z, gray } = pixels(img);
  return gray
    ? { type: "heatmap", z, colorscale: "Greys", reversescale: true, showscale: false, xaxis, yaxis }
    : { type: "image", z, xaxis, yaxis };
}
/** An image (HW, HWC or CHW). */
export function image(img: PlotData, opts: PlotOptions = {}): Figure {
  return new Figure([imageTrace(img)], { yaxis: { autorange: "reversed", scaleanchor: "x" }, ...layoutOf(opts) });
}
/** A grid of images from an (N, C, H, W) / (N, H, W) batch with optional labels. */
export function imageGrid(imgs: PlotData, opts: PlotOptions & { cols?: number; labels?: string[] } = {}): Figure {
  const { data, shape } = arr(imgs);
  const n = shape[0], per = data.length / n, cols = opts.cols ?? Math.min(n, 8), rowsN = Math.ceil(n / cols);
  const fig = new Figure([], {
    ...layoutOf(opts),
    grid: { rows: rowsN, columns: cols, pattern: "independent" },
    annotations: [],
  });
  for (let i = 0; i < n; i++) {
    const one = toOperand("plot", Float64Array.from(data.slice(i * per, (i + 1) * per)));
    const ax = i === 0 ? "" : String(i + 1);
    fig.add(imageTrace({ storage: one.storage, layout: new View(shape.slice(1)) }, `x${ax}`, `y${ax}`));
    fig.layout[`yaxis${ax}`] = { autorange: "reversed", showticklabels: false };
    fig.layout[`xaxis${ax}`] = { showticklabels: false, ...(opts.labels ? { title: { text: opts.labels[i] } } : {}) };
  }
  return fig;
}
/** Several figures in a grid of subplots (rows x cols, filled row by row). */
export function subplots(
  figs: Figure[],
  opts: PlotOptions & { rows?: number; cols?: number; titles?: string[] } = {},
): Figure {
  const cols = opts.cols ?? Math.min(figs.length, 2), rowsN = opts.rows ?? Math.ceil(figs.length / cols);
  const out = new Figure([], { ...layoutOf(opts), grid: { rows: rowsN, columns: cols, pattern: "independent" } });
  figs.forEach((f, i) => {
    const ax = i === 0 ? "" : String(i + 1);
    for (const t of f.data) out.add(t.type === "surface" ? t : { ...t, xaxis: `x${ax}`, yaxis: `y${ax}` });
    if (opts.titles?.[i]) out.layout[`xaxis${ax}`] = { title: { text: opts.titles[i] } };
  });
  return out;
}

/**
 * Loss/accuracy curves over epochs from a history of metric arrays, e.g.
 * `{ loss: [...], val_loss: [...], acc: [...] }`: losses on the left axis,
 * accuracies on the right.
 */
export function trainingCurves(history: Record<string, number[]>, opts: PlotOptions = {}): Figure {
  const fig = new Figure([], {
    title: { text: opts.title ?? "Training curves" },
    xaxis: { title: { text: "epoch" } },
    yaxis: { title: { text: "loss" } },
    yaxis2: { title: { text: "accuracy" }, overlaying: "y", side: "right" },
    ...(opts.layout ?? {}),
  });
  for (const [k, v] of Object.entries(history)) {
    const acc = /acc/i.test(k);
    fig.add({
      type: "scatter",
      mode: "lines+markers",
      name: k,
      x: v.map((_, i) => i + 1),
      y: v,
      yaxis: acc ? "y2" : "y",
    });
  }
  return fig;
}

export { Figure };
