/**
 * NumPy's ufunc `where=` keyword, for every op declared with a ufunc
 * signature (NP_UNARY, NP_BINARY: `sig.ufunc`), handled once here rather
 * than in each implementation: the op runs on all elements, then only the
 * masked ones are written.
 */
import { fmtTuple, OutShapeError } from "../../core/errors.ts";
import { snakeCase } from "../../core/names.ts";
import { broadcastShapes, broadcastsTo } from "../../core/shape.ts";
import { where as whereOp } from "../../ops/elementwise.ts";
import { castTo, copyInto, scalarOperand } from "../../ops/operand.ts";
import type { Args, Ctx } from "../define.ts";
import type { Compiled } from "../surface.ts";
import { isScalar, npUfuncOut, type Operand } from "./common.ts";

let warned = false;

/**
 * Runs a ufunc call with its `where` mask: where the mask (broadcast with the
 * inputs, so it may widen the result) is true the op's value, elsewhere what
 * `out` held. Without `out` NumPy leaves those elements uninitialized (and
 * warns); here they are zeros, so a result never shows stale memory.
 */
export function runUfuncWhere(c: Compiled, args: Args, ctx: Ctx): unknown {
  const where = args.where as Operand | boolean | number;
  if (where === true) return c.overload.impl(args, ctx);
  const r = c.overload.impl({ ...args, out: null, where: true }, ctx) as Operand;
  const dev = r.storage.device;
  // NumPy converts the mask with bool(): any number or dtype is accepted, non-zero is true
  const mask = isScalar(where)
    ? scalarOperand(Boolean(where), "bool", dev)
    : where.storage.dtype === "bool"
    ? where
    : castTo(where, "bool");
  const name = c.decl.np?.names[0] ?? c.decl.name;
  const shape = broadcastShapes(name, r.layout.shape, mask.layout.shape);
  const out = args.out as Operand | null;
  if (!out) {
    if (!warned) {
      warned = true;
      console.warn(
        "UserWarning: 'where' used without 'out', expect unitialized memory in output. If this is intentional, " +
          "use out=None. (dendrite fills those elements with zeros)",
      );
    }
    return whereOp(mask, r, scalarOperand(0, r.storage.dtype, dev));
  }
  if (!broadcastsTo(shape, out.layout.shape)) {
    throw new OutShapeError(
      name,
      `non-broadcastable output operand with shape ${fmtTuple(out.layout.shape)} doesn't match the broadcast shape ` +
        fmtTuple(shape),
      out.layout.shape,
      shape,
    );
  }
  npUfuncOut(UFUNC_NAME[name] ?? snakeCase(name))(r.storage.dtype, out.storage.dtype);
  // (the op's value is cast into out's dtype only where it is written: a float result into an int out stays exact)
  const keep = r.storage.dtype === out.storage.dtype ? r : castTo(r, out.storage.dtype);
  copyInto(whereOp(mask, keep, out), out);
  return out;
}

/** NumPy's ufunc names where np's first name is an alias of it. */
const UFUNC_NAME: Record<string, string> = { abs: "absolute", mod: "remainder" };
