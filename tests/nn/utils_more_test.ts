/**
 * nn.utils' fusion functions, getTotalNorm, clipGradsWithNorm_, skipInit
 * and the convolution weight memory-format conversions against PyTorch
 * (one oracle run): values, dtypes, strides, errors and call forms.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { assertMatches, type Case, ERROR_CLASS, numpy, type OracleResult } from "../helpers/oracle.ts";

type T = torch.Tensor;
const U = nn.utils;

const PY_PRELUDE = `
import torch.nn as nn
import torch.nn.utils as U
def stats(bn, c, dt):
    torch.manual_seed(3)
    with torch.no_grad():
        bn.running_mean.copy_(torch.linspace(-1, 1, c, dtype=dt))
        bn.running_var.copy_(torch.linspace(0.5, 2, c, dtype=dt))
        if bn.weight is not None:
            bn.weight.copy_(torch.randn(c, dtype=dt)); bn.bias.copy_(torch.randn(c, dtype=dt))
    return bn.eval()
`;

/** Sets a batch norm's statistics and affine parameters as the Python `stats` does. */
function stats<B extends nn.Module>(bn: B, c: number, dt: "float32" | "float64"): B {
  torch.manualSeed(3);
  const b = bn as unknown as { runningMean: T; runningVar: T; weight: T | null; bias: T | null };
  torch.noGrad(() => {
    b.runningMean.copy_(torch.linspace(-1, 1, c, { dtype: dt }));
    b.runningVar.copy_(torch.linspace(0.5, 2, c, { dtype: dt }));
    if (b.weight !== null) {
      b.weight.copy_(torch.randn(c, { dtype: dt }));
      b.bias!.copy_(torch.randn(c, { dtype: dt }));
    }
  });
  return bn.eval();
}

interface UCase {
  id: string;
  py: string;
  ours: () => unknown[];
  message?: boolean;
}
const cases: UCase[] = [];
const add = (c: UCase) => cases.push(c);
const flag = (b: boolean) => (b ? "True" : "False");

for (const [dt, dbl] of [["float32", ""], ["float64", ".double()"]] as const) {
  const pdt = `torch.${dt}`;
  add({
    id: `fuseConvBnEval Conv2d ${dt}`,
    py: `torch.manual_seed(0); conv = nn.Conv2d(3, 4, 3)${dbl}.eval(); bn = stats(nn.BatchNorm2d(4)${dbl}, 4, ${pdt})
f = U.fuse_conv_bn_eval(conv, bn)
torch.manual_seed(1); x = torch.randn(2, 3, 6, 6, dtype=${pdt})
res = (f.weight, f.bias, f(x), bn(conv(x)), str(f.weight.requires_grad), str(f.weight.is_leaf), type(f).__name__, str(f is conv))`,
    ours: () => {
      torch.manualSeed(0);
      const conv = new nn.Conv2d(3, 4, 3);
      if (dt === "float64") conv.double();
      conv.eval();
      const bn = new nn.BatchNorm2d(4);
      if (dt === "float64") bn.double();
      stats(bn, 4, dt);
      const f = U.fuseConvBnEval(conv, bn);
      torch.manualSeed(1);
      const x = torch.randn(2, 3, 6, 6, { dtype: dt });
      return [
        f.weight,
        f.bias,
        f.forward(x),
        bn.forward(conv.forward(x)),
        flag(f.weight.requiresGrad),
        flag(f.weight.isLeaf),
        f.constructor.name,
        flag(f === conv),
      ];
    },
  });
  add({
    id: `fuseConvBnEval ConvTranspose2d (transpose) without bias ${dt}`,
    py:
      `torch.manual_seed(0); conv = nn.ConvTranspose2d(3, 4, 2, bias=False)${dbl}.eval(); bn = stats(nn.BatchNorm2d(4)${dbl}, 4, ${pdt})
f = U.fuse_conv_bn_eval(conv, bn, transpose=True)
torch.manual_seed(1); x = torch.randn(1, 3, 4, 4, dtype=${pdt})
res = (f.weight, f.bias, f(x), bn(conv(x)), ",".join(f.state_dict().keys()))`,
    ours: () => {
      torch.manualSeed(0);
      const conv = new nn.ConvTranspose2d(3, 4, 2, { bias: false });
      if (dt === "float64") conv.double();
      conv.eval();
      const bn = new nn.BatchNorm2d(4);
      if (dt === "float64") bn.double();
      stats(bn, 4, dt);
      const f = U.fuseConvBnEval(conv, bn, { transpose: true });
      torch.manualSeed(1);
      const x = torch.randn(1, 3, 4, 4, { dtype: dt });
      return [f.weight, f.bias, f.forward(x), bn.forward(conv.forward(x)), Object.keys(f.stateDict()).join(",")];
    },
  });
  add({
    id: `fuseLinearBnEval ${dt}`,
    py: `torch.manual_seed(0); lin = nn.Linear(5, 3)${dbl}.eval(); bn = stats(nn.BatchNorm1d(3)${dbl}, 3, ${pdt})
f = U.fuse_linear_bn_eval(lin, bn)
torch.manual_seed(1); x = torch.randn(4, 5, dtype=${pdt})
res = (f.weight, f.bias, f(x), bn(lin(x)))`,
    ours: () => {
      torch.manualSeed(0);
      const lin = new nn.Linear(5, 3);
      if (dt === "float64") lin.double();
      lin.eval();
      const bn = new nn.BatchNorm1d(3);
      if (dt === "float64") bn.double();
      stats(bn, 3, dt);
      const f = U.fuseLinearBnEval(lin, bn);
      torch.manualSeed(1);
      const x = torch.randn(4, 5, { dtype: dt });
      return [f.weight, f.bias, f.forward(x), bn.forward(lin.forward(x))];
    },
  });
  add({
    id: `fuse*BnWeights with missing tensors ${dt}`,
    py:
      `torch.manual_seed(5); w = torch.randn(4, 2, 3, dtype=${pdt}).requires_grad_(); rm = torch.randn(4, dtype=${pdt}); rv = torch.rand(4, dtype=${pdt})
cw, cb = U.fuse_conv_bn_weights(w, None, rm, rv, 1e-3, None, None)
tw, tb = U.fuse_conv_bn_weights(torch.ones(2, 4, 3, dtype=${pdt}), torch.ones(4, dtype=${pdt}), rm, rv, 1e-3, rv, rm, True)
lw, lb = U.fuse_linear_bn_weights(w[:, :, 0], None, rm, rv, 1e-5, rv * 2, rm)
res = (cw, cb, str(cw.requires_grad), str(cb.requires_grad), type(cw).__name__, tw, tb, lw, lb, str(lw.requires_grad))`,
    ours: () => {
      torch.manualSeed(5);
      const w = torch.randn(4, 2, 3, { dtype: dt }).requiresGrad_(), rm = torch.randn(4, { dtype: dt });
      const rv = torch.rand(4, { dtype: dt });
      const [cw, cb] = U.fuseConvBnWeights(w, null, rm, rv, 1e-3, null, null);
      const [tw, tb] = U.fuseConvBnWeights(
        torch.ones(2, 4, 3, { dtype: dt }),
        torch.ones(4, { dtype: dt }),
        rm,
        rv,
        1e-3,
        rv,
        rm,
        true,
      );
      const [lw, lb] = U.fuseLinearBnWeights(w.get(":, :, 0"), null, rm, rv, 1e-5, rv.mul(2), rm);
      return [
        cw,
        cb,
        flag(cw.requiresGrad),
        flag(cb.requiresGrad),
        cw instanceof nn.Parameter ? "Parameter" : "Tensor",
        tw,
        tb,
        lw,
        lb,
        flag(lw.requiresGrad),
      ];
    },
  });
}

add({
  id: "fuseLinearBnEval with a one-feature batch norm",
  py: `torch.manual_seed(0); lin = nn.Linear(5, 3).eval(); bn = stats(nn.BatchNorm1d(1), 1, torch.float32)
f = U.fuse_linear_bn_eval(lin, bn)
res = (f.weight, f.bias)`,
  ours: () => {
    torch.manualSeed(0);
    const lin = new nn.Linear(5, 3).eval();
    const f = U.fuseLinearBnEval(lin, stats(new nn.BatchNorm1d(1), 1, "float32"));
    return [f.weight, f.bias];
  },
});

// ---------- fusion errors ----------
add({
  id: "fusion of a training module",
  py: `U.fuse_conv_bn_eval(nn.Conv2d(1, 2, 1), nn.BatchNorm2d(2).eval())`,
  ours: () => [U.fuseConvBnEval(new nn.Conv2d(1, 2, 1), new nn.BatchNorm2d(2).eval())],
});
add({
  id: "fusion of a training batch norm (linear)",
  py: `U.fuse_linear_bn_eval(nn.Linear(1, 2).eval(), nn.BatchNorm1d(2))`,
  ours: () => [U.fuseLinearBnEval(new nn.Linear(1, 2).eval(), new nn.BatchNorm1d(2))],
});
add({
  id: "fusion without running statistics",
  py: `U.fuse_conv_bn_eval(nn.Conv2d(1, 2, 1).eval(), nn.BatchNorm2d(2, track_running_stats=False).eval())`,
  ours: () => [
    U.fuseConvBnEval(new nn.Conv2d(1, 2, 1).eval(), new nn.BatchNorm2d(2, { trackRunningStats: false }).eval()),
  ],
});
add({
  id: "linear fusion with mismatched features",
  py: `U.fuse_linear_bn_eval(nn.Linear(1, 3).eval(), nn.BatchNorm1d(2).eval())`,
  ours: () => [U.fuseLinearBnEval(new nn.Linear(1, 3).eval(), new nn.BatchNorm1d(2).eval())],
});

// ---------- getTotalNorm / clipGradsWithNorm_ ----------
const GRADS_PY =
  `torch.manual_seed(7); a = torch.randn(3, 4); b = torch.randn(5, dtype=torch.float64); c = torch.randn(2, 2)`;
function grads(): [T, T, T] {
  torch.manualSeed(7);
  return [torch.randn(3, 4), torch.randn(5, { dtype: "float64" }), torch.randn(2, 2)];
}
add({
  id: "getTotalNorm norm types, mixed dtypes, one tensor, none",
  py: `${GRADS_PY}
res = (U.get_total_norm([a, b, c]), U.get_total_norm([a, c], 1), U.get_total_norm([a, c], float('inf')), U.get_total_norm([a, b], 0.5, foreach=True),
       U.get_total_norm(a, norm_type=3.0), U.get_total_norm([]), U.get_total_norm([a, c], -float('inf')))`,
  ours: () => {
    const [a, b, c] = grads();
    return [
      U.getTotalNorm([a, b, c]),
      U.getTotalNorm([a, c], 1),
      U.getTotalNorm([a, c], Infinity),
      U.getTotalNorm([a, b], 0.5, { foreach: true }),
      U.getTotalNorm(a, { normType: 3.0 }),
      U.getTotalNorm([]),
      U.getTotalNorm([a, c], -Infinity),
    ];
  },
});
add({
  id: "getTotalNorm of a non-finite total",
  py: `${GRADS_PY}
U.get_total_norm([a, torch.tensor([float('nan')])], 2.0, True)`,
  ours: () => {
    const [a] = grads();
    return [U.getTotalNorm([a, torch.tensor([NaN], { dtype: "float32" })], 2.0, true)];
  },
  message: false, // dendrite names its own option: errorIfNonfinite=false
});
add({
  id: "clipGradsWithNorm_ with a total from getTotalNorm",
  py: `${GRADS_PY}
ps = [torch.zeros(3, 4, requires_grad=True), torch.zeros(5, dtype=torch.float64, requires_grad=True), torch.zeros(2, 2, requires_grad=True), torch.zeros(1, requires_grad=True)]
for p, g in zip(ps[:3], [a, b, c]): p.grad = g.clone()
tn = U.get_total_norm([p.grad for p in ps if p.grad is not None])
U.clip_grads_with_norm_(ps, 1.5, tn)
q = torch.zeros(2, requires_grad=True); q.grad = torch.tensor([0.3, 0.4])
U.clip_grads_with_norm_(q, max_norm=2.0, total_norm=torch.tensor(0.5))
res = (tn, ps[0].grad, ps[1].grad, ps[2].grad, q.grad)`,
  ours: () => {
    const [a, b, c] = grads();
    const ps = [
      torch.zeros(3, 4, { requiresGrad: true }),
      torch.zeros(5, { dtype: "float64", requiresGrad: true }),
      torch.zeros(2, 2, { requiresGrad: true }),
      torch.zeros(1, { requiresGrad: true }),
    ];
    [a, b, c].forEach((g, i) => (ps[i].grad = g.clone()));
    const tn = U.getTotalNorm(ps.slice(0, 3).map((p) => p.grad!));
    U.clipGradsWithNorm_(ps, 1.5, tn);
    const q = torch.zeros(2, { requiresGrad: true });
    q.grad = torch.tensor([0.3, 0.4], { dtype: "float32" });
    U.clipGradsWithNorm_(q, { maxNorm: 2.0, totalNorm: torch.tensor(0.5, { dtype: "float32" }) });
    return [tn, ps[0].grad, ps[1].grad, ps[2].grad, q.grad];
  },
});

// ---------- skipInit / memory formats ----------
add({
  id: "skipInit leaves the generator alone",
  py: `torch.manual_seed(0); m = U.skip_init(nn.Linear, 4, 3, bias=False)
r = torch.rand(3)
res = (r, str(list(m.weight.shape)), str(m.weight.dtype).removeprefix("torch."), ",".join(m.state_dict().keys()), str(m.weight.requires_grad))`,
  ours: () => {
    torch.manualSeed(0);
    const m = U.skipInit(nn.Linear, 4, 3, { bias: false });
    const r = torch.rand(3);
    return [
      r,
      `[${m.weight.shape.join(", ")}]`,
      m.weight.dtype,
      Object.keys(m.stateDict()).join(","),
      flag(m.weight.requiresGrad),
    ];
  },
});
add({
  id: "skipInit of something else",
  py: `U.skip_init(int, 3)`,
  ours: () => [U.skipInit(Number as never, 3 as never)],
  message: false,
});
add({
  id: "convertConv2d/3dWeightMemoryFormat",
  py:
    `torch.manual_seed(0); net = nn.Sequential(nn.Conv2d(3, 4, 3), nn.Sequential(nn.ConvTranspose2d(4, 2, 2)), nn.Conv3d(2, 3, 2), nn.Linear(2, 2))
w0 = net[0].weight.clone()
U.convert_conv2d_weight_memory_format(net, torch.channels_last)
U.convert_conv3d_weight_memory_format(net, torch.channels_last_3d)
s = lambda t: str(list(t.stride()))
res = (s(net[0].weight), s(net[1][0].weight), s(net[2].weight), s(net[3].weight), net[0].weight, str(torch.equal(w0, net[0].weight)), str(type(net[0].weight).__name__))`,
  ours: () => {
    torch.manualSeed(0);
    const net = new nn.Sequential(
      new nn.Conv2d(3, 4, 3),
      new nn.Sequential(new nn.ConvTranspose2d(4, 2, 2)),
      new nn.Conv3d(2, 3, 2),
      new nn.Linear(2, 2),
    );
    const w = (i: number) => (net.at(i) as nn.Conv2d).weight;
    const w0 = w(0).clone();
    U.convertConv2dWeightMemoryFormat(net, torch.channelsLast);
    U.convertConv3dWeightMemoryFormat(net, { memoryFormat: torch.channelsLast3d });
    const s = (t: T) => `[${t.stride().join(", ")}]`;
    return [
      s(w(0)),
      s(((net.at(1) as nn.Sequential).at(0) as nn.ConvTranspose2d).weight),
      s(w(2)),
      s(w(3)),
      w(0),
      flag(torch.equal(w0, w(0))),
      w(0) instanceof nn.Parameter ? "Parameter" : "Tensor",
    ];
  },
});

// ---------- the run ----------

const ERROR_EXTRA: Record<string, new (...a: never[]) => Error> = {
  AssertionError: torch.RuntimeError,
  ValueError: RangeError,
};

function compare(c: UCase, expected: OracleResult): void {
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
  ours.forEach((v, i) => assertMatches(v, exp.tuple[i], `${c.id}[${i}]`, { rtol: 1e-5, atol: 1e-6 }));
}

Deno.test("nn.utils fusion, norms, skipInit and memory formats match PyTorch", async () => {
  const results = await numpy(cases.map((c): Case => ({ torch: true, setup: PY_PRELUDE + c.py, expr: "res" })));
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

Deno.test("nn.utils.skipInit gives uninitialised parameters of the right shape, and unknown options fail", () => {
  const m = U.skipInit(nn.BatchNorm1d, 3);
  assert.deepEqual(m.weight!.shape, [3]);
  assert.equal(m.weight instanceof nn.Parameter, true);
  assert.throws(() => U.getTotalNorm([], { bogus: 1 } as never), TypeError);
  assert.throws(
    () => U.fuseConvBnEval(new nn.Conv2d(1, 1, 1).eval(), new nn.BatchNorm2d(1).eval(), { x: 1 } as never),
    TypeError,
  );
});

Deno.test("fuseLinearBnWeights: every argument also by name in an options object; unknown options and extra arguments are errors", () => {
  const w = torch.ones(2, 3), rm = torch.zeros(2), rv = torch.ones(2), bw = torch.full([2], 2.0), bb = torch.ones(2);
  const [pw, pb] = nn.utils.fuseLinearBnWeights(w, null, rm, rv, 0, bw, bb);
  for (
    const [fw, fb] of [
      nn.utils.fuseLinearBnWeights(w, null, rm, rv, 0, { bnW: bw, bnB: bb }),
      nn.utils.fuseLinearBnWeights({ linearW: w, linearB: null, bnRm: rm, bnRv: rv, bnEps: 0, bnW: bw, bnB: bb }),
    ]
  ) {
    assert.deepEqual(fw.tolist(), pw.tolist());
    assert.deepEqual(fb.tolist(), pb.tolist());
  }
  assert.throws(() => nn.utils.fuseLinearBnWeights(w, null, rm, rv, 0, bw, bb, { bogus: 1 } as never), /bogus/);
  assert.throws(
    () => (nn.utils.fuseLinearBnWeights as (...a: unknown[]) => unknown)(w, null, rm, rv, 0, bw, bb, 1),
    TypeError,
  );
});
