/**
 * nn.utils.prune against PyTorch (one oracle run): masks, pruned tensors,
 * state-dict keys, forward values and gradients after pruning, iterative
 * pruning through PruningContainer, remove, globalUnstructured, the call
 * forms and the error cases with PyTorch's messages. Modules are made from
 * the same seed on both sides (dendrite's initialisation draws PyTorch's
 * values), and the random methods' masks are compared too.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { assertMatches, type Case, ERROR_CLASS, numpy, type OracleResult } from "../helpers/oracle.ts";

const prune = nn.utils.prune;
type T = torch.Tensor;
type M = nn.Module;

const PY_PRELUDE = `
import torch.nn as nn
import torch.nn.utils.prune as prune
def keys(m): return ",".join(m.state_dict().keys())
def pnames(m): return ",".join(n for n, _ in m.named_parameters())
def run(m, x):
    out = m(x)
    out.pow(2).sum().backward()
    return out
`;

const keys = (m: M) => Object.keys(m.stateDict()).join(",");
const pnames = (m: M) => m.namedParameters().map(([n]) => n).join(",");
const param = (m: M, n: string) => m.getParameter(n);
const buf = (m: M, n: string) => m.getBuffer(n);
function run(m: M, x: T): T {
  const out = m.forward(x) as T;
  out.pow(2).sum().backward();
  return out;
}

interface PCase {
  id: string;
  /** Python statements that set `res` (a tuple of tensors / strings) or raise. */
  py: string;
  /** dendrite's results in the same order, or a function that must throw. */
  ours: () => unknown[];
  /** compare the error message too (default true) */
  message?: boolean;
  tol?: { rtol?: number; atol?: number };
}
const cases: PCase[] = [];
const add = (c: PCase) => cases.push(c);

const DTYPES = [["float32", ""], ["float64", ".double()"]] as const;

/** A seeded Linear(5, 4) (float64 with `dbl`) and a seeded input of 3 rows. */
function linear(dtype: string): [nn.Linear, T] {
  torch.manualSeed(0);
  const m = new nn.Linear(5, 4);
  if (dtype === "float64") m.double();
  torch.manualSeed(1);
  const x = torch.randn(3, 5, { dtype: dtype as "float32" }).requiresGrad_(true);
  return [m, x];
}
const pyLinear = (dbl: string) =>
  `torch.manual_seed(0); m = nn.Linear(5, 4)${dbl}\ntorch.manual_seed(1); x = torch.randn(3, 5, dtype=torch.${
    dbl ? "float64" : "float32"
  }).requires_grad_(True)\n`;

/** A seeded Conv2d(3, 6, 3). */
function conv(dtype: string): nn.Conv2d {
  torch.manualSeed(2);
  const m = new nn.Conv2d(3, 6, 3);
  if (dtype === "float64") m.double();
  return m;
}
const pyConv = (dbl: string) => `torch.manual_seed(2); m = nn.Conv2d(3, 6, 3)${dbl}\n`;

/** What a pruned Linear exposes: mask, weight, keys, parameter names, output and gradients. */
const linearResults = (m: M, x: T, out: T) => [
  buf(m, "weight_mask"),
  (m as nn.Linear).weight,
  keys(m),
  pnames(m),
  out,
  param(m, "weight_orig").grad,
  param(m, "bias").grad,
  x.grad,
];
const PY_LINEAR_RESULTS =
  "res = (m.weight_mask, m.weight, keys(m), pnames(m), out, m.weight_orig.grad, m.bias.grad, x.grad)";

for (const [dtype, dbl] of DTYPES) {
  add({
    id: `l1Unstructured fraction ${dtype}`,
    py: `${pyLinear(dbl)}prune.l1_unstructured(m, "weight", amount=0.3)\nout = run(m, x)\n${PY_LINEAR_RESULTS}`,
    ours: () => {
      const [m, x] = linear(dtype);
      prune.l1Unstructured(m, "weight", { amount: 0.3 });
      return linearResults(m, x, run(m, x));
    },
  });
  add({
    id: `l1Unstructured count ${dtype}`,
    py: `${pyLinear(dbl)}prune.l1_unstructured(m, "weight", 7)\nout = run(m, x)\n${PY_LINEAR_RESULTS}`,
    ours: () => {
      const [m, x] = linear(dtype);
      prune.l1Unstructured(m, "weight", 7);
      return linearResults(m, x, run(m, x));
    },
  });
  add({
    id: `randomUnstructured seeded ${dtype}`,
    py: `${
      pyLinear(dbl)
    }torch.manual_seed(5); prune.random_unstructured(m, "weight", amount=0.45)\nout = run(m, x)\n${PY_LINEAR_RESULTS}`,
    ours: () => {
      const [m, x] = linear(dtype);
      torch.manualSeed(5);
      prune.randomUnstructured(m, "weight", 0.45);
      return linearResults(m, x, run(m, x));
    },
  });
  add({
    id: `randomStructured seeded ${dtype}`,
    py: `${pyConv(dbl)}torch.manual_seed(6); prune.random_structured(m, "weight", 2, 0)
torch.manual_seed(7); prune.random_structured(m, "weight", amount=0.34, dim=-1)
res = (m.weight_mask, m.weight, keys(m))`,
    ours: () => {
      const m = conv(dtype);
      torch.manualSeed(6);
      prune.randomStructured(m, "weight", 2, 0);
      torch.manualSeed(7);
      prune.randomStructured(m, "weight", { amount: 0.34, dim: -1 });
      return [buf(m, "weight_mask"), m.weight, keys(m)];
    },
  });
  for (const [n, py] of [[2, "2"], [1, "1"], [Infinity, "float('inf')"], [-Infinity, "float('-inf')"]] as const) {
    add({
      id: `lnStructured n=${n} ${dtype}`,
      py: `${pyConv(dbl)}prune.ln_structured(m, "weight", 0.5, ${py}, 0)
torch.manual_seed(3); x = torch.randn(2, 3, 5, 5, dtype=m.weight.dtype).requires_grad_(True)
out = run(m, x)
res = (m.weight_mask, m.weight, out, m.weight_orig.grad, x.grad)`,
      ours: () => {
        const m = conv(dtype);
        prune.lnStructured(m, "weight", 0.5, n, 0);
        torch.manualSeed(3);
        const x = torch.randn(2, 3, 5, 5, { dtype: m.weight.dtype }).requiresGrad_(true);
        const out = run(m, x);
        return [buf(m, "weight_mask"), m.weight, out, param(m, "weight_orig").grad, x.grad];
      },
    });
  }
  add({
    id: `iterative pruning through a PruningContainer ${dtype}`,
    py: `${pyConv(dbl)}prune.l1_unstructured(m, "weight", 0.3)
prune.ln_structured(m, "weight", 2, n=1, dim=1)
torch.manual_seed(9); prune.random_unstructured(m, "weight", 10)
prune.l1_unstructured(m, "weight", amount=0.2)
prune.random_structured(m, "weight", 1, 0)
hooks = [h for h in m._forward_pre_hooks.values()]
res = (m.weight_mask, m.weight, keys(m), str(len(hooks)), str(len(hooks[0])), type(hooks[0]).__name__)`,
    ours: () => {
      const m = conv(dtype);
      prune.l1Unstructured(m, "weight", 0.3);
      prune.lnStructured(m, "weight", 2, 1, { dim: 1 });
      torch.manualSeed(9);
      prune.randomUnstructured(m, "weight", { amount: 10 });
      prune.l1Unstructured(m, "weight", 0.2);
      const last = prune.RandomStructured.apply(m, "weight", 1, 0);
      assert.ok(last instanceof prune.PruningContainer);
      return [buf(m, "weight_mask"), m.weight, keys(m), "1", String(last.length), last.constructor.name];
    },
  });
  add({
    id: `remove after iterative pruning ${dtype}`,
    py: `${pyLinear(dbl)}prune.l1_unstructured(m, "weight", 0.25)
prune.l1_unstructured(m, "bias", 1)
prune.ln_structured(m, "weight", 1, 2, 0)
prune.remove(m, "weight")
out = run(m, x)
res = (m.weight, m.bias, keys(m), pnames(m), str(prune.is_pruned(m)), type(m.weight).__name__, out, m.weight.grad, m.bias_orig.grad, x.grad)`,
    ours: () => {
      const [m, x] = linear(dtype);
      prune.l1Unstructured(m, "weight", 0.25);
      prune.l1Unstructured(m, "bias", 1);
      prune.lnStructured(m, "weight", 1, 2, 0);
      prune.remove(m, { name: "weight" });
      const out = run(m, x);
      return [
        m.weight,
        m.bias,
        keys(m),
        pnames(m),
        prune.isPruned(m) ? "True" : "False",
        m.weight instanceof nn.Parameter ? "Parameter" : "Tensor",
        out,
        m.weight.grad,
        param(m, "bias_orig").grad,
        x.grad,
      ];
    },
  });
  add({
    id: `globalUnstructured with importance scores and an earlier mask ${dtype}`,
    py: `torch.manual_seed(0); a = nn.Linear(4, 3)${dbl}; b = nn.Linear(3, 2)${dbl}
prune.l1_unstructured(b, "weight", 2)
s = torch.arange(12, dtype=a.weight.dtype).reshape(3, 4).flip(0)
prune.global_unstructured([(a, "weight"), (b, "weight"), (b, "bias")], prune.L1Unstructured, importance_scores={(a, "weight"): s}, amount=0.4)
res = (a.weight_mask, b.weight_mask, b.bias_mask, a.weight, b.weight, keys(a), keys(b))`,
    ours: () => {
      torch.manualSeed(0);
      const a = new nn.Linear(4, 3), b = new nn.Linear(3, 2);
      if (dtype === "float64") a.double(), b.double();
      prune.l1Unstructured(b, "weight", 2);
      const s = torch.arange(12, { dtype: a.weight.dtype }).reshape(3, 4).flip(0);
      prune.globalUnstructured([[a, "weight"], [b, "weight"], [b, "bias"]], prune.L1Unstructured, {
        importanceScores: new Map([[[a, "weight"] as const, s]]),
        amount: 0.4,
      });
      return [
        buf(a, "weight_mask"),
        buf(b, "weight_mask"),
        buf(b, "bias_mask"),
        a.weight,
        b.weight,
        keys(a),
        keys(b),
      ];
    },
  });
}

// L1 ties: many equal magnitudes, PyTorch's topk decides which go
const TIES = Array.from({ length: 64 }, (_, i) => ((i * 7) % 5) - 2);
add({
  id: "l1Unstructured ties",
  py: `w = torch.tensor(${JSON.stringify(TIES)}, dtype=torch.float32).reshape(8, 8)
m = nn.Linear(8, 8); m.weight.data = w.clone()
prune.l1_unstructured(m, "weight", 30)
t1 = prune.L1Unstructured(0.45).prune(w)
res = (m.weight_mask, t1)`,
  ours: () => {
    const w = torch.tensor(TIES, { dtype: "float32" }).reshape(8, 8);
    const m = new nn.Linear(8, 8);
    m.weight.data = w.clone();
    prune.l1Unstructured(m, "weight", 30);
    return [buf(m, "weight_mask"), new prune.L1Unstructured(0.45).prune(w)];
  },
});
add({
  id: "lnStructured n='fro' on a matrix",
  py: `${pyLinear("")}prune.ln_structured(m, "weight", 2, "fro", 1)\nout = run(m, x)\n${PY_LINEAR_RESULTS}`,
  ours: () => {
    const [m, x] = linear("float32");
    prune.lnStructured(m, "weight", 2, "fro", 1);
    return linearResults(m, x, run(m, x));
  },
});
add({
  id: "lnStructured ties and importance scores",
  py: `torch.manual_seed(4); m = nn.Linear(3, 6)
s = torch.tensor([[1., 1, 0], [0, 1, 1], [2, 0, 0], [1, 0, 1], [0, 0, 2], [1, 1, 1]])
prune.ln_structured(m, "weight", 3, 2, 0, importance_scores=s)
prune.l1_unstructured(m, "bias", 0.5, importance_scores=torch.tensor([3., 1, 2, 1, 5, 0]))
res = (m.weight_mask, m.bias_mask, m.weight, m.bias)`,
  ours: () => {
    torch.manualSeed(4);
    const m = new nn.Linear(3, 6);
    const s = torch.tensor([[1, 1, 0], [0, 1, 1], [2, 0, 0], [1, 0, 1], [0, 0, 2], [1, 1, 1]], { dtype: "float32" });
    prune.lnStructured(m, "weight", 3, 2, 0, s);
    prune.l1Unstructured(m, "bias", 0.5, { importanceScores: torch.tensor([3, 1, 2, 1, 5, 0], { dtype: "float32" }) });
    return [buf(m, "weight_mask"), buf(m, "bias_mask"), m.weight, m.bias];
  },
});
add({
  id: "amount rounding (Python's round: halves to even)",
  py: `t5 = torch.arange(1, 6, dtype=torch.float32); t7 = torch.arange(1, 8, dtype=torch.float32)
t10 = torch.arange(1, 11, dtype=torch.float32)
res = (prune.L1Unstructured(0.5).prune(t5), prune.L1Unstructured(0.5).prune(t7), prune.L1Unstructured(0.25).prune(t10), prune.L1Unstructured(0.0).prune(t5), prune.L1Unstructured(1.0).prune(t5) if False else prune.L1Unstructured(5).prune(t5))`,
  ours: () => {
    const t5 = torch.arange(1, 6, { dtype: "float32" }), t7 = torch.arange(1, 8, { dtype: "float32" });
    const t10 = torch.arange(1, 11, { dtype: "float32" });
    const L1 = prune.L1Unstructured;
    return [
      new L1(0.5).prune(t5),
      new L1(0.5).prune(t7),
      new L1(0.25).prune(t10),
      new L1(0).prune(t5),
      new L1(5).prune(t5),
    ];
  },
});
add({
  id: "customFromMask, identity and the hook recomputing the tensor",
  py: `torch.manual_seed(0); m = nn.Linear(5, 4)
torch.manual_seed(1); x = torch.randn(3, 5)
prune.identity(m, "bias")
prune.custom_from_mask(m, "weight", mask=torch.tensor([[1, 0, 1, 0, 1]] * 4))
with torch.no_grad(): m.weight_orig.mul_(2)
w_before = m.weight.clone()
out = m(x)
res = (m.weight_mask, m.bias_mask, w_before, m.weight, out, keys(m), pnames(m))`,
  ours: () => {
    const [m] = linear("float32");
    torch.manualSeed(1);
    const x = torch.randn(3, 5);
    prune.identity(m, { name: "bias" });
    prune.customFromMask(m, "weight", {
      mask: torch.tensor([[1, 0, 1, 0, 1], [1, 0, 1, 0, 1], [1, 0, 1, 0, 1], [1, 0, 1, 0, 1]]),
    });
    torch.noGrad(() => param(m, "weight_orig").mul_(2));
    const before = m.weight.clone();
    const out = m.forward(x);
    return [buf(m, "weight_mask"), buf(m, "bias_mask"), before, m.weight, out, keys(m), pnames(m)];
  },
});
add({
  id: "PruningContainer and prune() by hand",
  py: `t = torch.arange(-6, 6, dtype=torch.float64).reshape(3, 4)
a = prune.L1Unstructured(3); a._tensor_name = "w"
b = prune.LnStructured(1, 2, dim=0); b._tensor_name = "w"
c = prune.PruningContainer(a); c.add_pruning_method(b)
m1 = c.compute_mask(t, torch.ones_like(t))
g = prune.CustomFromMask(torch.tensor([[1, 1, 0, 0]] * 3)); g._tensor_name = "w"; c.add_pruning_method(g)
m2 = c.compute_mask(t, m1)
p = prune.RandomStructured(1, 1)
torch.manual_seed(11); p1 = p.prune(t, default_mask=torch.ones(3, 4, dtype=torch.float64) * 0.5, importance_scores=t.abs())
res = (m1, m2, p1)`,
  ours: () => {
    const t = torch.arange(-6, 6, { dtype: "float64" }).reshape(3, 4);
    const a = new prune.L1Unstructured(3);
    a.tensorName = "w";
    const b = new prune.LnStructured(1, 2, { dim: 0 });
    b.tensorName = "w";
    const c = new prune.PruningContainer(a);
    c.addPruningMethod(b);
    const m1 = c.computeMask(t, torch.onesLike(t));
    const g = new prune.CustomFromMask(torch.tensor([[1, 1, 0, 0], [1, 1, 0, 0], [1, 1, 0, 0]]));
    g.tensorName = "w";
    c.addPruningMethod(g);
    const m2 = c.computeMask(t, m1);
    const p = new prune.RandomStructured(1, 1);
    torch.manualSeed(11);
    const p1 = p.prune(t, torch.ones(3, 4, { dtype: "float64" }).mul(0.5), t.abs());
    return [m1, m2, p1];
  },
});

add({
  id: "a failed pruning puts the parameter back (PyTorch re-registers it last)",
  py: `${pyLinear("")}try: prune.l1_unstructured(m, "weight", 100)
except ValueError: pass
res = (keys(m), type(m.weight).__name__, str(prune.is_pruned(m)))`,
  ours: () => {
    const [m] = linear("float32");
    assert.throws(() => prune.l1Unstructured(m, "weight", 100), RangeError);
    return [keys(m), m.weight instanceof nn.Parameter ? "Parameter" : "Tensor", prune.isPruned(m) ? "True" : "False"];
  },
});

// ---------- errors ----------

const err = (id: string, py: string, ours: () => unknown, message = true) =>
  add({ id, py: `${pyLinear("")}${py}`, ours: () => [ours()], message });
const lin = () => linear("float32")[0];
err("amount negative int", `prune.l1_unstructured(m, "weight", -1)`, () => prune.l1Unstructured(lin(), "weight", -1));
err("amount above 1", `prune.l1_unstructured(m, "weight", 1.5)`, () => prune.l1Unstructured(lin(), "weight", 1.5));
err(
  "amount negative fraction",
  `prune.random_unstructured(m, "weight", -0.5)`,
  () => prune.randomUnstructured(lin(), "weight", -0.5),
);
err(
  "amount not a number",
  `prune.l1_unstructured(m, "weight", "x")`,
  () => prune.l1Unstructured(lin(), "weight", "x" as unknown as number),
);
err(
  "amount count too large",
  `prune.l1_unstructured(m, "weight", 21)`,
  () => prune.l1Unstructured(lin(), "weight", 21),
);
err(
  "structured on a vector",
  `prune.ln_structured(m, "bias", 1, 2, 0)`,
  () => prune.lnStructured(lin(), "bias", 1, 2, 0),
);
err(
  "structured dim out of range",
  `prune.random_structured(m, "weight", 1, 2)`,
  () => prune.randomStructured(lin(), "weight", 1, 2),
);
err(
  "custom mask of another shape",
  `prune.custom_from_mask(m, "weight", torch.ones(3))`,
  () => prune.customFromMask(lin(), "weight", torch.ones(3)),
);
err("remove what is not pruned", `prune.remove(m, "weight")`, () => prune.remove(lin(), "weight"));
err("no such tensor", `prune.l1_unstructured(m, "nope", 1)`, () => prune.l1Unstructured(lin(), "nope", 1));
err(
  "global with a structured method",
  `prune.global_unstructured([(m, "weight")], prune.RandomStructured, amount=1)`,
  () =>
    prune.globalUnstructured([[lin(), "weight"]], prune.RandomStructured, {
      amount: 1,
    }),
  false,
);
err(
  "global with a non-iterable",
  `prune.global_unstructured(m, prune.L1Unstructured, amount=1)`,
  () =>
    prune.globalUnstructured(lin() as never, prune.L1Unstructured, {
      amount: 1,
    }),
  false,
);

// ---------- the run ----------

const ERROR_EXTRA: Record<string, new (...a: never[]) => Error> = {
  ValueError: RangeError,
  IndexError: RangeError,
  AttributeError: Error,
  AssertionError: RangeError,
};

function compare(c: PCase, expected: OracleResult): void {
  if ("error" in expected) {
    let thrown: unknown = null;
    try {
      c.ours();
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof Error, `${c.id}: expected ${expected.error}: ${expected.message}`);
    const cls = ERROR_EXTRA[expected.error] ?? ERROR_CLASS[expected.error];
    assert.ok(thrown instanceof cls, `${c.id}: ${thrown.constructor.name} for ${expected.error}`);
    if (c.message !== false) assert.equal(thrown.message, expected.message, c.id);
    return;
  }
  const ours = c.ours();
  const exp = expected.value;
  assert.ok("tuple" in exp, `${c.id}: oracle gave no tuple`);
  assert.equal(ours.length, exp.tuple.length, `${c.id}: result count`);
  ours.forEach((v, i) => assertMatches(v, exp.tuple[i], `${c.id}[${i}]`, c.tol ?? { rtol: 1e-5, atol: 1e-6 }));
}

Deno.test("nn.utils.prune matches PyTorch", async () => {
  const oracle: Case[] = cases.map((c) => ({ torch: true, setup: PY_PRELUDE + c.py, expr: "res" }));
  const results = await numpy(oracle);
  const failures: string[] = [];
  cases.forEach((c, i) => {
    try {
      compare(c, results[i]);
    } catch (e) {
      failures.push(`${c.id}: ${(e as Error).message}`);
    }
  });
  assert.equal(failures.length, 0, failures.join("\n\n"));
});

Deno.test("prune: stateDict round trip, deepcopy-free reload and the hook list", () => {
  const [m, x] = linear("float32");
  prune.l1Unstructured(m, "weight", 0.5);
  const sd = m.stateDict();
  const [m2] = linear("float32");
  prune.identity(m2, "weight");
  m2.loadStateDict(sd);
  assert.ok(torch.equal(m2.forward(x) as T, m.forward(x) as T));
  prune.remove(m2, "weight");
  assert.equal(prune.isPruned(m2), false);
  assert.equal(prune.isPruned(new nn.Sequential(m)), true);
  // the options object is checked
  const [m3] = linear("float32");
  assert.throws(() => prune.l1Unstructured(m3, "weight", { amount: 1, bogus: 2 } as never), TypeError);
});
