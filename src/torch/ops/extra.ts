/**
 * torch-only ops with no NumPy counterpart here: the `new*` constructors on
 * a tensor (same dtype and device by default), diag_embed, and the method
 * form of where (`x.where(condition, y)`).
 */
import { type Args, type Ctx, defineOp } from "../../api/define.ts";
import { filled } from "../../api/ops/creation.ts";
import { deviceKey } from "../../api/ops/device.ts";
import { whereTorch } from "../../api/ops/elementwise.ts";
import { opt, req } from "../../api/signature.ts";
import { normalizeAxis } from "../../core/shape.ts";
import { reshapeOp } from "../../api/ops/shape.ts";
import { RuntimeError } from "../../core/errors.ts";
import { View } from "../../core/view.ts";
import { contiguous, copyInto, type Operand, zeros } from "../../ops/operand.ts";
import type { Scalar } from "../../api/signature.ts";

const INPUT = req("input", "array");
const NEW_KW = [
  opt("dtype", "dtype", null),
  opt("device", "device", null),
  opt("requiresGrad", "bool", false),
] as const;

function newDecl<const N extends "newZeros" | "newOnes" | "newEmpty">(name: N, value: 0 | 1) {
  return defineOp({
    name,
    doc: `A new tensor of ${value === 1 ? "ones" : "zeros"} with this tensor's dtype and device (unless given).`,
    torch: {
      names: [],
      methods: [name],
      overloads: [{
        sig: { pos: [INPUT, req("size", "ints", { varargs: true })], kw: NEW_KW },
        impl: (a: Args) => newFilled(a, value),
      }],
    },
  });
}

function newFilled(a: Args, value: Scalar): Operand {
  const x: Operand = a.input;
  const size = typeof a.size === "number" ? [a.size] : a.size;
  return filled(
    "new",
    size,
    value,
    a.dtype ?? x.storage.dtype,
    a.device === null ? x.storage.device : deviceKey(a.device),
  );
}

function likeShape<const N extends "expandAs" | "viewAs" | "reshapeAs">(name: N, id: "expand" | "view" | "reshape") {
  return defineOp({
    name,
    doc: `${id} to another tensor's shape.`,
    torch: {
      names: [],
      methods: [name],
      overloads: [{
        sig: { pos: [INPUT, req("other", "array")], kw: [] },
        id,
        impl: (a: Args) => {
          const x: Operand = a.input, shape = (a.other as Operand).layout.shape;
          if (id === "expand") return { storage: x.storage, layout: x.layout.expand("expand_as", shape) };
          if (id === "reshape") return reshapeOp("reshape_as", x, shape);
          const v = x.layout.reshape("view_as", shape);
          if (!v) {
            throw new RuntimeError(
              "view size is not compatible with input tensor's size and stride. Use .reshape(...) instead.",
            );
          }
          return { storage: x.storage, layout: v };
        },
      }],
    },
  });
}

/** torch.mode along a dim: the most frequent value (the smallest among ties) and an index of it. */
function modeOp(x: Operand, dim: number, keepdim: boolean): [Operand, Operand] {
  const nd = x.layout.ndim, d = normalizeAxis("mode", dim, Math.max(nd, 1));
  if (nd === 0) return [contiguous(x, true), filled("mode", [], 0, "int64", x.storage.device)];
  const moved = contiguous({
    storage: x.storage,
    layout: x.layout.permute("mode", [...[...Array(nd).keys()].filter((i) => i !== d), d]),
  }, true);
  const n = x.layout.shape[d], rows = n ? moved.layout.size / n : 0;
  const outShape = x.layout.shape.filter((_, i) => i !== d);
  const vals = filled("mode", outShape, 0, x.storage.dtype, x.storage.device),
    ids = filled("mode", outShape, 0, "int64");
  // host loop: counting equal values per row
  const src = moved.storage.data, vd = vals.storage.data, id = ids.storage.data as BigInt64Array;
  for (let r = 0; r < rows; r++) {
    const counts = new Map<number | bigint, number>();
    for (let j = 0; j < n; j++) counts.set(src[r * n + j], (counts.get(src[r * n + j]) ?? 0) + 1);
    let best = src[r * n], bc = 0;
    for (const [v, c] of counts) if (c > bc || (c === bc && v < best)) [best, bc] = [v, c];
    vd[r] = best as never;
    let last = 0;
    for (let j = 0; j < n; j++) if (src[r * n + j] === best) last = j;
    id[r] = BigInt(last);
  }
  if (!keepdim) return [vals, ids];
  const ks = [...x.layout.shape];
  ks[d] = 1;
  return [{ storage: vals.storage, layout: new View(ks) }, { storage: ids.storage, layout: new View(ks) }];
}

/** torch-only ops. */
export const EXTRA = {
  expandAs: likeShape("expandAs", "expand"),
  viewAs: likeShape("viewAs", "view"),
  reshapeAs: likeShape("reshapeAs", "reshape"),
  mode: defineOp({
    name: "mode",
    doc: "The most frequent value along a dim, with an index of it.",
    torch: {
      names: ["mode"],
      methods: ["mode"],
      overloads: [{
        sig: { pos: [INPUT, opt("dim", "int", -1), opt("keepdim", "bool", false)], kw: [] },
        returns: "values",
        impl: (a: Args) => modeOp(a.input, a.dim, a.keepdim),
      }],
    },
  }),
  newZeros: newDecl("newZeros", 0),
  newOnes: newDecl("newOnes", 1),
  newEmpty: newDecl("newEmpty", 0),
  newFull: defineOp({
    name: "newFull",
    doc: "A new tensor filled with a value, with this tensor's dtype and device (unless given).",
    torch: {
      names: [],
      methods: ["newFull"],
      overloads: [{
        sig: { pos: [INPUT, req("size", "ints"), req("fillValue", "scalar")], kw: NEW_KW },
        impl: (a: Args) => newFilled(a, a.fillValue),
      }],
    },
  }),
  diagEmbed: defineOp({
    name: "diagEmbed",
    doc: "Matrices whose diagonal (offset, dims dim1/dim2) holds the last dim of input.",
    torch: {
      names: ["diagEmbed"],
      methods: ["diagEmbed"],
      overloads: [{
        sig: { pos: [INPUT, opt("offset", "int", 0), opt("dim1", "int", -2), opt("dim2", "int", -1)], kw: [] },
        impl: (a: Args) => {
          const x: Operand = a.input, nd = x.layout.ndim + 1;
          const n = x.layout.shape[x.layout.ndim - 1] + Math.abs(a.offset);
          const d1 = normalizeAxis("diag_embed", a.dim1, nd), d2 = normalizeAxis("diag_embed", a.dim2, nd);
          const rest = x.layout.shape.slice(0, -1);
          const shape: number[] = [];
          for (let i = 0, r = 0; i < nd; i++) shape.push(i === d1 || i === d2 ? n : rest[r++]);
          const out = zeros(shape, x.storage.dtype, x.storage.device);
          copyInto(x, { storage: out.storage, layout: out.layout.diagonal("diag_embed", a.offset, d1, d2) });
          return out;
        },
      }],
    },
  }),
  whereMethod: defineOp({
    name: "whereMethod",
    doc: "x.where(condition, y): x where condition holds, else y.",
    torch: {
      names: [],
      methods: ["where"],
      overloads: [{
        sig: { pos: [INPUT, req("condition", "array"), req("other", "arrayOrScalar")], kw: [] },
        impl: (a: Args, ctx: Ctx) => whereTorch(a.condition, a.input, a.other, ctx),
      }],
    },
  }),
};
