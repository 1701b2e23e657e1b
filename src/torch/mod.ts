/**
 * The `torch` namespace: Tensor, creation, math, autograd and linalg with
 * PyTorch's names and semantics.
 *
 * @example
 * ```ts
 * import { torch } from "../../mod.ts";
 * const x = torch.tensor([1, 2, 3], { dtype: torch.float32, requiresGrad: true });
 * x.pow(2).sum().backward();
 * console.log(x.grad!.tolist()); // [2, 4, 6]
 * ```
 * @module
 */
import { gradModeGuard, isGradEnabled, withGradMode } from "../autograd/grad_mode.ts";
import { edgeOf, runBackward } from "../autograd/graph.ts";
import { type DType, isFloat, toDType } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { normalizeAxis } from "../core/shape.ts";
import { concatenate } from "../ops/join.ts";
import { castTo, contiguous, copyInto, type Scalar, scalarOperand, zeros as zerosOp } from "../ops/operand.ts";
import * as L from "../ops/linalg.ts";
import type { NDArray } from "../numpy/ndarray.ts";
import { RandomState } from "../numpy/random.ts";
import type { ArrayData } from "../numpy/convert.ts";
import { record } from "./autograd_fn.ts";
import "./math.ts";
import { type MinMax, where } from "./math.ts";
import {
  asTensor,
  getDefaultDtype,
  GRAD_OPS,
  onesLike as onesLikeT,
  setDefaultDtype,
  Tensor as TensorClass,
  type TensorLike,
  torchOperand,
  zeros as zerosT,
} from "./tensor.ts";

export { getDefaultDtype, setDefaultDtype, where };
export type { MinMax, TensorLike };
export { RuntimeError };

/** `torch.Tensor`: callable with or without `new`. */
export const Tensor = new Proxy(TensorClass, {
  apply: (_t, _this, args: unknown[]) => new TensorClass(...args),
}) as typeof TensorClass & ((...args: unknown[]) => TensorClass);
export type Tensor = TensorClass;

export const float32 = "float32", float = "float32", float64 = "float64", double = "float64";
export const int64 = "int64", long = "int64", int32 = "int32", int = "int32", uint8 = "uint8", bool = "bool";

const W = TensorClass._wrap;
/** Creation options. */
export interface TensorOptions {
  dtype?: DType | string;
  requiresGrad?: boolean;
}
const finish = (t: TensorClass, o: TensorOptions): TensorClass => (o.requiresGrad ? t.requiresGrad_(true) : t);
const dtypeOr = (o: TensorOptions, d: DType): DType => (o.dtype ? toDType(o.dtype) : d);
type Size = number | readonly number[];
const sizeArgs = (args: unknown[]): [number[], TensorOptions] => {
  const last = args[args.length - 1];
  const opts = last !== null && typeof last === "object" && !Array.isArray(last) ? (args.pop() as TensorOptions) : {};
  const shape = args.length === 1 && Array.isArray(args[0]) ? [...(args[0] as number[])] : (args as number[]);
  return [shape, opts];
};

/**
 * A tensor from data, inferring the dtype like PyTorch: ints -> int64,
 * floats -> the default dtype (float32), bools -> bool. JS numbers such as
 * `1.0` are integers, so `[1.0, 2.0]` infers int64 unless `dtype` is given
 * or `requiresGrad` is set (which implies the default float dtype).
 */
export function tensor(data: TensorLike, opts: TensorOptions = {}): TensorClass {
  const src = data instanceof TensorClass ? data.detach() : data;
  // JS cannot tell 1.0 from 1; only float tensors can require grad, so that settles it
  const dtype = opts.dtype ?? (opts.requiresGrad && !(src instanceof TensorClass) ? getDefaultDtype() : undefined);
  const o = torchOperand(src as ArrayData, dtype);
  return finish(W(o === src ? contiguous(o, true) : o), opts);
}

function filled(shape: number[], value: Scalar, opts: TensorOptions, d: DType): TensorClass {
  const o = zerosOp(shape, dtypeOr(opts, d));
  if (value !== 0) copyInto(scalarOperand(value, o.storage.dtype), o);
  return finish(W(o), opts);
}
export function zeros(...args: (Size | TensorOptions)[]): TensorClass {
  const [s, o] = sizeArgs(args);
  return filled(s, 0, o, getDefaultDtype());
}
export function ones(...args: (Size | TensorOptions)[]): TensorClass {
  const [s, o] = sizeArgs(args);
  return filled(s, 1, o, getDefaultDtype());
}
export function empty(...args: (Size | TensorOptions)[]): TensorClass {
  const [s, o] = sizeArgs(args);
  return filled(s, 0, o, getDefaultDtype());
}
export function full(size: Size, value: Scalar, opts: TensorOptions = {}): TensorClass {
  const d = typeof value === "boolean"
    ? "bool"
    : typeof value === "bigint" || Number.isInteger(value)
    ? "int64"
    : getDefaultDtype();
  return filled(typeof size === "number" ? [size] : [...size], value, opts, d);
}
export const zerosLike = (t: TensorClass, o: TensorOptions = {}): TensorClass => filled(t.shape, 0, o, t.dtype);
export const onesLike = (t: TensorClass, o: TensorOptions = {}): TensorClass => filled(t.shape, 1, o, t.dtype);
export const emptyLike = (t: TensorClass, o: TensorOptions = {}): TensorClass => filled(t.shape, 0, o, t.dtype);
export const fullLike = (t: TensorClass, v: Scalar, o: TensorOptions = {}): TensorClass =>
  filled(t.shape, v, o, t.dtype);
export function eye(n: number, m?: number | TensorOptions, opts: TensorOptions = {}): TensorClass {
  const cols = typeof m === "number" ? m : n;
  const o = typeof m === "object" ? m : opts;
  const t = filled([n, cols], 0, {}, dtypeOr(o, getDefaultDtype()));
  const d = t.layout.diagonal("eye", 0, 0, 1);
  copyInto(scalarOperand(1, t.dtype), { storage: t.storage, layout: d });
  return finish(t, o);
}
/** Values in [start, end) with step; int64 when all are integers. */
export function arange(
  start: number,
  end?: number | TensorOptions,
  step: number | TensorOptions = 1,
  opts: TensorOptions = {},
): TensorClass {
  let o = opts;
  if (typeof end === "object") [o, end] = [end, undefined];
  if (typeof step === "object") [o, step] = [step, 1];
  if (end === undefined) [start, end] = [0, start];
  const allInt = [start, end, step].every(Number.isInteger);
  const n = Math.max(0, Math.ceil((end - start) / step));
  const vals = Array.from({ length: n }, (_, i) => start + i * (step as number));
  return finish(W(torchOperand(vals, dtypeOr(o, allInt ? "int64" : getDefaultDtype()))), o);
}
export function linspace(start: number, end: number, steps: number, opts: TensorOptions = {}): TensorClass {
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  const half = Math.floor(steps / 2);
  // PyTorch fills the second half backwards from `end`, so both ends are exact
  const vals = steps === 1
    ? [start]
    : Array.from({ length: steps }, (_, i) => (i < half ? start + step * i : end - step * (steps - 1 - i)));
  return finish(W(torchOperand(vals, dtypeOr(opts, getDefaultDtype()))), opts);
}
export function logspace(
  start: number,
  end: number,
  steps: number,
  opts: TensorOptions & { base?: number } = {},
): TensorClass {
  const lin = linspace(start, end, steps, { dtype: "float64" });
  return finish(asTensor(opts.base ?? 10, "float64").pow(lin).to(dtypeOr(opts, getDefaultDtype())), opts);
}

// ---------- random ----------
const gen = new RandomState();
/** Seeds every torch random op. */
export function manualSeed(seed: number): void {
  gen.seed(seed >>> 0);
}
export function rand(...args: (Size | TensorOptions)[]): TensorClass {
  const [s, o] = sizeArgs(args);
  return finish(W(castTo(gen.randomSample(s) as NDArray, dtypeOr(o, getDefaultDtype()))), o);
}
export function randn(...args: (Size | TensorOptions)[]): TensorClass {
  const [s, o] = sizeArgs(args);
  return finish(W(castTo(gen.standardNormal(s) as NDArray, dtypeOr(o, getDefaultDtype()))), o);
}
export function randint(low: number, high: number, size: Size, opts: TensorOptions = {}): TensorClass {
  return W(castTo(gen.randint(low, high, size) as NDArray, dtypeOr(opts, "int64")));
}
export function randperm(n: number, opts: TensorOptions = {}): TensorClass {
  return W(castTo(gen.permutation(n), dtypeOr(opts, "int64")));
}
/** Normal samples: `normal(mean, std, size)` with numbers, or elementwise from tensors. */
export function normal(mean: number | TensorClass, std: number | TensorClass, size?: Size): TensorClass {
  if (typeof mean === "number" && typeof std === "number") {
    return W(castTo(gen.normal(mean, std, size ?? []) as NDArray, getDefaultDtype()));
  }
  const m = asTensor(mean), s = asTensor(std);
  const shape = m.add(s).shape;
  return randn(shape).mul(s).add(m);
}
export function bernoulli(p: TensorClass): TensorClass {
  return rand(p.shape, { dtype: p.dtype }).lt(p).to(p.dtype);
}
export const randLike = (t: TensorClass, o: TensorOptions = {}): TensorClass =>
  rand(t.shape, { dtype: o.dtype ?? t.dtype });
export const randnLike = (t: TensorClass, o: TensorOptions = {}): TensorClass =>
  randn(t.shape, { dtype: o.dtype ?? t.dtype });

// ---------- numpy bridge ----------
/** A tensor sharing the ndarray's memory. */
export function fromNumpy(a: NDArray): TensorClass {
  return new TensorClass(a.storage, a.layout);
}

// ---------- joining ----------
/** Concatenates along an existing dim. */
export function cat(tensors: readonly TensorClass[], dim = 0): TensorClass {
  if (!tensors.length) throw new RuntimeError("torch.cat(): expected a non-empty list of Tensors");
  const d = normalizeAxis("cat", dim, tensors[0].dim());
  tensors.forEach((t) => {
    if (t.dim() !== tensors[0].dim()) {
      throw new RuntimeError(`Tensors must have same number of dimensions: got ${tensors[0].dim()} and ${t.dim()}`);
    }
  });
  const sizes = tensors.map((t) => t.layout.shape[d]);
  return record("CatBackward0", tensors, () => concatenate(tensors, d), W, (g) => g.split(sizes, d), []);
}
/** Stacks along a new dim. */
export function stack(tensors: readonly TensorClass[], dim = 0): TensorClass {
  if (!tensors.length) throw new RuntimeError("stack expects a non-empty TensorList");
  const shape = tensors[0].shape.join();
  tensors.forEach((t, i) => {
    if (t.shape.join() !== shape) {
      throw new RuntimeError(
        `stack expects each tensor to be equal size, but got [${
          tensors[0].shape
        }] at entry 0 and [${t.shape}] at entry ${i}`,
      );
    }
  });
  const d = normalizeAxis("stack", dim, tensors[0].dim() + 1);
  return cat(tensors.map((t) => t.unsqueeze(d)), d);
}

// ---------- grad mode ----------
/**
 * Runs `fn` without recording gradients; with no argument, returns a guard
 * for `using`: `{ using _ = torch.noGrad(); ... }`.
 */
export function noGrad<T>(fn: () => T): T;
export function noGrad(): Disposable;
export function noGrad<T>(fn?: () => T): T | Disposable {
  return fn ? withGradMode(false, fn) : gradModeGuard(false);
}
/** Runs `fn` (or a `using` block) with gradients recorded. */
export function enableGrad<T>(fn: () => T): T;
export function enableGrad(): Disposable;
export function enableGrad<T>(fn?: () => T): T | Disposable {
  return fn ? withGradMode(true, fn) : gradModeGuard(true);
}
export { isGradEnabled };

// ---------- functional forms ----------
type M = TensorClass;
const method = (name: string) => (t: TensorLike, ...rest: unknown[]) =>
  ((asTensor(t) as unknown as Record<string, (...a: unknown[]) => unknown>)[name])(...rest);
export const add = method("add") as (a: TensorLike, b: TensorLike, o?: { alpha?: number }) => M;
export const sub = method("sub") as (a: TensorLike, b: TensorLike, o?: { alpha?: number }) => M;
export const mul = method("mul") as (a: TensorLike, b: TensorLike) => M;
export const div = method("div") as (
  a: TensorLike,
  b: TensorLike,
  o?: { roundingMode?: "trunc" | "floor" | null },
) => M;
export const pow = method("pow") as (a: TensorLike, b: TensorLike) => M;
export const addcmul = method("addcmul") as (t: TensorLike, a: TensorLike, b: TensorLike, o?: { value?: number }) => M;
export const addcdiv = method("addcdiv") as (t: TensorLike, a: TensorLike, b: TensorLike, o?: { value?: number }) => M;
export const lerp = method("lerp") as (a: TensorLike, b: TensorLike, w: TensorLike) => M;
export const clamp = method("clamp") as (a: TensorLike, lo?: TensorLike | null, hi?: TensorLike | null) => M;
export const maximum = method("maximum") as (a: TensorLike, b: TensorLike) => M;
export const minimum = method("minimum") as (a: TensorLike, b: TensorLike) => M;
export const fmod = method("fmod") as (a: TensorLike, b: TensorLike) => M;
export const remainder = method("remainder") as (a: TensorLike, b: TensorLike) => M;
type U1 = (a: TensorLike) => M;
export const abs = method("abs") as U1,
  neg = method("neg") as U1,
  exp = method("exp") as U1,
  expm1 = method("expm1") as U1;
export const log = method("log") as U1,
  log1p = method("log1p") as U1,
  log2 = method("log2") as U1,
  sqrt = method("sqrt") as U1;
export const rsqrt = method("rsqrt") as U1,
  reciprocal = method("reciprocal") as U1,
  sin = method("sin") as U1,
  cos = method("cos") as U1;
export const tanh = method("tanh") as U1,
  sigmoid = method("sigmoid") as U1,
  relu = method("relu") as U1,
  sign = method("sign") as U1;
export const ceil = method("ceil") as U1,
  floor = method("floor") as U1,
  round = method("round") as U1,
  trunc = method("trunc") as U1;
export const frac = method("frac") as U1, isnan = method("isnan") as U1, isinf = method("isinf") as U1;
export const softmax = method("softmax") as (a: TensorLike, dim: number) => M;
export const logSoftmax = method("logSoftmax") as (a: TensorLike, dim: number) => M;
type Cmp = (a: TensorLike, b: TensorLike) => M;
export const eq = method("eq") as Cmp, ne = method("ne") as Cmp, lt = method("lt") as Cmp, le = method("le") as Cmp;
export const gt = method("gt") as Cmp, ge = method("ge") as Cmp;
export const equal = (a: M, b: M): boolean => a.equal(b);
export const isclose = method("isclose") as (
  a: TensorLike,
  b: TensorLike,
  o?: { rtol?: number; atol?: number; equalNan?: boolean },
) => M;
export const allclose = method("allclose") as (
  a: TensorLike,
  b: TensorLike,
  o?: { rtol?: number; atol?: number; equalNan?: boolean },
) => boolean;
type Red = (a: TensorLike, ...rest: unknown[]) => M;
export const sum = method("sum") as Red,
  mean = method("mean") as Red,
  prod = method("prod") as Red,
  std = method("std") as Red;
export const variance = method("var") as Red, norm = method("norm") as Red, logsumexp = method("logsumexp") as Red;
export const cumsum = method("cumsum") as (a: TensorLike, dim: number) => M,
  cumprod = method("cumprod") as (a: TensorLike, dim: number) => M;
export const argmax = method("argmax") as Red,
  argmin = method("argmin") as Red,
  all = method("all") as Red,
  any = method("any") as Red;
export const max = method("max") as (a: TensorLike, ...rest: unknown[]) => M & MinMax;
export const min = method("min") as (a: TensorLike, ...rest: unknown[]) => M & MinMax;
export const median = method("median") as (a: TensorLike, ...rest: unknown[]) => M & MinMax;
export const dist = method("dist") as (a: TensorLike, b: M, p?: number) => M;
export const sort = method("sort") as (a: TensorLike, ...rest: unknown[]) => MinMax;
export const argsort = method("argsort") as Red;
export const topk = method("topk") as (
  a: TensorLike,
  k: number,
  dim?: number,
  o?: { largest?: boolean; sorted?: boolean },
) => MinMax;
export const kthvalue = method("kthvalue") as (
  a: TensorLike,
  k: number,
  dim?: number,
  o?: { keepdim?: boolean },
) => MinMax;
export const mode = method("mode") as (a: TensorLike, dim?: number, o?: { keepdim?: boolean }) => MinMax;
export const unique = method("unique") as (
  a: TensorLike,
  o?: { sorted?: boolean; returnInverse?: boolean; returnCounts?: boolean },
) => M | M[];
export const dot = method("dot") as (a: TensorLike, b: M) => M, mm = method("mm") as (a: TensorLike, b: M) => M;
export const bmm = method("bmm") as (a: TensorLike, b: M) => M, mv = method("mv") as (a: TensorLike, b: M) => M;
export const matmul = method("matmul") as (a: TensorLike, b: M) => M,
  outer = method("outer") as (a: TensorLike, b: M) => M;
export const indexSelect = method("indexSelect") as (a: TensorLike, dim: number, i: M) => M;
export const maskedSelect = method("maskedSelect") as (a: TensorLike, m: M) => M;
export const gather = method("gather") as (a: TensorLike, dim: number, i: M) => M;
export const scatter = method("scatter") as (
  a: TensorLike,
  dim: number,
  i: M,
  src: TensorLike,
  o?: { reduce?: "add" | "multiply" },
) => M;
export const scatterAdd = method("scatterAdd") as (a: TensorLike, dim: number, i: M, src: M) => M;
export const take = method("take") as (a: TensorLike, i: M) => M;
export const nonzero = method("nonzero") as (a: TensorLike, o?: { asTuple?: boolean }) => M | M[];
export const flatten = method("flatten") as (a: TensorLike, s?: number, e?: number) => M;
export const reshape = (a: TensorLike, shape: readonly number[]): M => asTensor(a).reshape(shape);
export const transpose = method("transpose") as (a: TensorLike, d0: number, d1: number) => M;
export const permute = (a: TensorLike, dims: readonly number[]): M => asTensor(a).permute(dims);
export const squeeze = method("squeeze") as (a: TensorLike, d?: number) => M;
export const unsqueeze = method("unsqueeze") as (a: TensorLike, d: number) => M;
export const split = method("split") as (a: TensorLike, s: number | readonly number[], d?: number) => M[];
export const chunk = method("chunk") as (a: TensorLike, c: number, d?: number) => M[];
export const narrow = method("narrow") as (a: TensorLike, d: number, s: number, l: number) => M;
export const t = method("t") as U1, clone = method("clone") as U1;
/** Number of elements (torch.numel). */
export const numel = (a: M): number => a.numel();

/** SVD (torch.svd: reduced, returns V, not Vh). */
export function svd(a: M, opts: { some?: boolean } = {}): [M, M, M] & { U: M; S: M; V: M } {
  const [u, s, vh] = L.svd(fl(a), !(opts.some ?? true)).map(W);
  const v = vh.transpose(-2, -1);
  return Object.assign([u, s, v] as [M, M, M], { U: u, S: s, V: v });
}
const fl = (x: M): M => (isFloat(x.dtype) ? x : x.to(getDefaultDtype()));

/** torch.linalg. */
export const linalg = {
  /** Inverse. */
  inv: (a: M): M => W(L.inv(fl(a))),
  /** Determinant. */
  det: (a: M): M => W(L.det(fl(a))),
  /** Solves A X = B. */
  solve: (a: M, b: M): M => W(L.solve(fl(a), fl(b))),
  /** [U, S, Vh] (fullMatrices default true). */
  svd: (a: M, opts: { fullMatrices?: boolean } = {}): [M, M, M] =>
    L.svd(fl(a), opts.fullMatrices ?? true).map(W) as [M, M, M],
  /** [Q, R]. */
  qr: (a: M, mode: "reduced" | "complete" | "r" = "reduced"): M[] => L.qr(fl(a), mode).map(W),
  /** Vector/matrix norm. */
  norm: (a: M, ord: number | "fro" = 2, dim?: number | number[], opts: { keepdim?: boolean } = {}): M =>
    a.norm(ord, dim, opts),
};

/** torch.autograd. */
export const autograd = {
  /**
   * Gradients of `outputs` with respect to `inputs` (not accumulated into .grad).
   */
  grad(
    outputs: M | M[],
    inputs: M | M[],
    opts: { gradOutputs?: M | M[] | null; createGraph?: boolean; retainGraph?: boolean; allowUnused?: boolean } = {},
  ): (M | null)[] {
    const outs = Array.isArray(outputs) ? outputs : [outputs];
    const ins = Array.isArray(inputs) ? inputs : [inputs];
    const gos = opts.gradOutputs ? (Array.isArray(opts.gradOutputs) ? opts.gradOutputs : [opts.gradOutputs]) : [];
    const grads = outs.map((o, i) => {
      if (!o.requiresGrad) {
        throw new RuntimeError("element 0 of tensors does not require grad and does not have a grad_fn");
      }
      if (gos[i]) return gos[i];
      if (o.numel() !== 1) throw new RuntimeError("grad can be implicitly created only for scalar outputs");
      return onesLikeT(o);
    });
    const nodes = ins.map((x) => {
      if (!x.requiresGrad) throw new RuntimeError("One of the differentiated Tensors does not require grad");
      return edgeOf(x)!;
    });
    const captured = runBackward(outs, grads, GRAD_OPS, {
      retainGraph: opts.retainGraph ?? opts.createGraph ?? false,
      createGraph: opts.createGraph ?? false,
      capture: nodes,
    });
    return nodes.map((n, i) => {
      const g = captured.get(n);
      if (!g && !opts.allowUnused) {
        throw new RuntimeError(
          `One of the differentiated Tensors (input ${i}) appears to not have been used in the graph. Set allowUnused: true if this is the desired behavior.`,
        );
      }
      return g ?? null;
    });
  },
  /**
   * Checks analytical gradients against central finite differences (use
   * float64 inputs): returns true or throws with the mismatch.
   */
  gradcheck(fn: (...xs: M[]) => M, inputs: M[], opts: { eps?: number; atol?: number; rtol?: number } = {}): boolean {
    const eps = opts.eps ?? 1e-6, atol = opts.atol ?? 1e-5, rtol = opts.rtol ?? 1e-3;
    const out = fn(...inputs);
    const n = out.numel();
    inputs.forEach((x, xi) => {
      if (!x.requiresGrad) return;
      const flatX = x.detach().contiguous();
      const numeric = zerosT([n, x.numel()], { dtype: "float64" });
      const data = flatX.storage.data as Float64Array;
      for (let j = 0; j < x.numel(); j++) {
        const keep = data[j];
        const run = (v: number) => {
          data[j] = v;
          const r = noGrad(() =>
            fn(...inputs.map((y, k) => (k === xi ? TensorClass._wrap(flatX).reshape(x.shape) : y.detach())))
          );
          return r.double().reshape(-1).tolist() as number[];
        };
        const plus = run(keep + eps), minus = run(keep - eps);
        data[j] = keep;
        plus.forEach((p, i) => numeric.set([i, j], (p - minus[i]) / (2 * eps)));
      }
      for (let i = 0; i < n; i++) {
        const gout = zerosT([n], { dtype: out.dtype });
        gout.set([i], 1);
        const [g] = autograd.grad(fn(...inputs), [x], { gradOutputs: gout.reshape(out.shape), allowUnused: true });
        const analytic = g ? (g.double().reshape(-1).tolist() as number[]) : new Array(x.numel()).fill(0);
        const row = numeric.get([i]).tolist() as number[];
        analytic.forEach((a, j) => {
          if (Math.abs(a - row[j]) > atol + rtol * Math.abs(row[j])) {
            throw new RuntimeError(
              `Jacobian mismatch for output ${i} with respect to input ${xi}, element ${j}: numerical ${
                row[j]
              }, analytical ${a}`,
            );
          }
        });
      }
    });
    return true;
  },
};
