/**
 * F.ctcLoss and nn.CTCLoss against PyTorch 2.13: values and gradients
 * (through a log_softmax of a leaf, and of a leaf used directly as
 * log-probabilities, where PyTorch's backward formula shows) for padded
 * and concatenated targets, repeated labels, every reduction,
 * zero_infinity with impossible samples, empty targets and inputs,
 * unbatched input, lengths as lists and tensors, float32 and float64; the
 * autograd nodes; PyTorch's errors; the call forms; the module and its
 * repr.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { caseFailures, numpy, rng } from "../helpers/oracle.ts";

const F = nn.F;
type T = torch.Tensor;
type Dt = "float32" | "float64";
type Lengths = T | number[];
type Case = readonly [py: string, ours: () => unknown];

const SETUP = `
import math
import torch.nn as nn
F = torch.nn.functional
def wave(shape, k, dt):
    return (torch.arange(math.prod(shape), dtype=torch.float64) * k).sin().mul(3).reshape(shape).to(dt)
def ctc(shape, k, dt, f, leaf=False):
    x = wave(shape, k, dt).requires_grad_()
    l = f(x if leaf else x.log_softmax(-1))
    l.sum().backward()
    return (l.detach(), x.grad)
def dbl(shape, k, f):
    x = wave(shape, k, torch.float64).requires_grad_()
    g, = torch.autograd.grad(f(x.log_softmax(-1)), x, create_graph=True)
    g.sum().backward()
`;

/** Smooth test data of a shape (the Python wave's values: sin of a multiple of the index). */
function wave(shape: number[], k: number, dt: Dt): T {
  const n = shape.reduce((p, d) => p * d, 1);
  return torch.arange(n, { dtype: "float64" }).mul(k).sin().mul(3).reshape(shape).to(dt);
}
/** [loss, gradient of its sum w.r.t. the leaf] of f at log_softmax(wave) (or the wave itself: leaf). */
function ctc(shape: number[], k: number, dt: Dt, f: (lp: T) => T, leaf = false): T[] {
  const x = wave(shape, k, dt).requiresGrad_();
  const l = f(leaf ? x : x.logSoftmax(-1));
  l.sum().backward();
  return [l.detach(), x.grad!];
}

const pyDt = (dt: Dt) => `torch.${dt}`;
const pyBool = (b: boolean) => (b ? "True" : "False");
const REDUCTIONS = ["none", "mean", "sum"] as const;

/** One F.ctc_loss configuration: log-probs shape and wave, targets, lengths and options. */
interface Cfg {
  shape: number[];
  k: number;
  targets: number[] | number[][];
  tdtype?: "int64" | "int32" | "float32" | "bool";
  il: number[];
  tl: number[];
  /** lengths as int64 tensors instead of lists */
  tensors?: boolean;
  blank?: number;
  reduction?: (typeof REDUCTIONS)[number];
  zeroInfinity?: boolean;
  leaf?: boolean;
}

/** The case of a configuration in one dtype: PyTorch's expression and dendrite's twin. */
function ctcCase(c: Cfg, dt: Dt): Case {
  const td = c.tdtype ?? "int64", blank = c.blank ?? 0, red = c.reduction ?? "mean", zi = c.zeroInfinity ?? false;
  const pyLen = (v: number[]) => (c.tensors ? `torch.tensor(${JSON.stringify(v)})` : JSON.stringify(v));
  const tsLen = (v: number[]): Lengths => (c.tensors ? torch.tensor(v) : v);
  const py = `ctc(${JSON.stringify(c.shape)}, ${c.k}, ${pyDt(dt)}, lambda lp: F.ctc_loss(lp, ` +
    `torch.tensor(${JSON.stringify(c.targets)}).to(torch.${td}), ${pyLen(c.il)}, ${pyLen(c.tl)}, ` +
    `blank=${blank}, reduction='${red}', zero_infinity=${pyBool(zi)}), leaf=${pyBool(c.leaf ?? false)})`;
  const ours = () =>
    ctc(c.shape, c.k, dt, (lp) => {
      const tg = torch.tensor(c.targets).to(td);
      const o = { blank, reduction: red, zeroInfinity: zi };
      return c.tensors ? F.ctcLoss(lp, tg, tsLen(c.il) as T, tsLen(c.tl) as T, o) : F.ctcLoss(lp, tg, c.il, c.tl, o);
    }, c.leaf);
  return [py, ours];
}

// ---------- random configurations ----------

const r = rng(7);
const label = (C: number, blank: number) => {
  let v: number;
  do v = Math.floor(r() * C); while (v === blank);
  return v;
};
/** Padded (N, S) targets for the lengths (labels in [0, C) but the blank; `pad` past each length). */
function padded(tl: number[], S: number, C: number, blank = 0, pad = -1): number[][] {
  return tl.map((n) => Array.from({ length: S }, (_, i) => (i < n ? label(C, blank) : pad)));
}
const concat = (rows: number[][], tl: number[]) => rows.flatMap((row, b) => row.slice(0, tl[b]));

// T = 12, N = 4, C = 6: a row of repeated labels (each repeat needs a blank between), an empty target, a short input
const TL = [5, 3, 0, 4], IL = [12, 10, 12, 7];
const ROWS = padded(TL, 6, 6);
ROWS[0] = [2, 2, 3, 3, 1, -1];
const BASE = { shape: [12, 4, 6], targets: ROWS, il: IL, tl: TL };

const CFGS: [string, Cfg][] = [];
for (const reduction of REDUCTIONS) {
  CFGS.push([`padded ${reduction}`, { ...BASE, k: 0.7, reduction }]);
  CFGS.push([`padded tensor lengths ${reduction}`, { ...BASE, k: 1.3, reduction, tensors: true }]);
  CFGS.push([`concatenated int32 ${reduction}`, {
    ...BASE,
    k: 0.9,
    targets: concat(ROWS, TL),
    tdtype: "int32",
    reduction,
  }]);
  // sample 1 needs 5 frames for [2, 2, 2] and gets 3: infinite loss (NaN gradients unless zero_infinity)
  for (const zeroInfinity of [false, true]) {
    CFGS.push([`impossible sample zeroInfinity=${zeroInfinity} ${reduction}`, {
      shape: [8, 3, 5],
      k: 1.1,
      targets: [[1, 2, 3], [2, 2, 2], [4, 4, 0]],
      il: [8, 3, 8],
      tl: [3, 3, 2],
      reduction,
      zeroInfinity,
    }]);
  }
  CFGS.push([`unbatched ${reduction}`, {
    shape: [9, 5],
    k: 0.8,
    targets: [1, 2, 2, 3],
    il: [9],
    tl: [4],
    reduction,
  }]);
  CFGS.push([`unbatched tensor lengths ${reduction}`, {
    shape: [9, 5],
    k: 0.6,
    targets: [4, 1, 1],
    il: [7],
    tl: [3],
    tensors: true,
    reduction,
  }]);
  // the leaf itself as log-probabilities (not normalised): PyTorch's gradient keeps its exp(log_probs) term
  CFGS.push([`leaf log_probs ${reduction}`, { ...BASE, k: 0.5, reduction, leaf: true }]);
}
CFGS.push(
  ["blank = C - 1, labels with 0", {
    shape: [10, 3, 5],
    k: 0.4,
    targets: padded([4, 2, 3], 4, 5, 4, 0),
    il: [10, 9, 6],
    tl: [4, 2, 3],
    blank: 4,
    reduction: "none",
  }],
  ["a label equal to the blank", {
    shape: [7, 2, 4],
    k: 0.3,
    targets: [[0, 1, 0], [2, 0, 0]],
    il: [7, 6],
    tl: [3, 2],
    reduction: "none",
  }],
  ["no input frames (empty target: 0, else inf)", {
    shape: [5, 3, 4],
    k: 0.2,
    targets: [[1, 2], [3, 0], [0, 0]],
    il: [0, 0, 5],
    tl: [0, 1, 0],
    reduction: "none",
  }],
  ["empty targets, mean divides by 1", {
    shape: [5, 2, 4],
    k: 1.7,
    targets: [[1], [2]],
    il: [5, 4],
    tl: [0, 1],
    reduction: "mean",
  }],
  ["float targets (cast to int64)", { ...BASE, k: 0.75, targets: ROWS.map((row) => row.map((v) => v + 0.25)) }],
  ["bool targets", {
    shape: [6, 2, 3],
    k: 0.65,
    targets: [[1, 1, 0], [0, 1, 1]],
    tdtype: "bool",
    il: [6, 6],
    tl: [3, 3],
    reduction: "sum",
  }],
  ["larger: T 60, N 6, C 20", {
    shape: [60, 6, 20],
    k: 0.37,
    targets: padded([25, 18, 1, 30, 12, 22], 30, 20),
    il: [60, 55, 40, 60, 33, 58],
    tl: [25, 18, 1, 30, 12, 22],
    reduction: "mean",
  }],
);

/**
 * The value cases in three groups by tolerance: float64; float32, where PyTorch's alphas and betas are sums in float
 * (dendrite's in double), so its values carry a few ulps per time step; float32 over 60 steps (measured: PyTorch's
 * gradient there lies 5.4e-6 from the float64 gradient of the same inputs, dendrite's 7e-9).
 */
const GROUPS: { tol?: { rtol: number; atol: number }; cases: Case[] }[] = [
  { cases: CFGS.map(([, c]) => ctcCase(c, "float64")) },
  {
    tol: { rtol: 1e-5, atol: 2e-6 },
    cases: CFGS.filter(([, c]) => c.shape[0] < 60).map(([, c]) => ctcCase(c, "float32")),
  },
  {
    tol: { rtol: 1e-4, atol: 1e-5 },
    cases: CFGS.filter(([, c]) => c.shape[0] >= 60).map(([, c]) => ctcCase(c, "float32")),
  },
];
const VALUE_CASES = GROUPS.flatMap((g) => g.cases);

// ---------- nodes, lengths forms, the module ----------

const lp0 = () => wave([12, 4, 6], 0.7, "float32").logSoftmax(-1).requiresGrad_();
const tg0 = () => torch.tensor(ROWS);
const PY_LP = "wave([12, 4, 6], 0.7, torch.float32).log_softmax(-1).requires_grad_()";
const PY_TG = `torch.tensor(${JSON.stringify(ROWS)})`;
const il = JSON.stringify(IL), tl = JSON.stringify(TL);

const OTHER_CASES: Case[] = [
  [
    `F.ctc_loss(${PY_LP}, ${PY_TG}, ${il}, ${tl}, reduction='none').grad_fn.name()`,
    () => F.ctcLoss(lp0(), tg0(), IL, TL, { reduction: "none" }).gradFn!.name,
  ],
  [
    `F.ctc_loss(${PY_LP}, ${PY_TG}, ${il}, ${tl}, reduction='none', zero_infinity=True).grad_fn.name()`,
    () => F.ctcLoss(lp0(), tg0(), IL, TL, { reduction: "none", zeroInfinity: true }).gradFn!.name,
  ],
  [`F.ctc_loss(${PY_LP}, ${PY_TG}, ${il}, ${tl}).grad_fn.name()`, () => F.ctcLoss(lp0(), tg0(), IL, TL).gradFn!.name],
  [
    `F.ctc_loss(${PY_LP}, ${PY_TG}, ${il}, ${tl}, reduction='sum').grad_fn.next_functions[0][0].name()`,
    () => F.ctcLoss(lp0(), tg0(), IL, TL, { reduction: "sum" }).gradFn!.nextFunctions[0][0]!.name,
  ],
  // int32 and 2-d tensor lengths, a 0-d length of an unbatched input
  [
    `F.ctc_loss(${PY_LP}, ${PY_TG}, torch.tensor(${il}, dtype=torch.int32), torch.tensor([${tl}]), reduction='none')`,
    () => F.ctcLoss(lp0(), tg0(), torch.tensor(IL, { dtype: "int32" }), torch.tensor([TL]), { reduction: "none" }),
  ],
  [
    "F.ctc_loss(wave([9, 5], 0.8, torch.float64).log_softmax(-1), torch.tensor([1, 2, 2]), torch.tensor(9), torch.tensor(3))",
    () =>
      F.ctcLoss(wave([9, 5], 0.8, "float64").logSoftmax(-1), torch.tensor([1, 2, 2]), torch.tensor(9), torch.tensor(3)),
  ],
  // an unbatched input with padded (1, S) targets
  [
    "F.ctc_loss(wave([9, 5], 0.8, torch.float64).log_softmax(-1), torch.tensor([[1, 2, 2, 0]]), [9], [3], reduction='none')",
    () =>
      F.ctcLoss(wave([9, 5], 0.8, "float64").logSoftmax(-1), torch.tensor([[1, 2, 2, 0]]), [9], [3], {
        reduction: "none",
      }),
  ],
  // the module (PyTorch's attribute names and its repr)
  [
    `nn.CTCLoss(blank=5, reduction='sum', zero_infinity=True)(${PY_LP}, ${PY_TG}.clamp(0, 4), ${il}, ${tl})`,
    () => new nn.CTCLoss(5, "sum", true).forward(lp0(), tg0().clamp(0, 4), IL, TL),
  ],
  [
    `nn.CTCLoss(reduction='none')(${PY_LP}, ${PY_TG}, torch.tensor(${il}), torch.tensor(${tl}))`,
    () => new nn.CTCLoss({ reduction: "none" }).forward(lp0(), tg0(), torch.tensor(IL), torch.tensor(TL)),
  ],
  [
    "str(nn.CTCLoss()), str(nn.CTCLoss(blank=3, zero_infinity=True))",
    () => [String(new nn.CTCLoss()), String(new nn.CTCLoss({ blank: 3, zeroInfinity: true }))],
  ],
  [
    "(lambda m: (m.blank, m.reduction, m.zero_infinity))(nn.CTCLoss(2, 'sum', True))",
    () => {
      const m = new nn.CTCLoss(2, "sum", true);
      return [m.blank, m.reduction, m.zeroInfinity];
    },
  ],
];

// ---------- PyTorch's errors ----------

const lp = "wave([6, 3, 5], 0.5, torch.float32)";
const lpT = () => wave([6, 3, 5], 0.5, "float32");
const tg = "torch.tensor([[1, 2, 2], [3, 3, 0], [4, 0, 0]])";
const tgT = () => torch.tensor([[1, 2, 2], [3, 3, 0], [4, 0, 0]]);
const ERRORS: Case[] = [
  [`F.ctc_loss(${lp}, ${tg}, [7, 5, 4], [3, 2, 1])`, () => F.ctcLoss(lpT(), tgT(), [7, 5, 4], [3, 2, 1])],
  [`F.ctc_loss(${lp}, ${tg}, [-1, 5, 4], [3, 2, 1])`, () => F.ctcLoss(lpT(), tgT(), [-1, 5, 4], [3, 2, 1])],
  [`F.ctc_loss(${lp}, ${tg}, [6, 5, 4], [-1, 2, 1])`, () => F.ctcLoss(lpT(), tgT(), [6, 5, 4], [-1, 2, 1])],
  [
    `F.ctc_loss(${lp}, ${tg}.reshape(-1)[:6], [6, 5, 4], [-1, 2, 1])`,
    () => F.ctcLoss(lpT(), tgT().reshape(-1).narrow(0, 0, 6), [6, 5, 4], [-1, 2, 1]),
  ],
  [`F.ctc_loss(${lp}, ${tg}, [6, 5, 4], [4, 2, 1])`, () => F.ctcLoss(lpT(), tgT(), [6, 5, 4], [4, 2, 1])],
  [
    `F.ctc_loss(${lp}, ${tg}.reshape(-1)[:5], [6, 5, 4], [3, 2, 1])`,
    () => F.ctcLoss(lpT(), tgT().reshape(-1).narrow(0, 0, 5), [6, 5, 4], [3, 2, 1]),
  ],
  [
    `F.ctc_loss(${lp}, ${tg}[:2], [6, 5, 4], [3, 2, 1])`,
    () => F.ctcLoss(lpT(), tgT().narrow(0, 0, 2), [6, 5, 4], [3, 2, 1]),
  ],
  [`F.ctc_loss(${lp}, ${tg}, [6, 5], [3, 2, 1])`, () => F.ctcLoss(lpT(), tgT(), [6, 5], [3, 2, 1])],
  [`F.ctc_loss(${lp}, ${tg}, [6, 5, 4], [3, 2])`, () => F.ctcLoss(lpT(), tgT(), [6, 5, 4], [3, 2])],
  [`F.ctc_loss(${lp}, ${tg}, [6, 5, 4], [3, 2, 1], blank=5)`, () => F.ctcLoss(lpT(), tgT(), [6, 5, 4], [3, 2, 1], 5)],
  [`F.ctc_loss(${lp}, ${tg}, [6, 5, 4], [3, 2, 1], -1)`, () => F.ctcLoss(lpT(), tgT(), [6, 5, 4], [3, 2, 1], -1)],
  [
    `F.ctc_loss(${lp}[:, 0, 0], ${tg}, [6, 5, 4], [3, 2, 1])`,
    () => F.ctcLoss(lpT().get(":, 0, 0"), tgT(), [6, 5, 4], [3, 2, 1]),
  ],
  [
    `F.ctc_loss(${lp}[None], ${tg}, [6, 5, 4], [3, 2, 1])`,
    () => F.ctcLoss(lpT().unsqueeze(0), tgT(), [6, 5, 4], [3, 2, 1]),
  ],
  [
    `F.ctc_loss(${lp}[0, 0, 0], ${tg}, [6, 5, 4], [3, 2, 1])`,
    () => F.ctcLoss(lpT().get("0, 0, 0"), tgT(), [6, 5, 4], [3, 2, 1]),
  ],
  [
    `F.ctc_loss(${lp}, ${tg}[None], [6, 5, 4], [3, 2, 1])`,
    () => F.ctcLoss(lpT(), tgT().unsqueeze(0), [6, 5, 4], [3, 2, 1]),
  ],
  [
    `F.ctc_loss(${lp}, ${tg}[0, 0], [6, 5, 4], [3, 2, 1])`,
    () => F.ctcLoss(lpT(), tgT().get("0, 0"), [6, 5, 4], [3, 2, 1]),
  ],
  [
    `F.ctc_loss(${lp}.long(), ${tg}, [6, 5, 4], [3, 2, 1])`,
    () => F.ctcLoss(lpT().to("int64"), tgT(), [6, 5, 4], [3, 2, 1]),
  ],
  [
    `F.ctc_loss(torch.zeros(0, 2, 4), torch.zeros(2, 3, dtype=torch.long), [0, 0], [0, 1])`,
    () => F.ctcLoss(torch.zeros([0, 2, 4]), torch.zeros([2, 3], { dtype: "int64" }), [0, 0], [0, 1]),
  ],
  [
    `F.ctc_loss(${lp}, ${tg}, torch.tensor([6., 5, 4]), torch.tensor([3, 2, 1]))`,
    () => F.ctcLoss(lpT(), tgT(), torch.tensor([6, 5, 4], { dtype: "float32" }), torch.tensor([3, 2, 1])),
  ],
  [
    `F.ctc_loss(${lp}, ${tg}, torch.tensor([6, 5, 4]), torch.tensor([3., 2, 1]))`,
    () => F.ctcLoss(lpT(), tgT(), torch.tensor([6, 5, 4]), torch.tensor([3, 2, 1], { dtype: "float64" })),
  ],
  [
    `F.ctc_loss(${lp}, ${tg}, torch.tensor([True, True, True]), torch.tensor([3, 2, 1]))`,
    () => F.ctcLoss(lpT(), tgT(), torch.tensor([true, true, true]), torch.tensor([3, 2, 1])),
  ],
  // PyTorch's overloads: both lengths lists or both tensors, lists of ints only (the binder words its own TypeError)
  [
    `F.ctc_loss(${lp}, ${tg}, torch.tensor([6, 5, 4]), [3, 2, 1])`,
    () => F.ctcLoss(lpT(), tgT(), torch.tensor([6, 5, 4]) as never, [3, 2, 1] as never),
  ],
  [`F.ctc_loss(${lp}, ${tg}, [6.5, 5, 4], [3, 2, 1])`, () => F.ctcLoss(lpT(), tgT(), [6.5, 5, 4], [3, 2, 1])],
  [
    `F.ctc_loss(${lp}[:, 0], torch.tensor([1, 2]), 6, 2)`,
    () => F.ctcLoss(lpT().get(":, 0"), torch.tensor([1, 2]), 6, 2),
  ],
  // a double backward: PyTorch's _ctc_loss_backward has no derivative
  [
    `dbl([6, 3, 5], 0.5, lambda lp: F.ctc_loss(lp, ${tg}, [6, 5, 4], [3, 2, 1]))`,
    () => {
      const x = wave([6, 3, 5], 0.5, "float64").requiresGrad_();
      const [g] = torch.autograd.grad(F.ctcLoss(x.logSoftmax(-1), tgT(), [6, 5, 4], [3, 2, 1]), x, {
        createGraph: true,
      });
      g!.sum().backward();
    },
  ],
];

const ALL: Case[] = [...VALUE_CASES, ...OTHER_CASES, ...ERRORS];
const results = await numpy(ALL.map(([py]) => ({ torch: true, setup: SETUP, expr: py })));
const resultsOf = (from: number, n: number) => results.slice(from, from + n);

Deno.test("F.ctcLoss matches PyTorch: values and gradients, float64 and float32", () => {
  let at = 0;
  for (const g of GROUPS) {
    assert.deepEqual(caseFailures(g.cases, resultsOf(at, g.cases.length), { tol: g.tol }), []);
    at += g.cases.length;
  }
});

Deno.test("F.ctcLoss: autograd nodes, lengths as int32 / 2-d / 0-d tensors, nn.CTCLoss and its repr", () => {
  const n = VALUE_CASES.length;
  assert.deepEqual(
    caseFailures(OTHER_CASES, resultsOf(n, OTHER_CASES.length), { tol: { rtol: 1e-5, atol: 2e-6 } }),
    [],
  );
});

Deno.test("F.ctcLoss raises PyTorch's errors", () => {
  const n = VALUE_CASES.length + OTHER_CASES.length;
  assert.deepEqual(caseFailures(ERRORS, resultsOf(n, ERRORS.length), { anyMessage: ["TypeError"] }), []);
});

Deno.test("F.ctcLoss: a label outside [0, C) is an error (PyTorch reads unrelated memory); padding is not read", () => {
  assert.throws(() => F.ctcLoss(lpT(), tgT().add(5), [6, 5, 4], [3, 2, 1]), {
    name: "RangeError",
    message: "Target 6 is out of bounds.",
  });
  assert.throws(
    () => F.ctcLoss(lpT(), torch.tensor([[1, -2, 2], [3, 3, 0], [4, 0, 0]]), [6, 5, 4], [3, 2, 1]),
    /Target -2/,
  );
  // -7 and 99 lie past the lengths
  const l = F.ctcLoss(lpT(), torch.tensor([[1, 2, 2], [3, 3, -7], [4, 99, 0]]), [6, 5, 4], [3, 2, 1], {
    reduction: "none",
  });
  assert.deepEqual(l.tolist(), F.ctcLoss(lpT(), tgT(), [6, 5, 4], [3, 2, 1], { reduction: "none" }).tolist());
});

Deno.test("F.ctcLoss takes every call form; an unknown option or reduction is named", () => {
  const x = lpT().logSoftmax(-1), t = tgT(), i = [6, 5, 4], n = [3, 2, 1];
  const want = F.ctcLoss(x, t, i, n, 0, "sum", true).item();
  for (
    const l of [
      F.ctcLoss(x, t, i, n, { reduction: "sum", zeroInfinity: true }),
      F.ctcLoss(x, t, i, n, 0, { reduction: "sum", zeroInfinity: true }),
      F.ctcLoss(x, t, { inputLengths: i, targetLengths: n, reduction: "sum", zeroInfinity: true }),
      F.ctcLoss({
        logProbs: x,
        targets: t,
        inputLengths: i,
        targetLengths: n,
        blank: 0,
        reduction: "sum",
        zeroInfinity: true,
      }),
      F.ctcLoss(x, t, torch.tensor(i), torch.tensor(n), { reduction: "sum", zeroInfinity: true }),
      new nn.CTCLoss({ reduction: "sum", zeroInfinity: true }).forward(x, t, i, n),
      new nn.CTCLoss(0, { reduction: "sum" }).forward(x, t, torch.tensor(i), torch.tensor(n)),
    ]
  ) assert.equal(l.item(), want);
  assert.throws(() => F.ctcLoss(x, t, i, n, { zeroInf: true } as never), /zeroInf/);
  assert.throws(() => F.ctcLoss(x, t, i, n, { reduction: "avg" as never }), /reduction/);
  assert.throws(() => new nn.CTCLoss({ blanc: 1 } as never), /blanc/);
  assert.throws(() => new nn.CTCLoss({ reduction: "avg" } as never), /reduction/);
});
