/**
 * torch's view scatters: diagonal_scatter, select_scatter and slice_scatter,
 * a copy of the input with one view of it (a diagonal, the index of a dim, a
 * strided slice) overwritten by `src`, which must have that view's shape.
 * Each is a primitive with its own derivative
 * (src/torch/derivatives_scatter_views.ts), as PyTorch's: the input's
 * gradient is g with the view zeroed, src's is g's view.
 */
import { type Args, defineOp } from "../../api/define.ts";
import { opt, req, type Sig } from "../../api/signature.ts";
import { RuntimeError } from "../../core/errors.ts";
import { normalizeAxis } from "../../core/shape.ts";
import type { View } from "../../core/view.ts";
import { Slice } from "../../ops/index.ts";
import { contiguous, copyInto, type Operand } from "../../ops/operand.ts";
import { torchSelect } from "../../api/ops/shape.ts";

const INPUT = req("input", "array");
const SRC = req("src", "array");

/** A copy of `x` whose view `at(layout)` holds `src` (cast to x's dtype); PyTorch's error for a src of another shape. */
function scatterView(x: Operand, src: Operand, at: (l: View) => View): Operand {
  const out = contiguous(x, true), v = at(out.layout), s = src.layout.shape;
  if (s.length !== v.ndim || s.some((n, i) => n !== v.shape[i])) {
    throw new RuntimeError(
      `expected src to have a size equal to the slice of self. src size = [${s.join(", ")}], slice size = [${
        v.shape.join(", ")
      }]`,
    );
  }
  copyInto(src, { storage: out.storage, layout: v });
  return out;
}

/** diagonal_scatter's view: PyTorch's error for identical dims. */
function diagonalOf(a: Args) {
  return (l: View): View => {
    const d1 = normalizeAxis("diagonal", a.dim1, l.ndim), d2 = normalizeAxis("diagonal", a.dim2, l.ndim);
    if (d1 === d2) throw new RuntimeError(`diagonal dimensions cannot be identical ${a.dim1}, ${a.dim2}`);
    return l.diagonal("diagonal", a.offset, d1, d2);
  };
}

/** select_scatter's view: select()'s, with its errors. */
const selectOf = (a: Args) => (l: View): View => torchSelect(l, a.dim, a.index);

/** slice_scatter's view: Python's slice start:end:step of dim (step positive); PyTorch's IndexError for 0-d. */
function sliceOf(a: Args) {
  return (l: View): View => {
    if (a.step <= 0) throw new RuntimeError("slice step must be positive");
    if (l.ndim === 0) throw new RangeError("slice() cannot be applied to a 0-dim tensor.");
    const d = normalizeAxis("slice", a.dim, l.ndim);
    return l.slice(d, ...new Slice(a.start, a.end, a.step).resolve(l.shape[d]));
  };
}

/** A view-scatter declaration (function and method). */
function scatterDecl<const N extends "diagonalScatter" | "selectScatter" | "sliceScatter", const S extends Sig>(
  name: N,
  doc: string,
  sig: S,
  at: (a: Args) => (l: View) => View,
) {
  return defineOp({
    name,
    doc,
    torch: {
      names: [name],
      methods: [name],
      overloads: [{
        sig,
        impl: (a: Args) => scatterView(a.input, a.src, at(a)),
      }],
    },
  });
}

/** The declarations. */
export const SCATTER_VIEWS = {
  diagonalScatter: scatterDecl(
    "diagonalScatter",
    "A copy of input with the diagonal of dim1 and dim2 (offset above the main one) replaced by src.",
    { pos: [INPUT, SRC, opt("offset", "int", 0), opt("dim1", "int", 0), opt("dim2", "int", 1)], kw: [] } as const,
    diagonalOf,
  ),
  selectScatter: scatterDecl(
    "selectScatter",
    "A copy of input with index `index` of dim `dim` replaced by src.",
    { pos: [INPUT, SRC, req("dim", "int"), req("index", "int")], kw: [] } as const,
    selectOf,
  ),
  sliceScatter: scatterDecl(
    "sliceScatter",
    "A copy of input with the slice start:end:step of dim replaced by src.",
    {
      pos: [
        INPUT,
        SRC,
        opt("dim", "int", 0),
        opt("start", "int", null),
        opt("end", "int", null),
        opt("step", "int", 1),
      ],
      kw: [],
    } as const,
    sliceOf,
  ),
};
