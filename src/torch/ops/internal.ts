/**
 * torch-only primitives the derivatives are written with: scattering a
 * view's gradient into its base's shape and back (every view op's
 * backward, and PyTorch's CopySlices), and accumulating values at an index
 * (advanced indexing's backward). Their names start with `_`: they are
 * reachable from derivatives but not part of the public namespace.
 */
import { type Args, defineOp } from "../../api/define.ts";
import { req } from "../../api/signature.ts";
import { torchParts } from "../../api/ops/index.ts";
import type { View } from "../../core/view.ts";
import { addIndex } from "../../ops/index.ts";
import { castTo, contiguous, copyInto, type Operand, zeros } from "../../ops/operand.ts";

/** A buffer laid out like `base` (over a storage of `length`), zero. */
function likeBase(g: Operand, base: View, length: number): Operand {
  const z = zeros([length], g.storage.dtype, g.storage.device);
  return { storage: z.storage, layout: base };
}

/** A base-shaped tensor: `g` on the view's elements, zero elsewhere. */
function viewScatter(g: Operand, base: View, view: View, length: number): Operand {
  const buf = likeBase(g, base, length);
  copyInto(g, { storage: buf.storage, layout: view });
  return contiguous(buf, true);
}

/** The view's elements of a base-shaped `g`, as a new tensor. */
function viewGather(g: Operand, base: View, view: View, length: number): Operand {
  const buf = likeBase(g, base, length);
  copyInto(g, buf);
  return contiguous({ storage: buf.storage, layout: view }, true);
}

/** The internal torch ops (see above). */
export const INTERNAL = {
  _viewScatter: defineOp({
    name: "_viewScatter",
    doc: "g on a view's elements of a zero base.",
    torch: {
      names: ["_viewScatter"],
      overloads: [{
        sig: { pos: [req("g", "array"), req("base", "any"), req("view", "any"), req("length", "int")], kw: [] },
        impl: (a: Args) => viewScatter(a.g, a.base as View, a.view as View, a.length),
      }],
    },
  }),
  _viewGather: defineOp({
    name: "_viewGather",
    doc: "A view's elements of a base-shaped g.",
    torch: {
      names: ["_viewGather"],
      overloads: [{
        sig: { pos: [req("g", "array"), req("base", "any"), req("view", "any"), req("length", "int")], kw: [] },
        impl: (a: Args) => viewGather(a.g, a.base as View, a.view as View, a.length),
      }],
    },
  }),
  _indexPutAcc: defineOp({
    name: "_indexPutAcc",
    doc: "A copy of input with values added at an index (repeats accumulate).",
    torch: {
      names: ["_indexPutAcc"],
      overloads: [{
        sig: { pos: [req("input", "array"), req("index", "index"), req("values", "array")], kw: [] },
        impl: (a: Args) => {
          const out = contiguous(a.input, true);
          addIndex(out, torchParts(a.index), castTo(a.values, out.storage.dtype));
          return out;
        },
      }],
    },
  }),
};
