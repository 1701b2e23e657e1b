/**
 * vision.models against torchvision: the same state-dict keys and shapes,
 * and, with torchvision's weights (seeded, batch-norm statistics made
 * non-trivial) saved as safetensors and loaded here, the same outputs in
 * eval mode. ResNet18, MobileNetV2 and a one-block-per-stage Bottleneck
 * ResNet (ResNet50's block) run by default on 32x32 inputs;
 * DENDRITE_HEAVY_TESTS=1 adds AlexNet, VGG11/16 (with and without BN),
 * ResNet34 and ResNet50 (hundreds of MB of weights each).
 */
import assert from "node:assert/strict";
import { type nn, torch, vision } from "../../mod.ts";
import { pythonJson } from "../helpers/python.ts";

const M = vision.models;
const HEAVY = Deno.env.get("DENDRITE_HEAVY_TESTS") === "1";

interface Case {
  /** torchvision's factory. */
  tv: string;
  /** Ours, with the same options. */
  build: (weights: string | null) => nn.Module;
  kwargs?: Record<string, unknown>;
  /** A Python expression over torchvision.models that builds the model (instead of the factory `tv`). */
  expr?: string;
  input: number[] | null;
}

/** Runs tests/vision/models_oracle.py: keys and shapes per case, files in `dir` for cases with an input. */
async function oracle(dir: string, cases: Case[]): Promise<[string, number[]][][]> {
  const script = new URL("./models_oracle.py", import.meta.url).pathname;
  return await pythonJson([script, dir], {
    stdin: JSON.stringify(cases.map((c) => ({ name: c.tv, kwargs: c.kwargs ?? {}, input: c.input, expr: c.expr }))),
  });
}

async function check(cases: Case[]): Promise<void> {
  const dir = Deno.makeTempDirSync();
  try {
    const specs = await oracle(dir, cases);
    cases.forEach((c, i) => {
      const full = c.input !== null;
      const model = c.build(full ? `${dir}/${c.tv}.safetensors` : null);
      const ours = Object.entries(model.stateDict()).map(([k, v]) => [k, v.shape]);
      assert.deepEqual(ours, specs[i], `${c.tv}: state-dict keys and shapes`);
      if (!full) return;
      const io = torch.safetensors.load(Deno.readFileSync(`${dir}/${c.tv}.io.safetensors`));
      const y = torch.noGrad(() => model.eval().forward(io.input) as torch.Tensor);
      assert.deepEqual(y.shape, io.output.shape);
      const err = y.sub(io.output).abs().max().item() as number;
      const scale = Math.max(1, io.output.abs().max().item() as number);
      assert.ok(err <= 2e-4 * scale, `${c.tv}: max |ours - torchvision| = ${err} (scale ${scale})`);
    });
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("models: ResNet18, MobileNetV2 and a Bottleneck ResNet give torchvision's outputs with its weights", async () => {
  await check([
    {
      tv: "resnet18",
      kwargs: { num_classes: 10 },
      input: [2, 3, 32, 32],
      build: (w) => new M.ResNet18({ weights: w, numClasses: 10 }),
    },
    {
      tv: "mobilenet_v2",
      kwargs: { num_classes: 10 },
      input: [2, 3, 32, 32],
      build: (w) => M.mobilenetV2({ weights: w, numClasses: 10 }),
    },
    {
      tv: "bottleneck_resnet",
      expr: "models.resnet.ResNet(models.resnet.Bottleneck, [1, 1, 1, 1], num_classes=10)",
      input: [1, 3, 32, 32],
      build: (w) => {
        const m = new M.ResNet(M.Bottleneck, [1, 1, 1, 1], { numClasses: 10 });
        m.loadStateDict(torch.safetensors.load(Deno.readFileSync(w!)));
        return m;
      },
    },
  ]);
});

Deno.test({
  name: "models (heavy): AlexNet, VGG11/16 with and without BN, ResNet34/50 give torchvision's outputs",
  ignore: !HEAVY,
  fn: async () => {
    const small = (tv: string, build: (w: string | null) => nn.Module, input = [1, 3, 64, 64]): Case => ({
      tv,
      kwargs: { num_classes: 10 },
      input,
      build,
    });
    await check([
      small("alexnet", (w) => M.alexnet({ weights: w, numClasses: 10 }), [1, 3, 96, 96]),
      small("vgg11", (w) => new M.VGG11({ weights: w, numClasses: 10 }), [1, 3, 32, 32]),
      small("vgg11_bn", (w) => M.vgg11Bn({ weights: w, numClasses: 10 }), [1, 3, 32, 32]),
      small("vgg16", (w) => M.vgg16({ weights: w, numClasses: 10 }), [1, 3, 32, 32]),
      small("vgg16_bn", (w) => new M.VGG16BN({ weights: w, numClasses: 10 }), [1, 3, 32, 32]),
      small("resnet34", (w) => new M.ResNet34({ weights: w, numClasses: 10 })),
      small("resnet50", (w) => new M.ResNet50({ weights: w, numClasses: 10 })),
    ]);
  },
});

Deno.test("models: options, weights names, the hub cache and errors", () => {
  assert.throws(() => M.resnet18({ numClass: 10 } as never), /resnet18: unknown option 'numClass'/);
  assert.throws(() => new M.MobileNetV2({ widthMul: 1 } as never), /MobileNetV2: unknown option 'widthMul'/);
  assert.throws(
    () => M.vgg11({ weights: "IMAGENET9K" }),
    /vgg11: weights 'IMAGENET9K' is neither one of IMAGENET1K_V1, DEFAULT/,
  );
  assert.equal(M.ResNet50_Weights.DEFAULT, M.ResNet50_Weights.IMAGENET1K_V2);
  assert.equal(M.ResNet18_Weights.IMAGENET1K_V1.fileName, "resnet18-f37072fd.pth");
  assert.equal(M.ResNet18_Weights.IMAGENET1K_V1.hashPrefix, "f37072fd");
  // a shape mismatch is loadStateDict's error: a 10-class head does not load into a 1000-class model
  const small = new M.MobileNetV2({ numClasses: 10, widthMult: 0.25 });
  assert.throws(
    () => new M.MobileNetV2({ widthMult: 0.25 }).loadStateDict(small.stateDict()),
    /size mismatch for classifier\.1\.weight/,
  );
  // torchvision's divisibility rule and the widths it gives
  assert.deepEqual([M.makeDivisible(32 * 0.25, 8), M.makeDivisible(1280 * 0.75, 8), M.makeDivisible(13, 8)], [
    8,
    960,
    16,
  ]);
  assert.deepEqual(small.eval().features.forward(torch.zeros(1, 3, 32, 32)).shape, [1, 1280, 1, 1]);
  // a weights entry reads the hub cache's safetensors copy ($TORCH_HOME/hub/checkpoints)
  const home = Deno.makeTempDirSync(), old = Deno.env.get("TORCH_HOME");
  try {
    Deno.env.set("TORCH_HOME", home);
    const dir = M.hubCheckpoints();
    assert.equal(dir, `${home}/hub/checkpoints`);
    Deno.mkdirSync(dir, { recursive: true });
    const ref = new M.MobileNetV2({ widthMult: 0.25 });
    const sd = ref.stateDict();
    Deno.writeFileSync(`${dir}/mobilenet_v2-7ebf99e0.safetensors`, torch.safetensors.save(sd));
    const m = M.mobilenetV2({ weights: "DEFAULT", widthMult: 0.25 });
    assert.ok(m.stateDict()["features.0.0.weight"].equal(sd["features.0.0.weight"]));
  } finally {
    if (old === undefined) Deno.env.delete("TORCH_HOME");
    else Deno.env.set("TORCH_HOME", old);
    Deno.removeSync(home, { recursive: true });
  }
});
