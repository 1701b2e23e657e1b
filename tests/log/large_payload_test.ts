/**
 * Large summaries cost about what encoding them costs: a 3x2048x2048 image
 * and 20 MB of text are written in seconds (building payloads one byte per
 * JS array element took 12 s and 16 s, and gigabytes), and read back whole.
 */
import assert from "node:assert/strict";
import { np, SummaryWriter } from "../../mod.ts";
import { python } from "../helpers/python.ts";

Deno.test("a 3x2048x2048 image and 20 MB of text are written within seconds", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tb-large-" });
  const img = (np.random.random([3, 2048, 2048]) as np.NDArray).astype("float32");
  const text = "lorem ipsum dolor sit amet, ".repeat(750_000).slice(0, 20_000_000) + "END";
  const w = new SummaryWriter(dir);
  const rss0 = Deno.memoryUsage().rss;
  const t0 = performance.now();
  w.addImage("big", img, 0);
  w.addText("long", text, 0);
  w.flush();
  const seconds = (performance.now() - t0) / 1000;
  const grew = (Deno.memoryUsage().rss - rss0) / 2 ** 20;
  w.close();
  // Generous for a loaded 2-core CI machine: it takes about 1 s unloaded.
  assert.ok(seconds < 10, `took ${seconds.toFixed(1)} s`);
  // The image is 12 MiB as pixels (48 MiB as float32) and the text 19 MiB: a few copies at most, not gigabytes.
  assert.ok(grew < 400, `resident memory grew by ${grew.toFixed(0)} MiB`);
  const out = await python([
    "-c",
    `
import io, json
from PIL import Image
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
ea = EventAccumulator("${dir}", size_guidance={"images": 0, "tensors": 0}); ea.Reload()
im = Image.open(io.BytesIO(ea.Images("big")[0].encoded_image_string)); im.load()
t = ea.Tensors("long")[0].tensor_proto.string_val[0]
print(json.dumps([im.size, im.mode, len(t), t[-3:].decode()]))`,
  ]);
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  assert.deepEqual(JSON.parse(new TextDecoder().decode(out.stdout)), [[2048, 2048], "RGB", 20_000_003, "END"]);
});
