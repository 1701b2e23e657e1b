/**
 * Images, histograms and PR curves match PyTorch's summaries for the same
 * inputs, and inputs PyTorch refuses (or that would write undecodable
 * files) are clear errors.
 */
import assert from "node:assert/strict";
import { np, SummaryWriter } from "../../mod.ts";
import { pythonJson } from "../helpers/python.ts";

async function py(code: string): Promise<unknown> {
  return await pythonJson(["-c", code]);
}

Deno.test("images, histograms and PR curves match PyTorch's summaries", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tb-torch-" });
  np.random.seed(7);
  const rand = (shape: number[]) => np.random.random(shape) as np.NDArray;
  // [input, dataformats, addImages?]; 2 and 4 channels are gray + alpha and RGBA PNGs
  const images: Record<string, [np.NDArray, string, boolean]> = {
    chw: [rand([3, 6, 5]), "CHW", false],
    hwc_u8: [np.floor(np.multiply(rand([4, 7, 3]), 256)).astype("uint8"), "HWC", false],
    gray_alpha: [rand([2, 4, 4]), "CHW", false],
    rgba: [rand([4, 3, 3]), "CHW", false],
    hw: [rand([5, 6]), "HW", false],
    grid: [rand([10, 3, 4, 6]), "NCHW", true],
    grid_nhwc: [rand([3, 4, 6, 3]), "NHWC", true],
    grid_single: [rand([2, 3, 4, 4]), "NCHW", false], // addImage with a 4-letter format tiles too
  };
  const values = np.random.randn(1000) as np.NDArray;
  const labels = np.greater(rand([200]), 0.5).astype("float64"), predictions = rand([200]), weights = rand([200]);
  const w = new SummaryWriter(dir);
  for (const [tag, [img, fmt, batch]] of Object.entries(images)) {
    if (batch) w.addImages(tag, img, 0, { dataformats: fmt });
    else w.addImage(tag, img, 0, { dataformats: fmt });
    await np.save(`${dir}/${tag}.npy`, img);
  }
  w.addHistogram("h100_7", values, 0, { bins: 100, maxBins: 7 });
  w.addHistogram("tf_30", values, 0, { maxBins: 30 });
  w.addHistogram("tf", values, 0);
  w.addPrCurve("pr", labels, predictions, 0, { weights });
  w.close();
  await np.savez(`${dir}/data.npz`, { values, labels, predictions, weights });
  const r = await py(`
import io, json, numpy as np
from PIL import Image
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from torch.utils.tensorboard import summary
ea = EventAccumulator("${dir}", size_guidance={"images": 0, "histograms": 0, "tensors": 0}); ea.Reload()
decode = lambda s: Image.open(io.BytesIO(s))
out = {}
for tag, fmt in ${JSON.stringify(Object.fromEntries(Object.entries(images).map(([k, v]) => [k, v[1]])))}.items():
    ours = decode(ea.Images(tag)[0].encoded_image_string)
    theirs = decode(summary.image(tag, np.load("${dir}/" + tag + ".npy"), dataformats=fmt).value[0].image.encoded_image_string)
    a, b = np.asarray(ours).astype(int), np.asarray(theirs).astype(int)
    if a.ndim == 2: a = a[..., None]
    if b.ndim == 2: b = b[..., None]
    b = b[..., :a.shape[2]]  # PyTorch widens gray to RGB; compare its first channel
    out[tag] = [ours.mode, theirs.mode, list(a.shape), list(b.shape), int(np.abs(a - b).max())]
d = np.load("${dir}/data.npz")
v = 1e-12; pos = []
while v < 1e20: pos.append(v); v *= 1.1
tf_bins = [-x for x in pos[::-1]] + [0] + pos
for tag, bins, mx in [("h100_7", 100, 7), ("tf_30", tf_bins, 30), ("tf", tf_bins, None)]:
    ours = ea.Histograms(tag)[0].histogram_value
    theirs = summary.make_histogram(d["values"], bins, mx)
    out[tag] = [list(ours.bucket) == list(theirs.bucket), float(np.abs(np.array(ours.bucket_limit) - np.array(theirs.bucket_limit)).max()), len(ours.bucket)]
ours = np.array(ea.Tensors("pr")[0].tensor_proto.float_val).reshape(6, -1)
theirs = summary.compute_curve(d["labels"], d["predictions"], 127, d["weights"])
out["pr"] = float(np.abs(ours - theirs).max() / np.abs(theirs).max())
print(json.dumps(out))`) as Record<string, unknown[]>;
  // PNG modes as PIL reads them; pixels within 1 (we round, PyTorch truncates)
  assert.deepEqual(r.chw, ["RGB", "RGB", [6, 5, 3], [6, 5, 3], 1]);
  assert.deepEqual(r.hwc_u8, ["RGB", "RGB", [4, 7, 3], [4, 7, 3], 0]);
  assert.deepEqual(r.gray_alpha, ["LA", "LA", [4, 4, 2], [4, 4, 2], 1]);
  assert.deepEqual(r.rgba, ["RGBA", "RGBA", [3, 3, 4], [3, 3, 4], 1]);
  assert.deepEqual(r.hw, ["L", "RGB", [5, 6, 1], [5, 6, 1], 1]);
  assert.deepEqual(r.grid, ["RGB", "RGB", [8, 48, 3], [8, 48, 3], 1]);
  assert.deepEqual(r.grid_nhwc, ["RGB", "RGB", [4, 18, 3], [4, 18, 3], 1]);
  assert.deepEqual(r.grid_single, ["RGB", "RGB", [4, 8, 3], [4, 8, 3], 1]);
  for (const tag of ["h100_7", "tf_30", "tf"]) {
    assert.equal(r[tag][0], true, `${tag} buckets`);
    assert.ok((r[tag][1] as number) < 1e-9, `${tag} limits`);
  }
  assert.ok((r.h100_7[2] as number) <= 16, "maxBins 7 merged the 100 bins");
  assert.ok((r.pr as unknown as number) < 1e-6, `pr curve off by ${r.pr}`);
});

Deno.test("images PNG cannot hold, empty images and bad dataformats are clear errors", async () => {
  using w = new SummaryWriter(await Deno.makeTempDir());
  const chans = /an image has 1 \(gray\), 2 \(gray \+ alpha\), 3 \(RGB\) or 4 \(RGBA\) channels, got 5/;
  assert.throws(
    () => w.addImage("x", np.zeros([5, 4, 4])),
    (e: Error) => e instanceof RangeError && chans.test(e.message),
  );
  assert.throws(() => w.addImages("x", np.zeros([2, 4, 4, 6]), 0, { dataformats: "NHWC" }), /got 6/);
  assert.throws(
    () => w.addImage("x", np.zeros([3, 0, 0])),
    /addImage\(\): cannot write an empty image \(shape \[3,0,0\]/,
  );
  assert.throws(() => w.addImage("x", np.zeros([0, 0]), 0, { dataformats: "HW" }), /empty image/);
  assert.throws(() => w.addImages("x", np.zeros([0, 3, 4, 4])), /empty image/);
  assert.throws(() => w.addImage("x", np.zeros([3, 4, 4]), 0, { dataformats: "XYZ" }), {
    name: "RangeError",
    message:
      "addImage(): dataformats 'XYZ' must order the letters of HW, CHW or NCHW, each once (e.g. 'CHW', 'HWC', 'NHWC')",
  });
  assert.throws(() => w.addImage("x", np.zeros([3, 4, 4]), 0, { dataformats: "CCH" }), /each once/);
  assert.throws(
    () => w.addImage("x", np.zeros([3, 4, 4]), 0, { dataformats: "HW" }),
    /'HW' needs a 2-d array, got shape \[3,4,4\]/,
  );
});

Deno.test("histograms of NaN or infinities, and bins that bucket nothing, are clear errors", async () => {
  using w = new SummaryWriter(await Deno.makeTempDir());
  for (const [bad, shown] of [[NaN, "NaN"], [Infinity, "Infinity"], [-Infinity, "-Infinity"]] as const) {
    for (const bins of ["tensorflow", "auto", 10] as const) {
      assert.throws(() => w.addHistogram("h", [1, bad, 2], 0, bins), {
        name: "RangeError",
        message: `addHistogram(): values must be finite, got ${shown} at flat index 1`,
      });
    }
  }
  assert.throws(() => w.addHistogram("h", [1, 2], 0, 0), {
    name: "RangeError",
    message: /bins must be positive when a count, got 0/,
  });
  assert.throws(() => w.addHistogram("h", [1, 2], 0, -3), RangeError);
  assert.throws(
    () => w.addHistogram("h", [1, 2], 0, [5]),
    /bin edges must be at least 2 finite numbers in increasing order/,
  );
  assert.throws(() => w.addHistogram("h", [1, 2], 0, [3, 2, 1]), /increasing order, got \[3,2,1\]/);
  assert.throws(() => w.addHistogram("h", [1, 2], 0, [0, NaN]), TypeError);
  assert.throws(() => w.addHistogram("h", [1, 2], 0, [10, 20]), /no value lies within the bin edges \[10, 20\]/);
  assert.throws(() => w.addHistogram("h", [], 0), /the histogram is empty/);
  assert.throws(() => w.addHistogram("h", [1, 2], { maxBins: 0 }), /maxBins must be at least 1/);
  w.addHistogram("h", [1, 2], 0, [0, 1, 1, 3]); // repeated edges are fine, as in NumPy
});

Deno.test("PR curves and audio refuse mismatched inputs", async () => {
  using w = new SummaryWriter(await Deno.makeTempDir());
  assert.throws(() => w.addPrCurve("p", [1, 0], [0.5]), /addPrCurve\(\): 2 labels for 1 predictions/);
  assert.throws(() => w.addPrCurve("p", [1], [0.5], 0, { weights: [1, 2] }), /2 weights for 1 predictions/);
  assert.throws(() => w.addPrCurve("p", [1], [0.5], 0, { numThresholds: 1 }), /numThresholds must be at least 2/);
  assert.throws(() => w.addAudio("a", np.zeros([2, 2, 2])), /sndTensor must be 1-d or \(frames, channels\)/);
});
