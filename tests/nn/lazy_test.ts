/**
 * The lazy modules, nn.UninitializedParameter / UninitializedBuffer and nn.Buffer against PyTorch: the weights a
 * lazy module draws at its first forward for a seed, its output, the input's gradient and the running statistics
 * (float32 and float64); reprs before and after, the class it becomes, state dicts and loading before the first
 * forward, conversions, and PyTorch's errors.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { type ParityCase, randn, report, runParity } from "./harness.ts";

type T = torch.Tensor;
const cases: ParityCase[] = [];

/** A lazy module built, run once and read back on both sides (the harness seeds both before the call). */
function lazyCase(id: string, py: string, make: () => nn.Module, shape: number[], dtype: "float32" | "float64") {
  const read = (m: nn.Module) => [...m.parameters(), ...m.buffers().filter((b) => b.isFloatingPoint())];
  cases.push({
    id: `${id} ${dtype}`,
    py: `lambda x0: (lambda m: (m(x0), *m.parameters(), *[b for b in m.buffers() if b.is_floating_point()]))(${py})`,
    fn: (x) => {
      const m = make();
      return [m.forward(x) as T, ...read(m)];
    },
    inputs: () => [randn(shape.length * 7 + shape[1], shape, dtype)],
  });
}

for (const dtype of ["float32", "float64"] as const) {
  const d = dtype === "float64" ? ", dtype=torch.float64" : "";
  const o = { dtype };
  lazyCase("LazyLinear", `nn.LazyLinear(4${d})`, () => new nn.LazyLinear(4, o), [3, 5], dtype);
  lazyCase("LazyLinear no bias 3-d", `nn.LazyLinear(2, bias=False${d})`, () => new nn.LazyLinear(2, false, o), [
    2,
    3,
    4,
  ], dtype);
  lazyCase(
    "LazyConv1d groups",
    `nn.LazyConv1d(4, 3, padding=1, groups=2${d})`,
    () => new nn.LazyConv1d(4, 3, { padding: 1, groups: 2, ...o }),
    [2, 6, 7],
    dtype,
  );
  lazyCase(
    "LazyConv2d stride",
    `nn.LazyConv2d(3, 2, stride=2, bias=False${d})`,
    () => new nn.LazyConv2d(3, 2, { stride: 2, bias: false, ...o }),
    [2, 4, 6, 6],
    dtype,
  );
  lazyCase("LazyConv2d unbatched", `nn.LazyConv2d(3, 3${d})`, () => new nn.LazyConv2d(3, 3, o), [2, 5, 5], dtype);
  lazyCase("LazyConv3d", `nn.LazyConv3d(2, 2${d})`, () => new nn.LazyConv3d(2, 2, o), [1, 3, 3, 4, 3], dtype);
  lazyCase(
    "LazyConvTranspose1d",
    `nn.LazyConvTranspose1d(4, 3, stride=2, groups=2${d})`,
    () => new nn.LazyConvTranspose1d(4, 3, { stride: 2, groups: 2, ...o }),
    [2, 4, 5],
    dtype,
  );
  lazyCase(
    "LazyConvTranspose2d",
    `nn.LazyConvTranspose2d(2, 3, padding=1, output_padding=1, stride=2${d})`,
    () => new nn.LazyConvTranspose2d(2, 3, { padding: 1, outputPadding: 1, stride: 2, ...o }),
    [2, 3, 4, 4],
    dtype,
  );
  lazyCase(
    "LazyConvTranspose3d",
    `nn.LazyConvTranspose3d(2, 2${d})`,
    () => new nn.LazyConvTranspose3d(2, 2, o),
    [1, 3, 2, 3, 2],
    dtype,
  );
  lazyCase("LazyBatchNorm1d", `nn.LazyBatchNorm1d(${d.slice(2)})`, () => new nn.LazyBatchNorm1d(o), [6, 3], dtype);
  lazyCase(
    "LazyBatchNorm2d momentum None",
    `nn.LazyBatchNorm2d(momentum=None${d})`,
    () => new nn.LazyBatchNorm2d({ momentum: null, ...o }),
    [3, 4, 3, 3],
    dtype,
  );
  lazyCase(
    "LazyBatchNorm3d no affine",
    `nn.LazyBatchNorm3d(affine=False${d})`,
    () => new nn.LazyBatchNorm3d({ affine: false, ...o }),
    [2, 3, 2, 2, 3],
    dtype,
  );
  lazyCase(
    "LazyInstanceNorm1d (affine, tracking)",
    `nn.LazyInstanceNorm1d(${d.slice(2)})`,
    () => new nn.LazyInstanceNorm1d(o),
    [2, 3, 6],
    dtype,
  );
  lazyCase(
    "LazyInstanceNorm2d plain",
    `nn.LazyInstanceNorm2d(affine=False, track_running_stats=False${d})`,
    () => new nn.LazyInstanceNorm2d({ affine: false, trackRunningStats: false, ...o }),
    [2, 3, 4, 4],
    dtype,
  );
  lazyCase(
    "LazyInstanceNorm3d no bias",
    `nn.LazyInstanceNorm3d(bias=False${d})`,
    () => new nn.LazyInstanceNorm3d({ bias: false, ...o }),
    [2, 2, 3, 2, 3],
    dtype,
  );
}

Deno.test("lazy modules draw PyTorch's weights at their first forward (values, gradients, statistics)", async () => {
  report("lazy modules", await runParity(cases));
});

Deno.test("a lazy module prints and behaves as PyTorch's before and after its first forward", () => {
  const m = new nn.LazyLinear(4);
  assert.equal(String(m), "LazyLinear(in_features=0, out_features=4, bias=True)");
  assert.ok(m instanceof nn.LazyLinear && m instanceof nn.Linear);
  assert.deepEqual(m.namedParameters().map(([n]) => n), ["weight", "bias"]);
  const sd = m.stateDict();
  assert.deepEqual(Object.keys(sd), ["weight", "bias"]);
  assert.ok(sd.weight instanceof nn.UninitializedParameter && sd.weight === m.weight);
  assert.equal(String(m.weight), "<UninitializedParameter>");
  assert.ok(m.hasUninitializedParams());
  m.forward(torch.randn(2, 3));
  assert.equal(String(m), "Linear(in_features=3, out_features=4, bias=True)");
  assert.equal(m.constructor, nn.Linear);
  // (the instance changed class: TypeScript's narrowing cannot know)
  assert.ok(
    !((m as nn.Module) instanceof nn.LazyLinear) && !((m.weight as torch.Tensor) instanceof nn.UninitializedParameter),
  );
  assert.ok(m.weight instanceof nn.Parameter && m.weight.requiresGrad);
  assert.deepEqual(m.weight.shape, [4, 3]);
  // the initialization ran once: a second forward keeps the weights
  const w = m.weight.tolist();
  m.forward(torch.randn(5, 3));
  assert.deepEqual(m.weight.tolist(), w);

  const c = new nn.LazyConv2d(4, 3, { padding: 1 });
  assert.equal(String(c), "LazyConv2d(0, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))");
  c.forward(torch.randn(1, 2, 5, 5));
  assert.equal(String(c), "Conv2d(2, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))");
  assert.ok(c instanceof nn.Conv2d && c.constructor === nn.Conv2d);

  const bn = new nn.LazyBatchNorm1d();
  assert.equal(
    String(bn),
    "LazyBatchNorm1d(0, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)",
  );
  assert.deepEqual(Object.keys(bn.stateDict()), [
    "weight",
    "bias",
    "running_mean",
    "running_var",
    "num_batches_tracked",
  ]);
  assert.ok(bn.stateDict().running_mean instanceof nn.UninitializedBuffer);
  bn.forward(torch.randn(4, 3));
  assert.equal(String(bn), "BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)");
  assert.equal(Number(bn.numBatchesTracked!.item()), 1);

  const inorm = new nn.LazyInstanceNorm2d({ affine: false, trackRunningStats: false });
  assert.equal(
    String(inorm),
    "LazyInstanceNorm2d(0, eps=1e-05, momentum=0.1, affine=False, bias=False, track_running_stats=False)",
  );
  assert.deepEqual(Object.keys(inorm.stateDict()), []);
  inorm.forward(torch.randn(2, 3, 4, 4));
  assert.equal(
    String(inorm),
    // nothing to initialize: num_features stays 0, as PyTorch's
    "InstanceNorm2d(0, eps=1e-05, momentum=0.1, affine=False, bias=False, track_running_stats=False)",
  );
  assert.ok(inorm instanceof nn.InstanceNorm2d);
});

Deno.test("uninitialized parameters refuse ops and shapes with PyTorch's errors; conversions and hooks", () => {
  const m = new nn.LazyLinear(3);
  assert.throws(() => m.weight.add(1), (e: Error) => {
    assert.ok(e instanceof RangeError); // PyTorch's ValueError
    assert.match(
      e.message,
      /^Attempted to use an uninitialized parameter\. This error happens when you are using a `LazyModule` or explicitly manipulating `torch\.nn\.parameter\.UninitializedParameter` objects\./,
    );
    return true;
  });
  assert.throws(() => m.weight.shape, {
    name: "RuntimeError",
    message:
      "Can't access the shape of an uninitialized parameter or buffer. This error usually happens in `load_state_dict` when trying to load an uninitialized parameter into an initialized one. Call `forward` to initialize the parameters before accessing their attributes.",
  });
  assert.throws(() => m.numParameters(), RangeError);
  assert.equal(m.weight.dtype, "float32");
  // Module.to before the first forward converts the placeholders; the weights then come out float64
  m.double();
  assert.ok(m.weight instanceof nn.UninitializedParameter);
  assert.equal(m.weight.dtype, "float64");
  m.forward(torch.randn(2, 5, { dtype: "float64" }));
  assert.equal(m.weight.dtype, "float64");
  assert.deepEqual(m.weight.shape, [3, 5]);
  // a float32 input to a float64 lazy layer: PyTorch's matmul error, after the initialization
  const m2 = new nn.LazyLinear(3, { dtype: "float64" });
  assert.throws(() => m2.forward(torch.randn(2, 2)), torch.RuntimeError);
  // the initialization is a forward pre-hook registered first: user pre-hooks run after it
  const m3 = new nn.LazyLinear(2);
  let seen: number[] | null = null;
  m3.registerForwardPreHook((mod) => void (seen = (mod as nn.Linear).weight.shape));
  m3.forward(torch.randn(1, 6));
  assert.deepEqual(seen, [2, 6]);

  const p = new nn.UninitializedParameter(false, { dtype: "float64" });
  assert.ok(p instanceof nn.Parameter && !p.requiresGrad && p.dtype === "float64");
  p.materialize([2, 2]);
  assert.ok(!((p as torch.Tensor) instanceof nn.UninitializedParameter) && p instanceof nn.Parameter);
  assert.deepEqual(p.shape, [2, 2]);
  assert.equal(String(p.fill_(1).sum().item()), "4");
  assert.ok(!("materialize" in p)); // an ordinary Parameter now (PyTorch: AttributeError)
  const b = new nn.UninitializedBuffer();
  assert.ok(!b.requiresGrad && String(b) === "<UninitializedBuffer>");
  assert.ok(nn.isLazy(b) && !nn.isLazy(b.materialize([3])));
  assert.throws(() => new nn.UninitializedParameter({ bogus: 1 } as never), /bogus/);
});

Deno.test("PyTorch's input errors of the lazy convolutions", () => {
  assert.throws(() => new nn.LazyConv2d(4, 3).forward(torch.randn(2, 3)), {
    name: "RuntimeError",
    message: "Expected 3D (unbatched) or 4D (batched) input to LazyConv2d, but got input of size: torch.Size([2, 3])",
  });
  assert.throws(() => new nn.LazyConv1d(4, 3, { groups: 2 }).forward(torch.randn(1, 3, 5)), {
    name: "RangeError",
    message: "in_channels must be divisible by groups",
  });
  assert.throws(() => new nn.LazyLinear(4, { bogus: 1 } as never), /bogus/);
});

Deno.test("loading a state dict sizes a lazy module's placeholders (nested too), as PyTorch's _lazy_load_hook", () => {
  const src = new nn.Sequential(new nn.Linear(5, 3), new nn.ReLU(), new nn.BatchNorm1d(3));
  const dst = new nn.Sequential(new nn.LazyLinear(3), new nn.ReLU(), new nn.LazyBatchNorm1d());
  dst.loadStateDict(src.stateDict());
  const [l, , bn] = dst.children() as [nn.Linear, nn.Module, nn.BatchNorm1d];
  assert.deepEqual(l.weight.tolist(), (src.children()[0] as nn.Linear).weight.tolist());
  assert.deepEqual(bn.runningVar!.tolist(), [1, 1, 1]);
  // as in PyTorch, the sizes stay 0 and the class lazy until a forward
  assert.equal(String(l), "LazyLinear(in_features=0, out_features=3, bias=True)");
  dst.forward(torch.randn(4, 5));
  assert.equal(String(l), "Linear(in_features=0, out_features=3, bias=True)");
  assert.deepEqual(l.weight.tolist(), (src.children()[0] as nn.Linear).weight.tolist());
  // an entry left out stays uninitialized (strict: false)
  const part = new nn.LazyLinear(3);
  part.loadStateDict({ weight: torch.ones(3, 2) }, { strict: false });
  assert.deepEqual(part.weight.shape, [3, 2]);
  assert.ok(part.bias instanceof nn.UninitializedParameter);
  // PyTorch's own failure here is an AttributeError (the materialized weight has no materialize)
  assert.throws(() => part.forward(torch.randn(1, 2)), TypeError);
});

Deno.test("nn.Buffer assigned to a field registers a buffer (persistent or not)", () => {
  class Stats extends nn.Module {
    total = new nn.Buffer(torch.ones(2));
    scratch = new nn.Buffer(torch.zeros(1), { persistent: false });
    w = new nn.Parameter(torch.zeros(1));
  }
  const m = new Stats();
  assert.deepEqual(Object.keys(m.stateDict()), ["w", "total"]);
  assert.deepEqual(m.namedBuffers().map(([n]) => n), ["total", "scratch"]);
  assert.ok(m.total instanceof nn.Buffer && m.total.persistent);
  m.double();
  assert.equal(m.total.dtype, "float64");
  // assigning a Buffer later: its persistence applies
  m.total = new nn.Buffer(torch.zeros(2), { persistent: false });
  assert.deepEqual(Object.keys(m.stateDict()), ["w"]);
  // the buffer shares the tensor's memory, detached; requiresGrad is kept
  const t = torch.zeros(2);
  const buf = new nn.Buffer(t);
  buf.fill_(3);
  assert.deepEqual(t.tolist(), [3, 3]);
  assert.ok(new nn.Buffer(torch.zeros(2).requiresGrad_()).requiresGrad);
  assert.deepEqual(new nn.Buffer().shape, [0]);
  assert.throws(() => new nn.Buffer(torch.zeros(1), { bogus: true } as never), /bogus/);
  const plain = new nn.Module();
  (plain as unknown as { stats: T }).stats = new nn.Buffer(torch.ones(3));
  assert.deepEqual(plain.namedBuffers().map(([n]) => n), ["stats"]);
});
