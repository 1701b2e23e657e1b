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
import { View } from "../../core/view.ts";
import { backendOf } from "../../backend/backend.ts";
import { addIndex, scatterAt } from "../../ops/index.ts";
import { castTo, contiguous, copyInto, empty, type Operand, scalarOperand, zeros } from "../../ops/operand.ts";
import * as U from "../../ops/ufuncs.ts";

/** A buffer laid out like `base` (over a storage of `length`), zero. */
function likeBase(g: Operand, base: View, length: number): Operand {
  const z = zeros([length], g.storage.dtype, g.storage.device);
  return { storage: z.storage, layout: base };
}

/** A base-shaped tensor: `g` on the view's elements, zero elsewhere. */
function viewScatter(g: Operand, base: View, view: View, length: number): Operand {
  if (overlaps(base) || overlaps(view)) {
    // an expanded base (or view) reaches storage elements through several indices: PyTorch's as_strided
    // backward for overlapping geometry gives each storage element the sum of the view's gradient on it,
    // shared evenly by the base elements on it (writing through the alias gave every alias the whole value)
    const sg = addAt(length, offsetsOf(view), g);
    return U.divide(contiguous({ storage: sg.storage, layout: base }, true), countOn(base, length, g));
  }
  const be = backendOf(g);
  if (
    be.viewScatter && base.isContiguous && base.offset === 0 && base.size === length &&
    view.strides.every((s, i) => s > 0 || view.shape[i] <= 1)
  ) {
    // one pass over new memory: the gaps zeroed and g written in, in address order (the usual slice backward)
    const out = empty([length], g.storage.dtype, g.storage.device), src = contiguous(g);
    be.viewScatter(src, out.storage, view);
    return { storage: out.storage, layout: base };
  }
  const buf = likeBase(g, base, length);
  copyInto(g, { storage: buf.storage, layout: view });
  return contiguous(buf); // buf is new memory: a copy only when the base is not a whole contiguous storage
}

/** The view's elements of a base-shaped `g`, as a new tensor. */
function viewGather(g: Operand, base: View, view: View, length: number): Operand {
  if (overlaps(base) || overlaps(view)) {
    // the adjoint of viewScatter's overlapping case
    const sb = addAt(length, offsetsOf(base), U.divide(g, countOn(base, length, g)));
    return contiguous({ storage: sb.storage, layout: view }, true);
  }
  const buf = likeBase(g, base, length);
  copyInto(g, buf);
  return contiguous({ storage: buf.storage, layout: view }, true);
}

/**
 * Whether a view may reach an element through two indices (expand's zero strides, unfold's or as_strided's
 * overlapping windows): PyTorch's _maybe_overlapping_memory, each stride (by size) past the extent of the smaller.
 */
function overlaps(v: View): boolean {
  const dims = [...v.shape.keys()].filter((i) => v.shape[i] > 1);
  dims.sort((i, j) => Math.abs(v.strides[i]) - Math.abs(v.strides[j]));
  let extent = 0;
  for (const i of dims) {
    const s = Math.abs(v.strides[i]);
    if (s <= extent) return true;
    extent += s * (v.shape[i] - 1);
  }
  return false;
}

/** The storage offsets of a view's elements, in C order. */
function offsetsOf(v: View): BigInt64Array {
  const n = v.size, nd = v.ndim, out = new BigInt64Array(n), idx = new Array<number>(nd).fill(0);
  let off = v.offset;
  for (let k = 0; k < n; k++) {
    out[k] = BigInt(off);
    for (let d = nd - 1; d >= 0; d--) {
      off += v.strides[d];
      if (++idx[d] < v.shape[d]) break;
      off -= v.strides[d] * v.shape[d];
      idx[d] = 0;
    }
  }
  return out;
}

/** A zero buffer of `length` elements with `src` (C order) added at storage offsets (repeats accumulate). */
function addAt(length: number, offsets: BigInt64Array, src: Operand): Operand {
  const buf = zeros([length], src.storage.dtype, src.storage.device);
  scatterAt(buf, offsets, src, 2);
  return buf;
}

/** How many of the base's elements lie on each storage element, read through the base's layout. */
function countOn(base: View, length: number, like: Operand): Operand {
  const one = scalarOperand(1, like.storage.dtype, like.storage.device);
  const ones = { storage: one.storage, layout: new View([base.size], [0], 0) };
  const c = addAt(length, offsetsOf(base), ones);
  return contiguous({ storage: c.storage, layout: base }, true);
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
          addIndex(out, torchParts(a.index), castTo(a.values, out.storage.dtype), true);
          return out;
        },
      }],
    },
  }),
};
