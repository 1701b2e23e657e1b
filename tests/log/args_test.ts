/**
 * SummaryWriter's call forms: PyTorch's parameters in PyTorch's order, then
 * an optional options object; unknown options and wrong types are errors.
 */
import assert from "node:assert/strict";
import { np, SummaryWriter } from "../../mod.ts";
import { readRecords } from "../../src/log/tfrecord.ts";
import { pythonJson } from "../helpers/python.ts";

async function py(code: string): Promise<unknown> {
  return await pythonJson(["-c", code]);
}

/** Calls a method with arguments its types would reject. */
// deno-lint-ignore no-explicit-any
const call = (w: any, method: string, ...args: unknown[]) => w[method](...args);

const eventFiles = (dir: string) => [...Deno.readDirSync(dir)].filter((e) => e.name.startsWith("events.out"));

Deno.test("the constructor takes a logDir, a logDir and options, or options alone", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tb-ctor-" });
  const cwdBefore = [...Deno.readDirSync(".")].map((e) => e.name).sort();
  {
    using a = new SummaryWriter({ logDir: `${dir}/a`, comment: "x" });
    using b = new SummaryWriter(`${dir}/b`, { comment: "x", flushSecs: 5 });
    using c = new SummaryWriter(`${dir}/c`, "ignored comment", 7, 2, { filenameSuffix: ".c" });
    assert.equal(a.logdir, `${dir}/a`);
    assert.equal(b.logdir, `${dir}/b`);
    assert.match(c.fileName, /\.c$/);
    c.addScalar("x", 1, 8);
    assert.equal(readRecords(Deno.readFileSync(c.fileName)).length, 2); // file version and the purge START
    c.addScalar("x", 1, 9);
    assert.equal(readRecords(Deno.readFileSync(c.fileName)).length, 4); // maxQueue (argument 4) is 2
  }
  for (const run of ["a", "b", "c"]) assert.equal(eventFiles(`${dir}/${run}`).length, 1, run);
  // nothing named "[object Object]" (or anything else) appeared in the working directory
  assert.deepEqual([...Deno.readDirSync(".")].map((e) => e.name).sort(), cwdBefore);
  // the purge step (positional argument 3) reaches TensorBoard as a SessionLog START
  const r = await py(`
import json
from tensorboard.backend.event_processing.event_file_loader import EventFileLoader
import glob
evs = list(EventFileLoader(glob.glob("${dir}/c/events.*")[0]).Load())
print(json.dumps([[e.step, e.WhichOneof("what")] for e in evs]))`);
  assert.deepEqual(r, [[7, "file_version"], [7, "session_log"], [8, "summary"], [9, "summary"]]);
});

Deno.test("purgeStep hides a crashed run's events at or past it, in every tag", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tb-purge-" });
  const crashed = new SummaryWriter(dir);
  for (let s = 0; s < 10; s++) crashed.addScalar("a", s, s);
  for (let s = 0; s < 10; s++) crashed.addScalar("b", s, s);
  crashed.close();
  const resumed = new SummaryWriter(dir, { purgeStep: 5 });
  for (let s = 5; s < 7; s++) resumed.addScalar("a", s, s);
  resumed.close();
  const r = await py(`
import json
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
ea = EventAccumulator("${dir}", size_guidance={"scalars": 0}); ea.Reload()
print(json.dumps({t: [e.step for e in ea.Scalars(t)] for t in ["a", "b"]}))`);
  // "b" is only purged by the SessionLog START (TensorBoard's out-of-order purge would catch "a" alone)
  assert.deepEqual(r, { a: [0, 1, 2, 3, 4, 5, 6], b: [0, 1, 2, 3, 4] });
});

Deno.test("the default logDir is runs/<date>_<host><comment>, as PyTorch's", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tb-default-" });
  const mod = new URL("../../mod.ts", import.meta.url).href;
  const code = `import { SummaryWriter } from "${mod}";
using w = new SummaryWriter({ comment: "_lr0.1" });
console.log(w.logdir);
try { new SummaryWriter({ comment: "/../../../escaped" }); } catch (e) { console.log(e.name + ": " + e.message); }`;
  const out = await new Deno.Command(Deno.execPath(), { args: ["eval", code], cwd: dir, stdout: "piped" }).output();
  const [logdir, error] = new TextDecoder().decode(out.stdout).trim().split("\n");
  assert.match(logdir, /^runs\/[A-Z][a-z]{2}\d{2}_\d{2}-\d{2}-\d{2}_.+_lr0\.1$/);
  assert.equal(eventFiles(`${dir}/${logdir}`).length, 1);
  assert.match(error, /^RangeError: SummaryWriter\(\): comment .* not inside 'runs'/);
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["runs"]);
});

Deno.test("unknown options and wrong types are TypeErrors naming the parameter", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tb-err-" });
  assert.throws(() => new SummaryWriter({ logdir: dir } as never), {
    name: "TypeError",
    message:
      "SummaryWriter(): unknown option 'logdir'; expected one of logDir, comment, purgeStep, maxQueue, flushSecs, filenameSuffix",
  });
  assert.throws(() => new SummaryWriter(42 as never), {
    name: "TypeError",
    message: /logDir must be a string, got number 42/,
  });
  assert.throws(() => new SummaryWriter(dir, { maxQueue: "5" as never }), /maxQueue must be an integer/);
  assert.throws(() => new SummaryWriter(dir, { maxQueue: 0 }), RangeError);
  assert.throws(() => new SummaryWriter(dir, { flushSecs: 0 }), /flushSecs must be positive/);
  assert.throws(
    () => new SummaryWriter(dir, "a", { comment: "b" }),
    /'comment' is given both as argument 2 and as an option/,
  );
  assert.throws(
    () => new SummaryWriter(dir, { filenameSuffix: "/../../x" }),
    /filenameSuffix must not contain path separators/,
  );
  assert.throws(() => new SummaryWriter(dir, { purgeStep: 1.5 }), /purgeStep must be an integer number or a bigint/);
  using w = new SummaryWriter(dir);
  assert.throws(() => w.addScalar("x", 1, 0, { newstyle: true } as never), {
    name: "TypeError",
    message: "addScalar(): unknown option 'newstyle'; expected one of globalStep, walltime, newStyle, doublePrecision",
  });
  assert.throws(() => call(w, "addScalar", 1, 1), /addScalar\(\): tag must be a string, got number 1/);
  assert.throws(() => call(w, "addScalar", "x", "1"), /addScalar\(\): scalarValue must be an ndarray, a tensor/);
  assert.throws(() => call(w, "addScalar", "x"), /addScalar\(\): missing argument 'scalarValue'/);
  assert.throws(() => w.addScalar("x", np.ones([2])), /scalarValue must hold one element, got shape \[2\]/);
  assert.throws(
    () => call(w, "addImage", "x", np.zeros([3, 2, 2]), 0, { dataformat: "HWC" }),
    /unknown option 'dataformat'/,
  );
  assert.throws(
    () => call(w, "addImage", "x", np.zeros([3, 2, 2]), 0, 1, 5),
    /dataformats must be a string, got number 5/,
  );
  assert.throws(
    () => call(w, "addHistogram", "x", [1, 2], 0, 2.5),
    /bins must be "tensorflow", "auto", an integer bin count/,
  );
  assert.throws(() => call(w, "addHistogram", "x", [1, 2], 0, "fd"), /bins must be/);
  assert.throws(() => call(w, "addText", "x", 5), /textString must be a string/);
  assert.throws(
    () => call(w, "addHparams", { lr: 0.1 }, { acc: 1 }, "run1"),
    /hparamDomainDiscrete must be a plain object/,
  );
  assert.throws(
    () => w.addHparams({ lr: 0.1 }, { acc: 1 }, { runname: "x" } as never),
    /names "runname", which hparamDict lacks/,
  );
  assert.throws(
    () => w.addHparams({ lr: [1] as never }, { acc: 1 }),
    /hparamDict\["lr"\] must be a number, string, boolean or null/,
  );
  assert.throws(
    () => w.addHparams({ lr: 0.1 }, { acc: 1 }, { lr: ["a"] }),
    /hparamDomainDiscrete\["lr"\] must be an array of values/,
  );
  assert.throws(() => call(w, "addEmbedding", np.zeros([2, 2]), { metadata: "ab" }), /metadata must be an array/);
  assert.throws(() => call(w, "addGraph", 5), /model must be a function/);
  assert.throws(() => w.addCustomScalars({ c: { m: ["Margin", ["a", "b"]] } }), /a Margin chart takes 3 tags/);
});

Deno.test("every method's parameters are PyTorch's, in PyTorch's order", async () => {
  // Read from torch's source (importing torch takes seconds).
  const sig = await py(`
import ast, importlib.util, json, os
src = os.path.join(importlib.util.find_spec("torch").submodule_search_locations[0], "utils", "tensorboard", "writer.py")
cls = next(n for n in ast.parse(open(src).read()).body if isinstance(n, ast.ClassDef) and n.name == "SummaryWriter")
camel = lambda s: s.split("_")[0] + "".join(w.title() for w in s.split("_")[1:])
names = ["__init__", "add_scalar", "add_scalars", "add_histogram", "add_image", "add_images", "add_text", "add_audio",
         "add_pr_curve", "add_hparams", "add_custom_scalars", "add_embedding", "add_graph"]
fns = {f.name: f for f in cls.body if isinstance(f, ast.FunctionDef)}
print(json.dumps({("SummaryWriter" if n == "__init__" else camel(n)): [camel(a.arg) for a in fns[n].args.args[1:]]
                  for n in names}))`) as Record<string, string[]>;
  // add_graph's use_strict_trace configures torch.jit tracing, which autograd tracing has no use for
  sig.addGraph = sig.addGraph.filter((p) => p !== "useStrictTrace");
  using w = new SummaryWriter(await Deno.makeTempDir());
  const tooMany = new Array(12).fill(undefined);
  for (const [method, params] of Object.entries(sig)) {
    const listed = (() => {
      try {
        if (method === "SummaryWriter") new SummaryWriter(...(tooMany as []));
        else call(w, method, ...tooMany);
      } catch (e) {
        return /\(([^)]*)\) and an options object/.exec((e as Error).message)?.[1].split(", ");
      }
    })();
    assert.deepEqual(listed, params, method);
  }
});

Deno.test("positional arguments and options reach the events", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tb-forms-" });
  const w = new SummaryWriter(dir);
  w.addScalar("s", 0.5, 3, 1000.5);
  w.addScalar("s", 0.25, { globalStep: 4, walltime: 1001 });
  w.addScalar("d", 1 / 3, 0, undefined, true, true);
  w.addScalar("f", 1 / 3, 0, { newStyle: true });
  w.addImage("img", np.zeros([4, 5, 3], { dtype: "uint8" }), 1, undefined, "HWC");
  w.addImage("img", np.zeros([4, 5, 3], { dtype: "uint8" }), { globalStep: 2, dataformats: "hwc" });
  w.addImages("batch", np.zeros([2, 4, 5, 3]), 0, 12.5, "NHWC");
  w.addText("t", "hi", { globalStep: 9 });
  w.addAudio("a", np.zeros([100]), 0, { sampleRate: 8000 });
  w.addHistogram("h", np.arange(100), 0, 50, undefined, 5);
  w.addPrCurve("pr", [1, 0, 1], [0.9, 0.1, 0.4], 0, { numThresholds: 5, weights: [1, 2, 3] });
  w.addHparams({ lr: 0.1, opt: "sgd" }, { "hp/acc": 0.5 }, { lr: [0.1, 0.01] }, "run1", 6);
  w.addHparams({ lr: 0.2 }, { "hp/acc": 0.7 }, { runName: "run2", globalStep: 7 });
  w.addEmbedding(np.zeros([2, 3]), ["a", "b"], undefined, 3, "emb");
  w.addScalar("big", 1, 2n ** 62n);
  w.addScalar("neg", 1, -5);
  w.close();
  const r = await py(`
import json
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.plugins.hparams import plugin_data_pb2
ea = EventAccumulator("${dir}", size_guidance={"scalars": 0, "images": 0, "tensors": 0, "histograms": 0, "audio": 0}); ea.Reload()
out = {}
out["s"] = [[e.step, e.wall_time, e.value] for e in ea.Scalars("s")]
d = ea.Tensors("d")[0].tensor_proto; f = ea.Tensors("f")[0].tensor_proto
out["d"] = [d.dtype, list(d.double_val)]; out["f"] = [f.dtype, len(f.float_val)]
out["plugin"] = ea.SummaryMetadata("d").plugin_data.plugin_name
out["img"] = [[e.step, e.width, e.height] for e in ea.Images("img")]
out["batch"] = [[e.wall_time, e.width, e.height] for e in ea.Images("batch")]
out["t"] = [e.step for e in ea.Tensors("t")]
out["a"] = [e.sample_rate for e in ea.Audio("a")]
out["h"] = len(ea.Histograms("h")[0].histogram_value.bucket)
pr = ea.Tensors("pr")[0].tensor_proto
out["pr"] = [dim.size for dim in pr.tensor_shape.dim] + [pr.float_val[0], pr.float_val[5]]
out["steps"] = [ea.Scalars("big")[0].step, ea.Scalars("neg")[0].step]
runs = {}
for run in ["run1", "run2"]:
    e2 = EventAccumulator("${dir}/" + run, size_guidance={"tensors": 0}); e2.Reload()
    exp = plugin_data_pb2.HParamsPluginData.FromString(e2.SummaryMetadata("_hparams_/experiment").plugin_data.content).experiment
    runs[run] = [e2.Tensors("_hparams_/experiment")[0].step, e2.Scalars("hp/acc")[0].step,
                 [[h.name, h.type, [v.number_value for v in h.domain_discrete.values]] for h in exp.hparam_infos]]
out["runs"] = runs
print(json.dumps(out))`) as Record<string, unknown>;
  assert.deepEqual(r.s, [[3, 1000.5, 0.5], [4, 1001, 0.25]]);
  assert.deepEqual(r.d, [2, [1 / 3]]); // DT_DOUBLE
  assert.deepEqual(r.f, [1, 1]); // DT_FLOAT
  assert.equal(r.plugin, "scalars");
  assert.deepEqual(r.img, [[1, 5, 4], [2, 5, 4]]);
  assert.deepEqual(r.batch, [[12.5, 10, 4]]);
  assert.deepEqual(r.t, [9]);
  assert.deepEqual(r.a, [8000]);
  assert.ok((r.h as number) <= 6, `maxBins 5 gave ${r.h} buckets`);
  assert.deepEqual(r.pr, [6, 5, 4, 2]); // tp and fp at threshold 0: the weights 1 + 3 and 2
  assert.deepEqual(r.steps, [2 ** 62, -5]);
  assert.deepEqual(r.runs, {
    run1: [6, 6, [["lr", 3, [0.1, 0.01]], ["opt", 1, []]]],
    run2: [7, 7, [["lr", 3, []]]],
  });
  assert.ok(Deno.statSync(`${dir}/00003/emb/metadata.tsv`).isFile);
});

Deno.test("steps outside int64, fractional or non-numeric are refused", async () => {
  using w = new SummaryWriter(await Deno.makeTempDir());
  assert.throws(() => w.addScalar("x", 1, 2 ** 64), {
    name: "RangeError",
    message: "addScalar(): globalStep 18446744073709551616 is outside the int64 range of event steps",
  });
  assert.throws(() => w.addScalar("x", 1, 2n ** 63n), RangeError);
  assert.throws(() => w.addScalar("x", 1, -(2n ** 63n) - 1n), RangeError);
  assert.throws(() => w.addScalar("x", 1, 1.5), {
    name: "TypeError",
    message: /globalStep must be an integer number or a bigint, got number 1.5/,
  });
  assert.throws(() => w.addScalar("x", 1, NaN), TypeError);
  assert.throws(() => call(w, "addScalar", "x", 1, "3"), TypeError);
  assert.throws(() => w.addHistogram("x", [1, 2], { globalStep: 2 ** 70 }), RangeError);
  assert.throws(() => w.addEmbedding(np.zeros([1, 1]), { globalStep: 0.5 }), TypeError);
  w.addScalar("x", 1, 2n ** 63n - 1n); // the int64 extremes are fine
  w.addScalar("x", 1, -(2n ** 63n));
});
