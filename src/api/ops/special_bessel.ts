/**
 * torch.special's Bessel and Airy functions: airyAi, besselJ0/J1/Y0/Y1,
 * modifiedBesselI0/I1/K0/K1, scaledModifiedBesselK0/K1 and
 * sphericalBesselJ0. Float ops of one tensor (integers and bool compute in
 * the default float dtype) with `out`; the kernels are the element-wise
 * table's (kernels/include/special_fns.h, PyTorch's Cephes algorithms run
 * in the tensor's own float type). PyTorch gives them no derivative and
 * records no node: their results never require grad (NONDIFF).
 */
import { defineUnary } from "../../ops/elementwise.ts";
import { type Args, type Ctx, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import { torchUnary } from "./elementwise.ts";

/** The functions with a Python wrapper in torch.special name the tensor `input` (the ATen schema's `x` works too). */
const INPUT_SIG = { pos: [req("input", "array", { aliases: ["x"] })], kw: [opt("out", "out", null)] } as const;
/** The others (airy_ai, scaled_modified_bessel_k0/k1, spherical_bessel_j0) have only the schema's `x`. */
const X_SIG = { pos: [req("x", "array")], kw: [opt("out", "out", null)] } as const;

/** A function whose tensor is `input`; `cname` is its kernel in the element-wise table. */
function besselInput<const N extends string>(name: N, cname: string, doc: string) {
  const impl = torchUnary(defineUnary(name, cname), "float");
  return defineOp({ name, doc, torch: { names: [name], overloads: [{ sig: INPUT_SIG, impl }] } });
}

/** A function whose tensor is `x`. */
function besselX<const N extends string>(name: N, cname: string, doc: string) {
  const run = torchUnary(defineUnary(name, cname), "float");
  const impl = (a: Args, ctx: Ctx) => run({ input: a.x, out: a.out }, ctx);
  return defineOp({ name, doc, torch: { names: [name], overloads: [{ sig: X_SIG, impl }] } });
}

/**
 * The ops, by dendrite name (PyTorch's snake_case in camelCase), as torch.special's functions.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const x = torch.tensor([0, 1], { dtype: torch.float64 });
 * assert.deepEqual(torch.special.besselJ0(x).tolist(), [1, 0.7651976865579665]);
 * assert.deepEqual(torch.special.modifiedBesselK0(x).tolist(), [Infinity, 0.4210244382407082]);
 * assert.equal(torch.special.airyAi({ x: torch.tensor([200]) }).item(), 0);
 * ```
 */
export const SPECIAL_BESSEL_FNS = {
  airyAi: besselX(
    "airyAi",
    "airy_ai",
    "The Airy function Ai(x) (NaN at ±inf, 0 above 103.892).",
  ),
  besselJ0: besselInput(
    "besselJ0",
    "bessel_j0",
    "The Bessel function of the first kind of order 0.",
  ),
  besselJ1: besselInput(
    "besselJ1",
    "bessel_j1",
    "The Bessel function of the first kind of order 1.",
  ),
  besselY0: besselInput(
    "besselY0",
    "bessel_y0",
    "The Bessel function of the second kind of order 0 (-inf at 0, NaN below).",
  ),
  besselY1: besselInput(
    "besselY1",
    "bessel_y1",
    "The Bessel function of the second kind of order 1 (-inf at 0, NaN below).",
  ),
  modifiedBesselI0: besselInput(
    "modifiedBesselI0",
    "modified_bessel_i0",
    "The modified Bessel function of the first kind of order 0.",
  ),
  modifiedBesselI1: besselInput(
    "modifiedBesselI1",
    "modified_bessel_i1",
    "The modified Bessel function of the first kind of order 1.",
  ),
  modifiedBesselK0: besselInput(
    "modifiedBesselK0",
    "modified_bessel_k0",
    "The modified Bessel function of the second kind of order 0 (inf at 0, NaN below).",
  ),
  modifiedBesselK1: besselInput(
    "modifiedBesselK1",
    "modified_bessel_k1",
    "The modified Bessel function of the second kind of order 1 (inf at 0, NaN below).",
  ),
  scaledModifiedBesselK0: besselX(
    "scaledModifiedBesselK0",
    "scaled_modified_bessel_k0",
    "The exponentially scaled modified Bessel function K0(x) exp(x).",
  ),
  scaledModifiedBesselK1: besselX(
    "scaledModifiedBesselK1",
    "scaled_modified_bessel_k1",
    "The exponentially scaled modified Bessel function K1(x) exp(x).",
  ),
  sphericalBesselJ0: besselX(
    "sphericalBesselJ0",
    "spherical_bessel_j0",
    "The spherical Bessel function of the first kind of order 0, sin(x) / x.",
  ),
};
