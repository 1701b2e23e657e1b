/** Plots: saved HTML renders the expected traces in headless Chromium with no errors; PNG export has the requested size. */
import assert from "node:assert/strict";
import { np, plot, torch } from "../../mod.ts";
import { findChromium, headlessArgs } from "../../src/plot/figure.ts";

const chromium = await findChromium();

/**
 * Loads saved pages in one headless Chromium run (one start is ~10 s here):
 * a parent page holds each in an iframe and, once every frame's title
 * (set by the page: plotted:<n> or error:<msg>) is final or time runs out,
 * writes them into its own body. Returns the titles in order and the
 * console errors of all frames.
 */
async function renderAll(paths: string[]): Promise<{ titles: string[]; errors: string }> {
  const dir = await Deno.makeTempDir();
  const frames = paths.map((p, i) => `<iframe id="f${i}" src="file://${p}" width="400" height="300"></iframe>`);
  await Deno.writeTextFile(
    `${dir}/all.html`,
    `<!doctype html><html><body>${frames.join("")}<pre id="out"></pre><script>
const n = ${paths.length};
const titles = () => Array.from({ length: n }, (_, i) => document.getElementById("f" + i).contentDocument?.title ?? "");
const poll = (left) => {
  const t = titles();
  if (left > 0 && t.some((s) => !/^(plotted|error):/.test(s))) return setTimeout(() => poll(left - 1), 100);
  document.getElementById("out").textContent = JSON.stringify(t);
};
window.onload = () => poll(150);
</script></body></html>`,
  );
  const r = await new Deno.Command(chromium!, {
    args: [
      ...headlessArgs(await Deno.makeTempDir()),
      "--allow-file-access-from-files",
      "--enable-logging=stderr",
      "--v=0",
      "--virtual-time-budget=30000",
      "--dump-dom",
      `file://${dir}/all.html`,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dom = new TextDecoder().decode(r.stdout);
  const log = new TextDecoder().decode(r.stderr);
  const errors = log.split("\n").filter((l) => /CONSOLE.*(Uncaught|Error)/i.test(l)).join("\n");
  const out = /<pre id="out">([^<]*)<\/pre>/.exec(dom)?.[1];
  const titles = out ? JSON.parse(out.replaceAll("&quot;", '"').replaceAll("&amp;", "&")) : [];
  return { titles, errors };
}

const x = np.linspace(0, 6.28, 40);
const FIGS: [string, () => plot.Figure, number][] = [
  ["line", () => plot.line(x, np.sin(x), { title: "sin", xlabel: "x" }), 1],
  ["line from tensor", () => plot.line(null, torch.arange(10, { dtype: "float32" }).pow(2)), 1],
  ["scatter", () => plot.scatter(x, np.cos(x), { color: x }), 1],
  ["bar", () => plot.bar(["a", "b", "c"], [3, 1, 2]), 1],
  ["histogram", () => plot.histogram(np.random.randn(500) as np.NDArray, { nbins: 20 }), 1],
  ["heatmap", () => plot.heatmap(np.random.random([6, 8]) as np.NDArray), 1],
  ["image gray", () => plot.image(np.random.random([16, 16]) as np.NDArray), 1],
  ["image rgb", () => plot.image(np.random.random([3, 8, 8]) as np.NDArray), 1],
  [
    "image grid",
    () => plot.imageGrid(np.random.random([6, 1, 8, 8]) as np.NDArray, { labels: ["0", "1", "2", "3", "4", "5"] }),
    6,
  ],
  ["surface", () => plot.surface(np.random.random([10, 10]) as np.NDArray), 1],
  ["subplots", () => plot.subplots([plot.line(x, np.sin(x)), plot.bar(["a"], [1]), plot.heatmap(np.eye(3))]), 3],
  [
    "training curves",
    () => plot.trainingCurves({ loss: [1, 0.6, 0.4], val_loss: [1.1, 0.7, 0.5], acc: [0.5, 0.7, 0.8] }),
    3,
  ],
];

Deno.test({
  name: "every plot kind renders its traces in headless Chromium with no console error",
  ignore: !chromium,
  fn: async (t) => {
    const dir = await Deno.makeTempDir();
    const paths = await Promise.all(FIGS.map(async ([, make], i) => {
      await make().save(`${dir}/fig${i}.html`);
      return `${dir}/fig${i}.html`;
    }));
    const { titles, errors } = await renderAll(paths);
    assert.equal(errors, "");
    for (const [i, [name, , traces]] of FIGS.entries()) {
      await t.step(`plot.${name}: ${traces} trace(s)`, () => assert.equal(titles[i], `plotted:${traces}`));
    }
  },
});

Deno.test({
  name: "PNG export has the requested size",
  ignore: !chromium,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    await plot.line(x, np.sin(x)).save(`${dir}/f.png`, { width: 500, height: 320 });
    const b = await Deno.readFile(`${dir}/f.png`);
    const dv = new DataView(b.buffer);
    assert.deepEqual([dv.getUint32(16), dv.getUint32(20)], [500, 320]);
  },
});

Deno.test("figures are plain plotly JSON, HTML is self-contained, Jupyter gets a display bundle", async () => {
  const f = plot.line([0, 1, 2], [1, 4, 9], { title: "t" });
  assert.deepEqual(f.toJSON().data[0].y, [1, 4, 9]);
  const html = await f.toHTML();
  assert.ok(html.includes("Plotly.newPlot") && !/<script src=/.test(html) && html.length > 1_000_000);
  const display = (f as unknown as Record<symbol, () => Record<string, unknown>>)[Symbol.for("Jupyter.display")];
  const bundle = display.call(f);
  assert.ok("application/vnd.plotly.v1+json" in bundle);
  await assert.rejects(() => f.save("/tmp/x.svg"), /unsupported format/);
});
