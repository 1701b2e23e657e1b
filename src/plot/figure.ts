/**
 * A plotly figure: traces and layout, rendered as a self-contained HTML page
 * (plotly.js inlined from the npm package, so it works offline), a PNG via
 * headless Chromium, the default browser, or a Jupyter display bundle.
 */

/** A plotly trace (see plotly's reference for the fields). */
export type Trace = Record<string, unknown>;
/** A plotly layout. */
export type Layout = Record<string, unknown>;

let plotlyJs: Promise<string> | undefined;
async function plotlySource(): Promise<string> {
  // loaded on first use only: 4.5 MB that np/torch users never need
  // (a literal specifier, so Deno resolves the npm package; the pin lives here for URL importers)
  // deno-lint-ignore no-import-prefix
  plotlyJs ??= import("npm:plotly.js-dist-min@2.35.3/plotly.min.js", { with: { type: "text" } }).then((m) =>
    m.default as string
  );
  return await plotlyJs;
}

const CHROMIUM = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/** The first headless-capable Chromium on PATH (or $CHROMIUM), or null. */
export async function findChromium(): Promise<string | null> {
  const env = (() => {
    try {
      return Deno.env.get("CHROMIUM");
    } catch {
      return undefined;
    }
  })();
  for (const c of env ? [env, ...CHROMIUM] : CHROMIUM) {
    try {
      const r = await new Deno.Command(c, { args: ["--version"], stdout: "null", stderr: "null" }).output();
      if (r.success) return c;
    } catch { /* not installed */ }
  }
  return null;
}

/** The flags headless Chromium needs here (no sandbox as root, no network chatter). */
export function headlessArgs(profile: string): string[] {
  return [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--user-data-dir=${profile}`,
  ];
}

function escapeScript(json: string): string {
  return json.replace(/</g, "\\u003c");
}

/** A figure: `show()`, `toHTML()`, `save("f.html" | "f.png")`. */
export class Figure {
  data: Trace[];
  layout: Layout;

  constructor(data: Trace[] = [], layout: Layout = {}) {
    this.data = data;
    this.layout = layout;
  }

  /** Adds traces (returns this for chaining). */
  add(...traces: Trace[]): this {
    this.data.push(...traces);
    return this;
  }

  /** Merges layout fields. */
  update(layout: Layout): this {
    this.layout = { ...this.layout, ...layout };
    return this;
  }

  /** The figure as plotly JSON. */
  toJSON(): { data: Trace[]; layout: Layout } {
    return { data: this.data, layout: this.layout };
  }

  /**
   * A self-contained page. The page sets `document.title` to
   * `plotted:<traces>` once plotly drew (or `error:<message>`), which tests
   * and the PNG export wait on.
   */
  async toHTML(opts: { title?: string } = {}): Promise<string> {
    const js = await plotlySource();
    const fig = escapeScript(JSON.stringify(this.toJSON()));
    return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${opts.title ?? "dendrite plot"}</title>
<style>html,body{margin:0;height:100%}#plot{width:100%;height:100%}</style>
<script>${js}</script></head>
<body><div id="plot"></div>
<script>
window.onerror = (m) => { document.title = "error:" + m; };
const fig = ${fig};
Plotly.newPlot("plot", fig.data, Object.assign({ autosize: true }, fig.layout), { responsive: true })
  .then((gd) => { document.title = "plotted:" + gd._fullData.length; })
  .catch((e) => { document.title = "error:" + e; });
</script></body></html>
`;
  }

  /**
   * Saves as `.html` (self-contained) or `.png` (rendered by headless
   * Chromium at width x height; a clear error says how to install one).
   * Writes to a temp file, then renames.
   */
  async save(path: string, opts: { width?: number; height?: number } = {}): Promise<void> {
    if (path.endsWith(".html")) return await atomicWrite(path, new TextEncoder().encode(await this.toHTML()));
    if (!path.endsWith(".png")) throw new TypeError(`Figure.save: unsupported format ${path} (use .html or .png)`);
    const chromium = await findChromium();
    if (!chromium) {
      throw new Error(
        'Figure.save(.png) needs a headless Chromium: install one (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM to its path; .save("plot.html") needs nothing.',
      );
    }
    const dir = await Deno.makeTempDir({ prefix: "dendrite-plot-" });
    try {
      const w = opts.width ?? 800, h = opts.height ?? 600;
      const fig = new Figure(this.data, { ...this.layout, width: w, height: h });
      await Deno.writeTextFile(`${dir}/fig.html`, await fig.toHTML());
      const out = `${dir}/fig.png`;
      const r = await new Deno.Command(chromium, {
        args: [
          ...headlessArgs(`${dir}/profile`),
          `--window-size=${w},${h}`,
          "--hide-scrollbars",
          "--virtual-time-budget=5000",
          `--screenshot=${out}`,
          `file://${dir}/fig.html`,
        ],
        stdout: "null",
        stderr: "piped",
      }).output();
      if (!r.success) {
        throw new Error(`Chromium failed to render the PNG: ${new TextDecoder().decode(r.stderr).slice(-500)}`);
      }
      await atomicWrite(path, await Deno.readFile(out));
    } finally {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  }

  /** Opens the figure in the default browser (or prints where it was saved when none can be opened). */
  async show(): Promise<string> {
    const path = await Deno.makeTempFile({ prefix: "dendrite-plot-", suffix: ".html" });
    await this.save(path);
    const opener = Deno.build.os === "darwin" ? "open" : Deno.build.os === "windows" ? "explorer" : "xdg-open";
    try {
      const p = new Deno.Command(opener, { args: [path], stdout: "null", stderr: "null" }).spawn();
      p.unref();
    } catch {
      console.log(`plot saved to ${path} (no browser opener found)`);
    }
    return path;
  }

  /** Jupyter (Deno kernel) display bundle: plotly's MIME type plus a static fallback. */
  [Symbol.for("Jupyter.display")](): Record<string, unknown> {
    return {
      "application/vnd.plotly.v1+json": this.toJSON(),
      "text/plain": `Figure(${this.data.length} traces)`,
    };
  }
}

async function atomicWrite(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.${Deno.pid}.tmp`;
  await Deno.writeFile(tmp, bytes);
  await Deno.rename(tmp, path);
}
