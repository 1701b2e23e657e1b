/**
 * torch's products, distances and small tensor utilities written from
 * other torch ops (autograd records their steps): addmm, addbmm, baddbmm, addmv,
 * addr, chain_matmul, vdot, logdet, cdist, pdist, cosine_similarity,
 * renorm, put, type_as, detach; with the shared declarations of
 * src/api/ops/linalg_extra.ts (scatter_reduce, np's NaN-aware scans).
 */
import { type Args, defineOp } from "../../api/define.ts";
import { torchCastOut, torchExactOut } from "../../api/ops/common.ts";
import { chainProduct, LINALG_EXTRA } from "../../api/ops/linalg_extra.ts";
import { opt, req } from "../../api/signature.ts";
import { type DType, isFloat, TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { fmtShape, RuntimeError } from "../../core/errors.ts";
import { normalizeAxis } from "../../core/shape.ts";
import type { TorchFns, TorchLinalgFns } from "../functions.ts";
import type { Tensor } from "../tensor.ts";

let F: TorchFns;
let L: TorchLinalgFns;
/** Gives these composites the torch and torch.linalg functions (set once by functions.ts). */
export function setLinalgExtraFns(f: TorchFns, l: TorchLinalgFns): void {
  F = f;
  L = l;
}

const INPUT = req("input", "array");
const BETA_ALPHA = [opt("beta", "scalar", 1), opt("alpha", "scalar", 1), opt("out", "out", null)] as const;

/** beta * input + alpha * prod, as PyTorch's addmm family (beta 0 ignores the input: its NaNs do not propagate). */
function axpby(op: string, input: Tensor, prod: Tensor, beta: number, alpha: number): Tensor {
  const ps = prod.shape, off = ps.length - input.ndim;
  if (off < 0 || input.shape.some((n, k) => n !== 1 && n !== ps[off + k])) {
    throw new RuntimeError(
      `${op}: the input of shape [${input.shape.join(", ")}] does not broadcast to the product's shape [${
        ps.join(", ")
      }]`,
    );
  }
  if (!isFloat(prod.dtype)) {
    for (const [name, v] of [["alpha", alpha], ["beta", beta]] as const) {
      if (!Number.isInteger(v)) {
        throw new RuntimeError(`For integral input tensors, argument ${name} must not be a floating point number.`);
      }
    }
  }
  const scaled = alpha === 1 ? prod : prod.mul(alpha);
  if (beta === 0) return scaled;
  return (beta === 1 ? input : input.mul(beta)).add(scaled);
}

/** Checks that each argument has the given number of dims (PyTorch's "Expected 1-D argument vec1" errors). */
function expectDims(op: string, args: Record<string, Tensor>, nd: number): void {
  for (const [name, t] of Object.entries(args)) {
    if (t.ndim !== nd) throw new RuntimeError(`${op}: Expected ${nd}-D argument ${name}, but got ${t.ndim}-D`);
  }
}

/** PyTorch's dtype rules of the addmm family: each op checks (or promotes) its three operands. */
type Operands = (input: Tensor, a: Tensor, b: Tensor) => [Tensor, Tensor, Tensor];

const T = (t: Tensor): string => TORCH_TYPE_NAME[t.dtype];

/** Refuses mixed dtypes with PyTorch's message for the op. */
const sameDtype = (message: (x: Tensor, a: Tensor, b: Tensor) => string): Operands => (x, a, b) => {
  if (x.dtype !== a.dtype || a.dtype !== b.dtype) throw new RuntimeError(message(x, a, b));
  return [x, a, b];
};

/** addr promotes its three operands. */
const promoted: Operands = (x, a, b) => {
  const common = F.promoteTypes(F.resultType(x, a) as DType, b.dtype) as DType;
  return [x.to(common), a.to(common), b.to(common)];
};

/** A product op of the addmm family: method, in-place twin, beta/alpha keywords. */
function addProduct<const N extends string, const A extends string, const B extends string>(
  name: N,
  doc: string,
  [first, second]: readonly [A, B],
  operands: Operands,
  product: (a: Tensor, b: Tensor) => Tensor,
) {
  return defineOp({
    name,
    doc,
    torch: {
      names: [name],
      methods: [name],
      inplace: [`${name}_`],
      overloads: [{
        sig: { pos: [INPUT, req(first, "array"), req(second, "array")], kw: BETA_ALPHA },
        composite: true,
        // addr's promoted result casts into out (PyTorch's rule for it); the others' out must match exactly
        outDtype: operands === promoted ? torchCastOut : torchExactOut,
        // an in-place result must cast to the receiver (addr's promoted one) and have its shape
        inplaceDtype: torchCastOut,
        inplaceShape: (self, result) =>
          `Bad in-place call: input tensor size ${fmtShape(self)} and output tensor size ${
            fmtShape(result)
          } should match`,
        impl: (a: Args): Tensor => {
          const [x, p, q] = operands(a.input, a[first], a[second]);
          return axpby(name, x, product(p, q), a.beta, a.alpha);
        },
      }],
    },
  });
}

/** torch.chain_matmul: every matrix 2-d, neighbours multipliable. */
function chainMatmul(ms: Tensor[]): Tensor {
  if (ms.length === 0) throw new RuntimeError("chain_matmul(): Expected one or more matrices");
  for (const m of ms) {
    if (m.ndim !== 2) throw new RuntimeError(`Tensor dimension is ${m.ndim}, expected 2 instead.`);
  }
  if (ms.length === 1) return ms[0].clone();
  for (let i = 0; i + 1 < ms.length; i++) {
    if (ms[i].shape[1] !== ms[i + 1].shape[0]) {
      throw new RuntimeError(
        `multi_dot(): tensors ${i} and ${i + 1} with shapes [${ms[i].shape.join(", ")}] and [${
          ms[i + 1].shape.join(", ")
        }] cannot be multiplied`,
      );
    }
  }
  return chainProduct(ms, (m) => m.shape, (p, q) => p.mm(q));
}

/**
 * |x|^p summed over the last dim, to the 1/p (p 0: the non-zero count, inf: the max). Zero differences give zero
 * gradients, as PyTorch's cdist backward: the powers see them replaced by 1 and masked back.
 */
function pNorm(diff: Tensor, p: number): Tensor {
  const ad = diff.abs();
  // the count is piecewise constant: a zero gradient, through a fully masked |x| (0 * inf would be NaN)
  if (p === 0) return ad.ne(0).to(diff.dtype).sum(-1).add(ad.maskedFill(ad.eq(ad).logicalOr(ad.isnan()), 0).sum(-1));
  if (p === Infinity) return ad.amax(-1);
  if (p === 1) return ad.sum(-1);
  const zero = ad.eq(0), powered = ad.maskedFill(zero, 1).pow(p).maskedFill(zero, 0).sum(-1);
  const none = powered.eq(0);
  return powered.maskedFill(none, 1).pow(1 / p).maskedFill(none, 0);
}

/** cdist/pdist's argument checks (PyTorch's wording, `op` naming the function). */
function checkDist(op: string, x: Tensor, p: number, what: string): void {
  if (!isFloat(x.dtype)) {
    throw new RuntimeError(
      `${op} only supports floating-point dtypes${what ? `, ${what} got: ${TORCH_TYPE_NAME[x.dtype]}` : ""}`,
    );
  }
  if (p < 0) throw new RuntimeError(`${op} only supports non-negative p values`);
}

/** torch.cdist: p-norm distances between the rows of x1 [..., P, M] and x2 [..., R, M] (batch dims broadcast). */
function cdist(x1: Tensor, x2: Tensor, p: number): Tensor {
  for (const [name, x] of [["X1", x1], ["X2", x2]] as const) {
    if (x.ndim < 2) throw new RuntimeError(`cdist only supports at least 2D tensors, ${name} got: ${x.ndim}D`);
    checkDist("cdist", x, p, name);
  }
  const m1 = x1.shape[x1.ndim - 1], m2 = x2.shape[x2.ndim - 1];
  if (m1 !== m2) throw new RuntimeError(`X1 and X2 must have the same number of columns. X1: ${m1} X2: ${m2}`);
  return pNorm(x1.unsqueeze(-2).sub(x2.unsqueeze(-3)), p);
}

/** torch.pdist: the distances between the rows of a 2-d input, pairs i < j in row-major order. */
function pdist(x: Tensor, p: number): Tensor {
  if (x.ndim !== 2) throw new RuntimeError(`pdist only supports 2D tensors, got: ${x.ndim}D`);
  checkDist("pdist", x, p, "");
  const n = x.shape[0];
  if (n < 2) return x.newZeros([0]);
  const pairs = x.newOnes([n, n]).triu(1).nonzero();
  return pNorm(x.indexSelect(0, pairs.select(1, 0)).sub(x.indexSelect(0, pairs.select(1, 1))), p);
}

/**
 * torch.cosine_similarity as ATen computes it: each input over its norm along dim (the norms clamped to eps
 * without a gradient of their own through the clamp), multiplied and summed.
 */
function cosineSimilarity(x1: Tensor, x2: Tensor, dim: number, eps: number): Tensor {
  const common = F.resultType(x1, x2) as DType;
  if (!isFloat(common)) {
    throw new RuntimeError(
      `expected common dtype to be floating point, yet common dtype is ${TORCH_TYPE_NAME[common]}`,
    );
  }
  const [a, b] = F.broadcastTensors(isFloat(x1.dtype) ? x1 : x1.to(common), isFloat(x2.dtype) ? x2 : x2.to(common));
  // n - n is 0 where finite: the value is the clamped norm, the gradient n's
  const unit = (x: Tensor) => {
    const n = L.vectorNorm(x, 2, dim, true), nd = n.detach();
    return x.div(n.sub(nd).add(nd.maskedFill(nd.lt(eps), eps)));
  };
  return unit(a).mul(unit(b)).sum(dim);
}

/** torch.renorm: each slice along dim whose p-norm exceeds maxnorm scaled to maxnorm (PyTorch's 1e-7 guard). */
function renorm(x: Tensor, p: number, dim: number, maxnorm: number): Tensor {
  if (maxnorm < 0) throw new RuntimeError(`renorm: expected maxnorm to be >= 0 but got ${maxnorm}`);
  if (!(p > 0)) throw new RuntimeError("renorm: non-positive-norm not supported");
  const d = normalizeAxis("renorm", dim, Math.max(x.ndim, 1));
  const rest = [...Array(x.ndim).keys()].filter((k) => k !== d);
  const norm = L.vectorNorm(x, p, rest, true);
  // (maxnorm by arithmetic, not a fill: PyTorch does not check it against the dtype)
  return x.mul(norm.newZeros(norm.shape).add(maxnorm).div(norm.add(1e-7)).where(norm.gt(maxnorm), 1));
}

/** torch.put: a copy with source's elements written (added) at the flat indices (negatives count from the end). */
function put(x: Tensor, index: Tensor, source: Tensor, accumulate: boolean): Tensor {
  if (index.dtype !== "int64") {
    throw new RuntimeError(`put_(): Expected a long tensor for index, but got ${TORCH_TYPE_NAME[index.dtype]}`);
  }
  if (source.dtype !== x.dtype) {
    throw new RuntimeError(
      `put_(): self and source expected to have the same dtype, but got self.dtype = ${
        TORCH_TYPE_NAME[x.dtype]
      } and source.dtype = ${TORCH_TYPE_NAME[source.dtype]}`,
    );
  }
  if (index.numel() !== source.numel()) {
    throw new RangeError(
      `put_(): Expected source and index to have the same number of elements, but got source.numel() = ${source.numel()}, index.numel() = ${index.numel()}`,
    );
  }
  return x.reshape(-1).indexPut([index.reshape(-1)], source.reshape(-1), accumulate).reshape(x.shape);
}

/**
 * torch.index_reduce: source's slices along dim reduced into the input's slices the 1-d index names, as a
 * scatter_reduce whose index repeats each entry across the other dims (the same contributions in the same order).
 */
function indexReduce(x: Tensor, dim: number, index: Tensor, source: Tensor, reduce: string, inc: boolean): Tensor {
  if (!["prod", "mean", "amax", "amin"].includes(reduce)) {
    throw new RuntimeError(`index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got ${reduce}.`);
  }
  if (index.ndim > 1) {
    throw new RangeError(
      `index_reduce_(): Index is supposed to be a vector, but got dim: ${index.ndim} with type: ${
        T(index)
      } and size: [${index.shape.join(", ")}]`,
    );
  }
  if (index.dtype !== "int64" && index.dtype !== "int32") {
    throw new RuntimeError(`index_reduce_(): Expected dtype int32/int64 for index but got: ${T(index)}`);
  }
  const d = normalizeAxis("index_reduce", dim, Math.max(x.ndim, 1)), n = source.ndim ? source.shape[d] : 1;
  if (index.numel() !== n) {
    throw new RuntimeError(
      `index_reduce_(): Number of indices (${index.numel()}) should be equal to source.size(dim): (${n}), for dim: ${d}`,
    );
  }
  if (source.dtype !== x.dtype) {
    throw new RuntimeError(`index_reduce_(): self (${T(x)}) and source (${T(source)}) must have the same scalar type`);
  }
  const size = x.ndim ? x.shape[d] : 1;
  if (index.numel() && index.lt(0).logicalOr(index.ge(size)).any().item()) {
    throw new RangeError("index out of range in self");
  }
  const along = source.shape.map((_, k) => (k === d ? n : 1));
  const ix = source.ndim ? index.to("int64").reshape(along).expand(source.shape) : index.to("int64").reshape([]);
  return x.scatterReduce(d, ix, source, reduce, { includeSelf: inc });
}

/**
 * torch.nanmedian: the lower median of each row's non-NaN values, picked from a stable sort (NaN sorts last; a
 * row of NaNs only gives NaN), with the index it came from; the whole input flattened when no dim.
 */
function nanmedian(x: Tensor, dim: number | null, keepdim: boolean): Tensor[] {
  if (x.dtype === "bool") {
    throw new RuntimeError(`"${dim === null ? "median_cpu" : "median_out"}" not implemented for 'Bool'`);
  }
  const d = dim === null ? -1 : normalizeAxis("nanmedian", dim, Math.max(x.ndim, 1));
  const rows = dim === null ? x.reshape([-1]) : x.ndim === 0 ? x.reshape([1]) : x.movedim(d, -1);
  const n = rows.shape[rows.ndim - 1];
  if (n === 0) {
    if (dim === null) return [x.newFull([], NaN, { dtype: isFloat(x.dtype) ? x.dtype : "float32" })];
    throw new RangeError(`nanmedian(): Expected reduction dim ${d} to have non-zero size.`);
  }
  const [sorted, order] = rows.sort({ stable: true, dim: -1 });
  const count = sorted.isnan().logicalNot().sum(-1, true);
  const k = count.sub(1).div(2, { roundingMode: "floor" });
  const at = k.maskedFill(k.lt(0), 0);
  let values = sorted.gather(-1, at), indices = order.gather(-1, at);
  if (dim === null) return [values.reshape([])];
  if (x.ndim === 0) return [values.reshape([]), indices.reshape([])];
  values = values.movedim(-1, d);
  indices = indices.movedim(-1, d);
  return keepdim ? [values, indices] : [values.squeeze(d), indices.squeeze(d)];
}

/** torch.linalg.multi_dot: a 1-d first (last) tensor is a row (column) vector, dropped from the result. */
function multiDot(ts: Tensor[]): Tensor {
  if (ts.length < 2) throw new RuntimeError(`multi_dot(): expected at least 2 tensors but got ${ts.length}`);
  const last = ts.length - 1;
  ts.forEach((t, i) => {
    if (t.dtype !== ts[0].dtype) {
      throw new RuntimeError(
        `multi_dot(): all tensors must have be the same dtype but tensor 0 is ${T(ts[0])} and tensor ${i} is ${T(t)}`,
      );
    }
    const edge = i === 0 ? "the first tensor" : i === last ? "the last tensor" : "";
    if (edge && t.ndim !== 1 && t.ndim !== 2) {
      throw new RuntimeError(`multi_dot(): ${edge} must be 1D or 2D but got ${t.ndim}D`);
    }
    if (!edge && t.ndim !== 2) throw new RuntimeError(`multi_dot(): tensor ${i} must be 2D but got ${t.ndim}D`);
  });
  const ms = ts.map((t, i) => (t.ndim === 2 ? t : i === 0 ? t.unsqueeze(0) : t.unsqueeze(1)));
  for (let i = 0; i < last; i++) {
    if (ms[i].shape[1] !== ms[i + 1].shape[0]) {
      throw new RuntimeError(
        `multi_dot(): tensors ${i} and ${i + 1} with shapes [${ts[i].shape.join(", ")}] and [${
          ts[i + 1].shape.join(", ")
        }] cannot be multiplied`,
      );
    }
  }
  let r = chainProduct(ms, (m) => m.shape, (p, q) => p.mm(q));
  if (ts[last].ndim === 1) r = r.squeeze(1);
  return ts[0].ndim === 1 ? r.squeeze(0) : r;
}

/** Padé 13 coefficients of exp (Higham 2005). */
const PADE13 = [
  64764752532480000,
  32382376266240000,
  7771770303897600,
  1187353796428800,
  129060195264000,
  10559470521600,
  670442572800,
  33522128640,
  1323241920,
  40840800,
  960960,
  16380,
  182,
  1,
];

/**
 * The matrix exponential by scaling and squaring with a Padé 13 approximant (Higham 2005): A scaled by 2^-s to a
 * 1-norm below 5.37, exp of that as (V - U)^-1 (V + U), squared s times. Composed of matmul and solve, so autograd
 * differentiates the approximant.
 */
function matrixExp(A: Tensor): Tensor {
  if (A.ndim < 2 || A.shape[A.ndim - 1] !== A.shape[A.ndim - 2]) {
    throw new RuntimeError(
      "linalg.matrix_exp: A must be batches of square matrices, but they are " +
        `${A.shape.slice(-2).join(" by ")} matrices`,
    );
  }
  if (!isFloat(A.dtype)) {
    throw new RuntimeError(`linalg.matrix_exp: Expected a floating point or complex tensor as input. Got ${T(A)}`);
  }
  const n = A.shape[A.ndim - 1];
  if (A.numel() === 0) return A.clone();
  const norm = Number(A.detach().abs().sum(-2).amax().item());
  const s = norm > 5.371920351148152 ? Math.ceil(Math.log2(norm / 5.371920351148152)) : 0;
  const X = s ? A.div(2 ** s) : A;
  const I = F.eye(n, { dtype: A.dtype }).expand(A.shape);
  const X2 = X.matmul(X), X4 = X2.matmul(X2), X6 = X4.matmul(X2), b = PADE13;
  const comb = (t6: number[], t: number[]) =>
    X6.mul(t6[0]).add(X4.mul(t6[1])).add(X2.mul(t6[2])).matmul(X6).add(X6.mul(t[0])).add(X4.mul(t[1]))
      .add(X2.mul(t[2])).add(I.mul(t[3]));
  const U = X.matmul(comb([b[13], b[11], b[9]], [b[7], b[5], b[3], b[1]]));
  const V = comb([b[12], b[10], b[8]], [b[6], b[4], b[2], b[0]]);
  let R = L.solve(V.sub(U), V.add(U));
  for (let i = 0; i < s; i++) R = R.matmul(R);
  return R;
}

/** torch.linalg's functions of this family (merged into torch.linalg by src/torch/functions.ts). */
export const LINALG_EXTRA_FNS = {
  multiDot: defineOp({
    name: "multiDot",
    doc: "The product of a list of matrices (a 1-d first or last one a vector), in the cheapest order.",
    torch: {
      names: ["multiDot"],
      overloads: [{
        sig: { pos: [req("tensors", "arrays")], kw: [opt("out", "out", null)] },
        composite: true,
        outDtype: torchExactOut,
        impl: (a: Args): Tensor => multiDot(a.tensors),
      }],
    },
  }),
  matrixExp: defineOp({
    name: "matrixExp",
    doc: "The matrix exponential of square matrices (batched).",
    torch: {
      names: ["matrixExp"],
      overloads: [{
        sig: { pos: [req("A", "array", { aliases: ["input"] })], kw: [] },
        composite: true,
        impl: (a: Args): Tensor => matrixExp(a.A),
      }],
    },
  }),
};

/** The ops. */
export const TORCH_LINALG_EXTRA = {
  matrixExpTorch: defineOp({
    name: "matrixExp",
    doc: "The matrix exponential of square matrices (batched).",
    torch: {
      names: ["matrixExp"],
      methods: ["matrixExp"],
      overloads: [{
        sig: { pos: [INPUT], kw: [] },
        composite: true,
        impl: (a: Args): Tensor => matrixExp(a.input),
      }],
    },
  }),
  nanmedianTorch: defineOp({
    name: "nanmedian",
    doc: "The lower median of the non-NaN elements (with a dim: values and indices).",
    torch: {
      names: ["nanmedian"],
      methods: ["nanmedian"],
      overloads: [
        {
          sig: { pos: [INPUT], kw: [] },
          composite: true,
          impl: (a: Args): Tensor => nanmedian(a.input, null, false)[0],
        },
        {
          sig: { pos: [INPUT, req("dim", "int"), opt("keepdim", "bool", false)], kw: [opt("out", "outs", null)] },
          composite: true,
          returns: "values",
          impl: (a: Args): Tensor[] => nanmedian(a.input, a.dim, a.keepdim),
        },
      ],
    },
  }),
  ...LINALG_EXTRA,
  indexReduce: defineOp({
    name: "indexReduce",
    doc:
      "A copy with source's slices along dim reduced (prod, mean, amax or amin) into the slices index names, the input's included unless includeSelf is false.",
    torch: {
      names: ["indexReduce"],
      methods: ["indexReduce"],
      inplace: ["indexReduce_"],
      overloads: [{
        sig: {
          pos: [INPUT, req("dim", "int"), req("index", "array"), req("source", "array"), req("reduce", "string")],
          kw: [opt("includeSelf", "bool", true), opt("out", "out", null)],
        },
        composite: true,
        outDtype: torchExactOut,
        impl: (a: Args): Tensor => indexReduce(a.input, a.dim, a.index, a.source, a.reduce, a.includeSelf),
      }],
    },
  }),
  addmm: addProduct(
    "addmm",
    "beta * input + alpha * (mat1 @ mat2).",
    ["mat1", "mat2"],
    (x, a, b) => {
      // PyTorch checks self against mat2 first, then the two matrices
      if (x.dtype !== b.dtype) {
        throw new RuntimeError(`self and mat2 must have the same dtype, but got ${T(x)} and ${T(b)}`);
      }
      if (a.dtype !== b.dtype) {
        throw new RuntimeError(`mat1 and mat2 must have the same dtype, but got ${T(a)} and ${T(b)}`);
      }
      return [x, a, b];
    },
    (m1: Tensor, m2: Tensor): Tensor => m1.mm(m2),
  ),
  addbmm: addProduct(
    "addbmm",
    "beta * input + alpha * the sum over the batch of batch1[i] @ batch2[i].",
    ["batch1", "batch2"],
    sameDtype((x, a) => `self and mat2 must have the same dtype, but got ${T(x)} and ${T(a)}`),
    (b1: Tensor, b2: Tensor): Tensor => b1.bmm(b2).sum(0),
  ),
  baddbmm: addProduct(
    "baddbmm",
    "beta * input + alpha * batch1 @ batch2 (batched).",
    ["batch1", "batch2"],
    sameDtype((x, a, b) => {
      const t = (u: Tensor): string => T(u).toLowerCase();
      return `Input dtypes must be the same, got: input ${t(x)}, batch1: ${t(a)}, batch2: ${t(b)}`;
    }),
    (b1: Tensor, b2: Tensor): Tensor => b1.bmm(b2),
  ),
  addmv: addProduct(
    "addmv",
    "beta * input + alpha * mat @ vec.",
    ["mat", "vec"],
    sameDtype((x, a, b) => `addmv input tensors must have the same dtype, but got ${T(x)}, ${T(a)}, and ${T(b)}`),
    (m: Tensor, v: Tensor): Tensor => m.mv(v),
  ),
  addr: addProduct(
    "addr",
    "beta * input + alpha * the outer product of vec1 and vec2.",
    ["vec1", "vec2"],
    promoted,
    (v1: Tensor, v2: Tensor): Tensor => {
      expectDims("addr", { vec1: v1, vec2: v2 }, 1);
      return v1.outer(v2);
    },
  ),
  chainMatmul: defineOp({
    name: "chainMatmul",
    doc: "The product of a chain of matrices, multiplied in the cheapest order.",
    torch: {
      names: ["chainMatmul"],
      overloads: [{
        sig: { pos: [opt("matrices", "arrays", [], { varargs: true })], kw: [opt("out", "out", null)] },
        composite: true,
        outDtype: torchExactOut,
        impl: (a: Args): Tensor => chainMatmul(a.matrices),
      }],
    },
  }),
  vdotTorch: defineOp({
    name: "vdot",
    doc: "The dot product of two 1-d tensors (real dtypes: no conjugation).",
    torch: {
      names: ["vdot"],
      methods: ["vdot"],
      overloads: [{
        sig: { pos: [INPUT, req("other", "array")], kw: [opt("out", "out", null)] },
        composite: true,
        outDtype: torchExactOut,
        impl: (a: Args): Tensor => (a.input as Tensor).dot(a.other),
      }],
    },
  }),
  logdet: defineOp({
    name: "logdet",
    doc: "log(det(input)) of square matrices: NaN for a negative determinant, -inf for zero.",
    torch: {
      names: ["logdet"],
      methods: ["logdet"],
      overloads: [{
        sig: { pos: [INPUT], kw: [] },
        composite: true,
        impl: (a: Args): Tensor => {
          const x = a.input as Tensor;
          if (x.ndim < 2) throw new RuntimeError("logdet: The input tensor A must have at least 2 dimensions.");
          if (!isFloat(x.dtype)) {
            throw new RuntimeError(
              `logdet: Expected a floating point or complex tensor as input. Got ${TORCH_TYPE_NAME[x.dtype]}`,
            );
          }
          const [r, c] = x.shape.slice(-2);
          if (r !== c) {
            throw new RuntimeError(`logdet: A must be batches of square matrices, but they are ${r} by ${c} matrices`);
          }
          const [sign, logabs] = L.slogdet(x);
          return logabs.maskedFill(sign.lt(0), NaN);
        },
      }],
    },
  }),
  cdist: defineOp({
    name: "cdist",
    doc: "p-norm distances between the rows of x1 and x2 (batched).",
    torch: {
      names: ["cdist"],
      overloads: [{
        sig: {
          pos: [req("x1", "array"), req("x2", "array"), opt("p", "number", 2)],
          kw: [opt("computeMode", "string", null)],
        },
        composite: true,
        impl: (a: Args): Tensor => cdist(a.x1, a.x2, a.p),
      }],
    },
  }),
  pdist: defineOp({
    name: "pdist",
    doc: "p-norm distances between each pair of rows (i < j, row-major).",
    torch: {
      names: ["pdist"],
      overloads: [{
        sig: { pos: [INPUT, opt("p", "number", 2)], kw: [] },
        composite: true,
        impl: (a: Args): Tensor => pdist(a.input, a.p),
      }],
    },
  }),
  cosineSimilarity: defineOp({
    name: "cosineSimilarity",
    doc: "Cosine of the angle between x1 and x2 along dim (norms clamped to eps).",
    torch: {
      names: ["cosineSimilarity"],
      overloads: [{
        sig: {
          pos: [req("x1", "array"), req("x2", "array"), opt("dim", "int", 1), opt("eps", "number", 1e-8)],
          kw: [],
        },
        composite: true,
        impl: (a: Args): Tensor => cosineSimilarity(a.x1, a.x2, a.dim, a.eps),
      }],
    },
  }),
  renorm: defineOp({
    name: "renorm",
    doc: "Each slice along dim with a p-norm above maxnorm scaled down to maxnorm.",
    torch: {
      names: ["renorm"],
      methods: ["renorm"],
      inplace: ["renorm_"],
      overloads: [{
        sig: {
          pos: [INPUT, req("p", "number"), req("dim", "int"), req("maxnorm", "number")],
          kw: [opt("out", "out", null)],
        },
        composite: true,
        outDtype: torchExactOut,
        impl: (a: Args): Tensor => renorm(a.input, a.p, a.dim, a.maxnorm),
      }],
    },
  }),
  putTorch: defineOp({
    name: "put",
    doc: "A copy with source written (added, with accumulate) at the flat indices of the input.",
    torch: {
      names: ["put"],
      methods: ["put"],
      inplace: ["put_"],
      overloads: [{
        sig: {
          pos: [INPUT, req("index", "array"), req("source", "array"), opt("accumulate", "bool", false)],
          kw: [],
        },
        composite: true,
        impl: (a: Args): Tensor => put(a.input, a.index, a.source, a.accumulate),
      }],
    },
  }),
  typeAs: defineOp({
    name: "typeAs",
    doc: "The tensor converted to other's dtype.",
    torch: {
      names: [],
      methods: ["typeAs"],
      overloads: [{
        sig: { pos: [INPUT, req("other", "array")], kw: [] },
        composite: true,
        impl: (a: Args): Tensor => (a.input as Tensor).to((a.other as Tensor).dtype),
      }],
    },
  }),
  newTensor: defineOp({
    name: "newTensor",
    doc: "A new tensor from data, with this tensor's dtype and device unless given.",
    torch: {
      names: [],
      methods: ["newTensor"],
      overloads: [{
        sig: {
          pos: [INPUT, req("data", "any")],
          kw: [opt("dtype", "dtype", null), opt("device", "device", null), opt("requiresGrad", "bool", false)],
        },
        // a factory: nothing flows back to the receiver
        composite: true,
        impl: (a: Args): Tensor => {
          const x = a.input as Tensor;
          return F.tensor(a.data, {
            dtype: a.dtype ?? x.dtype,
            device: a.device ?? x.device,
            requiresGrad: a.requiresGrad,
          });
        },
      }],
    },
  }),
  detachFn: defineOp({
    name: "detach",
    doc: "A view of the input's data cut from its history (no gradient flows through it).",
    torch: {
      names: ["detach"],
      overloads: [{
        sig: { pos: [INPUT], kw: [] },
        composite: true,
        impl: (a: Args): Tensor => (a.input as Tensor).detach(),
      }],
    },
  }),
};
