/**
 * softmax, logSoftmax and logsumexp: primitives with their own derivatives
 * rather than composites, because the stable forms (subtracting the max)
 * and their closed-form backward passes are both faster and more accurate.
 */
import { type Args, type Ctx, defineOp } from "../../api/define.ts";
import { floatOf, torchCastOut } from "../../api/ops/common.ts";
import { intoOut, torchDims } from "../../api/ops/reduce.ts";
import { opt, req } from "../../api/signature.ts";
import { isFloat, TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import { normalizeAxis } from "../../core/shape.ts";
import { where as whereOp } from "../../ops/elementwise.ts";
import { backendOf } from "../../backend/backend.ts";
import { castTo, empty, type Operand, scalarOperand } from "../../ops/operand.ts";
import * as R from "../../ops/reduce.ts";
import * as U from "../../ops/ufuncs.ts";

/** log(sum(exp(x))) over `dims`, shifted by the max (an all -inf slice gives -inf, not NaN). */
export function logsumexp(x: Operand, dims: number[], keepdim: boolean): Operand {
  if (x.layout.size === 0) return U.log(R.sum(x, dims, keepdim));
  const m = R.max(x, dims, true);
  const shift = whereOp(U.isinf(m), scalarOperand(0, m.storage.dtype), m);
  const s = U.add(U.log(R.sum(U.exp(U.subtract(x, shift)), dims, true)), shift);
  return keepdim ? s : { storage: s.storage, layout: s.layout.squeeze("logsumexp", dims) };
}

/** The input in `dtype` when given; else a float input itself (PyTorch's kernels refuse others, by their name). */
function floatInput(a: Args, ctx: Ctx, log: boolean): Operand {
  const x: Operand = a.input, dt = x.storage.dtype;
  if (!a.dtype && !isFloat(dt)) {
    const last = x.layout.ndim === 0 || dimOf(x, a.dim) === x.layout.ndim - 1 ? "lastdim_" : "";
    throw new RuntimeError(
      `"${log ? "log_" : ""}softmax_${last}kernel_impl" not implemented for '${TORCH_TYPE_NAME[dt]}'`,
    );
  }
  return castTo(x, a.dtype ?? floatOf(ctx, dt));
}

const dimOf = (x: Operand, dim: number) => normalizeAxis("softmax", dim, Math.max(x.layout.ndim, 1));

/**
 * log_softmax along one dim, (x - max) - log(sum(exp(x - max))), or softmax, exp(x - max) * (1 / sum(exp(x - max))),
 * as PyTorch computes them (an infinite max makes the row NaN, unlike logsumexp): one kernel per row where the backend
 * has it, else the composite.
 */
function softmaxOf(x: Operand, dim: number, log: boolean): Operand {
  if (x.layout.ndim === 0) {
    const z = U.subtract(x, x);
    return log ? z : U.exp(z);
  }
  const d = dimOf(x, dim), be = backendOf(x);
  if (x.layout.size === 0) return empty(x.layout.shape, x.storage.dtype, x.storage.device); // (no max of no values)
  if (be.softmax) {
    const out = empty(x.layout.shape, x.storage.dtype, x.storage.device);
    be.softmax(x, d, out, log);
    return out;
  }
  const z = U.subtract(x, R.max(x, [d], true));
  const e = U.exp(z), s = R.sum(e, [d], true);
  return log ? U.subtract(z, U.log(s)) : U.multiply(e, U.divide(1, s));
}

const SIG = {
  pos: [req("input", "array"), req("dim", "int", { aliases: ["axis"] })],
  kw: [opt("dtype", "dtype", null)],
} as const;

/** softmax and friends (torch). */
export const SOFTMAX = {
  softmax: defineOp({
    name: "softmax",
    doc: "exp(x) / sum(exp(x)) along a dim.",
    torch: {
      names: ["softmax"],
      methods: ["softmax"],
      overloads: [{ sig: SIG, impl: (a: Args, ctx: Ctx) => softmaxOf(floatInput(a, ctx, false), a.dim, false) }],
    },
  }),
  logSoftmax: defineOp({
    name: "logSoftmax",
    doc: "log(softmax(x)) along a dim, computed stably.",
    torch: {
      names: ["logSoftmax"],
      methods: ["logSoftmax"],
      overloads: [{ sig: SIG, impl: (a: Args, ctx: Ctx) => softmaxOf(floatInput(a, ctx, true), a.dim, true) }],
    },
  }),
  logsumexp: defineOp({
    name: "logsumexp",
    doc: "log(sum(exp(x))) over dims, computed stably.",
    torch: {
      names: ["logsumexp"],
      methods: ["logsumexp"],
      overloads: [{
        sig: {
          pos: [
            req("input", "array"),
            req("dim", "ints", { aliases: ["axis"] }),
            opt("keepdim", "bool", false, { aliases: ["keepdims"] }),
          ],
          kw: [opt("out", "out", null)],
        },
        impl: (a: Args, ctx: Ctx) => {
          // (integers compute in the default float, as PyTorch's)
          const x = castTo(a.input, floatOf(ctx, (a.input as Operand).storage.dtype));
          const r = logsumexp(x, torchDims("logsumexp", x, a.dim), a.keepdim);
          return intoOut(r, a.out, "logsumexp", (from, to) => {
            if (!isFloat(to)) {
              throw new RuntimeError(
                `logsumexp(): Expected floating point type for result tensor, but got: ${TORCH_TYPE_NAME[to]}`,
              );
            }
            torchCastOut(from, to);
          });
        },
      }],
    },
  }),
};
