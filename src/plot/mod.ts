/**
 * `plot`: interactive plotly figures from ndarrays and tensors, saved as
 * self-contained HTML (offline) or PNG, shown in a browser or in Jupyter.
 * @module
 */
export {
  bar,
  Figure,
  heatmap,
  histogram,
  image,
  imageGrid,
  line,
  scatter,
  subplots,
  surface,
  trainingCurves,
} from "./plots.ts";
export type { PlotData, PlotOptions } from "./plots.ts";
export { findChromium } from "./figure.ts";
