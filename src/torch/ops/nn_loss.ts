/**
 * nn primitives with derivatives of their own (src/torch/derivatives_nn.ts)
 * whose forwards are written with tensor ops: linear (one node, as
 * PyTorch's addmm), embedding (gradient rows at padding_idx left zero),
 * nll_loss and the fused cross entropy over class indices (log-softmax and
 * the negative log-likelihood in one node, whose backward is
 * (softmax - one_hot) * weight). Their forwards run unrecorded (the
 * runner records the node), so the tensor ops inside leave no history.
 */
import { type Args, defineOp } from "../../api/define.ts";
import { opt, req } from "../../api/signature.ts";
import { TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import type { Operand } from "../../core/storage.ts";
import { View } from "../../core/view.ts";
import { matmul } from "../../ops/linear.ts";
import { contiguous } from "../../ops/operand.ts";
import * as U from "../../ops/ufuncs.ts";
import type { Tensor } from "../tensor.ts";
import { fmtSize } from "./nn_common.ts";

// ---------- linear ----------

/** x (..., in) as an m x in matrix (a view when possible). */
export function rows(x: Operand, inF: number): Operand {
  const m = x.layout.size / Math.max(inF, 1);
  const shape = [x.layout.ndim <= 1 ? 1 : m, inF];
  const v = x.layout.reshape("linear", shape);
  if (v) return { storage: x.storage, layout: v };
  const c = contiguous(x, true);
  return { storage: c.storage, layout: new View(shape) };
}

function linear(a: Args): Operand {
  const x: Operand = a.input, w: Operand = a.weight, b: Operand | null = a.bias;
  const xs = x.layout.shape, ws = w.layout.shape;
  if (ws.length !== 2 && ws.length !== 1) {
    throw new RuntimeError(`linear: expected a 1-d or 2-d weight, got ${fmtSize(ws)}`);
  }
  if (xs.length === 0) throw new RuntimeError("linear: the input must have at least 1 dim");
  const inF = xs[xs.length - 1], outF = ws.length === 2 ? ws[0] : 1, win = ws[ws.length - 1];
  const m = x.layout.size / Math.max(inF, 1);
  if (inF !== win) {
    const m1 = xs.length === 1 ? `1x${inF}` : `${m}x${inF}`;
    throw new RuntimeError(`mat1 and mat2 shapes cannot be multiplied (${m1} and ${win}x${outF})`);
  }
  if (x.storage.dtype !== w.storage.dtype) {
    throw new RuntimeError(
      `mat1 and mat2 must have the same dtype, but got ${TORCH_TYPE_NAME[x.storage.dtype]} and ${
        TORCH_TYPE_NAME[w.storage.dtype]
      }`,
    );
  }
  const w2: Operand = {
    storage: w.storage,
    layout: ws.length === 2 ? w.layout.permute("linear", [1, 0]) : w.layout.unsqueeze(1),
  };
  const y = matmul(rows(x, inF), w2);
  if (b) U.add(y, b, y);
  const shape = ws.length === 2 ? [...xs.slice(0, -1), outF] : xs.slice(0, -1);
  return { storage: y.storage, layout: new View(shape) };
}

// ---------- embedding ----------

function checkIndices(op: string, idx: Tensor, n: number, what: string): void {
  if (idx.dtype !== "int64" && idx.dtype !== "int32") {
    throw new RuntimeError(
      `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.${
        TORCH_TYPE_NAME[idx.dtype]
      }Tensor instead (while checking arguments for ${op})`,
    );
  }
  if (idx.numel() === 0) return;
  const lo = Number(idx.min().item()), hi = Number(idx.max().item());
  if (lo < 0 || hi >= n) throw new RangeError(what);
}

function embedding(a: Args): Tensor {
  const w: Tensor = a.weight, idx: Tensor = a.indices;
  if (w.ndim !== 2) throw new RuntimeError("'weight' must be 2-D");
  checkIndices("embedding", idx, w.shape[0], "index out of range in self");
  return w.indexSelect(0, idx.reshape(-1)).reshape([...idx.shape, w.shape[1]]);
}

// ---------- nll_loss and cross entropy ----------

/** What nll_loss's forward and backward share: targets and per-row weights. */
export interface NllParts {
  /** The target as m int64 indices, ignored ones replaced by 0. */
  t: Tensor;
  /** Each row's weight (0 where ignored). */
  w: Tensor;
  /** The target's shape (the shape of reduction "none"). */
  shape: number[];
  /** The smallest and largest of t, when known without reading it back. */
  range?: [number, number];
}

/** input (C), (N, C) or (N, C, d1, ...) as (m, C) rows, class dim last. */
export function classRows(x: Tensor): Tensor {
  if (x.ndim === 1) return x.reshape([1, x.shape[0]]);
  if (x.ndim === 2) return x;
  return x.movedim(1, -1).reshape([-1, x.shape[1]]);
}

/** The gradient of (m, C) rows back in the input's layout. */
export function unclassRows(g2: Tensor, x: Tensor): Tensor {
  if (x.ndim === 1) return g2.reshape([x.shape[0]]);
  if (x.ndim === 2) return g2;
  const s = x.shape;
  return g2.reshape([s[0], ...s.slice(2), s[1]]).movedim(-1, 1);
}

/** Checks nll_loss's operands (PyTorch's messages; `check` false: the forward did) and returns the parts. */
export function nllParts(
  op: string,
  x: Tensor,
  target: Tensor,
  weight: Tensor | null,
  ignoreIndex: number,
  check = true,
): NllParts {
  if (!check) return parts(x, target, weight, ignoreIndex);
  if (target.dtype !== "int64" && target.dtype !== "uint8") {
    throw new RuntimeError(`expected target dtype to be Long or Byte, but got ${TORCH_TYPE_NAME[target.dtype]}`);
  }
  if (x.ndim < 1) throw new RuntimeError(`${op}: input tensor should be 1D or more`);
  const xs = x.shape, ts = target.shape;
  if (x.ndim === 1 ? target.ndim !== 0 : ts[0] !== xs[0]) {
    if (x.ndim === 1) throw new RuntimeError(`0D or 1D target tensor expected, multi-target not supported`);
    throw new RuntimeError(`Expected input batch_size (${xs[0]}) to match target batch_size (${ts[0]}).`);
  }
  if (x.ndim > 2 && (ts.length !== xs.length - 1 || ts.some((d, i) => d !== (i === 0 ? xs[0] : xs[i + 1])))) {
    throw new RuntimeError(`Expected target size ${fmtSize([xs[0], ...xs.slice(2)])}, got ${fmtSize(ts)}`);
  }
  if (x.ndim === 2 && target.ndim !== 1) {
    throw new RuntimeError("0D or 1D target tensor expected, multi-target not supported");
  }
  const nc = x.ndim === 1 ? xs[0] : xs[1];
  if (weight && (weight.ndim !== 1 || weight.shape[0] !== nc)) {
    throw new RuntimeError(
      `weight tensor should be defined either for all ${nc} classes or no classes but got weight tensor of shape: ${
        fmtSize(weight.shape)
      }`,
    );
  }
  const p = parts(x, target, weight, ignoreIndex);
  if (p.t.numel() > 0) {
    const [lo, hi] = p.range ?? [Number(p.t.min().item()), Number(p.t.max().item())];
    if (lo < 0 || hi >= nc) throw new RangeError(`Target ${lo < 0 ? lo : hi} is out of bounds.`);
  }
  return p;
}

/**
 * The parts of a contiguous CPU target without weights, in one loop over
 * its values: a training step's loss would otherwise spend more time in the
 * half dozen tiny tensor ops (and two host reads for the bounds) than in
 * the loss itself.
 */
function hostParts(x: Tensor, target: Tensor, ignoreIndex: number): NllParts & { range: [number, number] } {
  const n = target.layout.size, off = target.layout.offset;
  const t = x.newEmpty([n], { dtype: "int64" }), w = x.newEmpty([n]);
  const wd = w.storage.data as Float32Array | Float64Array;
  // int64 values through their 32-bit halves: no BigInt per element (exact below 2^53, and a larger target is out of
  // bounds, which the caller's range check reports before anything reads the indices)
  const td = t.storage.data as BigInt64Array, t32 = new Int32Array(td.buffer, td.byteOffset, 2 * n);
  const src = target.storage.data as BigInt64Array | Uint8Array;
  const s32 = src instanceof BigInt64Array ? new Int32Array(src.buffer, src.byteOffset, 2 * src.length) : null;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const j = off + i;
    const v = s32 ? s32[2 * j + 1] * 4294967296 + (s32[2 * j] >>> 0) : src[j] as number;
    const valid = v !== ignoreIndex;
    const k = valid ? v : 0;
    t32[2 * i] = k | 0;
    t32[2 * i + 1] = k < 0 ? -1 : 0;
    wd[i] = valid ? 1 : 0;
    if (k < lo) lo = k;
    if (k > hi) hi = k;
  }
  return { t, w, shape: target.shape, range: [lo, hi] };
}

function parts(x: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number): NllParts {
  if (
    !weight && target.storage.device === "cpu" && x.storage.device === "cpu" && target.layout.isContiguous &&
    (x.dtype === "float32" || x.dtype === "float64")
  ) return hostParts(x, target, ignoreIndex);
  const t1 = target.reshape(-1).to("int64");
  const valid = t1.ne(ignoreIndex);
  const t = t1.maskedFill(valid.logicalNot(), 0);
  const vf = valid.to(x.dtype);
  const w = weight ? weight.to(x.dtype).indexSelect(0, t).mul(vf) : vf;
  return { t, w, shape: target.shape };
}

/** Reduces per-row losses: none (target's shape), sum, or mean over the rows' weights. */
function reduce(l: Tensor, p: NllParts, reduction: string): Tensor {
  if (reduction === "none") return l.reshape(p.shape);
  if (reduction === "sum") return l.sum();
  return l.sum().div(p.w.sum());
}

/** Each row's coefficient of the loss's gradient (g scaled as the reduction was). */
export function rowCoef(g: Tensor, p: NllParts, reduction: string): Tensor {
  if (reduction === "none") return p.w.mul(g.reshape(-1));
  if (reduction === "sum") return p.w.mul(g);
  return p.w.mul(g.div(p.w.sum()));
}

function nllLoss(a: Args): Tensor {
  const p = nllParts("nll_loss", a.input, a.target, a.weight, a.ignoreIndex);
  const picked = classRows(a.input).gather(1, p.t.unsqueeze(1)).reshape(-1);
  return reduce(picked.mul(p.w).neg(), p, a.reduction);
}

function crossEntropy(a: Args): Tensor {
  const x: Tensor = a.input;
  const p = nllParts("cross_entropy", x, a.target, a.weight, a.ignoreIndex);
  const lsm = classRows(x).logSoftmax(1);
  const picked = lsm.gather(1, p.t.unsqueeze(1)).reshape(-1);
  return reduce(picked.mul(p.w).neg(), p, a.reduction);
}

const REDUCTION = opt("reduction", "string", "mean", { choices: ["none", "mean", "sum"] });
const LOSS_SIG = {
  pos: [
    req("input", "array"),
    req("target", "array"),
    opt("weight", "array", null),
    REDUCTION,
    opt("ignoreIndex", "int", -100),
  ],
  kw: [],
} as const;

/** linear, embedding and the class-index losses (generated by src/nn/prims.ts). */
export const NN_LOSS = {
  linear: defineOp({
    name: "linear",
    doc: "x @ weight^T + bias over the last dim of x.",
    torch: {
      names: ["linear"],
      overloads: [{
        sig: { pos: [req("input", "array"), req("weight", "array"), opt("bias", "array", null)], kw: [] },
        impl: linear,
      }],
    },
  }),
  embedding: defineOp({
    name: "embedding",
    doc: "Rows of a weight matrix picked by integer indices.",
    torch: {
      names: ["embedding"],
      overloads: [{
        sig: {
          pos: [
            req("weight", "array"),
            req("indices", "array"),
            opt("paddingIdx", "int", null),
            opt("scaleGradByFreq", "bool", false),
          ],
          kw: [],
        },
        impl: embedding,
      }],
    },
  }),
  nllLoss: defineOp({
    name: "nllLoss",
    doc: "The negative log-likelihood of class indices under log-probabilities.",
    torch: { names: ["nllLoss"], overloads: [{ sig: LOSS_SIG, impl: nllLoss }] },
  }),
  _crossEntropy: defineOp({
    name: "_crossEntropy",
    doc: "Cross entropy of logits against class indices (log-softmax and nll_loss fused).",
    torch: { names: ["_crossEntropy"], overloads: [{ sig: LOSS_SIG, impl: crossEntropy }] },
  }),
};
