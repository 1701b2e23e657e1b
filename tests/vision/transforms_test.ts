/**
 * vision.transforms against torchvision on the same inputs: the Image path
 * against PIL's results, the tensor path against torchvision's tensor
 * functions, random transforms under the same torch.manualSeed.
 */
import assert from "node:assert/strict";
import { torch, vision } from "../../mod.ts";
import { dec, type Enc, enc, torchvision, type TvCase, values } from "./oracle.ts";

const T = vision.transforms;
type Img = vision.Image | torch.Tensor;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 24);
}
/** A smooth-ish test image (gradients plus noise) so resampling has something to do. */
function image(w: number, h: number, mode: "L" | "RGB", seed: number): vision.Image {
  const r = lcg(seed), c = mode === "L" ? 1 : 3, d = new Uint8Array(w * h * c);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let k = 0; k < c; k++) d[(y * w + x) * c + k] = (x * 7 + y * 5 + k * 60 + (r() >> 2)) & 255;
    }
  }
  return new vision.Image(d, w, h, mode);
}

const RGB = image(37, 29, "RGB", 1);
const GRAY = image(23, 31, "L", 2);
const U8 = vision.transforms.functional.pilToTensor(RGB); // uint8 CHW
const F32 = vision.transforms.functional.toTensor(RGB); // float32 CHW

interface Run {
  name: string;
  input: Img;
  py: string;
  ts: () => { forward(x: unknown): unknown };
  seed?: number;
  /** Max |difference| allowed (0: identical), and the share of elements allowed to differ by up to `tol`. */
  tol?: number;
}

const runs: Run[] = [];
const both = (
  name: string,
  py: string,
  ts: () => { forward(x: unknown): unknown },
  opts: { seed?: number; tolImg?: number; tolU8?: number; tolF?: number } = {},
) => {
  runs.push({ name: `${name} Image RGB`, input: RGB, py, ts, seed: opts.seed, tol: opts.tolImg ?? 0 });
  runs.push({ name: `${name} Image L`, input: GRAY, py, ts, seed: opts.seed, tol: opts.tolImg ?? 0 });
  runs.push({ name: `${name} uint8 tensor`, input: U8, py, ts, seed: opts.seed, tol: opts.tolU8 ?? 0 });
  runs.push({ name: `${name} float tensor`, input: F32, py, ts, seed: opts.seed, tol: opts.tolF ?? 1e-6 });
};

runs.push({ name: "ToTensor RGB", input: RGB, py: "T.ToTensor()", ts: () => new T.ToTensor(), tol: 0 });
runs.push({ name: "ToTensor L", input: GRAY, py: "T.ToTensor()", ts: () => new T.ToTensor(), tol: 0 });
runs.push({ name: "PILToTensor", input: RGB, py: "T.PILToTensor()", ts: () => new T.PILToTensor(), tol: 0 });
runs.push({ name: "ToPILImage", input: F32, py: "T.ToPILImage()", ts: () => new T.ToPILImage(), tol: 0 });
runs.push({
  name: "ConvertImageDtype u8->f32",
  input: U8,
  py: "T.ConvertImageDtype(torch.float32)",
  ts: () => new T.ConvertImageDtype("float32"),
  tol: 0,
});
runs.push({
  name: "ConvertImageDtype f32->u8",
  input: F32,
  py: "T.ConvertImageDtype(torch.uint8)",
  ts: () => new T.ConvertImageDtype("uint8"),
  tol: 0,
});
runs.push({
  name: "Normalize",
  input: F32,
  py: "T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])",
  ts: () => new T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
  tol: 0,
});
runs.push({
  name: "Normalize one value",
  input: F32,
  py: "T.Normalize([0.5], [0.5])",
  ts: () => new T.Normalize([0.5], [0.5]),
  tol: 0,
});
runs.push({
  name: "Compose",
  input: RGB,
  py: "T.Compose([T.ToTensor(), T.Normalize([0.5], [0.5])])",
  ts: () => new T.Compose([new T.ToTensor(), new T.Normalize([0.5], [0.5])]),
  tol: 0,
});
runs.push({
  name: "Lambda",
  input: F32,
  py: "T.Lambda(lambda x: x * 2)",
  ts: () => new T.Lambda((x: torch.Tensor) => x.mul(2)),
  tol: 0,
});

both("Resize 13", "T.Resize(13)", () => new T.Resize(13), { tolU8: 1, tolF: 2e-6 });
both("Resize [40, 50] up", "T.Resize([40, 50])", () => new T.Resize([40, 50]), { tolU8: 1, tolF: 2e-6 });
both(
  "Resize [20, 11] bicubic",
  "T.Resize([20, 11], T.InterpolationMode.BICUBIC)",
  () => new T.Resize([20, 11], "bicubic"),
  { tolU8: 1, tolF: 3e-6 },
);
both("Resize nearest", "T.Resize([17, 45], T.InterpolationMode.NEAREST)", () => new T.Resize([17, 45], "nearest"));
both("CenterCrop 15", "T.CenterCrop(15)", () => new T.CenterCrop(15));
both("CenterCrop larger", "T.CenterCrop([40, 20])", () => new T.CenterCrop([40, 20]));
both("Pad 3", "T.Pad(3, fill=7)", () => new T.Pad(3, 7));
both(
  "Pad ltrb reflect",
  "T.Pad([1, 2, 3, 4], padding_mode='reflect')",
  () => new T.Pad([1, 2, 3, 4], { paddingMode: "reflect" }),
);
both("Pad edge", "T.Pad([2, 5], padding_mode='edge')", () => new T.Pad([2, 5], { paddingMode: "edge" }));
both("Pad symmetric", "T.Pad(4, padding_mode='symmetric')", () => new T.Pad(4, { paddingMode: "symmetric" }));
both("RandomCrop", "T.RandomCrop(11)", () => new T.RandomCrop(11), { seed: 3 });
both("RandomCrop padding", "T.RandomCrop([30, 30], padding=4)", () => new T.RandomCrop([30, 30], { padding: 4 }), {
  seed: 4,
});
both(
  "RandomCrop padIfNeeded",
  "T.RandomCrop(35, pad_if_needed=True, padding_mode='edge')",
  () => new T.RandomCrop(35, { padIfNeeded: true, paddingMode: "edge" }),
  { seed: 5 },
);
both("RandomResizedCrop", "T.RandomResizedCrop(16)", () => new T.RandomResizedCrop(16), {
  seed: 6,
  tolU8: 1,
  tolF: 3e-6,
});
both(
  "RandomResizedCrop 2",
  "T.RandomResizedCrop([9, 21], scale=(0.5, 1.0))",
  () => new T.RandomResizedCrop([9, 21], { scale: [0.5, 1.0] }),
  { seed: 7, tolU8: 1, tolF: 3e-6 },
);
for (const seed of [0, 1, 2, 3]) {
  both(`RandomHorizontalFlip s${seed}`, "T.RandomHorizontalFlip()", () => new T.RandomHorizontalFlip(), { seed });
  both(`RandomVerticalFlip s${seed}`, "T.RandomVerticalFlip(0.3)", () => new T.RandomVerticalFlip(0.3), { seed });
}
both("Grayscale", "T.Grayscale()", () => new T.Grayscale());
both("Grayscale 3", "T.Grayscale(3)", () => new T.Grayscale(3));
both("RandomRotation", "T.RandomRotation(30)", () => new T.RandomRotation(30), { seed: 8, tolU8: 0 });
both(
  "RandomRotation expand",
  "T.RandomRotation([10, 80], expand=True)",
  () => new T.RandomRotation([10, 80], { expand: true }),
  { seed: 9 },
);
both("ColorJitter brightness", "T.ColorJitter(brightness=0.5)", () => new T.ColorJitter({ brightness: 0.5 }), {
  seed: 10,
  tolF: 2e-6,
});
both("ColorJitter contrast", "T.ColorJitter(contrast=0.5)", () => new T.ColorJitter({ contrast: 0.5 }), {
  seed: 11,
  tolU8: 1,
  tolF: 2e-6,
});
both("ColorJitter saturation", "T.ColorJitter(saturation=0.7)", () => new T.ColorJitter({ saturation: 0.7 }), {
  seed: 12,
  tolF: 2e-6,
});
both("ColorJitter hue", "T.ColorJitter(hue=0.2)", () => new T.ColorJitter({ hue: 0.2 }), {
  seed: 13,
  tolU8: 1,
  tolF: 2e-6,
});
both("ColorJitter all", "T.ColorJitter(0.4, 0.4, 0.4, 0.1)", () => new T.ColorJitter(0.4, 0.4, 0.4, 0.1), {
  seed: 14,
  tolImg: 1,
  tolU8: 1,
  tolF: 3e-6,
});

Deno.test("transforms match torchvision on images and tensors", async () => {
  const cases: TvCase[] = runs.map((r) => ({
    expr: `(${r.py})(x)`,
    inputs: { x: enc(r.input) },
    ...(r.seed !== undefined ? { seed: r.seed } : {}),
  }));
  const results = await torchvision(cases);
  const failures: string[] = [];
  runs.forEach((run, i) => {
    const res = results[i];
    try {
      if ("error" in res) throw new Error(`torchvision raised ${res.error}: ${res.message}`);
      if (run.seed !== undefined) torch.manualSeed(run.seed);
      const ours = run.ts().forward(run.input) as Img;
      const want = dec(res.value as Enc);
      if (want instanceof vision.Image) {
        assert.ok(ours instanceof vision.Image, "expected an Image");
        assert.deepEqual([ours.mode, ours.width, ours.height], [want.mode, want.width, want.height], "mode/size");
      } else {
        assert.ok(ours instanceof torch.Tensor, "expected a Tensor");
        assert.deepEqual([ours.dtype, ours.shape], [want.dtype, want.shape], "dtype/shape");
      }
      const a = values(ours), b = values(want);
      let worst = 0, at = -1;
      for (let k = 0; k < a.length; k++) {
        const d = Math.abs(a[k] - b[k]);
        if (d > worst) [worst, at] = [d, k];
      }
      if (Deno.env.get("DK_SHOW") && worst > 0) console.log(run.name, worst);
      assert.ok(worst <= (run.tol ?? 0), `max difference ${worst} at ${at} (ours ${a[at]}, torchvision ${b[at]})`);
    } catch (e) {
      failures.push(`${run.name}: ${(e as Error).message.split("\n")[0]}`);
    }
  });
  assert.deepEqual(failures, [], `${failures.length} of ${runs.length} differ`);
});

Deno.test("functional errors and options follow torchvision", () => {
  assert.throws(() => new T.Normalize([0.5], [0]).forward(F32), /std evaluated to zero/);
  assert.throws(() => new T.Normalize([0.5], [0.5]).forward(U8), /float tensor/);
  assert.throws(() => new T.Resize(10, { bogus: 1 } as never), /unknown option 'bogus'/);
  assert.throws(() => new T.RandomCrop(100).forward(RGB), /larger than input image size/);
  assert.throws(() => new T.ColorJitter({ hue: 0.7 }), /hue/);
  assert.throws(() => new T.ToTensor().forward(U8), /pic should be/);
});
