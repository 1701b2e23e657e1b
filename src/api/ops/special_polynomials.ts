/**
 * torch.special's orthogonal polynomials of degree n: chebyshevPolynomialT/
 * U/V/W, shiftedChebyshevPolynomialT/U/V/W, hermitePolynomialH/He,
 * laguerrePolynomialL and legendrePolynomialP. Each takes (x, n) as PyTorch
 * does: tensors that broadcast, or a number for either (not both), promoted
 * together to a float dtype (integers and bool to the default one); n is
 * then truncated to an integer in the kernel (kernels/include/
 * special_fns.h), and a negative, NaN or infinite degree gives 0. PyTorch
 * gives them no derivative and records no node: their results never require
 * grad (NONDIFF).
 */
import { type BinaryFn, defineBinary } from "../../ops/elementwise.ts";
import { type Args, type Ctx, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import { torchBinary } from "./elementwise.ts";

/** PyTorch's schema: (Tensor x, Tensor n), (Number x, Tensor n) and (Tensor x, Number n), all with `out`. */
const POLYNOMIAL_SIG = {
  pos: [req("x", "arrayOrScalar"), req("n", "arrayOrScalar")],
  kw: [opt("out", "out", null)],
} as const;

/** One polynomial's declaration: its kernel is the table's `cname`. */
function polynomial<const N extends string>(name: N, cname: string, doc: string) {
  const kernel: BinaryFn = defineBinary(name, cname);
  return defineOp({
    name,
    doc,
    torch: {
      names: [name],
      overloads: [{
        sig: POLYNOMIAL_SIG,
        impl: (a: Args, ctx: Ctx) => torchBinary(kernel, "float", a.x, a.n, ctx, a.out),
      }],
    },
  });
}

/**
 * The ops, by dendrite name (PyTorch's snake_case in camelCase), as torch.special's functions.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const x = torch.tensor([[0.5], [2]], { dtype: torch.float64 });
 * // T_n(x) for n = 0..3, broadcast over x
 * assert.deepEqual(torch.special.chebyshevPolynomialT(x, torch.tensor([0, 1, 2, 3])).tolist(), [
 *   [1, 0.5, -0.5, -1],
 *   [1, 2, 7, 26],
 * ]);
 * assert.deepEqual(torch.special.hermitePolynomialH(x, { n: 2 }).tolist(), [[-1], [14]]);
 * assert.equal(torch.special.legendrePolynomialP(x, -1).sum().item(), 0); // a negative degree gives 0
 * ```
 */
export const SPECIAL_POLYNOMIAL_FNS = {
  chebyshevPolynomialT: polynomial(
    "chebyshevPolynomialT",
    "chebyshev_t",
    "The Chebyshev polynomial of the first kind T_n(x).",
  ),
  chebyshevPolynomialU: polynomial(
    "chebyshevPolynomialU",
    "chebyshev_u",
    "The Chebyshev polynomial of the second kind U_n(x).",
  ),
  chebyshevPolynomialV: polynomial(
    "chebyshevPolynomialV",
    "chebyshev_v",
    "The Chebyshev polynomial of the third kind V_n(x).",
  ),
  chebyshevPolynomialW: polynomial(
    "chebyshevPolynomialW",
    "chebyshev_w",
    "The Chebyshev polynomial of the fourth kind W_n(x).",
  ),
  shiftedChebyshevPolynomialT: polynomial(
    "shiftedChebyshevPolynomialT",
    "shifted_chebyshev_t",
    "The shifted Chebyshev polynomial of the first kind T*_n(x) = T_n(2x - 1).",
  ),
  shiftedChebyshevPolynomialU: polynomial(
    "shiftedChebyshevPolynomialU",
    "shifted_chebyshev_u",
    "The shifted Chebyshev polynomial of the second kind U*_n(x) = U_n(2x - 1).",
  ),
  shiftedChebyshevPolynomialV: polynomial(
    "shiftedChebyshevPolynomialV",
    "shifted_chebyshev_v",
    "The shifted Chebyshev polynomial of the third kind V*_n(x) = V_n(2x - 1).",
  ),
  shiftedChebyshevPolynomialW: polynomial(
    "shiftedChebyshevPolynomialW",
    "shifted_chebyshev_w",
    "The shifted Chebyshev polynomial of the fourth kind W*_n(x) = W_n(2x - 1).",
  ),
  hermitePolynomialH: polynomial(
    "hermitePolynomialH",
    "hermite_h",
    "The physicists' Hermite polynomial H_n(x) (NaN above degree 128 in float32, 512 in float64, as PyTorch).",
  ),
  hermitePolynomialHe: polynomial(
    "hermitePolynomialHe",
    "hermite_he",
    "The probabilists' Hermite polynomial He_n(x) (NaN above degree 128 in float32, 512 in float64, as PyTorch).",
  ),
  laguerrePolynomialL: polynomial(
    "laguerrePolynomialL",
    "laguerre_l",
    "The Laguerre polynomial L_n(x).",
  ),
  legendrePolynomialP: polynomial(
    "legendrePolynomialP",
    "legendre_p",
    "The Legendre polynomial P_n(x).",
  ),
};
