/** SummaryWriter output read back by the real TensorBoard (event reader and HTTP data API). */
import assert from "node:assert/strict";
import { np, SummaryWriter, torch } from "../../mod.ts";
import { readRecords } from "../../src/log/tfrecord.ts";
import { pythonJson } from "../helpers/python.ts";

async function py(code: string): Promise<unknown> {
  return await pythonJson(["-c", code]);
}

const READ = (dir: string) => `
import json, glob, os
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.backend.event_processing.event_file_loader import EventFileLoader
def acc(d):
    ea = EventAccumulator(d, size_guidance={"scalars": 0, "histograms": 0, "images": 0, "tensors": 0, "audio": 0})
    ea.Reload()
    return ea
out = {}
ea = acc("${dir}")
out["tags"] = {k: sorted(v) if isinstance(v, list) else v for k, v in ea.Tags().items() if isinstance(v, list)}
out["loss"] = [[e.step, e.value] for e in ea.Scalars("loss")]
h = ea.Histograms("weights")[0].histogram_value
out["hist"] = [h.min, h.max, h.num, h.sum, h.sum_squares, list(h.bucket_limit), list(h.bucket)]
out["images"] = [[e.step, e.width, e.height, len(e.encoded_image_string)] for e in ea.Images("img")]
out["grid"] = [[e.width, e.height] for e in ea.Images("batch")]
out["text"] = [t.tensor_proto.string_val[0].decode() for t in ea.Tensors("notes")]
out["audio"] = [[a.sample_rate, a.length_frames, a.content_type] for a in ea.Audio("beep")]
pr = ea.Tensors("pr")[0].tensor_proto
out["pr"] = list(pr.tensor_shape.dim[i].size for i in range(2))
out["events"] = sum(1 for f in glob.glob("${dir}/events.*") for _ in EventFileLoader(f).Load())
sub = sorted(d for d in os.listdir("${dir}") if d.startswith("curves_"))
out["subruns"] = {d: [[e.step, e.value] for e in acc("${dir}/" + d).Scalars("curves")] for d in sub}
print(json.dumps(out))
`;

Deno.test("every add* kind reads back through TensorBoard's event reader", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tb-" });
  const w = new SummaryWriter(dir, { flushSecs: 3600 });
  for (let s = 0; s < 5; s++) w.addScalar("loss", 1 / (s + 1), s);
  w.addScalar("loss", torch.tensor(0.125), 5);
  for (let s = 0; s < 3; s++) w.addScalars("curves", { train: s, val: 2 * s }, s);
  const vals = np.array([0.5, -1.5, 2, 2, 3.25, -0.25], { dtype: "float64" });
  w.addHistogram("weights", vals, 0);
  w.addImage("img", np.random.random([3, 8, 6]) as np.NDArray, 1);
  w.addImage("img", np.zeros([5, 7, 3], { dtype: "uint8" }), 2, { dataformats: "HWC" });
  w.addImages("batch", np.random.random([10, 1, 4, 5]) as np.NDArray, 0);
  w.addText("notes", "hello **world**", 0);
  w.addAudio("beep", np.sin(np.linspace(0, 100, 8000)), 0, 8000);
  w.addPrCurve("pr", np.array([1, 0, 1, 1, 0]), np.array([0.9, 0.2, 0.6, 0.4, 0.7]), 0);
  w.close();
  const r = await py(READ(dir)) as Record<string, unknown>;
  assert.deepEqual(r.loss, [
    [0, 1],
    [1, 0.5],
    [2, 1 / 3].map((x, i) => (i ? Math.fround(x) : x)),
    [3, 0.25],
    [4, 0.2].map((x, i) => (i ? Math.fround(x) : x)),
    [5, 0.125],
  ]);
  const [mn, mx, num, sum, sq, limits, counts] = r.hist as [number, number, number, number, number, number[], number[]];
  assert.deepEqual([mn, mx, num, sum, sq], [-1.5, 3.25, 6, 6, 0.25 + 2.25 + 4 + 4 + 10.5625 + 0.0625]);
  assert.equal(limits.length, counts.length);
  assert.equal(counts.reduce((a, b) => a + b, 0), 6);
  assert.deepEqual(r.images, [[1, 6, 8, (r.images as number[][])[0][3]], [2, 7, 5, (r.images as number[][])[1][3]]]);
  assert.deepEqual(r.grid, [[40, 8]]); // 10 images of 5x4, 8 per row -> 2 rows
  assert.deepEqual(r.text, ["hello **world**"]);
  assert.deepEqual(r.audio, [[8000, 8000, "audio/wav"]]);
  assert.deepEqual(r.pr, [6, 127]);
  assert.deepEqual(r.subruns, { curves_train: [[0, 0], [1, 1], [2, 2]], curves_val: [[0, 0], [1, 2], [2, 4]] });
  // file_version + 6 scalars + histogram + 2 images + grid + text + audio + pr = 14 events in the main file
  assert.equal(r.events, 14);
});

Deno.test("histogram buckets match NumPy's histogram for numeric and auto bins", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tb-hist-" });
  np.random.seed(3);
  const v = np.random.randn(500) as np.NDArray;
  const w = new SummaryWriter(dir);
  w.addHistogram("weights", v, 0, 10);
  w.addHistogram("auto", v, 0, "auto");
  w.close();
  await np.save(`${dir}/v.npy`, v);
  const r = await py(`
import json, numpy as np
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
ea = EventAccumulator("${dir}", size_guidance={"histograms": 0}); ea.Reload()
v = np.load("${dir}/v.npy")
out = {}
for tag, bins in [("weights", 10), ("auto", "auto")]:
    h = ea.Histograms(tag)[0].histogram_value
    c, e = np.histogram(v, bins=bins)
    out[tag] = [list(h.bucket), [0.0] + c.tolist(), list(h.bucket_limit), e.tolist()]
print(json.dumps(out))`) as Record<string, number[][]>;
  for (const tag of ["weights", "auto"]) {
    const [ours, theirs, limits, edges] = r[tag];
    assert.deepEqual(ours, theirs.slice(0, ours.length), tag);
    limits.forEach((l, i) => assert.ok(Math.abs(l - edges[i]) < 1e-9, `${tag} edge ${i}`));
  }
});

Deno.test("the TS reader checks CRCs; a truncated tail keeps earlier events", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tb-crc-" });
  const w = new SummaryWriter(dir);
  for (let s = 0; s < 4; s++) w.addScalar("x", s, s);
  w.close();
  const bytes = await Deno.readFile(w.fileName);
  assert.equal(readRecords(bytes).length, 5);
  const cut = bytes.subarray(0, bytes.length - 7); // a killed writer mid-record
  assert.equal(readRecords(cut).length, 4);
  await Deno.writeFile(`${dir}/events.out.tfevents.cut`, cut);
  const corrupt = bytes.slice();
  corrupt[corrupt.length - 10] ^= 0xff;
  assert.throws(() => readRecords(corrupt), /bad data CRC/);
  const n = await py(`
import json
from tensorboard.backend.event_processing.event_file_loader import EventFileLoader
print(json.dumps(sum(1 for _ in EventFileLoader("${dir}/events.out.tfevents.cut").Load())))`);
  assert.equal(n, 4);
});

Deno.test("queueing: nothing before flush(), everything after; using closes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tb-q-" });
  let path = "";
  {
    using w = new SummaryWriter(dir, { maxQueue: 100, filenameSuffix: ".v1" });
    path = w.fileName;
    assert.match(path, /events\.out\.tfevents\.\d{10}\..+\.v1$/);
    w.addScalar("a", 1, 0);
    assert.equal(readRecords(await Deno.readFile(path)).length, 1);
    w.flush();
    assert.equal(readRecords(await Deno.readFile(path)).length, 2);
    w.addScalar("a", 2, 1);
  }
  assert.equal(readRecords(await Deno.readFile(path)).length, 3);
});

Deno.test("hparams, custom scalars, embeddings and graphs load in TensorBoard's plugins", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tb-plug-" });
  const w = new SummaryWriter(dir);
  w.addHparams({ lr: 0.1, optimizer: "sgd", nesterov: true }, { "hparam/accuracy": 0.9 }, { runName: "run1" });
  w.addCustomScalars({ Training: { Loss: ["Multiline", ["loss/train", "loss/val"]] } });
  w.addEmbedding(np.random.random([6, 3]) as np.NDArray, {
    metadata: ["a", "b", "c", "d", "e", "f"],
    labelImg: np.random.random([6, 1, 4, 4]) as np.NDArray,
    tag: "emb",
  });
  const x = torch.tensor([[1, 2]], { requiresGrad: true });
  w.addGraph((t: torch.Tensor) => t.matmul(torch.ones(2, 3)).relu().sum(), x);
  w.close();
  const r = await py(`
import json, glob
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.plugins.hparams import plugin_data_pb2
from tensorboard.plugins.custom_scalar import layout_pb2
from tensorboard.compat.proto import graph_pb2
ea = EventAccumulator("${dir}/run1", size_guidance={"tensors": 0}); ea.Reload()
out = {}
md = ea.SummaryMetadata("_hparams_/session_start_info")
pd = plugin_data_pb2.HParamsPluginData.FromString(md.plugin_data.content)
out["hparams"] = {k: str(v) .strip() for k, v in pd.session_start_info.hparams.items()}
ea2 = EventAccumulator("${dir}", size_guidance={"tensors": 0}); ea2.Reload()
lay = layout_pb2.Layout.FromString(ea2.Tensors("custom_scalars__config__")[0].tensor_proto.string_val[0])
out["layout"] = [lay.category[0].title, lay.category[0].chart[0].title, list(lay.category[0].chart[0].multiline.tag)]
g = ea2.Graph()
out["ops"] = sorted(n.op for n in g.node)
cfg = open("${dir}/projector_config.pbtxt").read()
out["cfg"] = "tensor_path" in cfg and "metadata_path" in cfg and "sprite" in cfg
out["tsv"] = len(open(glob.glob("${dir}/*/emb/tensors.tsv")[0]).read().strip().split("\\n"))
print(json.dumps(out))`) as Record<string, unknown>;
  assert.deepEqual(Object.keys(r.hparams as object).sort(), ["lr", "nesterov", "optimizer"]);
  assert.deepEqual(r.layout, ["Training", "Loss", ["loss/train", "loss/val"]]);
  assert.deepEqual(r.ops, ["AccumulateGrad", "Mm", "Relu", "Sum"]);
  assert.equal(r.cfg, true);
  assert.equal(r.tsv, 6);
});

Deno.test("tensorboard serves a logged scalar series over its HTTP data API", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tb-http-" });
  const w = new SummaryWriter(`${dir}/run`);
  for (let s = 0; s < 4; s++) w.addScalar("loss", 4 - s, s);
  w.close();
  const port = 20000 + Math.floor(Math.random() * 20000);
  const tb = new Deno.Command("tensorboard", {
    args: ["--logdir", dir, "--host", "127.0.0.1", "--port", String(port)],
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    let series: number[][] | null = null;
    for (let i = 0; i < 120 && !series; i++) {
      await new Promise((r) => setTimeout(r, 500));
      try {
        const res = await fetch(`http://127.0.0.1:${port}/data/plugin/scalars/scalars?tag=loss&run=run`);
        if (res.ok) series = await res.json();
        else await res.body?.cancel();
      } catch { /* not up yet */ }
    }
    assert.ok(series, "tensorboard did not answer");
    assert.deepEqual(series!.map((e) => [e[1], e[2]]), [[0, 4], [1, 3], [2, 2], [3, 1]]);
  } finally {
    tb.kill();
    await tb.status;
  }
});

Deno.test("queued events are flushed when the process exits", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tb-exit-" });
  const script = `${dir}/log.ts`;
  const mod = new URL("../../mod.ts", import.meta.url).href;
  await Deno.writeTextFile(
    script,
    `import { SummaryWriter } from "${mod}";\nconst w = new SummaryWriter("${dir}/run");\nfor (let s = 0; s < 3; s++) w.addScalar("x", s, s);\n`,
  );
  const r = await new Deno.Command(Deno.execPath(), { args: ["run", "-A", script], stderr: "piped" }).output();
  assert.ok(r.success, new TextDecoder().decode(r.stderr));
  const file = [...Deno.readDirSync(`${dir}/run`)].find((e) => e.name.startsWith("events."))!;
  assert.equal(readRecords(await Deno.readFile(`${dir}/run/${file.name}`)).length, 4);
});
