/**
 * nn.Module's machinery: registration by field (PyTorch's names and
 * orders, checked against PyTorch for the same model), containers, modes,
 * dtype conversion, state dicts (PyTorch's keys; loading a file PyTorch
 * wrote; missing / unexpected / mismatched keys with PyTorch's messages),
 * hooks (also on a subclass's own forward; full backward hooks' gradients),
 * printing (PyTorch's printout), and the errors for bad inputs.
 */
import assert from "node:assert/strict";
import { nn, optim, torch } from "../../mod.ts";
import { python as runPython } from "../helpers/python.ts";

type T = torch.Tensor;

/** Runs a Python snippet (torch, nn and F imported) and returns its stdout. */
async function python(code: string): Promise<string> {
  const src =
    `import warnings, json, torch, torch.nn as nn, torch.nn.functional as F\nwarnings.filterwarnings("ignore")\n${code}`;
  const out = await runPython(["-c", src]);
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

const rejects = (f: () => unknown, pattern: RegExp | string) =>
  assert.throws(f, (e: Error) => {
    const ok = typeof pattern === "string" ? e.message === pattern : pattern.test(e.message);
    if (!ok) throw new Error(`unexpected message: ${e.message}`);
    return true;
  });

/** A model with one of everything, written the same way in Python below. */
class Block extends nn.Module {
  convLayer = new nn.Conv2d(3, 4, 3, { padding: 1 });
  bn = new nn.BatchNorm2d(4);
  act = new nn.ReLU();
  override forward(x: T): T {
    return this.act.forward(this.bn.forward(this.convLayer.forward(x)));
  }
}
class Big extends nn.Module {
  scale = new nn.Parameter(torch.ones(1));
  features = new nn.Sequential(new Block(), new nn.MaxPool2d(2), new nn.Flatten());
  heads = new nn.ModuleList([new nn.Linear(64, 8), new nn.Linear(64, 8)]);
  named = new nn.ModuleDict({ outProj: new nn.Linear(8, 3), norm: new nn.LayerNorm(8) });
  extras = new nn.ParameterList([torch.zeros(2), torch.ones(3)]);
  rnn = new nn.GRU(8, 4, { batchFirst: true });
  attn = new nn.MultiheadAttention(8, 2);
  emb = new nn.Embedding(5, 8, { paddingIdx: 0 });
  constructor() {
    super();
    this.registerBuffer("stepCount", torch.zeros(1));
    this.registerBuffer("cache", torch.zeros(2), { persistent: false });
  }
  override forward(x: T): T {
    const f = this.features.forward(x).mul(this.scale);
    const h = (this.heads.at(0).forward(f) as T).add(this.heads.at(1).forward(f) as T);
    return this.named.get("outProj").forward(this.named.get("norm").forward(h)) as T;
  }
}
const BIG_PY = `
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv_layer = nn.Conv2d(3, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.act = nn.ReLU()
    def forward(self, x):
        return self.act(self.bn(self.conv_layer(x)))
class Big(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(1))
        self.features = nn.Sequential(Block(), nn.MaxPool2d(2), nn.Flatten())
        self.heads = nn.ModuleList([nn.Linear(64, 8), nn.Linear(64, 8)])
        self.named = nn.ModuleDict({"outProj": nn.Linear(8, 3), "norm": nn.LayerNorm(8)})
        self.extras = nn.ParameterList([torch.zeros(2), torch.ones(3)])
        self.rnn = nn.GRU(8, 4, batch_first=True)
        self.attn = nn.MultiheadAttention(8, 2)
        self.emb = nn.Embedding(5, 8, padding_idx=0)
        self.register_buffer("step_count", torch.zeros(1))
        self.register_buffer("cache", torch.zeros(2), persistent=False)
m = Big()
`;

Deno.test("names, orders and printout are PyTorch's for the same model", async () => {
  const m = new Big();
  const py = JSON.parse(
    await python(
      BIG_PY +
        `print(json.dumps({"sd": [[k, list(v.shape)] for k, v in m.state_dict().items()], "params": [n for n, _ in m.named_parameters()], "buffers": [n for n, _ in m.named_buffers()], "modules": [n for n, _ in m.named_modules()], "children": [n for n, _ in m.named_children()], "repr": repr(m), "count": sum(p.numel() for p in m.parameters())}))`,
    ),
  );
  assert.deepEqual(Object.entries(m.stateDict()).map(([k, v]) => [k, v.shape]), py.sd);
  assert.deepEqual(m.namedParameters().map(([n]) => n), py.params);
  assert.deepEqual(m.namedBuffers().map(([n]) => n), py.buffers);
  assert.deepEqual(m.namedModules().map(([n]) => n), py.modules);
  assert.deepEqual(m.namedChildren().map(([n]) => n), py.children);
  assert.equal(m.toString(), py.repr.replace(/^Big\(/, "Big("));
  assert.equal(m.numParameters(), py.count);
  assert.equal(nn.utils.parametersCount(m), py.count);
  assert.equal(m.parameters().length, py.params.length);
  // buffers read as fields; children and parameters as fields and by path
  assert.ok((m as unknown as { stepCount: T }).stepCount instanceof torch.Tensor);
  assert.equal(m.getSubmodule("features.0.conv_layer"), (m.features.at(0) as Block).convLayer);
  assert.equal(m.getParameter("named.outProj.bias"), (m.named.get("outProj") as nn.Linear).bias);
  assert.equal(m.features[2] instanceof nn.Flatten, true);
});

Deno.test("forward runs (with hooks) through a subclass's own forward", () => {
  const m = new Big();
  const y = m.forward(torch.randn(2, 3, 8, 8));
  assert.deepEqual(y.shape, [2, 3]);
  const seen: string[] = [];
  const h1 = m.registerForwardPreHook((_mod, args) => {
    seen.push("pre");
    return [(args[0] as T).mul(0)];
  });
  const h2 = m.registerForwardHook((_mod, _args, out) => {
    seen.push("post");
    return (out as T).add(100);
  });
  const z = m.forward(torch.randn(2, 3, 8, 8));
  assert.deepEqual(seen, ["pre", "post"]);
  assert.ok((z.min().item() as number) > 90);
  h1.remove();
  h2.remove();
  m.forward(torch.randn(2, 3, 8, 8));
  assert.deepEqual(seen, ["pre", "post"]);
  // the own `forward` is no child and no state
  assert.ok(!m.namedChildren().some(([k]) => k === "forward"));
  assert.equal(Object.keys(m).includes("forward"), false);
});

Deno.test("full backward hooks see PyTorch's grad_input / grad_output and may replace grad_input", async () => {
  torch.manualSeed(0);
  const lin = new nn.Linear(3, 2);
  const x = torch.randn(4, 3, { requiresGrad: true });
  let gin: (T | null)[] = [], gout: (T | null)[] = [];
  const h = lin.registerFullBackwardHook((_m, gi, go) => {
    gin = gi;
    gout = go;
    return [gi[0]!.mul(2)];
  });
  lin.forward(x).square().sum().backward();
  const sd = Object.fromEntries(Object.entries(lin.stateDict()).map(([k, v]) => [k, v.tolist()]));
  const py = JSON.parse(
    await python(`
lin = nn.Linear(3, 2)
lin.load_state_dict({k: torch.tensor(v) for k, v in json.loads('${JSON.stringify(sd)}').items()})
x = torch.tensor(json.loads('${JSON.stringify(x.detach().tolist())}'), requires_grad=True)
seen = {}
def hook(m, gi, go):
    seen["gi"], seen["go"] = gi[0].tolist(), go[0].tolist()
    return (gi[0] * 2,)
lin.register_full_backward_hook(hook)
lin(x).square().sum().backward()
print(json.dumps({"gi": seen["gi"], "go": seen["go"], "xgrad": x.grad.tolist(), "wgrad": lin.weight.grad.tolist()}))`),
  );
  const close = (a: unknown, b: unknown) =>
    assert.ok(
      (torch.tensor(a as number[]).sub(torch.tensor(b as number[])).abs().max().item() as number) < 1e-5,
      `${a} vs ${b}`,
    );
  close(gin[0]!.tolist(), py.gi);
  close(gout[0]!.tolist(), py.go);
  close(x.grad!.tolist(), py.xgrad);
  close(lin.weight.grad!.tolist(), py.wgrad);
  h.remove();
  // an input that needs no gradient: the hook still runs, with null grad_input
  let calls = 0;
  lin.registerFullBackwardHook((_m, gi) => {
    calls++;
    assert.deepEqual(gi, [null]);
  });
  lin.forward(torch.randn(2, 3)).sum().backward();
  assert.equal(calls, 1);
});

Deno.test("state dicts: PyTorch's files load by name; missing, unexpected and mismatched keys are PyTorch's errors", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/big.safetensors`;
    await python(
      BIG_PY + `
from safetensors.torch import save_file
torch.manual_seed(3)
for p in m.parameters():
    p.data.normal_()
save_file({k: v.contiguous() for k, v in m.state_dict().items()}, "${path}")
x = torch.arange(2 * 3 * 8 * 8, dtype=torch.float32).reshape(2, 3, 8, 8) / 100
m.eval()
f = m.features(x) * m.scale
h = m.heads[0](f) + m.heads[1](f)
open("${dir}/out.json", "w").write(json.dumps(m.named["outProj"](m.named["norm"](h)).tolist()))`,
    );
    const m = new Big();
    const res = m.loadStateDict(await torch.load(path));
    assert.deepEqual(res, { missingKeys: [], unexpectedKeys: [] });
    m.eval();
    const x = torch.arange(2 * 3 * 8 * 8, { dtype: "float32" }).reshape(2, 3, 8, 8).div(100);
    const want = torch.tensor(JSON.parse(await Deno.readTextFile(`${dir}/out.json`)));
    assert.ok((m.forward(x).sub(want).abs().max().item() as number) < 1e-4);

    // round trip through our own save
    await torch.save(m.stateDict(), `${dir}/ours.safetensors`);
    const m2 = new Big();
    m2.loadStateDict(await torch.load(`${dir}/ours.safetensors`));
    m2.eval();
    assert.ok((m2.forward(x).sub(want).abs().max().item() as number) < 1e-4);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  const net = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU(), new nn.Linear(3, 2));
  const sd = net.stateDict();
  const partial = { "0.weight": sd["0.weight"], "0.bias": sd["0.bias"], "3.weight": torch.zeros(2, 3) };
  rejects(
    () => net.loadStateDict(partial),
    'Error(s) in loading state_dict for Sequential:\n\tMissing key(s) in state_dict: "2.weight", "2.bias". \n\tUnexpected key(s) in state_dict: "3.weight". ',
  );
  assert.deepEqual(net.loadStateDict(partial, { strict: false }), {
    missingKeys: ["2.weight", "2.bias"],
    unexpectedKeys: ["3.weight"],
  });
  rejects(
    () => net.loadStateDict({ ...sd, "2.weight": torch.zeros(5, 3) }),
    "Error(s) in loading state_dict for Sequential:\n\tsize mismatch for 2.weight: copying a param with shape torch.Size([5, 3]) from checkpoint, the shape in current model is torch.Size([2, 3]).",
  );
  rejects(() => net.loadStateDict(sd, { strict: true, strct: 1 } as never), /unknown option 'strct'/);
  // copies, not aliases; assign takes the tensors
  const src = torch.ones(3, 4);
  net.loadStateDict({ ...sd, "0.weight": src });
  src.fill_(5);
  assert.equal((net.at(0) as nn.Linear).weight.sum().item(), 12);
  net.loadStateDict({ ...sd, "0.weight": src }, { assign: true });
  assert.equal((net.at(0) as nn.Linear).weight.sum().item(), 60);
});

Deno.test("train/eval, zeroGrad, requiresGrad_, apply, to(dtype) and Parameters", () => {
  const m = new Big();
  m.eval();
  assert.ok(m.modules().every((x) => !x.training));
  m.train();
  assert.ok(m.modules().every((x) => x.training));
  m.forward(torch.randn(2, 3, 8, 8)).sum().backward();
  assert.ok(m.scale.grad !== null);
  m.zeroGrad();
  assert.ok(m.parameters().every((p) => p.grad === null));
  m.requiresGrad_(false);
  assert.ok(m.parameters().every((p) => !p.requiresGrad));
  m.requiresGrad_();
  const names: string[] = [];
  m.apply((x) => names.push(x.constructor.name));
  assert.equal(names[names.length - 1], "Big");
  assert.equal(names[0], "Conv2d");
  const w = m.scale;
  m.double();
  assert.equal(m.scale, w, "parameters keep their identity");
  assert.ok(m.parameters().every((p) => p.dtype === "float64"));
  const bn = (m.features.at(0) as Block).bn;
  assert.equal(bn.runningMean!.dtype, "float64");
  assert.equal(bn.numBatchesTracked!.dtype, "int64");
  assert.deepEqual(m.forward(torch.randn(2, 3, 8, 8, { dtype: "float64" })).shape, [2, 3]);
  m.to({ dtype: "float32" });
  assert.equal(m.scale.dtype, "float32");
  rejects(() => m.to("int64"), /only accepts floating point dtypes/);

  // Parameter: shares memory, requires grad, survives tidy, ops give plain tensors
  const t = torch.zeros(3);
  const p = new nn.Parameter(t);
  assert.ok(p.requiresGrad && p instanceof torch.Tensor);
  torch.noGrad(() => t.add_(1));
  assert.deepEqual(p.tolist(), [1, 1, 1]);
  assert.ok(!(p.mul(2) instanceof nn.Parameter));
  assert.equal(new nn.Parameter(torch.zeros(2), false).requiresGrad, false);
  let kept: nn.Parameter | null = null;
  torch.tidy(() => {
    kept = new nn.Parameter(torch.ones(2));
  });
  assert.deepEqual(kept!.tolist(), [1, 1]);
  assert.match(String(p), /^Parameter containing:\ntensor\(\[1\., 1\., 1\.\], requires_grad=True\)$/);
  assert.equal(torch.nn.Linear, nn.Linear);
  assert.equal(torch.nn.functional.relu, nn.F.relu);
});

Deno.test("containers: Sequential (also from named modules), ModuleList, ModuleDict, ParameterList", () => {
  const s = new nn.Sequential({ conv: new nn.Conv2d(1, 2, 3), act: new nn.ReLU() });
  assert.deepEqual(Object.keys(s.stateDict()), ["conv.weight", "conv.bias"]);
  assert.equal(String(s), "Sequential(\n  (conv): Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1))\n  (act): ReLU()\n)");
  const seq = new nn.Sequential(new nn.Linear(2, 3), new nn.Tanh());
  seq.append(new nn.Linear(3, 1));
  assert.equal(seq.length, 3);
  assert.deepEqual(seq.forward(torch.randn(4, 2)).shape, [4, 1]);
  seq.insert(1, new nn.ReLU());
  assert.ok(seq.at(1) instanceof nn.ReLU && seq.at(-1) instanceof nn.Linear);
  assert.ok(seq.pop(1) instanceof nn.ReLU);
  assert.deepEqual(Object.keys(seq.stateDict()), ["0.weight", "0.bias", "2.weight", "2.bias"]);
  assert.equal([...seq].length, 3);
  const l = new nn.ModuleList([new nn.Linear(2, 2)]);
  l.extend([new nn.Linear(2, 2), new nn.ReLU()]);
  assert.equal(l.parameters().length, 4);
  assert.equal(
    String(l),
    "ModuleList(\n  (0-1): 2 x Linear(in_features=2, out_features=2, bias=True)\n  (2): ReLU()\n)",
  );
  const d = new nn.ModuleDict({ a: new nn.Linear(1, 1) });
  d.set("b", new nn.ReLU());
  assert.deepEqual(d.keys(), ["a", "b"]);
  assert.ok(d.has("a") && d.pop("a") instanceof nn.Linear && !d.has("a"));
  const ps = new nn.ParameterList([torch.zeros(2, 3)]);
  ps.append(torch.ones(4));
  assert.equal(ps.parameters().length, 2);
  assert.ok(ps[1] instanceof nn.Parameter);
  rejects(() => new nn.Sequential(3 as never), /is not a Module subclass/);
});

Deno.test("bad inputs: wrong shapes, target dtypes and options are PyTorch's errors", () => {
  rejects(
    () => new nn.Linear(784, 256).forward(torch.randn(64, 100)),
    "mat1 and mat2 shapes cannot be multiplied (64x100 and 784x256)",
  );
  rejects(
    () => new nn.Conv2d(1, 32, 3).forward(torch.randn(64, 3, 28, 28)),
    "Given groups=1, weight of size [32, 1, 3, 3], expected input[64, 3, 28, 28] to have 1 channels, but got 3 channels instead",
  );
  rejects(
    () => new nn.Conv2d(1, 32, 3).forward(torch.randn(64, 784)),
    "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [64, 784]",
  );
  rejects(
    () => new nn.CrossEntropyLoss().forward(torch.randn(64, 10), torch.randn(64)),
    "expected target dtype to be Long or Byte, but got Float",
  );
  rejects(
    () => new nn.NLLLoss().forward(torch.randn(4, 10), torch.tensor([1, 2, 3, 4], { dtype: "int32" })),
    "expected target dtype to be Long or Byte, but got Int",
  );
  rejects(
    () => new nn.CrossEntropyLoss().forward(torch.randn(2, 10), torch.tensor([1, 11])),
    "Target 11 is out of bounds.",
  );
  // (a float input with an integer target computes in PyTorch 2.13; two integer tensors have no kernel)
  rejects(
    () => new nn.MSELoss().forward(torch.tensor([[1, 2, 3]]), torch.tensor([[4, 5, 6]])),
    `"mse_cpu" not implemented for 'Long'`,
  );
  rejects(() => new nn.BatchNorm2d(3).forward(torch.randn(2, 4, 3, 3)), "running_mean should contain 4 elements not 3");
  rejects(
    () => new nn.BatchNorm1d(3).forward(torch.randn(1, 3)),
    "Expected more than 1 value per channel when training, got input size torch.Size([1, 3])",
  );
  rejects(
    () => new nn.LayerNorm(3).forward(torch.randn(2, 4)),
    "Given normalized_shape=[3], expected input with shape [*, 3], but got input of size[2, 4]",
  );
  rejects(() => new nn.Embedding(3, 2).forward(torch.tensor([5])), "index out of range in self");
  rejects(() => new nn.MaxPool2d(3, { padding: 2 }).forward(torch.randn(1, 1, 5, 5)), /pad should be at most half/);
  rejects(
    () => new nn.Linear(3, 4, { bais: true } as never),
    "Linear(): unknown option 'bais'; expected one of inFeatures, outFeatures, bias, device, dtype",
  );
  rejects(() => new nn.Conv2d(1, 2, 3, { padingMode: "reflect" } as never), /Conv2d\(\): unknown option 'padingMode'/);
  rejects(
    () => new nn.CrossEntropyLoss({ labelSmooting: 0.1 } as never),
    /CrossEntropyLoss\(\): unknown option 'labelSmooting'/,
  );
  rejects(
    () => nn.F.crossEntropy(torch.randn(2, 3), torch.tensor([0, 1]), { ignoreIdx: 1 } as never),
    /crossEntropy\(\): unknown option 'ignoreIdx'/,
  );
  rejects(() => new nn.Dropout(1.5), "dropout probability has to be between 0 and 1, but got 1.5");
  rejects(() => new nn.Conv2d(3, 4, 3, { groups: 2 }), "in_channels must be divisible by groups");
  rejects(
    () => new nn.Conv2d(1, 2, 3, { padding: "same", stride: 2 }),
    "padding='same' is not supported for strided convolutions",
  );
  rejects(
    () => new nn.Linear(2, 2).forward(torch.randn(2, 2, { dtype: "float64" })),
    /mat1 and mat2 must have the same dtype/,
  );
  rejects(() => new (class extends nn.Module {})().forward(), 'Module [] is missing the required "forward" function');
});

Deno.test("a training step in tidy keeps parameters and gradients and frees the rest", () => {
  const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2));
  const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
  const x = torch.randn(16, 4), y = torch.randint(0, 2, [16]);
  const lossFn = new nn.CrossEntropyLoss();
  let first = 0, last = 0;
  for (let i = 0; i < 20; i++) {
    const l = torch.tidy(() => {
      opt.zeroGrad();
      const loss = lossFn.forward(model.forward(x), y);
      loss.backward();
      opt.step();
      return loss.item() as number;
    });
    if (i === 0) first = l;
    last = l;
  }
  assert.ok(last < first);
  assert.ok(model.parameters().every((p) => !p.isReleased));
});
