/**
 * PyTorch's `*_copy` twins of the view ops (`permute_copy`, `select_copy`,
 * ...: the view, then a C-order copy of it, as functionalization defines
 * them), the `unsafe_*` splits (pieces that are ordinary views, so in-place
 * ops on them are allowed), `split_with_sizes`, `nonzero_static`,
 * `as_strided_scatter` and the deprecated `frobenius_norm` /
 * `nuclear_norm`. Each is a composite of existing Tensor ops, so autograd
 * comes from those.
 */
import { type Args, defineOp, torchComposite } from "../../api/define.ts";
import { opt, req } from "../../api/signature.ts";
import { RuntimeError } from "../../core/errors.ts";
import { linalg } from "../functions.ts";
import type { Tensor } from "../tensor.ts";

const copyOp = torchComposite;

const IN = req("input", "array");
/** A C-order copy (functionalization's `view(...).clone(contiguous_format)`). */
const copy = (t: Tensor) => t.clone({ memoryFormat: "contiguousFormat" });
const copies = (ts: Tensor[]) => ts.map(copy);
/** The pieces of `x` along `dim` of the given sizes, each an ordinary view (narrow). */
function pieces(op: string, x: Tensor, sizes: readonly number[], dim: number): Tensor[] {
  const d = dim < 0 ? dim + x.ndim : dim, n = x.shape[d];
  const total = sizes.reduce((s, v) => s + v, 0);
  if (sizes.some((s) => s < 0) || total !== n) {
    throw new RuntimeError(
      `${op} expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${dim}), but got split_sizes=[${
        sizes.join(", ")
      }]`,
    );
  }
  let at = 0;
  return sizes.map((s) => {
    const p = x.narrow(d, at, s);
    at += s;
    return p;
  });
}
/** split_size's piece sizes along `dim` (the last one smaller). */
function splitSizes(x: Tensor, splitSize: number, dim: number): number[] {
  const n = x.shape[dim < 0 ? dim + x.ndim : dim];
  if (splitSize < 0) {
    throw new RuntimeError(`split expects split_size be non-negative, but got split_size=${splitSize}`);
  }
  if (splitSize === 0) {
    if (n !== 0) {
      throw new RuntimeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${n}`);
    }
    return [0];
  }
  return Array.from(
    { length: Math.max(1, Math.ceil(n / splitSize)) },
    (_, i) => Math.min(splitSize, n - i * splitSize),
  );
}

/**
 * The declarations of the view copies and unsafe splits.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { VIEW_COPIES } from "./view_copies.ts";
 * assert.ok("transposeCopy" in VIEW_COPIES);
 * const x = torch.tensor([[1, 2, 3], [4, 5, 6]]);
 * const t = torch.transposeCopy(x, 0, 1);
 * t.set([0, 0], 9); // a copy: x keeps its values
 * assert.deepEqual(t.tolist(), [[9, 4], [2, 5], [3, 6]]);
 * assert.equal(x.get([0, 0]).item(), 1);
 * assert.deepEqual(torch.unsafeChunk(x, 2, 1).map((c) => c.shape), [[2, 2], [2, 1]]);
 * assert.deepEqual(torch.nonzeroStatic(torch.tensor([0, 3, 0, 5]), { size: 3 }).tolist(), [[1], [3], [-1]]);
 * ```
 */
export const VIEW_COPIES = {
  aliasCopy: copyOp("aliasCopy", "A C-order copy of the tensor.", { pos: [IN], kw: [] }, (a) => copy(a.input)),
  detachCopy: copyOp(
    "detachCopy",
    "A C-order copy of the tensor, detached from autograd.",
    { pos: [IN], kw: [] },
    (a) => copy((a.input as Tensor).detach()),
  ),
  asStridedCopy: copyOp(
    "asStridedCopy",
    "A C-order copy of asStrided(size, stride, storageOffset).",
    { pos: [IN, req("size", "ints"), req("stride", "ints"), opt("storageOffset", "int", null)], kw: [] },
    (a) => copy((a.input as Tensor).asStrided(a.size, a.stride, a.storageOffset)),
  ),
  asStridedScatter: copyOp(
    "asStridedScatter",
    "A copy of the input with src written at the asStrided(size, stride, storageOffset) view of it.",
    {
      pos: [IN, req("src", "array"), req("size", "ints"), req("stride", "ints"), opt("storageOffset", "int", null)],
      kw: [],
    },
    (a) => {
      const out = copy(a.input);
      out.asStrided(a.size, a.stride, a.storageOffset).copy_(a.src);
      return out;
    },
  ),
  diagonalCopy: copyOp(
    "diagonalCopy",
    "A C-order copy of diagonal(offset, dim1, dim2).",
    { pos: [IN, opt("offset", "int", 0), opt("dim1", "int", 0), opt("dim2", "int", 1)], kw: [] },
    (a) => copy((a.input as Tensor).diagonal(a.offset, a.dim1, a.dim2)),
  ),
  expandCopy: copyOp(
    "expandCopy",
    "A C-order copy of expand(size).",
    { pos: [IN, req("size", "ints")], kw: [opt("implicit", "bool", false)] },
    (a) => copy((a.input as Tensor).expand(a.size)),
  ),
  permuteCopy: copyOp(
    "permuteCopy",
    "A C-order copy of permute(dims).",
    { pos: [IN, req("dims", "ints")], kw: [] },
    (a) => copy((a.input as Tensor).permute(a.dims)),
  ),
  selectCopy: copyOp(
    "selectCopy",
    "A C-order copy of select(dim, index).",
    { pos: [IN, req("dim", "int"), req("index", "int")], kw: [] },
    (a) => copy((a.input as Tensor).select(a.dim, a.index)),
  ),
  sliceCopy: copyOp(
    "sliceCopy",
    "A C-order copy of the slice start:end:step of dim.",
    {
      pos: [IN, opt("dim", "int", 0), opt("start", "int", null), opt("end", "int", null), opt("step", "int", 1)],
      kw: [],
    },
    (a) => {
      const x: Tensor = a.input;
      if (a.step <= 0) throw new RuntimeError("slice step must be positive");
      const d = a.dim < 0 ? a.dim + x.ndim : a.dim;
      if (!(d >= 0 && d < x.ndim)) {
        throw new RangeError(
          `Dimension out of range (expected to be in range of [${-x.ndim}, ${x.ndim - 1}], but got ${a.dim})`,
        );
      }
      // Python's slice start:end:step of dim d (its clamping of out-of-range bounds)
      return copy(x.get([...Array(d).fill(":"), `${a.start ?? ""}:${a.end ?? ""}:${a.step}`].join(",")));
    },
  ),
  splitCopy: copyOp(
    "splitCopy",
    "C-order copies of split(splitSize, dim).",
    { pos: [IN, req("splitSize", "int"), opt("dim", "int", 0)], kw: [] },
    (a) => copies(pieces("split", a.input, splitSizes(a.input, a.splitSize, a.dim), a.dim)),
    "arrays",
  ),
  splitWithSizes: copyOp(
    "splitWithSizes",
    "Views of consecutive pieces of the given sizes along dim (the sizes sum to its length).",
    { pos: [IN, req("splitSizes", "ints"), opt("dim", "int", 0)], kw: [] },
    (a) => (a.input as Tensor).split(a.splitSizes, a.dim),
    "arrays",
  ),
  splitWithSizesCopy: copyOp(
    "splitWithSizesCopy",
    "C-order copies of splitWithSizes(splitSizes, dim).",
    { pos: [IN, req("splitSizes", "ints"), opt("dim", "int", 0)], kw: [] },
    (a) => copies(pieces("split_with_sizes", a.input, [a.splitSizes].flat(), a.dim)),
    "arrays",
  ),
  squeezeCopy: copyOp(
    "squeezeCopy",
    "A C-order copy of squeeze(dim).",
    { pos: [IN, opt("dim", "ints", null)], kw: [] },
    (a) => copy(a.dim === null ? (a.input as Tensor).squeeze() : (a.input as Tensor).squeeze(a.dim)),
  ),
  tCopy: copyOp("tCopy", "A C-order copy of t().", { pos: [IN], kw: [] }, (a) => copy((a.input as Tensor).t())),
  transposeCopy: copyOp(
    "transposeCopy",
    "A C-order copy of transpose(dim0, dim1).",
    { pos: [IN, req("dim0", "int"), req("dim1", "int")], kw: [] },
    (a) => copy((a.input as Tensor).transpose(a.dim0, a.dim1)),
  ),
  unbindCopy: copyOp(
    "unbindCopy",
    "C-order copies of unbind(dim).",
    { pos: [IN, opt("dim", "int", 0)], kw: [] },
    (a) => copies((a.input as Tensor).unbind(a.dim)),
    "arrays",
  ),
  unfoldCopy: copyOp(
    "unfoldCopy",
    "A C-order copy of unfold(dimension, size, step).",
    { pos: [IN, req("dimension", "int"), req("size", "int"), req("step", "int")], kw: [] },
    (a) => copy((a.input as Tensor).unfold(a.dimension, a.size, a.step)),
  ),
  unsqueezeCopy: copyOp(
    "unsqueezeCopy",
    "A C-order copy of unsqueeze(dim).",
    { pos: [IN, req("dim", "int")], kw: [] },
    (a) => copy((a.input as Tensor).unsqueeze(a.dim)),
  ),
  viewCopy: copyOp(
    "viewCopy",
    "A C-order copy of view(size) (or of view(dtype)).",
    { pos: [IN, req("size", "any")], kw: [] },
    (a) => copy((a.input as Tensor).view(a.size)),
  ),
  unsafeChunk: copyOp(
    "unsafeChunk",
    "chunk whose pieces are ordinary views (in-place ops on them are allowed).",
    { pos: [IN, req("chunks", "int"), opt("dim", "int", 0)], kw: [] },
    (a) => {
      const x: Tensor = a.input;
      const sizes = x.chunk(a.chunks, a.dim).map((p) => p.shape[a.dim < 0 ? a.dim + x.ndim : a.dim]);
      return pieces("unsafe_chunk", x, sizes, a.dim);
    },
    "arrays",
  ),
  unsafeSplit: copyOp(
    "unsafeSplit",
    "split whose pieces are ordinary views (in-place ops on them are allowed).",
    { pos: [IN, req("splitSize", "int"), opt("dim", "int", 0)], kw: [] },
    (a) => pieces("unsafe_split", a.input, splitSizes(a.input, a.splitSize, a.dim), a.dim),
    "arrays",
  ),
  unsafeSplitWithSizes: copyOp(
    "unsafeSplitWithSizes",
    "splitWithSizes whose pieces are ordinary views (in-place ops on them are allowed).",
    { pos: [IN, req("splitSizes", "ints"), opt("dim", "int", 0)], kw: [] },
    (a) => pieces("split_with_sizes", a.input, [a.splitSizes].flat(), a.dim),
    "arrays",
  ),
  nonzeroStatic: copyOp(
    "nonzeroStatic",
    "nonzero's index rows, cut or padded with fillValue to exactly `size` rows.",
    { pos: [IN], kw: [req("size", "int"), opt("fillValue", "int", -1)] },
    (a) => {
      const x: Tensor = a.input;
      if (a.size < 0) {
        throw new RuntimeError(`nonzero_static: 'size' must be an non-negative integer, but got ${a.size}`);
      }
      const nz = x.nonzero(), n = nz.shape[0];
      if (n >= a.size) return copy(nz.narrow(0, 0, a.size));
      return nz.newFull([a.size, x.ndim], a.fillValue).sliceScatter(nz, 0, 0, n);
    },
  ),
  frobeniusNorm: copyOp(
    "frobeniusNorm",
    "Deprecated: the 2-norm over one or two dims (linalg.vectorNorm(x, 2, dim, keepdim)).",
    { pos: [IN, req("dim", "ints"), opt("keepdim", "bool", false)], kw: [] },
    (a) => {
      const dims = [a.dim].flat() as number[];
      if (dims.length > 2) {
        throw new RuntimeError(`Expected at most 2 dimensions, but got ${dims.length} dimensions instead.`);
      }
      return (a.input as Tensor).norm(2, dims, a.keepdim);
    },
  ),
  nuclearNorm: defineOp({
    name: "nuclearNorm",
    doc: "Deprecated: the sum of singular values over the last two dims, or `dim` (linalg.matrixNorm(x, 'nuc', ...)).",
    torch: {
      names: ["nuclearNorm"],
      overloads: [
        {
          sig: { pos: [IN, opt("keepdim", "bool", false)], kw: [] },
          composite: true,
          impl: (a: Args) => nuclear(a.input, [-2, -1], a.keepdim),
        },
        {
          sig: { pos: [IN, req("dim", "ints"), opt("keepdim", "bool", false)], kw: [] },
          composite: true,
          impl: (a: Args) => nuclear(a.input, [a.dim].flat() as number[], a.keepdim),
        },
      ],
    },
  }),
};

/** nuclear_norm: linalg.matrixNorm's "nuc" over two dims. */
function nuclear(x: Tensor, dims: number[], keepdim: boolean): Tensor {
  if (dims.length !== 2) {
    throw new RuntimeError(`nuclear_norm requires a 'dim' argument of size 2. Got 'dim=[${dims}]'`);
  }
  return linalg.matrixNorm(x, "nuc", dims, keepdim);
}
