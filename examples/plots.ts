/**
 * Interactive plots from Deno: each figure is saved as a self-contained
 * HTML page (plotly.js inlined, works offline) and, when Chromium is
 * installed, as PNG (not with DENDRITE_EXAMPLE_QUICK=1).
 *
 *   deno run -A examples/plots.ts
 */
import { np, plot } from "../mod.ts";
import { quick } from "./quick.ts";

const x = np.linspace(0, 2 * Math.PI, 100);
const figs = {
  line: plot.line(x, np.sin(x), { title: "sin(x)", xlabel: "x", ylabel: "y" }),
  scatter: plot.scatter(np.random.randn(200) as np.NDArray, np.random.randn(200) as np.NDArray, { title: "normal" }),
  histogram: plot.histogram(np.random.randn(1000) as np.NDArray, { nbins: 30 }),
  heatmap: plot.heatmap(np.outer(np.sin(x), np.cos(x))),
  surface: plot.surface(np.outer(np.sin(x), np.cos(x))),
  digits: plot.imageGrid(np.random.random([8, 1, 28, 28]) as np.NDArray, { cols: 4 }),
  history: plot.trainingCurves({
    loss: [1.2, 0.8, 0.5, 0.4],
    val_loss: [1.3, 0.9, 0.7, 0.65],
    acc: [0.55, 0.7, 0.82, 0.86],
  }),
  grid: plot.subplots([plot.line(x, np.cos(x)), plot.bar(["a", "b", "c"], [3, 1, 2])], { titles: ["cos", "bars"] }),
};
await Deno.mkdir("plots", { recursive: true });
const png = !quick && (await plot.findChromium()) !== null;
for (const [name, fig] of Object.entries(figs)) {
  await fig.save(`plots/${name}.html`);
  if (png) await fig.save(`plots/${name}.png`, { width: 800, height: 500 });
}
console.log(
  `wrote ${Object.keys(figs).length} figures to plots/ ${png ? "(HTML and PNG)" : "(HTML; install chromium for PNG)"}`,
);
