/**
 * nn.functional.multiHeadAttentionForward (PyTorch's
 * F.multi_head_attention_forward), the computation behind
 * nn.MultiheadAttention: input projections (packed, or separate weights
 * for a key / value of other widths), bias_k / bias_v, a zero attention
 * slot, key padding and attention masks (bool or additive), static keys and
 * values, then attention through explicit weights (needWeights: the
 * weights are returned, averaged over heads or per head) or through
 * scaled_dot_product_attention, and the output projection. Written with
 * differentiable tensor ops, so autograd reaches every tensor argument.
 * Inputs are (L, N, E) or unbatched (L, E); PyTorch's assertions are
 * RuntimeErrors with its messages.
 */
import type { Args } from "../api/define.ts";
import { isFloat } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { torch } from "../torch/mod.ts";
import type { Tensor } from "../torch/tensor.ts";
import { dropout, functional as F } from "./functional.ts";
import { P } from "./prims.ts";

/** A shape as Python prints a torch.Size. */
const size = (s: readonly number[]) => `torch.Size([${s.join(", ")}])`;
/** A tuple of ints as Python prints it. */
const tuple = (s: readonly number[]) => `(${s.join(", ")}${s.length === 1 ? "," : ""})`;

/** PyTorch's _mha_shape_check: whether the call is batched (3-d query) or not (2-d), with its errors. */
function isBatched(q: Tensor, k: Tensor, v: Tensor, kpm: Tensor | null, mask: Tensor | null, heads: number): boolean {
  const b = q.ndim === 3;
  if (!b && q.ndim !== 2) {
    throw new RuntimeError(
      `query should be unbatched 2D or batched 3D tensor but received ${q.ndim}-D query tensor`,
    );
  }
  const what = b ? "For batched (3-D) `query`" : "For unbatched (2-D) `query`";
  if (k.ndim !== q.ndim || v.ndim !== q.ndim) {
    throw new RuntimeError(
      `${what}, expected \`key\` and \`value\` to be ${q.ndim}-D but found ${k.ndim}-D and ${v.ndim}-D tensors respectively`,
    );
  }
  if (kpm && kpm.ndim !== q.ndim - 1) {
    throw new RuntimeError(
      `${what}, expected \`key_padding_mask\` to be \`None\` or ${q.ndim - 1}-D but found ${kpm.ndim}-D tensor instead`,
    );
  }
  if (mask) {
    if (mask.ndim !== 2 && mask.ndim !== 3) {
      throw new RuntimeError(
        `${what}, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${mask.ndim}-D tensor instead`,
      );
    }
    const expected = [heads, q.shape[0], k.shape[0]];
    if (!b && mask.ndim === 3 && mask.shape.join() !== expected.join()) {
      throw new RuntimeError(`Expected \`attn_mask\` shape to be ${tuple(expected)} but got ${size(mask.shape)}`);
    }
  }
  return b;
}

/**
 * PyTorch's _canonical_mask: a bool mask (true: not attended) as an additive float mask of `dtype`; a float mask
 * as it is; any other dtype is an error naming the mask.
 */
export function canonicalMask(m: Tensor | null, name: string, like: Tensor): Tensor | null {
  if (m === null) return null;
  if (m.dtype === "bool") return torch.zerosLike(m, { dtype: like.dtype }).maskedFill(m, -Infinity);
  if (!isFloat(m.dtype)) throw new RuntimeError(`only bool and floating types of ${name} are supported`);
  return m;
}

/** A projection weight's (and bias's) expected shape, PyTorch's _in_projection assertion. */
function checkShape(t: Tensor | null, expected: number[], what: string): void {
  if (t && t.shape.join() !== expected.join()) {
    throw new RuntimeError(`expecting ${what} shape of ${tuple(expected)}, but got ${size(t.shape)}`);
  }
}

/** The (E)-wide thirds of a packed (3E, ...) weight or (3E) bias (PyTorch's chunk(3)). */
const thirds = (t: Tensor | null, e: number): (Tensor | null)[] => [0, 1, 2].map((i) => t && t.narrow(0, i * e, e));

/** PyTorch's _in_projection_packed / _in_projection: the projected q, k, v, each (L or S, N, E). */
function project(a: Args, q: Tensor, k: Tensor, v: Tensor, e: number): Tensor[] {
  if (!a.useSeparateProjWeight) {
    const w: Tensor | null = a.inProjWeight, b: Tensor | null = a.inProjBias;
    if (w === null) throw new RuntimeError("use_separate_proj_weight is False but in_proj_weight is None");
    // self-attention projects once through the whole packed weight (one matmul), as PyTorch does
    if (k === v && q === k) {
      const proj = P.linear(q, w, b);
      return [0, 1, 2].map((i) => proj.narrow(-1, i * e, e));
    }
    const [wq, wk, wv] = thirds(w, e), [bq, bk, bv] = thirds(b, e);
    return [P.linear(q, wq!, bq), P.linear(k, wk!, bk), P.linear(v, wv!, bv)];
  }
  for (const n of ["q", "k", "v"]) {
    if (a[`${n}ProjWeight`] === null) {
      throw new RuntimeError(`use_separate_proj_weight is True but ${n}_proj_weight is None`);
    }
  }
  const wq: Tensor = a.qProjWeight, wk: Tensor = a.kProjWeight, wv: Tensor = a.vProjWeight;
  const [bq, bk, bv] = thirds(a.inProjBias, e);
  const ek = k.shape[k.ndim - 1], ev = v.shape[v.ndim - 1];
  checkShape(wq, [e, e], "query weights");
  checkShape(wk, [e, ek], "key weights");
  checkShape(wv, [e, ev], "value weights");
  checkShape(bq, [e], "query bias");
  checkShape(bk, [e], "key bias");
  checkShape(bv, [e], "value bias");
  return [P.linear(q, wq, bq), P.linear(k, wk, bk), P.linear(v, wv, bv)];
}

/** A static key or value (N * heads, S, headDim) instead of the projected one, with PyTorch's checks. */
function staticKv(t: Tensor, which: string, nh: number, hd: number): Tensor {
  if (t.shape[0] !== nh) throw new RuntimeError(`expecting static_${which}.size(0) of ${nh}, but got ${t.shape[0]}`);
  if (t.shape[2] !== hd) throw new RuntimeError(`expecting static_${which}.size(2) of ${hd}, but got ${t.shape[2]}`);
  return t;
}

let mismatchWarned = false;

/** F.multi_head_attention_forward with bound arguments: [output, weights or null]. */
export function multiHeadAttentionForward(a: Args): [Tensor, Tensor | null] {
  let query: Tensor = a.query, key: Tensor = a.key, value: Tensor = a.value;
  let kpm: Tensor | null = a.keyPaddingMask, mask: Tensor | null = a.attnMask;
  const H: number = a.numHeads;
  const batched = isBatched(query, key, value, kpm, mask, H);
  if (!batched) {
    // one batch of one, squeezed again at the end; unsqueezing each once keeps q === k === v for self-attention
    const u = new Map<Tensor, Tensor>();
    const one = (t: Tensor) => u.get(t) ?? u.set(t, t.unsqueeze(1)).get(t)!;
    [query, key, value] = [one(query), one(key), one(value)];
    if (kpm) kpm = kpm.unsqueeze(0);
  }
  const [L, N, E] = query.shape;
  if (kpm && mask && kpm.dtype !== mask.dtype && !mismatchWarned) {
    mismatchWarned = true;
    console.warn(
      "UserWarning: Support for mismatched key_padding_mask and attn_mask is deprecated. Use same type for both instead.",
    );
  }
  kpm = canonicalMask(kpm, "key_padding_mask", query);
  let isCausal: boolean = a.isCausal;
  if (isCausal && mask === null) {
    throw new RuntimeError(
      "Need attn_mask if specifying the is_causal hint. You may use the Transformer module method " +
        "`generate_square_subsequent_mask` to create this mask.",
    );
  }
  // with neither a key padding mask nor weights, SDPA applies the causal mask itself
  if (isCausal && kpm === null && !a.needWeights) mask = null;
  else {
    mask = canonicalMask(mask, "attn_mask", query);
    if (kpm) isCausal = false;
  }
  if (E !== a.embedDimToCheck) {
    throw new RuntimeError(`was expecting embedding dimension of ${a.embedDimToCheck}, but got ${E}`);
  }
  const hd = Math.floor(E / H);
  if (hd * H !== E) throw new RuntimeError(`embed_dim ${E} not divisible by num_heads ${H}`);
  if (a.useSeparateProjWeight) {
    if (key.shape.slice(0, 2).join() !== value.shape.slice(0, 2).join()) {
      throw new RuntimeError(
        `key's sequence and batch dims ${size(key.shape.slice(0, 2))} do not match value's ${
          size(value.shape.slice(0, 2))
        }`,
      );
    }
  } else if (key.shape.join() !== value.shape.join()) {
    throw new RuntimeError(`key shape ${size(key.shape)} does not match value shape ${size(value.shape)}`);
  }
  let [q, k, v] = project(a, query, key, value, E);
  const S0 = key.shape[0];
  if (mask) {
    if (mask.ndim === 2) {
      if (mask.shape.join() !== [L, S0].join()) {
        throw new RuntimeError(
          `The shape of the 2D attn_mask is ${size(mask.shape)}, but should be ${tuple([L, S0])}.`,
        );
      }
      mask = mask.unsqueeze(0);
    } else if (mask.ndim === 3) {
      if (mask.shape.join() !== [N * H, L, S0].join()) {
        throw new RuntimeError(
          `The shape of the 3D attn_mask is ${size(mask.shape)}, but should be ${tuple([N * H, L, S0])}.`,
        );
      }
    } else throw new RuntimeError(`attn_mask's dimension ${mask.ndim} is not supported`);
  }
  const biasK: Tensor | null = a.biasK, biasV: Tensor | null = a.biasV;
  const padMasks = () => {
    if (mask) mask = F.pad(mask, [0, 1]);
    if (kpm) kpm = F.pad(kpm, [0, 1]);
  };
  if (biasK && biasV) {
    if (a.staticK) throw new RuntimeError("bias cannot be added to static key.");
    if (a.staticV) throw new RuntimeError("bias cannot be added to static value.");
    k = torch.cat([k, biasK.repeat([1, N, 1])]);
    v = torch.cat([v, biasV.repeat([1, N, 1])]);
    padMasks();
  } else if (biasK) throw new RuntimeError("bias_k is set but bias_v is None");
  else if (biasV) throw new RuntimeError("bias_v is set but bias_k is None");
  // (L, N, E) -> (N * H, L, hd): heads become batches
  q = q.reshape([L, N * H, hd]).transpose(0, 1);
  k = a.staticK ? staticKv(a.staticK, "k", N * H, hd) : k.reshape([k.shape[0], N * H, hd]).transpose(0, 1);
  v = a.staticV ? staticKv(a.staticV, "v", N * H, hd) : v.reshape([v.shape[0], N * H, hd]).transpose(0, 1);
  if (a.addZeroAttn) {
    k = torch.cat([k, torch.zeros([N * H, 1, hd], { dtype: k.dtype, device: k.device })], 1);
    v = torch.cat([v, torch.zeros([N * H, 1, hd], { dtype: v.dtype, device: v.device })], 1);
    padMasks();
  }
  const S = k.shape[1];
  if (kpm) {
    // (PyTorch's _check_key_padding_mask, "padded" and all)
    [N, S].forEach((want, d) => {
      if (kpm!.shape[d] !== want) {
        throw new RuntimeError(`Expected key_padded_mask.shape[${d}] to be ${want}, but got ${kpm!.shape[d]}`);
      }
    });
    const m = kpm.reshape([N, 1, 1, S]).expand([N, H, 1, S]).reshape([N * H, 1, S]);
    mask = mask ? mask.add(m) : m;
  }
  const p: number = a.training ? a.dropoutP : 0;
  let out: Tensor, weights: Tensor | null = null;
  if (a.needWeights) {
    let w = q.mul(Math.sqrt(1 / hd)).matmul(k.transpose(-2, -1));
    if (mask) w = w.add(mask);
    w = w.softmax(-1);
    if (p > 0) w = dropout(w, p, true);
    out = w.matmul(v).transpose(0, 1).reshape([L * N, E]);
    weights = w.reshape([N, H, L, S]);
    if (a.averageAttnWeights) weights = weights.mean([1]);
  } else {
    // (L, S) or (N * H, L, S) masks broadcast over (N, H, L, S)
    const m = mask && (mask.shape[0] === 1 ? mask.unsqueeze(0) : mask.reshape([N, H, -1, S]));
    const o = F.scaledDotProductAttention(
      q.reshape([N, H, L, hd]),
      k.reshape([N, H, S, hd]),
      v.reshape([N, H, S, hd]),
      m,
      p,
      isCausal,
    );
    out = o.permute([2, 0, 1, 3]).reshape([N * L, E]);
  }
  const o = P.linear(out, a.outProjWeight, a.outProjBias).reshape([L, N, E]);
  if (batched) return [o, weights];
  return [o.squeeze(1), weights && weights.squeeze(0)];
}
