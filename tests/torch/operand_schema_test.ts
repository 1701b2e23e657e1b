/**
 * Which operands of torch's binary functions may be JS numbers, as
 * PyTorch's schemas decide: both (add, mul, pow, the bitwise ops), only
 * `other` (the comparisons, fmod, copysign, isclose's none), or neither
 * (atan2, hypot, logaddexp, maximum / minimum, fmax / fmin, the logical
 * ops): a number where PyTorch wants a Tensor is a TypeError on both
 * sides. Also torch.rsub, torch.hardshrink / Tensor.hardshrink, and the
 * number operand of searchsorted / bucketize / histc, against PyTorch.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

type T = torch.Tensor;
type Fn = (...a: unknown[]) => T;

const OPS = [
  "add",
  "sub",
  "mul",
  "div",
  "true_divide",
  "floor_divide",
  "remainder",
  "fmod",
  "pow",
  "float_power",
  "atan2",
  "arctan2",
  "hypot",
  "logaddexp",
  "logaddexp2",
  "nextafter",
  "ldexp",
  "xlogy",
  "fmax",
  "fmin",
  "maximum",
  "minimum",
  "heaviside",
  "gcd",
  "lcm",
  "copysign",
  "eq",
  "ne",
  "lt",
  "le",
  "gt",
  "ge",
  "greater",
  "less",
  "not_equal",
  "greater_equal",
  "less_equal",
  "logical_and",
  "logical_or",
  "logical_xor",
  "bitwise_and",
  "bitwise_or",
  "bitwise_xor",
  "bitwise_left_shift",
  "bitwise_right_shift",
  "igamma",
  "igammac",
  "isclose",
  "allclose",
  "equal",
  "multiply",
  "subtract",
  "divide",
  "rsub",
  "dist",
  "lerp",
  "clamp_min",
  "clamp_max",
];
const INTS = new Set([
  "gcd",
  "lcm",
  "bitwise_and",
  "bitwise_or",
  "bitwise_xor",
  "bitwise_left_shift",
  "bitwise_right_shift",
]);
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

// every op with (tensor, 2) and (2, tensor): did PyTorch raise a TypeError?
const py = OPS.flatMap((op) => {
  const x = INTS.has(op) ? "torch.tensor([1, 2])" : "torch.tensor([1., 2.])";
  // (the result itself is not compared: only whether the call raised)
  return [`(torch.${op}(${x}, 2), 'ok')[1]`, `(torch.${op}(2, ${x}), 'ok')[1]`];
});
const forms = await numpy(py.map((expr) => ({ torch: true, expr })));

Deno.test("a number where PyTorch's schema wants a Tensor is a TypeError, as there", () => {
  const failures: string[] = [];
  OPS.forEach((op, k) => {
    const f = (torch as unknown as Record<string, Fn>)[camel(op)];
    const x = INTS.has(op) ? torch.tensor([1, 2]) : torch.tensor([1, 2], { dtype: "float32" });
    [[x, 2], [2, x]].forEach((args, j) => {
      const want = forms[2 * k + j];
      const pyTypeError = "error" in want && want.error === "TypeError";
      let ours = "ok";
      try {
        f(...args);
      } catch (e) {
        ours = e instanceof TypeError ? "TypeError" : `other: ${(e as Error).message}`;
      }
      if ((ours === "TypeError") !== pyTypeError) {
        failures.push(`${op}${j ? "(2, x)" : "(x, 2)"}: ours ${ours}, PyTorch ${"error" in want ? want.error : "ok"}`);
      }
    });
  });
  assert.deepEqual(failures, []);
});

const SETUP = [
  "x = torch.tensor([1., 2., 3.])",
  "u = torch.tensor([1, 2, 200], dtype=torch.uint8)",
  "n = torch.tensor([1, 2, 200], dtype=torch.int32)",
  "f = torch.tensor([0.1, 0.2], dtype=torch.float32)",
  "b = torch.tensor([True, False])",
].join("\n");
const x = () => torch.tensor([1, 2, 3], { dtype: "float32" });
const u = () => torch.tensor([1, 2, 200], { dtype: "uint8" });
const n = () => torch.tensor([1, 2, 200], { dtype: "int32" });
const f = () => torch.tensor([0.1, 0.2], { dtype: "float32" });
const b = () => torch.tensor([true, false]);

const CASES: [py: string, ours: () => unknown][] = [
  // searchsorted / bucketize: a number is a wrapped number of the sequence's dtype (an integer wraps, a float
  // promotes to the default float)
  ["torch.searchsorted(u, -1)", () => torch.searchsorted(u(), -1)],
  ["torch.searchsorted(u, 300)", () => torch.searchsorted(u(), 300)],
  ["torch.searchsorted(u, 2.7)", () => torch.searchsorted(u(), 2.7)],
  ["torch.searchsorted(u, -0.5)", () => torch.searchsorted(u(), -0.5)],
  ["torch.searchsorted(u, 255.5)", () => torch.searchsorted(u(), 255.5)],
  ["torch.searchsorted(n, 2**31)", () => torch.searchsorted(n(), 2 ** 31)],
  ["torch.searchsorted(n, 2**33 + 5)", () => torch.searchsorted(n(), 2 ** 33 + 5)],
  ["torch.searchsorted(u, True)", () => torch.searchsorted(u(), true)],
  ["torch.searchsorted(f, 0.1)", () => torch.searchsorted(f(), 0.1)],
  ["torch.searchsorted(f, 0.1, right=True)", () => torch.searchsorted(f(), 0.1, { right: true })],
  ["torch.searchsorted(x, 1e40)", () => torch.searchsorted(x(), 1e40)],
  ["torch.bucketize(-1, u)", () => torch.bucketize(-1, u())],
  ["torch.bucketize(300, u)", () => torch.bucketize(300, u())],
  ["torch.bucketize(2**31, n)", () => torch.bucketize(2 ** 31, n())],
  ["torch.bucketize(-1, u, right=True)", () => torch.bucketize(-1, u(), { right: true })],
  ["torch.bucketize(0.1, f, right=True)", () => torch.bucketize(0.1, f(), { right: true })],
  // histc: the bin edges are a linspace in the input's dtype, which checks both bounds
  ["torch.histc(x, 4, 0, 1e40)", () => torch.histc(x(), 4, 0, 1e40)],
  ["torch.histc(x, 4, -1e39, 1)", () => torch.histc(x(), 4, -1e39, 1)],
  ["torch.histc(x.double(), 4, -1e300, 1e300)", () => torch.histc(x().double(), 4, -1e300, 1e300)],
  ["torch.histc(x, 4, 3, 1)", () => torch.histc(x(), 4, 3, 1)],
  ["torch.histc(x, 4, 0, float('inf'))", () => torch.histc(x(), 4, 0, Infinity)],
  ["torch.histc(x, 4, 2, 2)", () => torch.histc(x(), 4, 2, 2)],
  // rsub: other - alpha * input; alpha by position only after a number
  ["torch.rsub(x, 5, 2)", () => torch.rsub(x(), 5, 2)],
  ["torch.rsub(x, 5, alpha=2)", () => torch.rsub(x(), 5, { alpha: 2 })],
  ["torch.rsub(x, x * 3, alpha=2)", () => torch.rsub(x(), x().mul(3), { alpha: 2 })],
  ["torch.rsub(u, 1)", () => torch.rsub(u(), 1)],
  ["torch.rsub(u, 300)", () => torch.rsub(u(), 300)],
  ["torch.rsub(u, u, alpha=-1)", () => torch.rsub(u(), u(), { alpha: -1 })],
  ["torch.rsub(u, 1, alpha=0.5)", () => torch.rsub(u(), 1, 0.5)],
  ["torch.rsub(b, b)", () => torch.rsub(b(), b())],
  ["torch.rsub(b, x)", () => torch.rsub(b(), x())],
  ["torch.sub(b, b)", () => torch.sub(b(), b())],
  ["torch.sub(b, True)", () => torch.sub(b(), true)],
  // hardshrink: torch.hardshrink and Tensor.hardshrink beside nn.functional's
  ["torch.hardshrink(x, 1.5)", () => torch.hardshrink(x(), 1.5)],
  ["x.hardshrink(1.5)", () => x().hardshrink(1.5)],
  ["x.hardshrink(lambd=2.5)", () => x().hardshrink({ lambd: 2.5 })],
  ["x.hardshrink()", () => x().hardshrink()],
  ["u.hardshrink()", () => u().hardshrink()],
];
const results = await numpy(CASES.map(([py]) => ({ torch: true, setup: SETUP, expr: py })));

Deno.test("searchsorted / bucketize / histc numbers, rsub and hardshrink as PyTorch's", () => {
  assert.deepEqual(caseFailures(CASES, results, { tol: { rtol: 0, atol: 0 } }), []);
});

Deno.test("torch.rsub refuses alpha by position after a tensor, as PyTorch's schema", () => {
  const x = torch.tensor([1, 2], { dtype: "float32" });
  assert.throws(() => (torch.rsub as unknown as Fn)(x, x, 2), TypeError);
  assert.throws(() => torch.rsub(x, 1, { beta: 2 } as never), /beta/);
  const w = torch.tensor([1, 2], { dtype: "float32", requiresGrad: true });
  torch.rsub(w, 3, 2).sum().backward();
  assert.deepEqual(w.grad!.tolist(), [-2, -2]);
});
