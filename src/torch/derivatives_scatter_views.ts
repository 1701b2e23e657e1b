/**
 * The derivatives of the view scatters (src/torch/ops/scatter_views.ts), as
 * PyTorch's derivatives.yaml: the input's gradient is g with the scattered
 * view zeroed (the same scatter of zeros), src's is g's view. Merged into
 * the one table (src/torch/derivatives.ts).
 */
import type { Args } from "../api/define.ts";
import type { Derivative } from "./derivatives.ts";
import type { Tensor } from "./tensor.ts";
import { Slice } from "../ops/index.ts";

/** A derivative from the view of g that src fills and the scatter that zeroes it. */
function viewScatter(
  name: string,
  part: (g: Tensor, a: Args) => Tensor,
  zeroed: (g: Tensor, zeros: Tensor, a: Args) => Tensor,
): Derivative {
  return {
    name,
    inputs: ["input", "src"],
    vjp: (g, c) => {
      const gv = part(g, c.a);
      return [
        c.needs[0] ? zeroed(g, g.newZeros(gv.shape), c.a) : null,
        c.needs[1] ? gv : null,
      ];
    },
  };
}

/** g's slice start:end:step of dim (as Python indexes it). */
const sliceOf = (g: Tensor, a: Args): Tensor => {
  const d = a.dim < 0 ? a.dim + g.ndim : a.dim;
  return g.get([...Array(d).fill(new Slice(null, null, null)), new Slice(a.start, a.end, a.step)]);
};

/** By overload id. */
export const SCATTER_VIEWS_DERIVATIVES: Readonly<Record<string, Derivative>> = {
  diagonalScatter: viewScatter(
    "DiagonalScatterBackward0",
    (g, a) => g.diagonal(a.offset, a.dim1, a.dim2),
    (g, z, a) => g.diagonalScatter(z, a.offset, a.dim1, a.dim2),
  ),
  selectScatter: viewScatter(
    "SelectScatterBackward0",
    (g, a) => g.select(a.dim, a.index),
    (g, z, a) => g.selectScatter(z, a.dim, a.index),
  ),
  sliceScatter: viewScatter(
    "SliceScatterBackward0",
    (g, a) => sliceOf(g, a),
    (g, z, a) => g.sliceScatter(z, a.dim, a.start, a.end, a.step),
  ),
};
