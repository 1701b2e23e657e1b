/**
 * A SummaryWriter never harms its host: a failing background flush is
 * reported by the next call instead of killing the process, and no user
 * string (tags, keys, run names) puts files outside the logdir.
 */
import assert from "node:assert/strict";
import { np, SummaryWriter } from "../../mod.ts";
import { readRecords } from "../../src/log/tfrecord.ts";
import { python } from "../helpers/python.ts";

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every file under `dir`, relative to it. */
function tree(dir: string, prefix = ""): string[] {
  return [...Deno.readDirSync(dir)].flatMap((e) =>
    e.isDirectory ? tree(`${dir}/${e.name}`, `${prefix}${e.name}/`) : [`${prefix}${e.name}`]
  ).sort();
}

Deno.test("a failed background flush is thrown by the next call, not into the host", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tb-flushfail-" });
  const w = new SummaryWriter(`${dir}/run`, { flushSecs: 0.05 });
  w.addScalar("x", 1, 0);
  await Deno.remove(`${dir}/run`, { recursive: true });
  await delay(300); // several timer flushes fail here; an error thrown from the timer would fail this test
  assert.throws(() => w.addScalar("x", 2, 1), (e: Error) => {
    assert.match(e.message, /^SummaryWriter: a background flush of .*\/run failed: /);
    assert.ok(e.cause instanceof Deno.errors.NotFound);
    return true;
  });
  // reported once; the queued event is kept and written once the folder is back (made synchronously: an await here
  // lets the 50 ms timer fail once more before the folder exists, and the next call would report that failure)
  Deno.mkdirSync(`${dir}/run`);
  w.addScalar("x", 3, 2);
  w.flush();
  w.close();
  const file = tree(`${dir}/run`)[0];
  assert.equal(readRecords(await Deno.readFile(`${dir}/run/${file}`)).length, 2);
});

Deno.test("close() reports a kept background-flush error and still stops the writer", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tb-closefail-" });
  const w = new SummaryWriter(`${dir}/run`, { flushSecs: 0.05 });
  w.addScalar("x", 1, 0);
  await Deno.remove(`${dir}/run`, { recursive: true });
  await delay(200);
  assert.throws(() => w.close(), /background flush|No such file/);
  assert.throws(() => w.addScalar("x", 1, 0), /SummaryWriter is closed/);
  w.close(); // closing again is a no-op
});

Deno.test("a flush failing at process exit is reported on stderr; the program still exits 0", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tb-exitfail-" });
  const script = `${dir}/log.ts`;
  const mod = new URL("../../mod.ts", import.meta.url).href;
  await Deno.writeTextFile(
    script,
    `import { SummaryWriter } from "${mod}";
const w = new SummaryWriter("${dir}/run");
w.addScalar("x", 1, 0);
Deno.removeSync("${dir}/run", { recursive: true });
console.log("done");`,
  );
  const r = await new Deno.Command(Deno.execPath(), { args: ["run", "-A", script], stdout: "piped", stderr: "piped" })
    .output();
  const stderr = new TextDecoder().decode(r.stderr);
  assert.equal(r.code, 0, stderr);
  assert.equal(new TextDecoder().decode(r.stdout).trim(), "done");
  assert.match(stderr, /SummaryWriter: events for .*\/run may be lost: No such file/);
});

Deno.test("addScalars keys and addHparams run names cannot leave the logdir", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tb-paths-" });
  const logdir = `${dir}/a/b/logs`;
  const w = new SummaryWriter(logdir);
  for (const key of ["../../../esc", "x/../../esc", "x/..", "x/../../../sibling"]) {
    assert.throws(() => w.addScalars("main", { ok: 1, [key]: 2 }, 0), (e: Error) => {
      assert.ok(e instanceof RangeError);
      assert.match(e.message, /^addScalars\(\): tagScalarDict key .* would put files at .*, not inside /);
      return true;
    }, key);
  }
  for (const runName of ["..", ".", "../../x", "/abs/../.."]) {
    assert.throws(() => w.addHparams({ lr: 0.1 }, { acc: 1 }, { runName }), /addHparams\(\): runName .* not inside/);
  }
  // "/" still nests sub-runs inside the logdir, as PyTorch's
  w.addScalars("main/loss", { "train/a": 1 }, 0);
  w.addHparams({ lr: 0.1 }, { acc: 1 }, { runName: "sweep/1" });
  w.close();
  assert.deepEqual(tree(dir).map((f) => f.replace(/events\.out\.tfevents\..*/, "events")), [
    "a/b/logs/events",
    "a/b/logs/main_loss_train/a/events",
    "a/b/logs/sweep/1/events",
  ]);
});

Deno.test("addEmbedding tags are %-encoded as PyTorch's and never leave the logdir", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tb-embpath-" });
  const w = new SummaryWriter(`${dir}/logs`);
  w.addEmbedding(np.zeros([2, 2]), { tag: "../../../esc" });
  w.addEmbedding(np.zeros([2, 2]), { tag: 'we"ird\n%' });
  assert.throws(
    () => w.addEmbedding(np.zeros([1, 1]), { tag: ".." }),
    /addEmbedding\(\): tag "\.\." would put files at .*\/logs\/00000\/\.\.', not inside/,
  );
  w.close();
  assert.deepEqual(tree(dir).filter((f) => !f.includes("events.out")), [
    "logs/00000/..%2f..%2f..%2fesc/tensors.tsv",
    'logs/00000/we"ird\n%25/tensors.tsv',
    "logs/projector_config.pbtxt",
  ]);
  // the config stays valid protobuf text with the odd tag escaped
  const cfg = await Deno.readTextFile(`${dir}/logs/projector_config.pbtxt`);
  assert.match(cfg, /tensor_name: "we\\"ird\\012%:00000"/);
  const out = await python([
    "-c",
    `
from google.protobuf import text_format
from tensorboard.plugins.projector.projector_config_pb2 import ProjectorConfig
c = text_format.Parse(open("${dir}/logs/projector_config.pbtxt").read(), ProjectorConfig())
print([e.tensor_name for e in c.embeddings])`,
  ]);
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  assert.equal(new TextDecoder().decode(out.stdout).trim(), `['../../../esc:00000', 'we"ird\\n%:00000']`);
});
