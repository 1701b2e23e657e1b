/**
 * nn.utils.parametrize, nn.utils.parametrizations (orthogonal, spectralNorm, weightNorm) and the older hook versions
 * nn.utils.weightNorm / spectralNorm (src/nn/parametrize.ts, parametrizations.ts, weight_norm.ts, spectral_norm.ts)
 * against PyTorch 2.13, all cases in one Python run: seeded initial values (torch.manualSeed, then construct and
 * parametrize on both sides), forward values, gradients of the originals and the other parameters, buffers after the
 * forward (power iteration), state-dict keys, printouts, remove (leaveParametrized both ways), cached(), rightInverse
 * by assignment, errors (class and message) and call forms.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

type Tensor = torch.Tensor;
type DT = "float32" | "float64";
const PZ = nn.utils.parametrize, P = nn.utils.parametrizations;

const SETUP = `
import torch, warnings
import torch.nn as nn
warnings.filterwarnings("ignore")
P = nn.utils.parametrizations
PZ = nn.utils.parametrize
def X(shape, dt):
    n = 1
    for s in shape: n *= s
    return torch.arange(n, dtype=dt).reshape(shape).mul(0.37).sin()
def go(m, x):
    y = m(x)
    y.sin().sum().backward()
    names = ",".join(k for k, _ in m.named_parameters())
    return (y, *[p.grad for _, p in m.named_parameters()], *[b for _, b in m.named_buffers()],
            names, ",".join(m.state_dict().keys()))
class Sym(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).mT
class Scale(nn.Module):
    def forward(self, X):
        return X * 2
    def right_inverse(self, A):
        return A / 2
class Grow(nn.Module):
    def forward(self, X):
        return torch.cat([X, X])
`;

/** The TS side of `X` in SETUP: deterministic data. */
function X(shape: number[], dtype: DT): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return torch.arange(n, { dtype }).reshape(shape).mul(0.37).sin();
}
/** The TS side of `go`: output, gradients of every parameter, buffers, parameter names and state-dict keys. */
function go(m: nn.Module, x: Tensor): unknown[] {
  const y = m.forward(x) as Tensor;
  y.sin().sum().backward();
  return [
    y,
    ...m.parameters().map((p) => p.grad),
    ...m.buffers(),
    m.namedParameters().map(([k]) => k).join(","),
    Object.keys(m.stateDict()).join(","),
  ];
}
class Sym extends nn.Module {
  override forward(x: Tensor) {
    return x.triu().add(x.triu(1).mT);
  }
}
class Scale extends nn.Module {
  override forward(x: Tensor) {
    return x.mul(2);
  }
  rightInverse(a: Tensor) {
    return a.div(2);
  }
}
class Grow extends nn.Module {
  override forward(x: Tensor) {
    return torch.cat([x, x]);
  }
}

interface Case {
  py: string; // Python statements setting r
  ts: () => unknown;
}
const f32: Case[] = [], f64: Case[] = [], exact: Case[] = [];
const group = (dt: DT) => (dt === "float32" ? f32 : f64);
const pyDt = (dt: DT) => `torch.${dt}`;
const seeded = <T>(seed: number, f: () => T): T => {
  torch.manualSeed(seed);
  return f();
};

// ---------- parametrizations: seeded values, forward, gradients, buffers, keys ----------

for (const dt of ["float32", "float64"] as const) {
  const cases = group(dt), d = pyDt(dt), o = { dtype: dt };
  // spectral norm: 15 + 1 power iterations at registration, one more per training forward
  cases.push({
    py: `torch.manual_seed(1); m = P.spectral_norm(nn.Linear(4, 3, dtype=${d})); r = go(m, X([2, 4], ${d}))`,
    ts: () => go(seeded(1, () => P.spectralNorm(new nn.Linear(4, 3, o))), X([2, 4], dt)),
  });
  cases.push({
    py: `torch.manual_seed(2); m = P.spectral_norm(nn.Conv2d(2, 3, 3, dtype=${d}), n_power_iterations=3, dim=1)
r = go(m, X([1, 2, 5, 5], ${d}))`,
    ts: () =>
      go(
        seeded(2, () => P.spectralNorm(new nn.Conv2d(2, 3, 3, o), { nPowerIterations: 3, dim: 1 })),
        X([1, 2, 5, 5], dt),
      ),
  });
  cases.push({
    py: `torch.manual_seed(3); m = P.spectral_norm(nn.ConvTranspose2d(2, 3, 2, dtype=${d}), "weight", 2, 1e-10).eval()
r = go(m, X([1, 2, 3, 3], ${d}))`,
    ts: () =>
      go(
        seeded(3, () => P.spectralNorm(new nn.ConvTranspose2d(2, 3, 2, o), "weight", 2, 1e-10)).eval(),
        X([1, 2, 3, 3], dt),
      ),
  });
  // orthogonal: every map, square / wide / tall / batched, with and without the trivialization
  const orth: [string, string, () => nn.Module, string, () => nn.Module, number[]][] = [
    ["Linear(3, 3)", "", () => new nn.Linear(3, 3, o), "", () => new nn.Linear(3, 3, o), [2, 3]],
    ["Linear(4, 3)", "", () => new nn.Linear(4, 3, o), "", () => new nn.Linear(4, 3, o), [2, 4]],
    ["Linear(3, 5)", "", () => new nn.Linear(3, 5, o), "", () => new nn.Linear(3, 5, o), [2, 3]],
    [
      "Linear(4, 3)",
      `orthogonal_map="cayley"`,
      () => new nn.Linear(4, 3, o),
      "cayley",
      () => nn.Module.prototype as never,
      [
        2,
        4,
      ],
    ],
    ["Linear(3, 3)", `"weight", "cayley"`, () => new nn.Linear(3, 3, o), "cayley", () => nn.Module.prototype as never, [
      2,
      3,
    ]],
    [
      "Linear(3, 5)",
      `orthogonal_map="matrix_exp"`,
      () => new nn.Linear(3, 5, o),
      "matrix_exp",
      () => nn.Module.prototype as never,
      [2, 3],
    ],
    [
      "Linear(3, 5)",
      `use_trivialization=False`,
      () => new nn.Linear(3, 5, o),
      "notriv",
      () => nn.Module.prototype as never,
      [2, 3],
    ],
    [
      "Linear(4, 4)",
      `orthogonal_map="matrix_exp", use_trivialization=False`,
      () => new nn.Linear(4, 4, o),
      "notriv-exp",
      () => nn.Module.prototype as never,
      [2, 4],
    ],
    ["Conv2d(2, 3, 2)", "", () => new nn.Conv2d(2, 3, 2, o), "", () => nn.Module.prototype as never, [1, 2, 3, 3]],
  ];
  orth.forEach(([mod, pyArgs, make, how, , shape], i) => {
    const args = pyArgs ? `, ${pyArgs}` : "";
    const orthOf = (m: nn.Module) =>
      how === "cayley" && pyArgs.startsWith(`"weight"`)
        ? P.orthogonal(m, "weight", "cayley") // positional
        : how === "cayley"
        ? P.orthogonal(m, { orthogonalMap: "cayley" }) // options
        : how === "matrix_exp"
        ? P.orthogonal(m, "weight", { orthogonalMap: "matrix_exp" }) // mixed
        : how === "notriv"
        ? P.orthogonal(m, { useTrivialization: false })
        : how === "notriv-exp"
        ? P.orthogonal(m, "weight", "matrix_exp", { useTrivialization: false })
        : P.orthogonal(m);
    cases.push({
      py: `torch.manual_seed(${10 + i}); m = P.orthogonal(nn.${mod.replace(")", `, dtype=${d})`)}${args})
r = (m.weight, *go(m, X(${JSON.stringify(shape)}, ${d})))`,
      ts: () => {
        const m = seeded(10 + i, () => orthOf(make()));
        return [m.weight, ...go(m, X(shape, dt))];
      },
    });
  });
  // weight norm as a parametrization: dim 0, 1, null
  for (
    const [mod, dim, shape, make] of [
      ["Linear(4, 3", "0", [2, 4], () => new nn.Linear(4, 3, o)],
      ["Linear(4, 3", "1", [2, 4], () => new nn.Linear(4, 3, o)],
      ["Conv2d(2, 3, 2", "None", [1, 2, 3, 3], () => new nn.Conv2d(2, 3, 2, o)],
    ] as const
  ) {
    const jsDim = dim === "None" ? null : Number(dim);
    cases.push({
      py: `torch.manual_seed(30); m = P.weight_norm(nn.${mod}, dtype=${d}), dim=${dim})
r = (m.weight, *go(m, X(${JSON.stringify(shape)}, ${d})))`,
      ts: () => {
        const m = seeded(30, () => P.weightNorm(make(), { dim: jsDim }));
        return [m.weight, ...go(m, X([...shape], dt))];
      },
    });
  }
  // the hook versions
  cases.push({
    py:
      `torch.manual_seed(40); m = nn.utils.weight_norm(nn.Linear(4, 3, dtype=${d}), dim=1); r = go(m, X([2, 4], ${d}))`,
    ts: () => go(seeded(40, () => nn.utils.weightNorm(new nn.Linear(4, 3, o), { dim: 1 })), X([2, 4], dt)),
  });
  cases.push({
    py: `torch.manual_seed(41); m = nn.utils.weight_norm(nn.Conv2d(2, 3, 2, dtype=${d}), "weight", None)
r = go(m, X([1, 2, 3, 3], ${d}))`,
    ts: () => go(seeded(41, () => nn.utils.weightNorm(new nn.Conv2d(2, 3, 2, o), "weight", null)), X([1, 2, 3, 3], dt)),
  });
  for (const train of [true, false]) {
    cases.push({
      py: `torch.manual_seed(42); m = nn.utils.spectral_norm(nn.Linear(4, 3, dtype=${d}), n_power_iterations=2)
m.train(${train ? "True" : "False"}); go(m, X([2, 4], ${d})); r = (m.weight, *go(m, X([2, 4], ${d})))`,
      ts: () => {
        const m = seeded(42, () => nn.utils.spectralNorm(new nn.Linear(4, 3, o), { nPowerIterations: 2 }));
        m.train(train);
        go(m, X([2, 4], dt));
        return [m.weight, ...go(m, X([2, 4], dt))];
      },
    });
  }
  cases.push({
    py: `torch.manual_seed(43); m = nn.utils.spectral_norm(nn.ConvTranspose2d(2, 3, 2, dtype=${d}))
r = go(m, X([1, 2, 3, 3], ${d}))`,
    ts: () => go(seeded(43, () => nn.utils.spectralNorm(new nn.ConvTranspose2d(2, 3, 2, o))), X([1, 2, 3, 3], dt)),
  });
  // registerParametrization: chained custom parametrizations, one with rightInverse
  cases.push({
    py: `torch.manual_seed(50); m = nn.Linear(3, 3, dtype=${d}); w0 = m.weight.detach().clone()
PZ.register_parametrization(m, "weight", Sym()); PZ.register_parametrization(m, "weight", Scale())
r = (m.weight, m.parametrizations.weight.original, *go(m, X([2, 3], ${d})))`,
    ts: () => {
      const m = seeded(50, () => new nn.Linear(3, 3, o));
      PZ.registerParametrization(m, "weight", new Sym());
      const p = PZ.registerParametrization(m, "weight", new Scale());
      return [p.weight, p.parametrizations.weight.original, ...go(m, X([2, 3], dt))];
    },
  });
  // rightInverse at registration (the original is weight / 2) and on assignment
  cases.push({
    py: `torch.manual_seed(51); m = PZ.register_parametrization(nn.Linear(3, 2, dtype=${d}), "weight", Scale())
o0 = m.parametrizations.weight.original.detach().clone(); m.weight = X([2, 3], ${d})
r = (o0, m.parametrizations.weight.original, m.weight)`,
    ts: () => {
      const m = seeded(51, () => PZ.registerParametrization(new nn.Linear(3, 2, o), "weight", new Scale()));
      const o0 = m.parametrizations.weight.original!.detach().clone();
      (m as unknown as { weight: Tensor }).weight = X([2, 3], dt);
      return [o0, m.parametrizations.weight.original, m.weight];
    },
  });
  // a parametrized buffer
  cases.push({
    py: `torch.manual_seed(52); m = nn.BatchNorm1d(3, dtype=${d}); m.running_mean.add_(X([3], ${d}))
PZ.register_parametrization(m, "running_mean", Scale())
r = (m.running_mean, ",".join(m.state_dict().keys()), ",".join(k for k, _ in m.named_buffers()))`,
    ts: () => {
      const m = seeded(52, () => new nn.BatchNorm1d(3, o));
      m.runningMean!.add_(X([3], dt));
      PZ.registerParametrization(m, "running_mean", new Scale());
      return [
        m.runningMean, // PyTorch's name given, the layer's property parametrized
        Object.keys(m.stateDict()).join(","),
        m.namedBuffers().map(([k]) => k).join(","),
      ];
    },
  });
  // remove: leave parametrized (the original's identity, set to the value) or not; the class comes back
  for (const leave of [true, false]) {
    cases.push({
      py: `torch.manual_seed(53); m = P.orthogonal(nn.Linear(3, 3, dtype=${d})); P.spectral_norm(m, "bias")
PZ.remove_parametrizations(m, "weight", leave_parametrized=${leave ? "True" : "False"})
r = (m.weight, repr(m), ",".join(m.state_dict().keys()), type(m.weight).__name__)`,
      ts: () => {
        const m = seeded(53, () => P.orthogonal(new nn.Linear(3, 3, o)));
        P.spectralNorm(m, "bias");
        PZ.removeParametrizations(m, "weight", { leaveParametrized: leave });
        return [m.weight, String(m), Object.keys(m.stateDict()).join(","), m.weight.constructor.name];
      },
    });
  }
  cases.push({
    py: `torch.manual_seed(54); m = P.weight_norm(nn.Linear(3, 2, dtype=${d})); w = m.weight
PZ.remove_parametrizations(m, "weight"); r = (w, m.weight, repr(m), ",".join(m.state_dict().keys()))`,
    ts: () => {
      const m = seeded(54, () => P.weightNorm(new nn.Linear(3, 2, o)));
      const w = m.weight;
      PZ.removeParametrizations(m, "weight");
      return [w, m.weight, String(m), Object.keys(m.stateDict()).join(",")];
    },
  });
  // remove the hook versions
  cases.push({
    py: `torch.manual_seed(55); m = nn.utils.weight_norm(nn.Linear(3, 2, dtype=${d})); nn.utils.remove_weight_norm(m)
n = nn.utils.spectral_norm(nn.Linear(3, 2, dtype=${d})); n(X([1, 3], ${d})); nn.utils.remove_spectral_norm(n, "weight")
r = (m.weight, ",".join(m.state_dict().keys()), n.weight, ",".join(n.state_dict().keys()))`,
    ts: () => {
      const m = seeded(55, () => nn.utils.removeWeightNorm(nn.utils.weightNorm(new nn.Linear(3, 2, o))));
      const n = nn.utils.spectralNorm(new nn.Linear(3, 2, o));
      n.forward(X([1, 3], dt));
      nn.utils.removeSpectralNorm(n, "weight");
      return [m.weight, Object.keys(m.stateDict()).join(","), n.weight, Object.keys(n.stateDict()).join(",")];
    },
  });
  // cached(): one parametrization (one power iteration) for every read in the scope
  cases.push({
    py: `torch.manual_seed(56); m = P.spectral_norm(nn.Linear(4, 3, dtype=${d}))
with PZ.cached():
    a = m.weight; b = m.weight; same = a is b
c = m.weight
r = (a, c, m.parametrizations.weight[0]._u, str(same))`,
    ts: () => {
      const m = seeded(56, () => P.spectralNorm(new nn.Linear(4, 3, o)));
      let a: Tensor, same = false;
      {
        using _ = PZ.cached();
        a = m.weight;
        same = m.weight === a;
      }
      const c = m.weight;
      const u = m.parametrizations.weight.at(0) as nn.Module & { _u: Tensor };
      return [a, c, u._u, same ? "True" : "False"];
    },
  });
  // transfer: the same parametrizations and shared originals on another module
  cases.push({
    py: `torch.manual_seed(57); a = P.orthogonal(nn.Linear(3, 3, dtype=${d})); b = nn.Linear(3, 3, dtype=${d})
PZ.transfer_parametrizations_and_params(a, b)
r = (b.weight, str(b.parametrizations.weight.original is a.parametrizations.weight.original), type(b).__name__)`,
    ts: () => {
      const a = seeded(57, () => P.orthogonal(new nn.Linear(3, 3, o)));
      const b = PZ.transferParametrizationsAndParams(a, new nn.Linear(3, 3, o)) as nn.Linear & {
        parametrizations: nn.ModuleDict;
      };
      const orig = (m: { parametrizations: nn.ModuleDict }) =>
        (m.parametrizations.get("weight") as nn.utils.parametrize.ParametrizationList).original;
      return [b.weight, orig(b) === orig(a) ? "True" : "False", b.constructor.name];
    },
  });
}

// ---------- printouts, predicates, errors ----------

const lin = () => new nn.Linear(3, 3);
exact.push(
  {
    py: `m = P.weight_norm(P.orthogonal(nn.Linear(4, 3)), "bias", None); r = (repr(m), str(PZ.is_parametrized(m)),
str(PZ.is_parametrized(m, "bias")), str(PZ.is_parametrized(nn.Linear(2, 2))), PZ.type_before_parametrizations(m).__name__)`,
    ts: () => {
      const m = P.weightNorm(P.orthogonal(new nn.Linear(4, 3)), "bias", null);
      return [
        String(m),
        String(PZ.isParametrized(m)).replace(/^./, (c) => c.toUpperCase()),
        String(PZ.isParametrized(m, "bias")).replace(/^./, (c) => c.toUpperCase()),
        String(PZ.isParametrized(new nn.Linear(2, 2))).replace(/^./, (c) => c.toUpperCase()),
        PZ.typeBeforeParametrizations(m).name,
      ];
    },
  },
  { py: `r = P.orthogonal(nn.Linear(3, 3), "bias")`, ts: () => P.orthogonal(lin(), "bias") },
  { py: `r = P.orthogonal(nn.Linear(3, 3), "foo")`, ts: () => P.orthogonal(lin(), "foo") },
  {
    py: `r = P.orthogonal(nn.Linear(3, 3), orthogonal_map="qr")`,
    ts: () => P.orthogonal(lin(), { orthogonalMap: "qr" as never }),
  },
  {
    py: `r = P.spectral_norm(nn.Linear(3, 3), n_power_iterations=0)`,
    ts: () => P.spectralNorm(lin(), { nPowerIterations: 0 }),
  },
  { py: `r = P.spectral_norm(nn.Linear(3, 3), dim=2)`, ts: () => P.spectralNorm(lin(), { dim: 2 }) },
  {
    py: `r = PZ.register_parametrization(nn.Linear(3, 3), "foo", Sym())`,
    ts: () => PZ.registerParametrization(lin(), "foo", new Sym()),
  },
  {
    py: `r = PZ.register_parametrization(nn.Linear(3, 3), "weight", Grow())`,
    ts: () => PZ.registerParametrization(lin(), "weight", new Grow()),
  },
  {
    py:
      `m = PZ.register_parametrization(nn.Linear(3, 3), "weight", Sym()); r = PZ.register_parametrization(m, "weight", Grow())`,
    ts: () => PZ.registerParametrization(PZ.registerParametrization(lin(), "weight", new Sym()), "weight", new Grow()),
  },
  {
    py: `r = PZ.register_parametrization(nn.Linear(3, 3), "weight", Grow(), unsafe=True).weight.shape[0]`,
    ts: () => PZ.registerParametrization(lin(), "weight", new Grow(), true).weight.shape[0],
  },
  {
    py: `r = PZ.remove_parametrizations(nn.Linear(3, 3), "weight")`,
    ts: () => PZ.removeParametrizations(lin(), "weight"),
  },
  {
    py: `r = PZ.remove_parametrizations(P.weight_norm(nn.Linear(3, 3)), "weight", False)`,
    ts: () => PZ.removeParametrizations(P.weightNorm(lin()), "weight", false),
  },
  {
    py: `m = P.orthogonal(nn.Linear(3, 3), use_trivialization=False); m.weight = torch.eye(3)`,
    ts: () => {
      const m = P.orthogonal(lin(), { useTrivialization: false });
      (m as unknown as { weight: Tensor }).weight = torch.eye(3);
    },
  },
  {
    py: `m = PZ.register_parametrization(nn.Linear(3, 3), "weight", Sym()); m.weight = torch.eye(3)`,
    ts: () => {
      const m = PZ.registerParametrization(lin(), "weight", new Sym());
      (m as unknown as { weight: Tensor }).weight = torch.eye(3);
    },
  },
  {
    py: `r = P.orthogonal(nn.Linear(3, 3)).parametrizations.weight[0].right_inverse(torch.eye(2))`,
    ts: () =>
      (P.orthogonal(lin()).parametrizations.weight.at(0) as nn.utils.parametrize.Parametrization).rightInverse!(
        torch.eye(2),
      ),
  },
  {
    py: `r = nn.utils.weight_norm(nn.utils.weight_norm(nn.Linear(3, 3)))`,
    ts: () => nn.utils.weightNorm(nn.utils.weightNorm(lin())),
  },
  {
    py: `r = nn.utils.spectral_norm(nn.utils.spectral_norm(nn.Linear(3, 3)))`,
    ts: () => nn.utils.spectralNorm(nn.utils.spectralNorm(lin())),
  },
  { py: `r = nn.utils.remove_weight_norm(nn.Linear(3, 3))`, ts: () => nn.utils.removeWeightNorm(lin()) },
  {
    py: `r = nn.utils.remove_spectral_norm(nn.Linear(3, 3), "bias")`,
    ts: () => nn.utils.removeSpectralNorm(lin(), "bias"),
  },
  {
    py: `r = nn.utils.spectral_norm(nn.Linear(3, 3, bias=False), "bias")`,
    ts: () => nn.utils.spectralNorm(new nn.Linear(3, 3, false), "bias"),
  },
);

Deno.test("parametrizations and weight/spectral norm match PyTorch (values, gradients, buffers, keys, errors)", async () => {
  const all = [...f32, ...f64, ...exact];
  const results = await numpy(all.map((c) => ({ torch: true, setup: SETUP + c.py, expr: "r" })));
  const at = (k: number) => results.slice(k);
  const toCase = (c: Case): [string, () => unknown] => [c.py.split("\n")[0], c.ts];
  const failures = [
    ...caseFailures(f32.map(toCase), results, { tol: { rtol: 2e-5, atol: 2e-5 } }),
    ...caseFailures(f64.map(toCase), at(f32.length), { tol: { rtol: 1e-10, atol: 1e-10 } }),
    ...caseFailures(exact.map(toCase), at(f32.length + f64.length)),
  ];
  assert.deepEqual(failures, []);
});

Deno.test("parametrized state dicts round trip; optimizers and train()/to() reach the originals", () => {
  torch.manualSeed(0);
  const a = P.weightNorm(P.spectralNorm(new nn.Conv2d(2, 3, 2), "weight"), "bias", null);
  torch.manualSeed(1);
  const b = P.weightNorm(P.spectralNorm(new nn.Conv2d(2, 3, 2), "weight"), "bias", null);
  const sd = a.stateDict();
  assert.deepEqual(Object.keys(sd), [
    "parametrizations.weight.original",
    "parametrizations.weight.0._u",
    "parametrizations.weight.0._v",
    "parametrizations.bias.original0",
    "parametrizations.bias.original1",
  ]);
  assert.deepEqual(b.loadStateDict(sd), { missingKeys: [], unexpectedKeys: [] });
  a.eval(), b.eval();
  assert.ok(torch.equal(a.weight, b.weight) && torch.equal(a.bias!, b.bias!));
  assert.equal(b.parametrizations.weight.at(0).training, false); // eval() reaches the parametrization
  // strict loading names PyTorch's keys
  assert.throws(
    () => b.loadStateDict({ weight: sd["parametrizations.weight.original"] }),
    /Missing key\(s\) in state_dict: "parametrizations\.weight\.original"/,
  );
  // an optimizer step moves the originals
  const before = b.parametrizations.weight.original!.clone();
  const opt = new torch.optim.SGD(b.parameters(), { lr: 0.1 });
  b.forward(X([1, 2, 3, 3], "float32")).sum().backward();
  opt.step();
  assert.ok(!torch.equal(before, b.parametrizations.weight.original!));
  // to() converts the originals and buffers, and the parametrized tensor follows
  b.double();
  assert.equal(b.weight.dtype, "float64");
  assert.equal((b.parametrizations.weight.at(0) as nn.Module & { _u: Tensor })._u.dtype, "float64");
});

Deno.test("call forms and options are checked", () => {
  const lin = () => new nn.Linear(3, 3);
  assert.throws(() => P.orthogonal(lin(), { mapping: "cayley" } as never), /orthogonal\(\): unknown option 'mapping'/);
  assert.throws(() => P.orthogonal(lin(), "weight", { name: "bias" }), /got multiple values for argument 'name'/);
  assert.throws(() => nn.utils.weightNorm(lin(), "weight", 0, 1 as never), TypeError);
  assert.throws(
    () => PZ.registerParametrization(lin(), "weight", new Sym(), { safe: true } as never),
    /unknown option 'safe'/,
  );
  assert.throws(() => PZ.removeParametrizations(lin(), "weight", { leave: true } as never), /unknown option 'leave'/);
  assert.throws(
    () => nn.utils.weightNorm(lin(), "foo"),
    new nn.AttributeError("'Linear' object has no attribute 'foo'"),
  );
  // positional and options forms give the same parametrization
  torch.manualSeed(3);
  const p = P.spectralNorm(lin(), "weight", 2, 1e-6, 0);
  torch.manualSeed(3);
  const o = P.spectralNorm(lin(), { eps: 1e-6, nPowerIterations: 2, dim: 0, name: "weight" });
  assert.ok(torch.equal(p.weight, o.weight));
  // cached(fn) returns fn's result and ends the scope on a throw
  const m = P.orthogonal(lin());
  assert.equal(PZ.cached(() => m.weight === m.weight), true);
  assert.throws(() =>
    PZ.cached(() => {
      throw new Error("x");
    }), /x/);
  assert.notEqual(m.weight, m.weight);
});
