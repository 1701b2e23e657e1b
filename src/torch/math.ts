// Methods are installed on Tensor.prototype as plain functions; their vjp
// closures name `this` (as x) for readability.
// deno-lint-ignore-file no-this-alias
/**
 * Tensor math: element-wise ops (each with its in-place `_` twin), reductions,
 * comparisons, matrix products and index ops, with PyTorch's dtype rules and
 * each derivative declared next to its op.
 */
import { RuntimeError, ShapeError } from "../core/errors.ts";
import { type DType, isFloat } from "../core/dtype.ts";
import { broadcastShapes, normalizeAxis, sizeOf } from "../core/shape.ts";
import { View } from "../core/view.ts";
import type { BinaryFn, UnaryFn } from "../ops/elementwise.ts";
import { where as whereOp } from "../ops/elementwise.ts";
import { gatherAt, Slice } from "../ops/index.ts";
import { matmul as matmulOp } from "../ops/linear.ts";
import { NDArray } from "../numpy/ndarray.ts";
import {
  castTo,
  contiguous,
  copyInto,
  empty,
  isScalar,
  type Operand,
  type Scalar,
  scalarOperand,
} from "../ops/operand.ts";
import * as R from "../ops/reduce.ts";
import { argsort as argsortOp, sort as sortOp } from "../ops/sort.ts";
import * as U from "../ops/ufuncs.ts";
import { record } from "./autograd_fn.ts";
import { asTensor, checkInplace, getDefaultDtype, promote, Tensor, type TensorLike, zeros } from "./tensor.ts";

type Other = Tensor | Scalar;
type Dim = number | readonly number[] | null | undefined;
const W = Tensor._wrap;
const other = (x: TensorLike): Other => (isScalar(x) ? x : asTensor(x));
const opnd = (x: Other, dt: DType): Operand | Scalar => (x instanceof Tensor ? castTo(x, dt) : scalarOperand(x, dt));
const fl = (t: Tensor): Tensor => (isFloat(t.dtype) ? t : t.to(getDefaultDtype()));

/** Ops whose vjp never reads the inputs (nothing to save), and those that only need them for tensor operands. */
const READS_NOTHING = new Set(["AddBackward0", "SubBackward0", "FmodBackward0", "DivBackward2"]);
const READS_OTHER_TENSOR = new Set(["MulBackward0", "DivBackward0"]);

/** a op b with torch promotion; `compute` picks the computation dtype from the promoted one. */
function binary(
  name: string,
  fn: BinaryFn,
  a: Tensor,
  b: Other,
  vjp: ((g: Tensor, out: Tensor, a: Tensor, b: Tensor | null) => (Tensor | null)[]) | null,
  compute: (d: DType) => DType = (d) => d,
  saveOut = false,
): Tensor {
  const dt = compute(promote(a, b));
  const bt = b instanceof Tensor ? b : null;
  const inputs = bt ? [a, bt] : [a];
  const saved = READS_NOTHING.has(name) || (READS_OTHER_TENSOR.has(name) && !bt) ? [] : inputs;
  return record(
    name,
    inputs,
    () => fn(castTo(a, dt), opnd(b, dt)),
    W,
    // a JS scalar operand gets no gradient: keep only the tensors' entries
    vjp ? (g, out) => vjp(g, out, a, bt).slice(0, inputs.length) : null,
    saved,
    saveOut,
  );
}

/** In place: computes op(this, b) and writes it into this (same dtype). */
function inplace(t: Tensor, result: Tensor): Tensor {
  checkInplace(t);
  const r = result.dtype === t.dtype ? result : result.to(t.dtype);
  if (!sameKind(result.dtype, t.dtype)) {
    throw new RuntimeError(`result type ${cap(result.dtype)} can't be cast to the desired output type ${cap(t.dtype)}`);
  }
  copyInto(r, t);
  t.storage.version++;
  if (r.requiresGrad) {
    // the tensor now carries the result's history
    t.requiresGrad = true;
    t.gradFn = r.gradFn;
  }
  return t;
}
const sameKind = (from: DType, to: DType) => isFloat(to) || !isFloat(from);
const cap = (d: DType) =>
  ({ float32: "Float", float64: "Double", int64: "Long", int32: "Int", uint8: "Byte", bool: "Bool" })[d];

function unaryFloat(
  name: string,
  fn: UnaryFn,
  x: Tensor,
  vjp: ((g: Tensor, out: Tensor, x: Tensor) => Tensor) | null,
  saveOut = false,
): Tensor {
  const xf = fl(x);
  return record(name, [x], () => fn(xf), W, vjp ? (g, out) => [vjp(g, out, xf)] : null, [x], saveOut);
}
function unaryKeep(
  name: string,
  fn: UnaryFn,
  x: Tensor,
  vjp: ((g: Tensor, out: Tensor, x: Tensor) => Tensor) | null,
): Tensor {
  return record(name, [x], () => fn(x), W, vjp ? (g, out) => [vjp(g, out, x)] : null, [x]);
}

const dimsOf = (t: Tensor, dim: Dim): number[] => R.axesOf("sum", dim, t.dim());

/** Puts back reduced dims (size 1) so a reduced gradient broadcasts against the input. */
function unreduce(g: Tensor, t: Tensor, dims: number[], keepdim: boolean): Tensor {
  if (keepdim) return g;
  const shape = t.shape.map((d, i) => (dims.includes(i) ? 1 : d));
  return g.reshape(shape);
}

declare module "./tensor.ts" {
  interface Tensor {
    add(b: TensorLike, opts?: { alpha?: number }): Tensor;
    sub(b: TensorLike, opts?: { alpha?: number }): Tensor;
    mul(b: TensorLike): Tensor;
    div(b: TensorLike, opts?: { roundingMode?: "trunc" | "floor" | null }): Tensor;
    pow(b: TensorLike): Tensor;
    fmod(b: TensorLike): Tensor;
    remainder(b: TensorLike): Tensor;
    maximum(b: TensorLike): Tensor;
    minimum(b: TensorLike): Tensor;
    add_(b: TensorLike, opts?: { alpha?: number }): Tensor;
    sub_(b: TensorLike, opts?: { alpha?: number }): Tensor;
    mul_(b: TensorLike): Tensor;
    div_(b: TensorLike, opts?: { roundingMode?: "trunc" | "floor" | null }): Tensor;
    pow_(b: TensorLike): Tensor;
    fmod_(b: TensorLike): Tensor;
    remainder_(b: TensorLike): Tensor;
    addcmul(t1: TensorLike, t2: TensorLike, opts?: { value?: number }): Tensor;
    addcdiv(t1: TensorLike, t2: TensorLike, opts?: { value?: number }): Tensor;
    addcmul_(t1: TensorLike, t2: TensorLike, opts?: { value?: number }): Tensor;
    addcdiv_(t1: TensorLike, t2: TensorLike, opts?: { value?: number }): Tensor;
    lerp(end: TensorLike, weight: TensorLike): Tensor;
    lerp_(end: TensorLike, weight: TensorLike): Tensor;
    clamp(min?: TensorLike | null, max?: TensorLike | null): Tensor;
    clamp_(min?: TensorLike | null, max?: TensorLike | null): Tensor;
    clip(min?: TensorLike | null, max?: TensorLike | null): Tensor;
    abs(): Tensor;
    neg(): Tensor;
    exp(): Tensor;
    expm1(): Tensor;
    log(): Tensor;
    log1p(): Tensor;
    log2(): Tensor;
    sqrt(): Tensor;
    rsqrt(): Tensor;
    reciprocal(): Tensor;
    sin(): Tensor;
    cos(): Tensor;
    tanh(): Tensor;
    sigmoid(): Tensor;
    relu(): Tensor;
    sign(): Tensor;
    ceil(): Tensor;
    floor(): Tensor;
    round(): Tensor;
    trunc(): Tensor;
    frac(): Tensor;
    abs_(): Tensor;
    neg_(): Tensor;
    exp_(): Tensor;
    expm1_(): Tensor;
    log_(): Tensor;
    log1p_(): Tensor;
    log2_(): Tensor;
    sqrt_(): Tensor;
    rsqrt_(): Tensor;
    reciprocal_(): Tensor;
    sin_(): Tensor;
    cos_(): Tensor;
    tanh_(): Tensor;
    sigmoid_(): Tensor;
    relu_(): Tensor;
    sign_(): Tensor;
    ceil_(): Tensor;
    floor_(): Tensor;
    round_(): Tensor;
    trunc_(): Tensor;
    frac_(): Tensor;
    softmax(dim: number): Tensor;
    logSoftmax(dim: number): Tensor;
    // comparisons
    eq(b: TensorLike): Tensor;
    ne(b: TensorLike): Tensor;
    lt(b: TensorLike): Tensor;
    le(b: TensorLike): Tensor;
    gt(b: TensorLike): Tensor;
    ge(b: TensorLike): Tensor;
    equal(b: Tensor): boolean;
    isclose(b: TensorLike, opts?: { rtol?: number; atol?: number; equalNan?: boolean }): Tensor;
    allclose(b: TensorLike, opts?: { rtol?: number; atol?: number; equalNan?: boolean }): boolean;
    isnan(): Tensor;
    isinf(): Tensor;
    logicalNot(): Tensor;
    logicalAnd(b: TensorLike): Tensor;
    logicalOr(b: TensorLike): Tensor;
    // reductions
    sum(dim?: Dim | { keepdim?: boolean; dtype?: DType }, opts?: { keepdim?: boolean; dtype?: DType }): Tensor;
    mean(dim?: Dim | { keepdim?: boolean }, opts?: { keepdim?: boolean }): Tensor;
    prod(dim?: number | null | { keepdim?: boolean }, opts?: { keepdim?: boolean }): Tensor;
    max(): Tensor;
    max(dim: number, opts?: { keepdim?: boolean }): MinMax;
    max(other: Tensor): Tensor;
    min(): Tensor;
    min(dim: number, opts?: { keepdim?: boolean }): MinMax;
    min(other: Tensor): Tensor;
    amax(dim?: Dim, opts?: { keepdim?: boolean }): Tensor;
    amin(dim?: Dim, opts?: { keepdim?: boolean }): Tensor;
    argmax(dim?: number | null, opts?: { keepdim?: boolean }): Tensor;
    argmin(dim?: number | null, opts?: { keepdim?: boolean }): Tensor;
    var(dim?: Dim | VarOpts, opts?: VarOpts): Tensor;
    std(dim?: Dim | VarOpts, opts?: VarOpts): Tensor;
    norm(p?: number | "fro", dim?: Dim, opts?: { keepdim?: boolean }): Tensor;
    dist(other: Tensor, p?: number): Tensor;
    logsumexp(dim: Dim, opts?: { keepdim?: boolean }): Tensor;
    cumsum(dim: number): Tensor;
    cumprod(dim: number): Tensor;
    all(dim?: number | null, opts?: { keepdim?: boolean }): Tensor;
    any(dim?: number | null, opts?: { keepdim?: boolean }): Tensor;
    median(): Tensor;
    median(dim: number, opts?: { keepdim?: boolean }): MinMax;
    sort(dim?: number | { dim?: number; descending?: boolean }, opts?: { descending?: boolean }): MinMax;
    argsort(dim?: number | { dim?: number; descending?: boolean }, opts?: { descending?: boolean }): Tensor;
    topk(k: number, dim?: number, opts?: { largest?: boolean; sorted?: boolean }): MinMax;
    kthvalue(k: number, dim?: number, opts?: { keepdim?: boolean }): MinMax;
    mode(dim?: number, opts?: { keepdim?: boolean }): MinMax;
    unique(opts?: { sorted?: boolean; returnInverse?: boolean; returnCounts?: boolean }): Tensor | Tensor[];
    // matrix
    dot(b: Tensor): Tensor;
    mm(b: Tensor): Tensor;
    bmm(b: Tensor): Tensor;
    mv(b: Tensor): Tensor;
    matmul(b: Tensor): Tensor;
    outer(b: Tensor): Tensor;
    flip(dims: readonly number[]): Tensor;
    fill_(value: Scalar): Tensor;
    zero_(): Tensor;
    // index ops
    indexSelect(dim: number, index: Tensor): Tensor;
    maskedFill(mask: Tensor, value: TensorLike): Tensor;
    maskedFill_(mask: Tensor, value: TensorLike): Tensor;
    maskedSelect(mask: Tensor): Tensor;
    gather(dim: number, index: Tensor): Tensor;
    scatter(dim: number, index: Tensor, src: TensorLike, opts?: { reduce?: "add" | "multiply" }): Tensor;
    scatter_(dim: number, index: Tensor, src: TensorLike, opts?: { reduce?: "add" | "multiply" }): Tensor;
    scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor;
    scatterAdd_(dim: number, index: Tensor, src: Tensor): Tensor;
    indexAdd_(dim: number, index: Tensor, source: Tensor, opts?: { alpha?: number }): Tensor;
    take(index: Tensor): Tensor;
    nonzero(opts?: { asTuple?: boolean }): Tensor | Tensor[];
    where(cond: Tensor, other: TensorLike): Tensor;
    numpy(): import("../numpy/ndarray.ts").NDArray;
  }
}

/** Values and indices of a reduction along a dim (also an array [values, indices]). */
export type MinMax = [Tensor, Tensor] & { values: Tensor; indices: Tensor };
const minmax = (v: Tensor, i: Tensor): MinMax => Object.assign([v, i] as [Tensor, Tensor], { values: v, indices: i });

/** var/std options: `unbiased` (default true) or `correction`. */
export interface VarOpts {
  dim?: Dim;
  unbiased?: boolean;
  correction?: number;
  keepdim?: boolean;
}

const P = Tensor.prototype as unknown as Record<string, unknown>;
const def = (name: string, fn: (this: Tensor, ...a: never[]) => unknown) =>
  Object.defineProperty(P, name, { value: fn, writable: true });

// ---------- binary arithmetic ----------
const trueDiv = (d: DType): DType => (isFloat(d) ? d : getDefaultDtype());
def("add", function (b: TensorLike, o: { alpha?: number } = {}) {
  const alpha = o.alpha ?? 1;
  const bb = alpha === 1
    ? other(b)
    : (other(b) instanceof Tensor ? (other(b) as Tensor).mul(alpha) : (b as number) * alpha);
  return binary("AddBackward0", U.add, this, bb, (g) => [g, g]);
});
def("sub", function (b: TensorLike, o: { alpha?: number } = {}) {
  const alpha = o.alpha ?? 1;
  const bb = alpha === 1
    ? other(b)
    : (other(b) instanceof Tensor ? (other(b) as Tensor).mul(alpha) : (b as number) * alpha);
  if (this.dtype === "bool" && (bb instanceof Tensor ? bb.dtype === "bool" : typeof bb === "boolean")) {
    throw new RuntimeError(
      "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.",
    );
  }
  if (this.dtype === "bool" || (bb instanceof Tensor && bb.dtype === "bool")) {
    throw new RuntimeError(
      "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.",
    );
  }
  return binary("SubBackward0", U.subtract, this, bb, (g) => [g, g.neg()]);
});
def("mul", function (b: TensorLike) {
  const o = other(b);
  return binary("MulBackward0", U.multiply, this, o, (g, _out, a, bt) => [
    a.requiresGrad ? g.mul(bt ?? o) : null,
    bt?.requiresGrad ? g.mul(a) : null,
  ]);
});
def("div", function (b: TensorLike, o: { roundingMode?: "trunc" | "floor" | null } = {}) {
  const ob = other(b);
  if (o.roundingMode === "floor") return binary("DivBackward2", U.floorDivide, this, ob, (g) => [g.mul(0), null]);
  if (o.roundingMode === "trunc") {
    const q = binary("DivBackward2", U.divide, this, ob, null, (d) => (isFloat(d) ? d : "float64"));
    return q.trunc().to(promote(this, ob));
  }
  return binary(
    "DivBackward0",
    U.divide,
    this,
    ob,
    (g, _out, a, bt) => bt ? [g.div(bt), g.mul(a).div(bt.mul(bt)).neg()] : [g.div(ob as number)],
    trueDiv,
  );
});
def("pow", function (b: TensorLike) {
  const ob = other(b);
  if (ob instanceof Tensor) {
    return binary("PowBackward1", U.power, this, ob, (g, out, a, bt) => [
      g.mul(bt!).mul(a.pow(bt!.sub(1))),
      g.mul(out).mul(a.log()),
    ]);
  }
  return binary(
    "PowBackward0",
    U.power,
    this,
    ob,
    (g, _out, a) => [g.mul(ob as number).mul(a.pow((ob as number) - 1))],
  );
});
def("fmod", function (b: TensorLike) {
  return binary("FmodBackward0", U.fmod, this, other(b), (g) => [g, null]);
});
def("remainder", function (b: TensorLike) {
  const ob = other(b);
  return binary(
    "RemainderBackward0",
    U.mod,
    this,
    ob,
    (g, _o, a, bt) => [g, bt ? g.neg().mul(a.div(bt, { roundingMode: "floor" })) : null],
  );
});
def("maximum", function (b: TensorLike) {
  return binary("MaximumBackward0", U.maximum, this, asTensor(b), (g, _o, a, bt) => {
    const w = a.gt(bt!).to(g.dtype).add(a.eq(bt!).to(g.dtype).mul(0.5));
    return [g.mul(w), g.mul(w.neg().add(1))];
  });
});
def("minimum", function (b: TensorLike) {
  return binary("MinimumBackward0", U.minimum, this, asTensor(b), (g, _o, a, bt) => {
    const w = a.lt(bt!).to(g.dtype).add(a.eq(bt!).to(g.dtype).mul(0.5));
    return [g.mul(w), g.mul(w.neg().add(1))];
  });
});
for (const name of ["add", "sub", "mul", "div", "pow", "fmod", "remainder"]) {
  def(`${name}_`, function (this: Tensor, b: TensorLike, o?: unknown) {
    return inplace(this, (P[name] as (b: TensorLike, o?: unknown) => Tensor).call(this, b, o));
  });
}
def("addcmul", function (t1: TensorLike, t2: TensorLike, o: { value?: number } = {}) {
  return this.add(asTensor(t1).mul(asTensor(t2)).mul(o.value ?? 1));
});
def("addcdiv", function (t1: TensorLike, t2: TensorLike, o: { value?: number } = {}) {
  return this.add(asTensor(t1).div(asTensor(t2)).mul(o.value ?? 1));
});
def("lerp", function (end: TensorLike, weight: TensorLike) {
  return this.add(asTensor(end).sub(this).mul(other(weight)));
});
for (const name of ["addcmul", "addcdiv", "lerp"]) {
  def(`${name}_`, function (this: Tensor, a: TensorLike, b: TensorLike, o?: unknown) {
    return inplace(this, (P[name] as (a: TensorLike, b: TensorLike, o?: unknown) => Tensor).call(this, a, b, o));
  });
}
def("clamp", function (lo: TensorLike | null = null, hi: TensorLike | null = null) {
  if (lo === null && hi === null) {
    throw new RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  }
  const x = this;
  const inside = () => {
    let m = x.eq(x);
    if (lo !== null) m = m.logicalAnd(x.ge(lo));
    if (hi !== null) m = m.logicalAnd(x.le(hi));
    return m;
  };
  const dt = promote(x, ...[lo, hi].filter((v) => v !== null).map((v) => other(v!)));
  return record(
    "ClampBackward1",
    [x],
    () => {
      let r: Operand = castTo(x, dt);
      if (lo !== null) r = U.maximum(r, opnd(other(lo), dt));
      if (hi !== null) r = U.minimum(r, opnd(other(hi), dt));
      return r;
    },
    W,
    (g) => [g.mul(inside().to(g.dtype))],
    [x],
  );
});
def("clip", function (lo?: TensorLike | null, hi?: TensorLike | null) {
  return this.clamp(lo, hi);
});
def("clamp_", function (lo?: TensorLike | null, hi?: TensorLike | null) {
  return inplace(this, this.clamp(lo, hi));
});

// ---------- unary ----------
/** PyTorch's sign of bool and rounding of integers return a copy of the input. */
const identity: UnaryFn = (t) => contiguous(t, true);
/** The zero gradient of piecewise-constant ops (floor, sign, ...). */
const flat = (g: Tensor) => g.mul(0);
const UNARY: Record<string, (x: Tensor) => Tensor> = {
  abs: (x) => unaryKeep("AbsBackward0", U.abs, x, (g, _o, a) => g.mul(a.sign())),
  neg: (x) => {
    if (x.dtype === "bool") {
      throw new RuntimeError(
        "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.",
      );
    }
    return unaryKeep("NegBackward0", U.negative, x, (g) => g.neg());
  },
  exp: (x) => unaryFloat("ExpBackward0", U.exp, x, (g, out) => g.mul(out), true),
  expm1: (x) => unaryFloat("Expm1Backward0", U.expm1, x, (g, out) => g.mul(out.add(1)), true),
  log: (x) => unaryFloat("LogBackward0", U.log, x, (g, _o, a) => g.div(a)),
  log1p: (x) => unaryFloat("Log1PBackward0", U.log1p, x, (g, _o, a) => g.div(a.add(1))),
  log2: (x) => unaryFloat("Log2Backward0", U.log2, x, (g, _o, a) => g.div(a.mul(Math.LN2))),
  sqrt: (x) => unaryFloat("SqrtBackward0", U.sqrt, x, (g, out) => g.div(out.mul(2)), true),
  rsqrt: (x) => unaryFloat("RsqrtBackward0", U.rsqrt, x, (g, out) => g.mul(out.pow(3)).mul(-0.5), true),
  reciprocal: (x) => unaryFloat("ReciprocalBackward0", U.reciprocal, x, (g, out) => g.mul(out.mul(out)).neg(), true),
  sin: (x) => unaryFloat("SinBackward0", U.sin, x, (g, _o, a) => g.mul(a.cos())),
  cos: (x) => unaryFloat("CosBackward0", U.cos, x, (g, _o, a) => g.mul(a.sin()).neg()),
  tanh: (x) => unaryFloat("TanhBackward0", U.tanh, x, (g, out) => g.mul(out.mul(out).neg().add(1)), true),
  sigmoid: (x) => unaryFloat("SigmoidBackward0", U.sigmoid, x, (g, out) => g.mul(out).mul(out.neg().add(1)), true),
  relu: (x) => unaryKeep("ReluBackward0", U.relu, x, (g, _o, a) => where(a.gt(0), g, 0)),
  sign: (x) =>
    unaryKeep(
      "SignBackward0",
      x.dtype === "bool" ? identity : U.sign,
      x,
      flat,
    ),
  ceil: (x) => unaryKeep("CeilBackward0", U.ceil, x, flat),
  floor: (x) => unaryKeep("FloorBackward0", U.floor, x, flat),
  round: (x) =>
    unaryKeep(
      "RoundBackward0",
      isFloat(x.dtype) ? U.rint : identity,
      x,
      flat,
    ),
  trunc: (x) => unaryKeep("TruncBackward0", U.trunc, x, flat),
  frac: (x) => x.sub(x.trunc()),
};
for (const [name, fn] of Object.entries(UNARY)) {
  def(name, function (this: Tensor) {
    return fn(this);
  });
  def(`${name}_`, function (this: Tensor) {
    return inplace(this, fn(this));
  });
}
/** x - logsumexp(x) along `d` (a forward: `record` runs it unrecorded). */
const logSoftmaxOf = (x: Tensor, d: number): Tensor => x.sub(lse(x, [d], true));
def("logSoftmax", function (dim: number) {
  const x = fl(this), d = normalizeAxis("logSoftmax", dim, Math.max(x.dim(), 1));
  return record(
    "LogSoftmaxBackward0",
    [x],
    () => logSoftmaxOf(x, d),
    W,
    (g, out) => [
      g.sub(out.exp().mul(g.sum(d, { keepdim: true }))),
    ],
    [],
    true,
  );
});
def("softmax", function (dim: number) {
  const x = fl(this), d = normalizeAxis("softmax", dim, Math.max(x.dim(), 1));
  return record(
    "SoftmaxBackward0",
    [x],
    () => logSoftmaxOf(x, d).exp(),
    W,
    (g, out) => [
      out.mul(g.sub(g.mul(out).sum(d, { keepdim: true }))),
    ],
    [],
    true,
  );
});

// ---------- comparisons ----------
const CMP: Record<string, BinaryFn> = {
  eq: U.equal,
  ne: U.notEqual,
  lt: U.less,
  le: U.lessEqual,
  gt: U.greater,
  ge: U.greaterEqual,
  logicalAnd: U.logicalAnd,
  logicalOr: U.logicalOr,
};
for (const [name, fn] of Object.entries(CMP)) {
  def(name, function (this: Tensor, b: TensorLike) {
    return binary(name, fn, this, other(b), null);
  });
}
def("logicalNot", function () {
  return W(U.logicalNot(this));
});
def("isnan", function () {
  return W(U.isnan(this));
});
def("isinf", function () {
  return W(U.isinf(this));
});
def("equal", function (b: Tensor) {
  return this.dtype === b.dtype && this.shape.join() === b.shape.join() && (this.eq(b).all().item() as boolean);
});
def("isclose", function (b: TensorLike, o: { rtol?: number; atol?: number; equalNan?: boolean } = {}) {
  const bt = asTensor(b), rtol = o.rtol ?? 1e-5, atol = o.atol ?? 1e-8;
  const a64 = this.double(), b64 = bt.double();
  let close = a64.sub(b64).abs().le(b64.abs().mul(rtol).add(atol)).logicalOr(a64.eq(b64));
  if (o.equalNan) close = close.logicalOr(a64.isnan().logicalAnd(b64.isnan()));
  return close;
});
def("allclose", function (b: TensorLike, o?: { rtol?: number; atol?: number; equalNan?: boolean }) {
  return this.isclose(b, o).all().item() as boolean;
});

// ---------- reductions ----------
type SumOpts = { keepdim?: boolean; dtype?: DType };
const split = <T>(a: unknown, b: T | undefined): [Dim, T] =>
  a !== null && typeof a === "object" && !Array.isArray(a) ? [undefined, a as T] : [a as Dim, (b ?? {}) as T];
def("sum", function (a?: Dim | SumOpts, b?: SumOpts) {
  const [dim, o] = split<SumOpts>(a, b);
  const dims = dimsOf(this, dim), keep = o.keepdim ?? false, x = this;
  return record(
    dim === undefined || dim === null ? "SumBackward0" : "SumBackward1",
    [x],
    () => R.sum(x, dims, keep, o.dtype),
    W,
    (g) => [
      unreduce(g, x, dims, keep).expand(x.shape),
    ],
  );
});
def("mean", function (a?: Dim | { keepdim?: boolean }, b?: { keepdim?: boolean }) {
  const [dim, o] = split<{ keepdim?: boolean }>(a, b);
  if (!isFloat(this.dtype)) {
    throw new RuntimeError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${
        cap(this.dtype)
      }`,
    );
  }
  const dims = dimsOf(this, dim), n = dims.reduce((p, d) => p * this.layout.shape[d], 1);
  const keep = o.keepdim ?? false, x = this;
  const name = dim === undefined || dim === null ? "MeanBackward0" : "MeanBackward1";
  return record(
    name,
    [x],
    () => {
      const s = R.sum(x, dims, keep);
      return U.divide(s, n, s);
    },
    W,
    (g) => [unreduce(g, x, dims, keep).expand(x.shape).div(n)],
  );
});
def("prod", function (a?: number | null | { keepdim?: boolean }, b?: { keepdim?: boolean }) {
  const [dim, o] = split<{ keepdim?: boolean }>(a, b);
  const dims = dimsOf(this, dim), keep = o.keepdim ?? false, x = this;
  return record(
    "ProdBackward0",
    [x],
    () => R.prod(x, dims, keep),
    W,
    (g, out) => [unreduce(g.mul(out), x, dims, keep).div(x)],
    [x],
    true,
  );
});
function extreme(kind: "max" | "min", x: Tensor, a?: unknown, b?: { keepdim?: boolean }): Tensor | MinMax {
  if (a instanceof Tensor) return kind === "max" ? x.maximum(a) : x.minimum(a);
  if (a === undefined || a === null) {
    if (x.numel() === 0) {
      throw new RuntimeError(
        `${kind}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
      );
    }
    return record(
      kind === "max" ? "MaxBackward1" : "MinBackward1",
      [x],
      () => (kind === "max" ? R.max : R.min)(x),
      W,
      (g, out) => {
        const mask = x.eq(out).to(g.dtype);
        return [mask.mul(g).div(mask.sum())];
      },
      [x],
      true,
    );
  }
  const d = normalizeAxis(kind, a as number, x.dim()), keep = b?.keepdim ?? false;
  const idx = W(R.argReduce(kind === "max" ? "argmax" : "argmin", x, d, keep));
  const values = record(
    kind === "max" ? "MaxBackward0" : "MinBackward0",
    [x],
    () => getAlong(x, d, idx, keep),
    W,
    (g) => {
      const gi = keep ? g : g.unsqueeze(d), ii = keep ? idx : idx.unsqueeze(d);
      return [zeros(x.shape, { dtype: g.dtype }).scatter(d, ii, gi)];
    },
    [x],
  );
  return minmax(values, idx);
}
def("max", function (a?: unknown, b?: { keepdim?: boolean }) {
  return extreme("max", this, a, b);
});
def("min", function (a?: unknown, b?: { keepdim?: boolean }) {
  return extreme("min", this, a, b);
});
def("amax", function (dim?: Dim, o: { keepdim?: boolean } = {}) {
  const dims = dimsOf(this, dim), x = this, keep = o.keepdim ?? false;
  return record(
    "AmaxBackward0",
    [x],
    () => R.max(x, dims, keep),
    W,
    (g, out) => {
      const mask = x.eq(unreduce(out, x, dims, keep)).to(g.dtype);
      return [mask.mul(unreduce(g, x, dims, keep)).div(mask.sum(dims, { keepdim: true }))];
    },
    [x],
    true,
  );
});
def("amin", function (dim?: Dim, o: { keepdim?: boolean } = {}) {
  return this.neg().amax(dim, o).neg();
});
def("argmax", function (dim: number | null = null, o: { keepdim?: boolean } = {}) {
  return W(R.argReduce("argmax", this, dim, o.keepdim));
});
def("argmin", function (dim: number | null = null, o: { keepdim?: boolean } = {}) {
  return W(R.argReduce("argmin", this, dim, o.keepdim));
});
def("var", function (a?: Dim | VarOpts, b?: VarOpts) {
  const [dim, o] = split<VarOpts>(a, b);
  const d = dim ?? o.dim;
  const dims = dimsOf(this, d), n = dims.reduce((p, q) => p * this.layout.shape[q], 1);
  const corr = o.correction ?? (o.unbiased === false ? 0 : 1);
  const x = fl(this);
  const dev = x.sub(x.mean(dims, { keepdim: true }));
  return dev.mul(dev).sum(dims, { keepdim: o.keepdim }).div(Math.max(n - corr, 0));
});
def("std", function (a?: Dim | VarOpts, b?: VarOpts) {
  return this.var(a, b).sqrt();
});
def("norm", function (p: number | "fro" = 2, dim?: Dim, o: { keepdim?: boolean } = {}) {
  const x = fl(this), keepdim = o.keepdim;
  if (p === "fro" || p === 2) return x.mul(x).sum(dim, { keepdim }).sqrt();
  if (p === Infinity) return x.abs().amax(dim, { keepdim });
  if (p === -Infinity) return x.abs().amin(dim, { keepdim });
  if (p === 1) return x.abs().sum(dim, { keepdim });
  if (p === 0) return x.ne(0).to(x.dtype).sum(dim, { keepdim });
  return x.abs().pow(p).sum(dim, { keepdim }).pow(1 / p);
});
def("dist", function (b: Tensor, p = 2) {
  return this.sub(b).norm(p);
});
/** log(sum(exp(x))) over `dims` with the max shifted out (an all -inf row stays -inf); a forward for `record`. */
function lse(x: Tensor, dims: number[], keepdim: boolean): Tensor {
  const m = x.amax(dims, { keepdim: true });
  const safe = W(whereOp(U.isinf(m), 0, m));
  const r = x.sub(safe).exp().sum(dims, { keepdim: true }).log().add(safe);
  return keepdim ? r : r.squeeze(dims);
}
def("logsumexp", function (dim: Dim, o: { keepdim?: boolean } = {}) {
  const x = fl(this), dims = dimsOf(x, dim), keepdim = o.keepdim ?? false;
  return record(
    "LogsumexpBackward0",
    [x],
    () => lse(x, dims, keepdim),
    W,
    (g, out) => [
      unreduce(g, x, dims, keepdim).mul(x.sub(unreduce(out, x, dims, keepdim)).exp()),
    ],
    [x],
    true,
  );
});
def("cumsum", function (dim: number) {
  const d = normalizeAxis("cumsum", dim, Math.max(this.dim(), 1)), x = this;
  return record(
    "CumsumBackward0",
    [x],
    () => R.scan("cumsum", x, x.dim() ? d : null),
    W,
    (g) => [flip(flip(g, d).cumsum(d), d)],
  );
});
def("cumprod", function (dim: number) {
  const d = normalizeAxis("cumprod", dim, Math.max(this.dim(), 1)), x = this;
  return record(
    "CumprodBackward0",
    [x],
    () => R.scan("cumprod", x, x.dim() ? d : null),
    W,
    (g, out) => [flip(flip(g.mul(out), d).cumsum(d), d).div(x)],
    [x],
    true,
  );
});
def("all", function (dim: number | null = null, o: { keepdim?: boolean } = {}) {
  return W(R.all(this, dim, o.keepdim));
});
def("any", function (dim: number | null = null, o: { keepdim?: boolean } = {}) {
  return W(R.any(this, dim, o.keepdim));
});

/** Reverses dim d (a copy, as torch.flip). */
function flip(t: Tensor, d: number): Tensor {
  return t.flip([d]);
}
def("fill_", function (value: Scalar) {
  checkInplace(this);
  copyInto(scalarOperand(value, this.dtype), this);
  this.storage.version++;
  return this;
});
def("zero_", function () {
  return this.fill_(0);
});
def("flip", function (dims: readonly number[]) {
  const ds = dims.map((d) => normalizeAxis("flip", d, this.dim()));
  const x = this;
  return record(
    "FlipBackward0",
    [x],
    () => {
      let v = x.layout;
      for (const d of ds) v = v.slice(d, v.shape[d] - 1, v.shape[d], -1);
      return contiguous({ storage: x.storage, layout: v }, true);
    },
    W,
    (g) => [g.flip(ds)],
  );
});

/** Values at `idx` (int64, reduced along d) from x. */
function getAlong(x: Tensor, d: number, idx: Tensor, keep: boolean): Operand {
  const ii = keep ? idx : idx.unsqueeze(d);
  const g = x.gather(d, ii);
  return keep ? g : g.squeeze(d);
}

// ---------- sorting and order statistics ----------
type SortOpts = { dim?: number; descending?: boolean };
def("sort", function (a?: number | SortOpts, b?: SortOpts) {
  const o = typeof a === "object" ? a : { ...(b ?? {}), dim: a };
  const d = o.dim ?? -1;
  const idx = W(argsortOp(this, d, o.descending ?? false));
  return minmax(this.gather(d, idx), idx);
});
def("argsort", function (a?: number | SortOpts, b?: SortOpts) {
  const o = typeof a === "object" ? a : { ...(b ?? {}), dim: a };
  return W(argsortOp(this, o.dim ?? -1, o.descending ?? false));
});
def("topk", function (k: number, dim = -1, o: { largest?: boolean; sorted?: boolean } = {}) {
  const d = normalizeAxis("topk", dim, this.dim());
  if (k > this.layout.shape[d]) throw new RangeError("selected index k out of range");
  const [, idx] = this.sort(d, { descending: o.largest ?? true });
  const top = idx.narrow(d, 0, k);
  return minmax(this.gather(d, top), top);
});
def("kthvalue", function (k: number, dim = -1, o: { keepdim?: boolean } = {}) {
  const d = normalizeAxis("kthvalue", dim, this.dim());
  const [, idx] = this.sort(d);
  let i = idx.narrow(d, k - 1, 1);
  if (!o.keepdim) i = i.squeeze(d);
  return minmax(W(getAlong(this, d, i, o.keepdim ?? false)), i);
});
def("median", function (dim?: number, o: { keepdim?: boolean } = {}) {
  if (dim === undefined) {
    const f = this.reshape(-1);
    const n = f.numel();
    return f.kthvalue(Math.floor((n + 1) / 2), 0)[0];
  }
  const n = this.layout.shape[normalizeAxis("median", dim, this.dim())];
  return this.kthvalue(Math.floor((n + 1) / 2), dim, o);
});
def("mode", function (dim = -1, o: { keepdim?: boolean } = {}) {
  const d = normalizeAxis("mode", dim, this.dim());
  const moved = this.transpose(d, -1).contiguous();
  const rows = moved.reshape(-1, moved.layout.shape[moved.dim() - 1]);
  const vals: number[] = [], ids: number[] = [];
  const data = rows.tolist() as number[][];
  for (const row of data) {
    const counts = new Map<number, number>();
    row.forEach((v) => counts.set(v, (counts.get(v) ?? 0) + 1));
    let best = row[0], bc = 0;
    for (const [v, c] of counts) if (c > bc || (c === bc && v < best)) [best, bc] = [v, c];
    vals.push(best);
    ids.push(row.lastIndexOf(best));
  }
  const outShape = moved.shape.slice(0, -1);
  let v = asTensor(vals, this.dtype).reshape(outShape), i = asTensor(ids, "int64").reshape(outShape);
  if (outShape.length !== this.dim() - 1) [v, i] = [v.reshape([]), i.reshape([])];
  if (o.keepdim) [v, i] = [v.unsqueeze(d), i.unsqueeze(d)];
  return minmax(v, i);
});
def("unique", function (o: { sorted?: boolean; returnInverse?: boolean; returnCounts?: boolean } = {}) {
  const flatT = this.reshape(-1);
  const s = W(sortOp(flatT, 0));
  const vals = s.tolist() as number[];
  const uniq: number[] = [];
  for (const v of vals) if (!uniq.length || uniq[uniq.length - 1] !== v) uniq.push(v);
  const u = asTensor(uniq, this.dtype);
  if (!o.returnInverse && !o.returnCounts) return u;
  const out: Tensor[] = [u];
  const pos = new Map(uniq.map((v, i) => [v, i]));
  if (o.returnInverse) {
    out.push(
      asTensor((this.tolist() as unknown[]).flat(Infinity).map((v) => pos.get(v as number)!), "int64").reshape(
        this.shape,
      ),
    );
  }
  if (o.returnCounts) {
    const c = new Array(uniq.length).fill(0);
    vals.forEach((v) => c[pos.get(v)!]++);
    out.push(asTensor(c, "int64"));
  }
  return out;
});

// ---------- matrix products ----------
function mmCheck(name: string, a: Tensor, b: Tensor, an: number, bn: number): void {
  if (a.dim() !== an || b.dim() !== bn) {
    throw new RuntimeError(`${name}: expected ${an}-D and ${bn}-D tensors, got ${a.dim()}-D and ${b.dim()}-D`);
  }
  if (a.dtype !== b.dtype) {
    throw new RuntimeError(`expected m1 and m2 to have the same dtype, but got: ${a.dtype} != ${b.dtype}`);
  }
}
def("matmul", function (b: Tensor) {
  const a = this;
  if (a.dtype !== b.dtype) {
    throw new RuntimeError(`expected m1 and m2 to have the same dtype, but got: ${a.dtype} != ${b.dtype}`);
  }
  const name = a.dim() === 1 && b.dim() === 1
    ? "DotBackward0"
    : a.dim() === 2 && b.dim() === 2
    ? "MmBackward0"
    : a.dim() === 2 && b.dim() === 1
    ? "MvBackward0"
    : "MatmulBackward0";
  let out: Operand;
  try {
    out = matmulOp(a, b);
  } catch (e) {
    if (e instanceof ShapeError) {
      const as = a.shape, bs = b.shape;
      throw new RuntimeError(
        `mat1 and mat2 shapes cannot be multiplied (${as.slice(0, -1).reduce((p, q) => p * q, 1) || 1}x${
          as[as.length - 1]
        } and ${bs.length > 1 ? bs[bs.length - 2] : bs[0]}x${bs.length > 1 ? bs[bs.length - 1] : 1})`,
      );
    }
    throw e;
  }
  return record(name, [a, b], () => out, W, (g) => {
    const a2 = a.dim() === 1 ? a.unsqueeze(0) : a, b2 = b.dim() === 1 ? b.unsqueeze(1) : b;
    // the gradient as if both operands were matrices: (batch..., n, m)
    const batch = broadcastShapes("matmul", a2.shape.slice(0, -2), b2.shape.slice(0, -2));
    const g2 = g.reshape([...batch, a2.shape[a2.dim() - 2], b2.shape[b2.dim() - 1]]);
    // only the gradients some input needs: a data batch x in x @ w needs none
    let ga = a.requiresGrad ? g2.matmul(b2.transpose(-1, -2)) : null;
    let gb = b.requiresGrad ? a2.transpose(-1, -2).matmul(g2) : null;
    if (ga && a.dim() === 1) ga = ga.squeeze(-2);
    if (gb && b.dim() === 1) gb = gb.squeeze(-1);
    return [ga, gb];
  }, [a, b]);
});
def("mm", function (b: Tensor) {
  mmCheck("mm", this, b, 2, 2);
  return this.matmul(b);
});
def("bmm", function (b: Tensor) {
  mmCheck("bmm", this, b, 3, 3);
  if (this.layout.shape[0] !== b.layout.shape[0]) {
    throw new RuntimeError("batch1 and batch2 must have same number of batches");
  }
  return this.matmul(b);
});
def("mv", function (b: Tensor) {
  mmCheck("mv", this, b, 2, 1);
  return this.matmul(b);
});
def("dot", function (b: Tensor) {
  if (this.dim() !== 1 || b.dim() !== 1) {
    throw new RuntimeError(`1D tensors expected, but got ${this.dim()}D and ${b.dim()}D tensors`);
  }
  if (this.numel() !== b.numel()) {
    throw new RuntimeError(
      `inconsistent tensor size, expected tensor [${this.numel()}] and src [${b.numel()}] to have the same number of elements, but got ${this.numel()} and ${b.numel()} elements respectively`,
    );
  }
  return this.matmul(b);
});
def("outer", function (b: Tensor) {
  return this.reshape(-1, 1).mul(b.reshape(1, -1));
});

// ---------- index ops ----------
/** Flat element offsets of every element of `index` along `dim` of `x` (gather/scatter addressing). */
function alongOffsets(op: string, x: Tensor, d: number, index: Tensor): BigInt64Array {
  if (index.dtype !== "int64") throw new RuntimeError(`${op}(): Expected dtype int64 for index`);
  if (index.dim() !== x.dim()) {
    throw new RuntimeError(`Index tensor must have the same number of dimensions as input tensor`);
  }
  const idx = contiguous(index).storage.data as BigInt64Array;
  const shape = index.shape, n = sizeOf(shape), nd = shape.length;
  const xs = x.layout.strides, xsh = x.layout.shape;
  const out = new BigInt64Array(n);
  const pos = new Array<number>(nd).fill(0);
  for (let e = 0; e < n; e++) {
    let off = 0;
    for (let k = 0; k < nd; k++) {
      let i = k === d ? Number(idx[e]) : pos[k];
      if (k === d) {
        if (i < -xsh[k] || i >= xsh[k]) {
          throw new RangeError(`index ${i} is out of bounds for dimension ${d} with size ${xsh[k]}`);
        }
        if (i < 0) i += xsh[k];
      } else if (i >= xsh[k]) {
        throw new RuntimeError(
          `Size does not match at dimension ${k} expected index ${fmt(shape)} to be no larger than self ${
            fmt(x.shape)
          } apart from dimension ${d}`,
        );
      }
      off += i * xs[k];
    }
    out[e] = BigInt(off);
    for (let k = nd - 1; k >= 0; k--) {
      if (++pos[k] < shape[k]) break;
      pos[k] = 0;
    }
  }
  return out;
}
const fmt = (s: number[]) => `[${s.join(", ")}]`;

def("gather", function (dim: number, index: Tensor) {
  const d = normalizeAxis("gather", dim, this.dim()), x = this;
  return record(
    "GatherBackward0",
    [x],
    () => gatherAt(x, alongOffsets("gather", x, d, index), index.shape),
    W,
    (g) => [zeros(x.shape, { dtype: g.dtype }).scatterAdd(d, index, g)],
  );
});
function scatterInto(t: Tensor, d: number, index: Tensor, src: TensorLike, reduce?: "add" | "multiply"): void {
  const offs = alongOffsets("scatter", t, d, index);
  const td = t.storage.data, base = t.layout.offset;
  const s = isScalar(src) ? null : contiguous(castTo(asTensor(src), t.dtype));
  const sv = isScalar(src) ? (t.dtype === "int64" ? BigInt(src as number) : Number(src)) : null;
  const sd = s?.storage.data, ss = s ? (s as Operand).layout : null;
  const ishape = index.shape, nd = ishape.length;
  const pos = new Array<number>(nd).fill(0);
  for (let e = 0; e < offs.length; e++) {
    let v: number | bigint;
    if (sd) {
      let so = ss!.offset;
      for (let k = 0; k < nd; k++) so += pos[k] * ss!.strides[k];
      v = sd[so];
    } else v = sv!;
    const o = base + Number(offs[e]);
    if (reduce === "add") (td as Float64Array)[o] = ((td[o] as number) + (v as number)) as number;
    else if (reduce === "multiply") (td as Float64Array)[o] = ((td[o] as number) * (v as number)) as number;
    else td[o] = v as never;
    for (let k = nd - 1; k >= 0; k--) {
      if (++pos[k] < ishape[k]) break;
      pos[k] = 0;
    }
  }
  t.storage.version++;
}
def("scatter_", function (dim: number, index: Tensor, src: TensorLike, o: { reduce?: "add" | "multiply" } = {}) {
  scatterInto(this, normalizeAxis("scatter", dim, this.dim()), index, src, o.reduce);
  return this;
});
def("scatter", function (dim: number, index: Tensor, src: TensorLike, o: { reduce?: "add" | "multiply" } = {}) {
  const d = normalizeAxis("scatter", dim, this.dim()), x = this;
  const srcT = isScalar(src) ? null : asTensor(src);
  const inputs = srcT ? [x, srcT] : [x];
  return record(
    "ScatterBackward0",
    inputs,
    () => {
      const out = W(contiguous(x, true));
      scatterInto(out, d, index, src, o.reduce);
      return out;
    },
    W,
    (g) => [g.scatter(d, index, 0), srcT ? g.gather(d, index) : null],
  );
});
def("scatterAdd_", function (dim: number, index: Tensor, src: Tensor) {
  scatterInto(this, normalizeAxis("scatterAdd", dim, this.dim()), index, src, "add");
  return this;
});
def("scatterAdd", function (dim: number, index: Tensor, src: Tensor) {
  const d = normalizeAxis("scatterAdd", dim, this.dim()), x = this;
  return record(
    "ScatterAddBackward0",
    [x, src],
    () => {
      const out = W(contiguous(x, true));
      scatterInto(out, d, index, src, "add");
      return out;
    },
    W,
    (g) => [g, g.gather(d, index)],
  );
});
def("indexSelect", function (dim: number, index: Tensor) {
  const d = normalizeAxis("indexSelect", dim, this.dim());
  if (index.dim() > 1) throw new RuntimeError("index_select(): Index is supposed to be a vector");
  const parts: (Slice | Tensor)[] = this.shape.map(() => new Slice());
  parts[d] = index;
  return this.get(parts);
});
def("indexAdd_", function (dim: number, index: Tensor, source: Tensor, o: { alpha?: number } = {}) {
  const d = normalizeAxis("indexAdd_", dim, this.dim());
  const src = o.alpha === undefined || o.alpha === 1 ? source : source.mul(o.alpha);
  const n = index.numel(), idx = index.tolist() as number[];
  for (let i = 0; i < n; i++) {
    const dst = this.narrow(d, idx[i], 1), s = src.narrow(d, i, 1);
    copyInto(U.add(dst, castTo(s, this.dtype)), dst);
  }
  this.storage.version++;
  return this;
});
def("maskedFill", function (mask: Tensor, value: TensorLike) {
  if (mask.dtype !== "bool") {
    throw new RuntimeError(`masked_fill_ only supports boolean masks, but got mask with dtype ${mask.dtype}`);
  }
  const x = this, v = other(value);
  return record(
    "MaskedFillBackward0",
    v instanceof Tensor ? [x, v] : [x],
    () => whereOp(mask, opnd(v, x.dtype), x),
    W,
    (g) => [
      g.mul(mask.logicalNot().to(g.dtype)),
      v instanceof Tensor ? g.mul(mask.to(g.dtype)).sum() : null,
    ],
  );
});
def("maskedFill_", function (mask: Tensor, value: TensorLike) {
  return inplace(this, this.maskedFill(mask, value));
});
def("maskedSelect", function (mask: Tensor) {
  const shape = broadcastShapes("maskedSelect", this.shape, mask.shape);
  return this.expand(shape).get([mask.expand(shape)]);
});
def("take", function (index: Tensor) {
  return this.reshape(-1).get([index]);
});
def("nonzero", function (o: { asTuple?: boolean } = {}) {
  const mask = W(castTo(this, "bool"));
  const coords = [...Array(this.dim()).keys()].map((d) => asTensor(nonzeroCoords(mask, d), "int64"));
  if (o.asTuple) return coords;
  return coords.length ? W(stackCols(coords)) : zeros([0, 0], { dtype: "int64" });
});
function nonzeroCoords(mask: Tensor, d: number): number[] {
  const out: number[] = [];
  const data = contiguous(mask).storage.data as Uint8Array, shape = mask.shape;
  const strides = shape.map((_, i) => sizeOf(shape.slice(i + 1)));
  for (let i = 0; i < data.length; i++) if (data[i]) out.push(Math.floor(i / strides[d]) % shape[d]);
  return out;
}
function stackCols(cols: Tensor[]): Operand {
  const n = cols[0].numel(), k = cols.length;
  const out = empty([n, k], "int64");
  cols.forEach((c, j) => copyInto(c, { storage: out.storage, layout: new View([n], [k], j) }));
  return out;
}
def("where", function (cond: Tensor, o: TensorLike) {
  return where(cond, this, o);
});
def("numpy", function () {
  if (this.requiresGrad) {
    throw new RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
  }
  return new NDArray(this.storage, this.layout);
});

/** torch.where(cond, x, y) with broadcasting and promotion. */
export function where(cond: Tensor, x: TensorLike, y: TensorLike): Tensor {
  const xt = other(x), yt = other(y);
  const dt = promote(xt, yt);
  const inputs = [xt, yt].filter((t): t is Tensor => t instanceof Tensor);
  return record("WhereBackward0", inputs, () => whereOp(cond, opnd(xt, dt), opnd(yt, dt)), W, (g) => {
    const c = cond.to(g.dtype);
    const gs = [xt instanceof Tensor ? g.mul(c) : null, yt instanceof Tensor ? g.mul(c.neg().add(1)) : null];
    return gs.filter((_, i) => [xt, yt][i] instanceof Tensor);
  }, []);
}
