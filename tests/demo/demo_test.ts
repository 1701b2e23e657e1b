/**
 * `deno task demo`: its flags and errors, and a --quick run in an empty
 * folder whose TensorBoard events are read back with TensorBoard's own
 * reader, whose plotly pages and checkpoint are there, and whose last line
 * gives the accuracy, the epochs and the wall time.
 */
import assert from "node:assert/strict";
import { python } from "../helpers/python.ts";

const DEMO = new URL("../../demo/fashion_mnist.ts", import.meta.url).pathname;
const dec = new TextDecoder();

async function demo(args: string[], cwd?: string) {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", DEMO, ...args],
    cwd,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: r.code, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

Deno.test("demo: --help, unknown flags and bad values", async () => {
  const help = await demo(["--help"]);
  assert.equal(help.code, 0);
  for (const f of ["--epochs", "--batch-size", "--lr", "--device", "--logdir", "--data", "--quick", "--help"]) {
    assert.match(help.out, new RegExp(`  ${f}\\b`));
  }
  const unknown = await demo(["--epoch", "2"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /error: Unknown option '--epoch' \(see --help\)/);
  const bad = await demo(["--batch-size", "0"]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--batch-size must be an integer >= 1, got '0'/);
  const dev = await demo(["--device", "tpu"]);
  assert.match(dev.err, /--device must be cpu, cuda or cuda:N, got 'tpu'/);
});

Deno.test("demo: missing data says how to get it", async () => {
  const empty = await Deno.makeTempDir();
  try {
    const r = await demo(["--data", empty, "--quick"]);
    assert.equal(r.code, 1);
    assert.match(r.err, new RegExp(`Fashion-MNIST is not in ${empty}/ or ${empty}/FashionMNIST/raw/`));
    assert.match(r.err, /apt-get install dataset-fashion-mnist/);
    assert.match(r.err, /--download/);
  } finally {
    await Deno.remove(empty, { recursive: true });
  }
});

const hasData = (() => {
  try {
    return Deno.statSync("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz").isFile;
  } catch {
    return false;
  }
})();

Deno.test({
  name: `demo: --quick trains, logs, plots, and reloads its checkpoint${
    hasData ? "" : " (skipped: no Fashion-MNIST; apt-get install dataset-fashion-mnist)"
  }`,
  ignore: !hasData,
  fn: async () => {
    const cwd = await Deno.makeTempDir({ prefix: "demo-quick-" });
    try {
      const r = await demo(["--quick", "--epochs", "1", "--logdir", "runs/quick"], cwd);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /2000 training, 1000 test images; device cpu/);
      assert.match(r.out, /reloaded test accuracy (\d+\.\d\d)% \(same\)/);
      const last = r.out.trim().split("\n").at(-1)!;
      const m = last.match(/^test accuracy (\d+\.\d\d)% after 1 epoch, wall time \d+\.\d s$/);
      assert.ok(m, last);
      assert.ok(Number(m[1]) > 50, `a 2,000-image epoch should beat 50%, got ${m[1]}%`); // chance is 10%
      assert.match(r.err, /epoch 1\/1: 100%.*loss=\d\.\d+, img\/s=\d+/); // the progress bar
      const dir = `${cwd}/runs/quick`;
      for (const f of ["curves.html", "confusion_matrix.html", "model.safetensors"]) {
        assert.ok(Deno.statSync(`${dir}/${f}`).size > 0, f);
      }
      // TensorBoard's reader sees every kind of record the demo writes
      const py = `
import sys, json
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
ea = EventAccumulator(sys.argv[1], size_guidance={"images": 0, "histograms": 0}); ea.Reload()
t = ea.Tags()
print(json.dumps({"scalars": t["scalars"], "histograms": t["histograms"], "images": t["images"], "graph": t["graph"]}))`;
      const tb = await python(["-c", py, dir]);
      assert.ok(tb.success, dec.decode(tb.stderr));
      const tags = JSON.parse(dec.decode(tb.stdout));
      for (const s of ["loss/train", "loss/test", "accuracy/train", "accuracy/test", "lr", "loss/train_step"]) {
        assert.ok(tags.scalars.includes(s), `scalar ${s} in ${tags.scalars}`);
      }
      assert.ok(tags.histograms.includes("conv1.weight") && tags.histograms.includes("fc2.bias"), tags.histograms);
      assert.deepEqual(tags.images, ["test/misclassified"]);
      assert.equal(tags.graph, true);
    } finally {
      await Deno.remove(cwd, { recursive: true });
    }
  },
});
