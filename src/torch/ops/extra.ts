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
import { normalizeAxis, torchDim } from "../../core/shape.ts";
import { type DType, torchCanCast, torchResultType } from "../../core/dtype.ts";
import { promote } from "../../api/ops/common.ts";
import { torchDType } from "../default_dtype.ts";
import { reshapeOp } from "../../api/ops/shape.ts";
import { RuntimeError } from "../../core/errors.ts";
import { View } from "../../core/view.ts";
import {
  castTo,
  contiguous,
  copyInto,
  isScalar,
  type Operand,
  scalarOperand,
  torchElement,
  zeros,
} from "../../ops/operand.ts";
import { addIndex, setIndex } from "../../ops/index.ts";
import { checkPutDtype, torchParts } from "../../api/ops/index.ts";
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
  const dt: DType = a.dtype ?? x.storage.dtype;
  return filled(
    "new",
    size,
    torchElement(value, dt),
    dt,
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

/** A dtype name argument as torch names it ("float32", "torch.float32", "long", ...). */
function dtypeArg(op: string, v: string): DType {
  const dt = torchDType(v) ?? torchDType(v.replace(/^torch\./, ""));
  if (!dt) throw new TypeError(`${op}(): invalid dtype ${v}`);
  return dt;
}

/** torch-only ops. */
export const EXTRA = {
  indexPut: defineOp({
    name: "indexPut",
    doc: "input with values written (or added, with accumulate) at a tuple of index tensors.",
    torch: {
      names: ["indexPut"],
      methods: ["indexPut"],
      inplace: ["indexPut_"],
      overloads: [{
        sig: {
          pos: [INPUT, req("indices", "arrays"), req("values", "arrayOrScalar"), opt("accumulate", "bool", false)],
          kw: [],
        },
        impl: (a: Args) => {
          const x: Operand = a.input;
          // PyTorch's tuple of tensors: no null (a full slice), and not empty
          if (a.indices.length === 0) throw new RuntimeError("index_put(): expected at least one index tensor");
          const out: Operand = a.out ?? contiguous(x, true);
          const v: Operand | Scalar = a.values;
          const parts = torchParts(a.indices, v);
          checkPutDtype(x, v);
          if (a.accumulate) {
            addIndex(
              out,
              parts,
              isScalar(v) ? scalarOperand(v, out.storage.dtype) : castTo(v, out.storage.dtype),
              true,
            );
          } else setIndex(out, parts, v, true, false);
          return out;
        },
      }],
    },
  }),
  resultType: defineOp({
    name: "resultType",
    doc: "The dtype an arithmetic op on the two operands (tensors or numbers) produces (PyTorch's promotion).",
    torch: {
      names: ["resultType"],
      overloads: [{
        // PyTorch's keywords depend on the overload: (tensor, other) for two tensors
        sig: {
          pos: [
            req("tensor1", "arrayOrScalar", { aliases: ["tensor"] }),
            req("tensor2", "arrayOrScalar", { aliases: ["other"] }),
          ],
          kw: [],
        },
        returns: "string",
        impl: (a: Args, ctx: Ctx) => promote(ctx, a.tensor1, a.tensor2),
      }],
    },
  }),
  promoteTypes: defineOp({
    name: "promoteTypes",
    doc: "The smallest dtype both dtypes convert to without losing their category (PyTorch's promote_types).",
    torch: {
      names: ["promoteTypes"],
      overloads: [{
        sig: { pos: [req("type1", "dtype"), req("type2", "dtype")], kw: [] },
        returns: "string",
        impl: (a: Args, ctx: Ctx) =>
          torchResultType([{ dtype: dtypeArg("promote_types", a.type1) }, {
            dtype: dtypeArg("promote_types", a.type2),
          }], ctx.defaultFloat),
      }],
    },
  }),
  canCast: defineOp({
    name: "canCast",
    doc:
      "Whether PyTorch's casting rules allow writing `from` values into a `to` tensor (no float to integer, nothing to bool).",
    torch: {
      names: ["canCast"],
      overloads: [{
        sig: { pos: [req("from", "dtype"), req("to", "dtype")], kw: [] },
        returns: "bool",
        impl: (a: Args) => torchCanCast(dtypeArg("can_cast", a.from), dtypeArg("can_cast", a.to)),
      }],
    },
  }),
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
        sig: { pos: [INPUT, opt("dim", "int", -1), opt("keepdim", "bool", false)], kw: [opt("out", "outs", null)] },
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
          const d1 = torchDim(a.dim1, nd), d2 = torchDim(a.dim2, nd);
          if (d1 === d2) throw new RuntimeError(`diagonal dimensions cannot be identical ${a.dim1}, ${a.dim2}`);
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
