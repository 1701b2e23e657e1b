/**
 * PyTorch's checked conversion of a Python number into a tensor's dtype
 * (c10's checked_convert) wherever torch stores one: fill_, full, fullLike,
 * newFull, maskedFill, indexFill, scatter's value, setitem, where's and
 * clamp's numbers, add's / sub's / index_add's alpha, addcmul's / addcdiv's
 * value. A finite float beyond float32 is an error (not an
 * infinity), an unsigned dtype takes the negatives its width wraps, and
 * arithmetic (add, mul, comparisons, bitwise ops) converts without the
 * check, an integer wrapping into an integer dtype. Each case runs in
 * PyTorch too: the same values, or the same RuntimeError message.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

type T = torch.Tensor;
const SETUP = [
  "x = torch.tensor([1., 2.])",
  "d = torch.tensor([1., 2.], dtype=torch.float64)",
  "u = torch.tensor([1, 2], dtype=torch.uint8)",
  "n = torch.tensor([1, 2], dtype=torch.int32)",
  "l = torch.tensor([1, 2])",
  "i = torch.tensor([0])",
].join("\n");
const x = () => torch.tensor([1, 2], { dtype: "float32" });
const d = () => torch.tensor([1, 2], { dtype: "float64" });
const u = () => torch.tensor([1, 2], { dtype: "uint8" });
const n = () => torch.tensor([1, 2], { dtype: "int32" });
const l = () => torch.tensor([1, 2], { dtype: "int64" });
const i = () => torch.tensor([0]);
const NF = torch.nn.functional;
const set = (t: T, idx: number | T[], v: number) => (t.set(idx, v), t);

const CASES: [py: string, ours: () => T][] = [
  // float32: a finite value beyond its range is an error; infinities and NaN are values
  ["x.clamp(1e40)", () => x().clamp(1e40)],
  ["x.clamp(max=-1e40)", () => x().clamp(null, -1e40)],
  ["x.clamp_min(1e40)", () => x().clampMin(1e40)],
  ["x.clamp(3.4028235e38)", () => x().clamp(3.4028235e38)],
  ["x.clamp(3.4028234663852886e38)", () => x().clamp(3.4028234663852886e38)],
  ["x.clamp(float('inf'))", () => x().clamp(Infinity)],
  ["x.clamp(float('nan'))", () => x().clamp(NaN)],
  ["x.clamp(0.2, 1.5)", () => x().clamp(0.2, 1.5)],
  ["d.clamp(1e300)", () => d().clamp(1e300)],
  ["x.fill_(1e40)", () => x().fill_(1e40)],
  ["x.fill_(float('-inf'))", () => x().fill_(-Infinity)],
  ["torch.full((2,), 1e40, dtype=torch.float32)", () => torch.full([2], 1e40, { dtype: "float32" })],
  ["torch.full((2,), 1e40, dtype=torch.float64)", () => torch.full([2], 1e40, { dtype: "float64" })],
  ["torch.full_like(x, 1e40)", () => torch.fullLike(x(), 1e40)],
  ["x.new_full((2,), 1e40)", () => x().newFull([2], 1e40)],
  ["x.masked_fill(x > 1, 1e40)", () => x().maskedFill(x().gt(1), 1e40)],
  ["x.index_fill(0, i, -1e39)", () => x().indexFill(0, i(), -1e39)],
  ["x.scatter(0, i, 1e40)", () => x().scatter(0, i(), 1e40)],
  ["torch.where(x > 1, x, 1e40)", () => torch.where(x().gt(1), x(), 1e40)],
  ["torch.where(x > 1, 1e40, x)", () => torch.where(x().gt(1), 1e40, x())],
  ["x.__setitem__(0, 1e40) or x", () => set(x(), 0, 1e40)],
  ["x.__setitem__(i, 1e40) or x", () => set(x(), [i()], 1e40)],
  // arithmetic with a number: no check; an integer wraps into an integer dtype (modulo 2^width)
  ["x.add(1e40)", () => x().add(1e40)],
  ["x.mul(1e40)", () => x().mul(1e40)],
  ["u.add(-1)", () => u().add(-1)],
  ["u.add(1000)", () => u().add(1000)],
  ["u.mul(256)", () => u().mul(256)],
  ["u.add_(-1)", () => u().add_(-1)],
  ["n.add(2**31)", () => n().add(2 ** 31)],
  ["n.mul(2**31)", () => n().mul(2 ** 31)],
  ["l.add(2**63)", () => l().add(2 ** 63)],
  ["torch.pow(300, u)", () => torch.pow(300, u())],
  ["u.floor_divide(-1)", () => u().floorDivide(-1)],
  ["u.floor_divide(256)", () => u().floorDivide(256)],
  ["u.remainder(300)", () => u().remainder(300)],
  ["torch.remainder(-1, u)", () => torch.remainder(-1, u())],
  ["u.div(-1, rounding_mode='floor')", () => u().div(-1, { roundingMode: "floor" })],
  ["u.bitwise_and(257)", () => u().bitwiseAnd(257)],
  ["u.bitwise_or(-2)", () => u().bitwiseOr(-2)],
  ["u.eq(257)", () => u().eq(257)],
  ["u.lt(-1)", () => u().lt(-1)],
  ["n.eq(2**32 + 1)", () => n().eq(2 ** 32 + 1)],
  ["torch.isin(u, 257)", () => torch.isin(u(), 257)],
  // uint8: negatives down to -255 wrap, the rest is an error; a fraction truncates unless below 0
  ["u.fill_(-1)", () => u().fill_(-1)],
  ["u.fill_(-255)", () => u().fill_(-255)],
  ["u.fill_(-256)", () => u().fill_(-256)],
  ["u.fill_(256)", () => u().fill_(256)],
  ["u.fill_(2.7)", () => u().fill_(2.7)],
  ["u.fill_(-0.5)", () => u().fill_(-0.5)],
  ["u.fill_(float('nan'))", () => u().fill_(NaN)],
  ["u.clamp(-1)", () => u().clamp(-1)],
  ["u.clamp(256)", () => u().clamp(256)],
  ["u.masked_fill(u > 0, -1)", () => u().maskedFill(u().gt(0), -1)],
  ["u.index_fill(0, i, -3)", () => u().indexFill(0, i(), -3)],
  ["torch.full((2,), -1, dtype=torch.uint8)", () => torch.full([2], -1, { dtype: "uint8" })],
  ["u.__setitem__(0, -1) or u", () => set(u(), 0, -1)],
  ["u.__setitem__(i, -3) or u", () => set(u(), [i()], -3)],
  ["u.__setitem__(0, -0.5) or u", () => set(u(), 0, -0.5)],
  ["torch.where(x > 1, u, -1)", () => torch.where(x().gt(1), u(), -1)],
  // alpha (add, sub, index_add) and value (addcmul, addcdiv): checked into the result's dtype; addcmul truncates
  ["x.add(x, alpha=1e40)", () => x().add(x(), { alpha: 1e40 })],
  ["u.add(x, alpha=1e40)", () => u().add(x(), { alpha: 1e40 })],
  ["u.add(u, alpha=-1)", () => u().add(u(), { alpha: -1 })],
  ["u.add(1, alpha=-1)", () => u().add(1, { alpha: -1 })],
  ["torch.sub(u, u, alpha=-1)", () => torch.sub(u(), u(), { alpha: -1 })],
  ["u.add(u, alpha=256)", () => u().add(u(), { alpha: 256 })],
  ["n.add(n, alpha=2**31)", () => n().add(n(), { alpha: 2 ** 31 })],
  ["n.add(n, alpha=0.5)", () => n().add(n(), { alpha: 0.5 })],
  ["x.index_add(0, i, x[:1], alpha=1e40)", () => x().indexAdd(0, i(), x().narrow(0, 0, 1), { alpha: 1e40 })],
  ["u.index_add(0, i, u[:1], alpha=-1)", () => u().indexAdd(0, i(), u().narrow(0, 0, 1), { alpha: -1 })],
  ["x.addcmul(x, x, value=1e40)", () => x().addcmul(x(), x(), { value: 1e40 })],
  ["u.addcmul(u, u, value=-1)", () => u().addcmul(u(), u(), { value: -1 })],
  ["n.addcmul(n, n, value=1.5)", () => n().addcmul(n(), n(), { value: 1.5 })],
  ["n.addcmul(n, n, value=-1.5)", () => n().addcmul(n(), n(), { value: -1.5 })],
  ["x.addcdiv(x, x, value=1e40)", () => x().addcdiv(x(), x(), { value: 1e40 })],
  // fill_diagonal_ as fill_, lerp's number weight
  ["torch.zeros(2, 2).fill_diagonal_(1e40)", () => torch.zeros(2, 2).fillDiagonal_(1e40)],
  [
    "torch.zeros(2, 2, dtype=torch.uint8).fill_diagonal_(-1)",
    () => torch.zeros(2, 2, { dtype: "uint8" }).fillDiagonal_(-1),
  ],
  ["x.lerp(x + 1, 1e40)", () => x().lerp(x().add(1), 1e40)],
  ["x.lerp(x + 1, 0.25)", () => x().lerp(x().add(1), 0.25)],
  // torch.tensor's data: integer dtypes checked (the dtype's own name in the message), floats not
  ["torch.tensor([-1], dtype=torch.uint8)", () => torch.tensor([-1], { dtype: "uint8" })],
  ["torch.tensor([-1, 300], dtype=torch.uint8)", () => torch.tensor([-1, 300], { dtype: "uint8" })],
  ["torch.tensor([-0.5], dtype=torch.uint8)", () => torch.tensor([-0.5], { dtype: "uint8" })],
  ["torch.tensor([2.7], dtype=torch.uint8)", () => torch.tensor([2.7], { dtype: "uint8" })],
  ["torch.tensor([float('nan')], dtype=torch.int32)", () => torch.tensor([NaN], { dtype: "int32" })],
  ["torch.tensor([2**31], dtype=torch.int32)", () => torch.tensor([2 ** 31], { dtype: "int32" })],
  ["torch.tensor([1e20], dtype=torch.int64)", () => torch.tensor([1e20], { dtype: "int64" })],
  ["torch.tensor([1e40], dtype=torch.float32)", () => torch.tensor([1e40], { dtype: "float32" })],
  ["torch.as_tensor([-1], dtype=torch.uint8)", () => torch.asTensor([-1], { dtype: "uint8" })],
  // randint's range against its dtype, uniform_'s bounds
  ["torch.randint(0, 257, (2,), dtype=torch.uint8)", () => torch.randint(0, 257, [2], { dtype: "uint8" })],
  ["torch.randint(-1, 3, (2,), dtype=torch.uint8)", () => torch.randint(-1, 3, [2], { dtype: "uint8" })],
  ["torch.randint(0, 2**33, (2,), dtype=torch.int32)", () => torch.randint(0, 2 ** 33, [2], { dtype: "int32" })],
  ["torch.randint(0, 3, (2,), dtype=torch.bool)", () => torch.randint(0, 3, [2], { dtype: "bool" })],
  ["x.uniform_(0, 1e40)", () => x().uniform_(0, 1e40)],
  // renorm's maxnorm is not checked; celu's alpha may not be 0
  ["torch.ones(2, 2).renorm(2, 0, 1e40)", () => torch.ones(2, 2).renorm(2, 0, 1e40)],
  ["torch.nn.functional.celu(-x, alpha=0.)", () => torch.nn.functional.celu(x().neg(), { alpha: 0 })],
  // threshold and hardtanh: their numbers in the input's dtype, which they keep
  ["torch.nn.functional.threshold(x, float('nan'), 5.)", () => NF.threshold(x(), NaN, 5)],
  ["torch.nn.functional.threshold(x, 1.5, 0.)", () => NF.threshold(x(), 1.5, 0)],
  ["torch.nn.functional.threshold(n, 1, 0.5)", () => NF.threshold(n(), 1, 0.5)],
  ["torch.nn.functional.threshold(u, 1, 2.5)", () => NF.threshold(u(), 1, 2.5)],
  ["torch.nn.functional.threshold(u, -1, 0)", () => NF.threshold(u(), -1, 0)],
  ["torch.nn.functional.threshold(x, 1e40, 0.)", () => NF.threshold(x(), 1e40, 0)],
  ["torch.nn.functional.hardtanh(n, 0.5, 1.5)", () => NF.hardtanh(n(), 0.5, 1.5)],
  ["torch.nn.functional.hardtanh(u, 0, 1.5)", () => NF.hardtanh(u(), 0, 1.5)],
  ["torch.nn.functional.hardtanh(x, float('nan'), 1.5)", () => NF.hardtanh(x(), NaN, 1.5)],
  ["torch.nn.functional.hardtanh(u, -1, 1)", () => NF.hardtanh(u(), -1, 1)],
  ["torch.nn.functional.hardtanh(x, -1e40, 1.)", () => NF.hardtanh(x(), -1e40, 1)],
  ["torch.nn.functional.relu6(n)", () => NF.relu6(n())],
  ["torch.nn.functional.relu6(torch.tensor([True, False]))", () => NF.relu6(torch.tensor([true, false]))],
  // activations with float kernels only refuse integer inputs; their numbers are checked into the float dtype
  ["torch.nn.functional.leaky_relu(x, 1e40)", () => NF.leakyRelu(x(), 1e40)],
  ["torch.nn.functional.elu(x, 1e40)", () => NF.elu(x(), 1e40)],
  ["torch.nn.functional.softplus(x, 1, 1e40)", () => NF.softplus(x(), 1, 1e40)],
  ["torch.nn.functional.leaky_relu(n)", () => NF.leakyRelu(n())],
  ["torch.nn.functional.elu(n)", () => NF.elu(n())],
  ["torch.nn.functional.selu(n)", () => NF.selu(n())],
  ["torch.nn.functional.celu(n)", () => NF.celu(n())],
  ["torch.nn.functional.softplus(n)", () => NF.softplus(n())],
  ["torch.nn.functional.hardsigmoid(n)", () => NF.hardsigmoid(n())],
  ["torch.nn.functional.hardswish(n)", () => NF.hardswish(n())],
  ["torch.nn.functional.silu(n)", () => NF.silu(n())],
  ["torch.nn.functional.mish(n)", () => NF.mish(n())],
  ["torch.nn.functional.gelu(n)", () => NF.gelu(n())],
  ["torch.nn.functional.logsigmoid(u)", () => NF.logsigmoid(u())],
  ["torch.nn.functional.leaky_relu(-x, 0.2)", () => NF.leakyRelu(x().neg(), 0.2)],
  // softshrink's lambda range, hardshrink's checked lambda, both float-only
  ["torch.nn.functional.softshrink(x, -1.)", () => NF.softshrink(x(), -1)],
  ["torch.nn.functional.softshrink(d, 1e40)", () => NF.softshrink(d(), 1e40)],
  ["torch.nn.functional.hardshrink(x, 1e40)", () => NF.hardshrink(x(), 1e40)],
  ["torch.nn.functional.hardshrink(x, -1.)", () => NF.hardshrink(x(), -1)],
  ["torch.nn.functional.softshrink(n)", () => NF.softshrink(n())],
  ["torch.nn.functional.hardshrink(u)", () => NF.hardshrink(u())],
  ["torch.nn.functional.tanhshrink(l)", () => NF.tanhshrink(l())],
  // masked_fill / index_fill with a 0-d tensor value: its item is checked
  [
    "x.masked_fill(x > 1, torch.tensor(1e40, dtype=torch.float64))",
    () => x().maskedFill(x().gt(1), torch.tensor(1e40, { dtype: "float64" })),
  ],
  [
    "x.masked_fill(x > 1, torch.tensor(0.5, dtype=torch.float64))",
    () => x().maskedFill(x().gt(1), torch.tensor(0.5, { dtype: "float64" })),
  ],
  [
    "x.index_fill(0, i, torch.tensor(1e40, dtype=torch.float64))",
    () => x().indexFill(0, i(), torch.tensor(1e40, { dtype: "float64" })),
  ],
  ["u.index_fill(0, i, torch.tensor(256))", () => u().indexFill(0, i(), torch.tensor(256))],
  ["u.masked_fill(u > 1, torch.tensor(-1))", () => u().maskedFill(u().gt(1), torch.tensor(-1))],
  // int32 / int64: their ranges
  ["n.fill_(2**31)", () => n().fill_(2 ** 31)],
  ["n.fill_(-2**31)", () => n().fill_(-(2 ** 31))],
  ["n.fill_(2147483647.5)", () => n().fill_(2147483647.5)],
  ["n.clamp(2**31)", () => n().clamp(2 ** 31)],
  ["l.fill_(2**63)", () => l().fill_(2 ** 63)],
  ["l.fill_(-2**63)", () => l().fill_(-(2 ** 63))],
  ["l.fill_(float('inf'))", () => l().fill_(Infinity)],
  ["torch.full((2,), 2**31, dtype=torch.int32)", () => torch.full([2], 2 ** 31, { dtype: "int32" })],
];

const results = await numpy(CASES.map(([py]) => ({ torch: true, setup: SETUP, expr: py })));

Deno.test("numbers stored into a tensor convert as PyTorch checks them (values and overflow errors)", () => {
  assert.deepEqual(caseFailures(CASES, results, { tol: { rtol: 0, atol: 0 } }), []);
});
