/**
 * In-place Tensor methods on a tensor with history (not a leaf): backward through them works and gives the
 * out-of-place form's gradient (an in-place composite such as logit_ once handed its own ops the receiver that its
 * write then overwrote: a saved-tensor version error), and F.elu / celu / selu's gradients are PyTorch's
 * elu_backward to rounding (celu's uses 1 / alpha rounded through float32, the in-place forms the result).
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

type T = torch.Tensor;
const F = nn.functional;
type DT = "float32" | "float64";

/**
 * [value, x's gradient, o's gradient] of f(x, o) for the tensors of v and w, backward from the weights 1, 2, ...
 * (the twin of `g2` in SETUP).
 */
function g2(f: (x: T, o: T) => T, v: number[] | number[][], w: number[] | number[][], dt: DT = "float64"): T[] {
  const x = torch.tensor(v, { dtype: dt }).requiresGrad_(), o = torch.tensor(w, { dtype: dt }).requiresGrad_();
  const r = f(x, o);
  r.backward(torch.arange(1, r.numel() + 1, { dtype: dt }).reshape(r.shape));
  return [r.detach(), x.grad!, o.grad!];
}
/** [value, gradient of the sum] of f at the tensor of v (the twin of `g1` in SETUP). */
function g1(f: (x: T) => T, v: number[], dt: DT = "float64"): T[] {
  const x = torch.tensor(v, { dtype: dt }).requiresGrad_();
  const r = f(x);
  r.sum().backward();
  return [r.detach(), x.grad!];
}
/** The second derivative of sum(f(x)) (the twin of `gg` in SETUP). */
function gg(f: (x: T) => T, v: number[]): T {
  const x = torch.tensor(v, { dtype: "float64" }).requiresGrad_();
  const [g] = torch.autograd.grad(f(x).sum(), x, { createGraph: true });
  return torch.autograd.grad(g!.sum(), x)[0]!;
}
const SETUP = [
  "F = torch.nn.functional",
  "def g2(f, v, w, dt=torch.float64):",
  "    x = torch.tensor(v, dtype=dt).requires_grad_(); o = torch.tensor(w, dtype=dt).requires_grad_()",
  "    r = f(x, o)",
  "    r.backward(torch.arange(1, r.numel() + 1, dtype=dt).reshape(r.shape))",
  "    return (r.detach(), x.grad, o.grad)",
  "def g1(f, v, dt=torch.float64):",
  "    x = torch.tensor(v, dtype=dt).requires_grad_()",
  "    r = f(x)",
  "    r.sum().backward()",
  "    return (r.detach(), x.grad)",
  "def gg(f, v):",
  "    x = torch.tensor(v, dtype=torch.float64).requires_grad_()",
  "    (g,) = torch.autograd.grad(f(x).sum(), x, create_graph=True)",
  "    return torch.autograd.grad(g.sum(), x)[0]",
].join("\n");

const P = [0.2, 0.5, 0.7], Q = [1, 0.9, 1.1];
const M = [[0.3, 0.8], [0.6, 0.4]], N = [[0.5, 1.2], [0.7, 0.9]];
const I = (v: number[]) => torch.tensor(v, { dtype: torch.int64 });

/** In-place composites on a non-leaf receiver, against PyTorch (both dtypes where the op takes float32). */
const INPLACE_CASES: [string, () => unknown][] = [];
for (const [dt, pdt] of [["float64", "torch.float64"], ["float32", "torch.float32"]] as const) {
  INPLACE_CASES.push(
    [
      `g2(lambda x, o: (x * o).logit_(), ${JSON.stringify(P)}, ${JSON.stringify(Q)}, ${pdt})`,
      () => g2((x, o) => x.mul(o).logit_(), P, Q, dt),
    ],
    [
      `g2(lambda x, o: (x * 1).xlogy_(o), [0.3, 0.5, 2.], [2., 3., 0.5], ${pdt})`,
      () => g2((x, o) => x.mul(1).xlogy_(o), [0.3, 0.5, 2], [2, 3, 0.5], dt),
    ],
  );
}
INPLACE_CASES.push(
  // logit_'s eps clamps (zero gradient outside [eps, 1 - eps])
  [
    "g2(lambda x, o: (x * o).logit_(0.25), [0.1, 0.5, 0.95], [1., 1., 1.])",
    () => g2((x, o) => x.mul(o).logit_(0.25), [0.1, 0.5, 0.95], [1, 1, 1]),
  ],
  // the receiver not requiring grad, the other argument does (xlogy's gradient to other reads the receiver)
  [
    "g2(lambda x, o: x.detach().mul(1).xlogy_(o) * x, [0.2, 0.5, 2.], [2., 3., 0.5])",
    () => g2((x, o) => x.detach().mul(1).xlogy_(o).mul(x), [0.2, 0.5, 2], [2, 3, 0.5]),
  ],
  // other in-place composites that failed the same way
  [
    "g2(lambda x, o: (x * o).deg2rad_(), [0.2, 0.5, 0.7], [1., 0.9, 1.1])",
    () => g2((x, o) => x.mul(o).deg2rad_(), P, Q),
  ],
  [
    "g2(lambda x, o: (x * o).rad2deg_(), [0.2, 0.5, 0.7], [1., 0.9, 1.1])",
    () => g2((x, o) => x.mul(o).rad2deg_(), P, Q),
  ],
  [
    "g2(lambda x, o: (x * 1).float_power_(o), [0.2, 0.5, 0.7], [1., 0.9, 1.1])",
    () => g2((x, o) => x.mul(1).floatPower_(o), P, Q),
  ],
  [
    "g2(lambda x, o: (x * o).clamp_min_(0.4), [0.2, 0.5, 0.7], [1., 0.9, 1.1])",
    () => g2((x, o) => x.mul(o).clampMin_(0.4), P, Q),
  ],
  [
    "g2(lambda x, o: (x * o).clamp_max_(0.6), [0.2, 0.5, 0.7], [1., 0.9, 1.1])",
    () => g2((x, o) => x.mul(o).clampMax_(0.6), P, Q),
  ],
  [
    "g2(lambda x, o: (x * 1).addmm_(o, o, beta=0.5, alpha=2.), [[0.3, 0.8], [0.6, 0.4]], [[0.5, 1.2], [0.7, 0.9]])",
    () => g2((x, o) => x.mul(1).addmm_(o, o, { beta: 0.5, alpha: 2 }), M, N),
  ],
  [
    "g2(lambda x, o: (x * o).renorm_(2, 0, 0.5), [[0.3, 0.8], [0.6, 0.4]], [[0.5, 1.2], [0.7, 0.9]])",
    () => g2((x, o) => x.mul(o).renorm_(2, 0, 0.5), M, N),
  ],
  [
    "g2(lambda x, o: (x * 1).index_reduce_(1, torch.tensor([1, 0, 1]), o, 'prod'), [[0.3, 0.8], [0.6, 0.4]], " +
    "[[0.5, 1.2, 0.3], [0.7, 0.9, 2.]])",
    () => g2((x, o) => x.mul(1).indexReduce_(1, I([1, 0, 1]), o, "prod"), M, [[0.5, 1.2, 0.3], [0.7, 0.9, 2]]),
  ],
  // unsqueeze_ on a tensor with history: the unsqueeze node's gradient no longer reads the receiver's (new) shape
  [
    "g2(lambda x, o: (x * o).unsqueeze_(-1), [0.2, 0.5, 0.7], [1., 0.9, 1.1])",
    () => g2((x, o) => x.mul(o).unsqueeze_(-1), P, Q),
  ],
);

const ELU_V = [-30, -2.5, -1, -0.3, -1e-10, 0, 0.5, 1000];
/** F.elu / celu / selu values and gradients (to 2e-15 relative), and celu's second derivative. */
const ELU_CASES: [string, () => unknown][] = [];
/**
 * The in-place forms, whose gradient is grad * s * (result + alpha): the sum cancels where x << 0, magnifying
 * PyTorch's vectorised expm1 (1 ulp) there, so these compare to 1e-9 (the out-of-place formula differs by 3e-7).
 */
const ELU_INPLACE: [string, () => unknown][] = [];
for (const alpha of [0.3, 1.7, 1, 2, -0.7]) {
  ELU_CASES.push([
    `g1(lambda x: F.celu(x, ${alpha}), ${JSON.stringify(ELU_V)})`,
    () => g1((x) => F.celu(x, alpha), ELU_V),
  ]);
  ELU_CASES.push([
    `g1(lambda x: F.elu(x, ${alpha}), ${JSON.stringify(ELU_V)})`,
    () => g1((x) => F.elu(x, alpha), ELU_V),
  ]);
  if (alpha > 0) {
    ELU_INPLACE.push(
      [
        `g1(lambda x: F.celu(x * 1, ${alpha}, True), ${JSON.stringify(ELU_V)})`,
        () => g1((x) => F.celu(x.mul(1), alpha, true), ELU_V),
      ],
      [
        `g1(lambda x: F.elu_(x * 1, ${alpha}), ${JSON.stringify(ELU_V)})`,
        () => g1((x) => F.elu_(x.mul(1), alpha), ELU_V),
      ],
    );
  }
}
ELU_CASES.push(
  [`g1(lambda x: F.selu(x), ${JSON.stringify(ELU_V)})`, () => g1((x) => F.selu(x), ELU_V)],
  [`g1(lambda x: nn.CELU(0.3)(x), ${JSON.stringify(ELU_V)})`, () => g1((x) => new nn.CELU(0.3).forward(x), ELU_V)],
  ["gg(lambda x: F.celu(x, 0.3), [-2.5, -0.3, 0.5])", () => gg((x) => F.celu(x, 0.3), [-2.5, -0.3, 0.5])],
  ["gg(lambda x: F.elu(x, 1.7), [-2.5, -0.3, 0.5])", () => gg((x) => F.elu(x, 1.7), [-2.5, -0.3, 0.5])],
);
ELU_INPLACE.push(
  [`g1(lambda x: F.selu(x * 1, True), ${JSON.stringify(ELU_V)})`, () => g1((x) => F.selu(x.mul(1), true), ELU_V)],
);
const ELU32: [string, () => unknown][] = [
  [
    "g1(lambda x: F.celu(x, 0.3), [-2.5, -0.3, 0.5], torch.float32)",
    () => g1((x) => F.celu(x, 0.3), [-2.5, -0.3, 0.5], "float32"),
  ],
  [
    "g1(lambda x: F.elu(x, 1.7), [-2.5, -0.3, 0.5], torch.float32)",
    () => g1((x) => F.elu(x, 1.7), [-2.5, -0.3, 0.5], "float32"),
  ],
];

const ALL = [...INPLACE_CASES, ...ELU_CASES, ...ELU_INPLACE, ...ELU32];
const results = await numpy(ALL.map(([py]) => ({ torch: true, setup: `${SETUP}\nimport torch.nn as nn`, expr: py })));
const resultsOf = (from: number, n: number) => results.slice(from, from + n);

Deno.test("in-place composites on a non-leaf: values and gradients as PyTorch's", () => {
  assert.deepEqual(caseFailures(INPLACE_CASES, resultsOf(0, INPLACE_CASES.length)), []);
});

Deno.test("F.elu / celu / selu: gradients as PyTorch's elu_backward (float64 to 2e-15, in place from the result, float32)", () => {
  const at = INPLACE_CASES.length;
  assert.deepEqual(caseFailures(ELU_CASES, resultsOf(at, ELU_CASES.length), { tol: { rtol: 2e-15, atol: 0 } }), []);
  const at2 = at + ELU_CASES.length;
  assert.deepEqual(caseFailures(ELU_INPLACE, resultsOf(at2, ELU_INPLACE.length), { tol: { rtol: 1e-9, atol: 0 } }), []);
  assert.deepEqual(caseFailures(ELU32, resultsOf(at2 + ELU_INPLACE.length, ELU32.length)), []);
});

// ---------- every in-place method against its out-of-place form ----------

/** Deterministic float64 data in [lo, hi], a leaf requiring grad. */
function mk(shape: number[], lo = 0.1, hi = 0.9): T {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = Array.from({ length: n }, (_, i) => lo + (hi - lo) * (0.5 + 0.5 * Math.sin(1.7 * i + 0.3)));
  return torch.tensor(d, { dtype: torch.float64 }).reshape(shape).requiresGrad_();
}
/** The receiver's shape and value range, and the other arguments (made afresh for each run). */
type Spec = { args?: () => unknown[]; shape?: number[]; lo?: number; hi?: number };
const other = () => [mk([2, 3], 0.3, 1.7)];
const SPECS: Record<string, Spec> = {
  acosh: { lo: 1.2, hi: 3 },
  arccosh: { lo: 1.2, hi: 3 },
  add: { args: () => [mk([2, 3], 0.3, 1.7), { alpha: 2.5 }] },
  sub: { args: () => [mk([2, 3], 0.3, 1.7), { alpha: 2.5 }] },
  subtract: { args: () => [mk([2, 3], 0.3, 1.7), { alpha: 2.5 }] },
  lerp: { args: () => [mk([2, 3], 0.3, 1.7), mk([2, 3], 0.2, 0.6)] },
  clamp: { args: () => [0.3, 0.7] },
  clip: { args: () => [0.3, 0.7] },
  clampMin: { args: () => [0.4] },
  clampMax: { args: () => [0.6] },
  addcdiv: { args: () => [mk([2, 3]), mk([2, 3], 0.5, 1.5), { value: 0.7 }] },
  addcmul: { args: () => [mk([2, 3]), mk([2, 3]), { value: 0.7 }] },
  addmm: { args: () => [mk([2, 4]), mk([4, 3]), { beta: 0.5, alpha: 2 }] },
  addmv: { shape: [2], args: () => [mk([2, 4]), mk([4]), { beta: 0.5, alpha: 2 }] },
  addr: { args: () => [mk([2]), mk([3]), { beta: 0.5, alpha: 2 }] },
  addbmm: { args: () => [mk([5, 2, 4]), mk([5, 4, 3]), { beta: 0.5, alpha: 2 }] },
  baddbmm: { shape: [5, 2, 3], args: () => [mk([5, 2, 4]), mk([5, 4, 3]), { beta: 0.5, alpha: 2 }] },
  cumsum: { args: () => [1] },
  cumprod: { args: () => [1] },
  mvlgamma: { lo: 1.5, hi: 3, args: () => [2] },
  polygamma: { args: () => [1] },
  renorm: { args: () => [2, 0, 0.5] },
  tril: { shape: [3, 3] },
  triu: { shape: [3, 3], args: () => [1] },
  unsqueeze: { args: () => [1] },
  // (their nodes read the input's shape at backward: the in-place forms run on an alias of the receiver)
  squeeze: { shape: [2, 1, 3], args: () => [1] },
  asStrided: { args: () => [[3, 2], [1, 3]] },
  transpose: { args: () => [0, 1] },
  swapaxes: { args: () => [0, 1] },
  swapdims: { args: () => [0, 1] },
  indexAdd: { args: () => [0, I([1, 0, 1]), mk([3, 3]), { alpha: 2 }] },
  indexCopy: { args: () => [1, I([2, 0]), mk([2, 2])] },
  indexFill: { args: () => [1, I([2, 0]), 0.5] },
  indexPut: { args: () => [[I([0, 1])], mk([2, 3])] },
  indexReduce: { args: () => [1, I([2, 0, 2]), mk([2, 3]), "prod"] },
  maskedFill: { args: () => [torch.tensor([[true, false, true], [false, false, true]]), 0.25] },
  maskedScatter: { args: () => [torch.tensor([[true, false, true], [false, false, true]]), mk([2, 3])] },
  put: { args: () => [I([4, 0]), mk([2])] },
  scatter: { args: () => [1, torch.tensor([[2, 0], [1, 2]], { dtype: torch.int64 }), mk([2, 2])] },
  scatterAdd: { args: () => [1, torch.tensor([[2, 0], [1, 2]], { dtype: torch.int64 }), mk([2, 2])] },
  scatterReduce: { args: () => [1, torch.tensor([[2, 0], [1, 2]], { dtype: torch.int64 }), mk([2, 2]), "amax"] },
};
const UNARY = "abs absolute acos arccos asin arcsin asinh arcsinh atan arctan atanh arctanh cos cosh sin sinh tan " +
  "tanh sigmoid sqrt rsqrt reciprocal exp exp2 expm1 log log10 log1p log2 erf erfc erfinv lgamma digamma i0 sinc " +
  "square neg negative frac ceil floor round trunc fix sign sgn relu deg2rad rad2deg logit nanToNum conjPhysical t";
for (const n of UNARY.split(" ")) SPECS[n] = {};
const BINARY = "mul multiply div divide trueDivide atan2 arctan2 copysign fmod remainder hypot pow floatPower xlogy " +
  "nextafter ldexp";
for (const n of BINARY.split(" ")) SPECS[n] = { args: other };
/** The in-place methods outside the loop, and why. */
const OUTSIDE: Record<string, string> = {
  "no derivative (in PyTorch either)": "igamma igammac heaviside floorDivide",
  "integer, bool or comparison results": "bitwiseAnd bitwiseLeftShift bitwiseNot bitwiseOr bitwiseRightShift " +
    "bitwiseXor gcd lcm eq ne lt le gt ge greater greaterEqual less lessEqual notEqual logicalAnd logicalNot " +
    "logicalOr logicalXor",
  "random or autograd-state methods": "bernoulli detach requiresGrad",
  "not an in-place form (Tensor.set is indexed assignment, set_ PyTorch's storage swap)": "set",
};

function run(name: string, spec: Spec, inplace: boolean) {
  const leaf = mk(spec.shape ?? [2, 3], spec.lo, spec.hi);
  const args = spec.args ? spec.args() : [];
  const y = leaf.mul(1);
  const out = (y as unknown as Record<string, (...a: unknown[]) => T>)[inplace ? `${name}_` : name](...args);
  if (inplace) assert.equal(out, y, `${name}_ returns its receiver`);
  out.mul(torch.arange(1, out.numel() + 1, { dtype: torch.float64 }).reshape(out.shape)).sum().backward();
  const diff = [leaf, ...args.filter((a): a is T => a instanceof torch.Tensor && a.requiresGrad)];
  return { value: out.detach().tolist(), shape: out.shape, grads: diff.map((t) => t.grad?.tolist() ?? null) };
}

Deno.test("every in-place method on a non-leaf: the out-of-place form's values and gradients", () => {
  const failures: string[] = [];
  for (const [name, spec] of Object.entries(SPECS)) {
    try {
      assert.deepEqual(run(name, spec, true), run(name, spec, false));
    } catch (e) {
      failures.push(`${name}_: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  assert.deepEqual(failures, []);
});

Deno.test("the in-place loop covers every in-place method with an out-of-place form", () => {
  const names = new Set<string>();
  for (let o = torch.Tensor.prototype; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const n of Object.getOwnPropertyNames(o)) names.add(n);
  }
  const outside = new Set(Object.values(OUTSIDE).flatMap((s) => s.split(" ")));
  const missing = [...names].filter((n) =>
    /^[a-z]\w*_$/.test(n) && names.has(n.slice(0, -1)) && !(n.slice(0, -1) in SPECS) && !outside.has(n.slice(0, -1))
  );
  assert.deepEqual(missing, []);
});
