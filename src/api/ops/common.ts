/**
 * What op implementations share: dtype promotion by each front-end's rules
 * (NumPy's NEP 50, PyTorch's categories), operands from scalars, and
 * PyTorch's checks for results written into existing tensors.
 */
import {
  canCastSafely,
  CPP_TYPE_NAME,
  type DType,
  isFloat,
  promoteTypes,
  resultType,
  type ScalarKind,
  scalarKind,
  TORCH_TYPE_NAME,
  torchCanCast,
  type TorchOperandKind,
  torchResultType,
} from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import { canCastSameKind } from "../../ops/elementwise.ts";
import {
  castTo,
  contiguous,
  empty,
  isScalar,
  onHost,
  type Operand,
  type Scalar,
  scalarOperand,
} from "../../ops/operand.ts";
import { type ArrayData, asOperand, toOperand } from "../convert.ts";
import type { Ctx } from "../define.ts";
import type { View } from "../../core/view.ts";
import { MEMORY_FORMATS, type NpOrder } from "../../core/memory_format.ts";
import { opt } from "../signature.ts";

export { isScalar };
export type { Operand, Scalar };

/** The result dtype of operands and JS scalars under the front-end's rules. */
export function promote(ctx: Ctx, ...xs: (Operand | Scalar | null | undefined)[]): DType {
  if (ctx.fe === "np") {
    const arrays: DType[] = [], kinds: ScalarKind[] = [];
    for (const x of xs) {
      if (x === null || x === undefined) continue;
      if (isScalar(x)) kinds.push(scalarKind(x));
      else arrays.push(x.storage.dtype);
    }
    return resultType(arrays, kinds);
  }
  const kinds: TorchOperandKind[] = [];
  for (const x of xs) {
    if (x === null || x === undefined) continue;
    kinds.push(isScalar(x) ? { scalar: scalarKind(x) } : { dtype: x.storage.dtype, zeroDim: x.layout.ndim === 0 });
  }
  return torchResultType(kinds, ctx.defaultFloat);
}

/** `x` as an operand of `dtype` on `device` (JS scalars become 0-d operands). */
export function operandOf(x: Operand | Scalar, dtype: DType, device = "cpu"): Operand {
  return isScalar(x) ? scalarOperand(x, dtype, device) : castTo(x, dtype);
}

/** The device of the first operand among `xs` ("cpu" when all are scalars). */
export function deviceOf(...xs: unknown[]): string {
  for (const x of xs) if (typeof x === "object" && x !== null && "storage" in x) return (x as Operand).storage.device;
  return "cpu";
}

/** The float dtype an integer input of a float op computes in. */
export function floatOf(ctx: Ctx, d: DType): DType {
  return isFloat(d) ? d : ctx.defaultFloat;
}

/** PyTorch's check before writing a `from` result into `out` (in-place ops, `out=`). */
export function checkTorchOut(from: DType, out: Operand): void {
  torchCastOut(from, out.storage.dtype);
}

/** PyTorch's check before casting a result of dtype `from` into an `out=` of dtype `to` (add, mean, outer, ...). */
export function torchCastOut(from: DType, to: DType): void {
  if (!torchCanCast(from, to)) {
    throw new RuntimeError(
      `result type ${TORCH_TYPE_NAME[from]} can't be cast to the desired output type ${TORCH_TYPE_NAME[to]}`,
    );
  }
}

/** PyTorch's check for an `out` that must have the result's dtype: "Found dtype Double but expected Float". */
export function checkFoundDtype(dt: DType, to: DType): void {
  if (to !== dt) throw new RuntimeError(`Found dtype ${TORCH_TYPE_NAME[to]} but expected ${TORCH_TYPE_NAME[dt]}`);
}

/** NumPy's check of the `out` of an op made of a ufunc (np.std's sqrt, np.clip, np.matmul): same_kind. */
export function npUfuncOut(ufunc: string): (from: DType, to: DType) => void {
  return (from, to) => {
    if (!canCastSameKind(from, to)) {
      throw new TypeError(
        `Cannot cast ufunc '${ufunc}' output from dtype('${from}') to dtype('${to}') with casting rule 'same_kind'`,
      );
    }
  };
}

/** NumPy's check of an `out` that array data is copied into (concatenate's, round's of integers): same_kind. */
export function npDataOut(from: DType, to: DType): void {
  if (!canCastSameKind(from, to)) {
    throw new TypeError(
      `Cannot cast array data from dtype('${from}') to dtype('${to}') according to the rule 'same_kind'`,
    );
  }
}

/** PyTorch's check for the `out=` of ops that write only their result's dtype (matmul, gather, argmax, ...). */
export function torchExactOut(from: DType, to: DType): void {
  if (from !== to) {
    throw new RuntimeError(
      `Expected out tensor to have dtype ${CPP_TYPE_NAME[from]}, but got ${CPP_TYPE_NAME[to]} instead`,
    );
  }
}

/** An out rule of PyTorch's own wording: `message(from, to)` when the dtypes differ. */
export function torchSameOut(message: (from: DType, to: DType) => string): (from: DType, to: DType) => void {
  return (from, to) => {
    if (from !== to) throw new RuntimeError(message(from, to));
  };
}

/** PyTorch writes a result of any dtype into any out (bernoulli's samples are 0 and 1). */
export function torchAnyOut(): void {}

const CASTINGS = ["no", "equiv", "safe", "same_kind", "unsafe"];

/** NumPy's casting rule by name ("no" and "equiv" allow only the same dtype: byte order is always native here). */
export function checkCasting(from: DType, to: DType, casting: string, what = "array data"): void {
  if (!CASTINGS.includes(casting)) {
    throw new RangeError(`casting must be one of 'no', 'equiv', 'safe', 'same_kind', 'unsafe' (got '${casting}')`);
  }
  if (
    from === to || casting === "unsafe" || (casting === "safe" && canCastSafely(from, to)) ||
    (casting === "same_kind" && canCastSameKind(from, to))
  ) return;
  throw new TypeError(`Cannot cast ${what} from dtype('${from}') to dtype('${to}') according to the rule '${casting}'`);
}

/** `x`'s memory seen through another layout (a view op's result). */
export const view = (x: Operand, layout: View): Operand => ({ storage: x.storage, layout });

/** An `ints` argument as a list. */
export const list = (v: number | readonly number[]): number[] => (typeof v === "number" ? [v] : [...v]);

/** A JS value (number, nested list) as an array, an array as itself: np.asarray. */
export const asArray = (op: string, v: unknown): Operand => asOperand(v) ?? toOperand(op, v as ArrayData);

// ---------- host helpers (the statistics' loops over float64 copies) ----------

/** The elements of x, flattened, as float64 (a host copy). */
export function hostValues(x: Operand): Float64Array {
  const c = contiguous(castTo(onHost(x), "float64"));
  return (c.storage.data as Float64Array).subarray(c.layout.offset, c.layout.offset + c.layout.size);
}

/** A float64 operand of JS numbers (1-d unless a shape is given). */
export function float64s(v: ArrayLike<number>, shape = [v.length]): Operand {
  const o = empty(shape, "float64");
  (o.storage.data as Float64Array).set(v);
  return o;
}

/** The [min, max] of the values, NaN when any is NaN (as PyTorch's aminmax). */
export function extremes(xv: ArrayLike<number>): [number, number] {
  let lo = xv[0], hi = xv[0];
  for (let i = 0; i < xv.length; i++) {
    const v = xv[i];
    [lo, hi] = [v < lo || v !== v ? v : lo, v > hi || v !== v ? v : hi];
  }
  return [lo, hi];
}

/** C++'s printing of a double in PyTorch's messages (inf, nan). */
export const cppNumber = (v: number) =>
  Number.isNaN(v) ? "nan" : Number.isFinite(v) ? String(v) : v > 0 ? "inf" : "-inf";

/** NumPy's promote_types, re-exported for declarations. */
export { promoteTypes };

/**
 * NumPy's legacy leniency for 0-d arrays: an integer axis of 0 or -1 (not a tuple) is accepted by its ufunc
 * reductions (sum, prod, max, min, all, any and what is built on them: nansum, ptp, count_nonzero, nanmean), which
 * then reduce nothing, and by its axis-checking ops (argmax, argmin, cumsum, cumprod), which see the array as 1-d.
 * Returns the axis to use: `[]` (reduce nothing) or, for the axis-checking ops (`flat`), null (the ravel).
 */
export function npAxis0d<A>(x: Operand, axis: A, flat = false): A | [] | null {
  if (x.layout.ndim !== 0 || (axis !== 0 && axis !== -1)) return axis;
  return flat ? null : [];
}

/** PyTorch's memory_format keyword (null: the op's default), by the names torch.preserveFormat etc. hold. */
export const MEMORY_FORMAT = opt("memoryFormat", "string", null, { choices: MEMORY_FORMATS });

/** NumPy's `order` of a new array made from or like another (C, F, A or K), defaulting to `dflt`. */
export const ORDER = (dflt: NpOrder) => opt("order", "string", dflt, { choices: ["C", "F", "A", "K"] });
