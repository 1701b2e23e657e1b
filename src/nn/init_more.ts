/**
 * More of torch.nn.init (re-exported by init.ts, so all are `nn.init.*`): trunc_normal_, dirac_ and sparse_ drawing
 * in PyTorch 2.13's order (a seed gives PyTorch's values), and the deprecated names without the trailing underscore,
 * which warn (PyTorch's FutureWarning, once per name) and call the underscore version.
 */
import { opt, req } from "../api/signature.ts";
import { withGradMode } from "../autograd/grad_mode.ts";
import { torch } from "../torch/mod.ts";
import type { Tensor } from "../torch/tensor.ts";
import {
  constant_,
  eye_,
  kaimingNormal_,
  kaimingUniform_,
  normal_,
  orthogonal_,
  uniform_,
  xavierNormal_,
  xavierUniform_,
} from "./init.ts";
import { bind, binder } from "./module.ts";

const warned = new Set<string>();
/** Shows a Python warning once per message (Python's default filter shows it once per calling line). */
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(message);
}

const TRUNC = binder("trunc_normal_", {
  pos: [
    req("tensor", "array"),
    opt("mean", "number", 0),
    opt("std", "number", 1),
    opt("a", "number", -2),
    opt("b", "number", 2),
    opt("generator", "any", null),
  ],
  kw: [],
});
/**
 * Fills with N(mean, std^2) truncated to [a, b], as PyTorch 2.13 draws it: when [a, b] holds more than 0.3 of the
 * normal's mass, normal draws of the whole tensor, redrawing (again the whole tensor) where any value fell outside;
 * otherwise uniform draws on [a, b] accepted against the normal's density (a second uniform draw per element), the
 * rejected ones drawn again.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * torch.manualSeed(0);
 * const w = nn.init.truncNormal_(torch.empty(100), 0, 1, -0.5, 0.5);
 * assert.ok((w.abs().max().item() as number) <= 0.5);
 * ```
 */
export function truncNormal_(...args: unknown[]): Tensor {
  const o = bind(TRUNC, args);
  const t: Tensor = o.tensor, mean: number = o.mean, std: number = o.std, a: number = o.a, b: number = o.b;
  const generator = o.generator;
  if (mean < a - 2 * std || mean > b + 2 * std) {
    warnOnce(
      "UserWarning: mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may " +
        "be incorrect.",
    );
  }
  // the mass of [a, b] (Python's erf, computed here by the erf kernel in double)
  const erf = torch.tensor([(b - mean) / std / Math.sqrt(2), (a - mean) / std / Math.sqrt(2)], { dtype: "float64" })
    .erf().tolist() as number[];
  const p = (1 + erf[0]) / 2 - (1 + erf[1]) / 2;
  return withGradMode(false, () => {
    if (p > 0.3) {
      // the bounds in the tensor's dtype, so the rejection agrees with the values it can hold
      const lo = t.newTensor(a).item() as number, hi = t.newTensor(b).item() as number;
      let result = t.normal_(mean, std, { generator });
      for (;;) {
        const outside = result.lt(lo).logicalOr(result.gt(hi));
        if (!outside.any().item()) break;
        result = torch.where(outside, torch.emptyLike(result).normal_(mean, std, { generator }), result);
      }
      return result === t ? t : t.copy_(result);
    }
    const mode = Math.max(a, Math.min(mean, b)), logPeak = -0.5 * ((mode - mean) / std) ** 2;
    const candidates = torch.emptyLike(t), acceptBuf = torch.emptyLike(t);
    // log(u) against each candidate's log density relative to the peak
    const logDensity = (c: Tensor) => c.sub_(mean).div_(std).pow_(2).mul_(-0.5).sub_(logPeak);
    const rejected = () => acceptBuf.uniform_(0, 1, { generator }).log_().gt(candidates);
    t.uniform_(a, b, { generator });
    logDensity(candidates.copy_(t));
    let pending = rejected();
    if (!pending.any().item()) return t;
    let result = t;
    for (;;) {
      candidates.uniform_(a, b, { generator });
      result = torch.where(pending, candidates, result);
      logDensity(candidates);
      pending = torch.where(pending, rejected(), pending);
      if (!pending.any().item()) break;
    }
    return t.copy_(result);
  });
}

const DIRAC = binder("dirac_", { pos: [req("tensor", "array"), opt("groups", "int", 1)], kw: [] });
/**
 * Fills a 3-, 4- or 5-d convolution weight with the Dirac delta (each of the first min(out / groups, in) output
 * channels of every group passes its input channel through at the kernel's center), preserving the inputs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const w = nn.init.dirac_(torch.empty(2, 2, 3));
 * assert.deepEqual(w.tolist(), [[[0, 1, 0], [0, 0, 0]], [[0, 0, 0], [0, 1, 0]]]);
 * ```
 */
export function dirac_(...args: unknown[]): Tensor {
  const o = bind(DIRAC, args);
  const t: Tensor = o.tensor, groups: number = o.groups, d = t.ndim;
  if (d !== 3 && d !== 4 && d !== 5) throw new RangeError("Only tensors with 3, 4, or 5 dimensions are supported");
  if (t.shape[0] % groups !== 0) throw new RangeError("dim 0 must be divisible by groups");
  const perGroup = t.shape[0] / groups, minDim = Math.min(perGroup, t.shape[1]);
  const center = t.shape.slice(2).map((s) => Math.floor(s / 2));
  return withGradMode(false, () => {
    t.zero_();
    for (let g = 0; g < groups; g++) {
      for (let c = 0; c < minDim; c++) {
        let e = t.select(0, g * perGroup + c).select(0, c);
        for (const k of center) e = e.select(0, k);
        e.fill_(1);
      }
    }
    return t;
  });
}

const SPARSE = binder("sparse_", {
  pos: [req("tensor", "array"), req("sparsity", "number"), opt("std", "number", 0.01), opt("generator", "any", null)],
  kw: [],
});
/**
 * Fills a 2-d tensor with N(0, std^2) values, then zeroes ceil(sparsity * rows) entries of every column, chosen by
 * torch.randperm from the default generator (as PyTorch's, which does not pass the generator on).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const w = nn.init.sparse_(torch.empty(10, 4), 0.3);
 * assert.deepEqual(w.eq(0).sum(0).tolist(), [3, 3, 3, 3]);
 * ```
 */
export function sparse_(...args: unknown[]): Tensor {
  const o = bind(SPARSE, args);
  const t: Tensor = o.tensor;
  if (t.ndim !== 2) throw new RangeError("Only tensors with 2 dimensions are supported");
  const [rows, cols] = t.shape, numZeros = Math.ceil(o.sparsity * rows);
  // Python's row_indices[:num_zeros]: a negative count keeps all but that many
  const keep = Math.max(0, Math.min(rows, numZeros < 0 ? rows + numZeros : numZeros));
  return withGradMode(false, () => {
    t.normal_(0, o.std, { generator: o.generator });
    for (let c = 0; c < cols; c++) t.select(1, c).indexFill_(0, torch.randperm(rows).narrow(0, 0, keep), 0);
    return t;
  });
}

/** Warns that `nn.init.<name>` is deprecated, then calls its underscore version. */
function deprecated(name: string, f: (...args: unknown[]) => Tensor, args: unknown[]): Tensor {
  warnOnce(`FutureWarning: \`nn.init.${name}\` is now deprecated in favor of \`nn.init.${name}_\`.`);
  return f(...args);
}
/** Deprecated: nn.init.uniform_ (warns once). */
export function uniform(...args: unknown[]): Tensor {
  return deprecated("uniform", uniform_, args);
}
/** Deprecated: nn.init.normal_ (warns once). */
export function normal(...args: unknown[]): Tensor {
  return deprecated("normal", normal_, args);
}
/** Deprecated: nn.init.constant_ (warns once). */
export function constant(...args: unknown[]): Tensor {
  return deprecated("constant", constant_, args);
}
/** Deprecated: nn.init.eye_ (warns once). */
export function eye(tensor: Tensor): Tensor {
  return deprecated("eye", (t) => eye_(t as Tensor), [tensor]);
}
/** Deprecated: nn.init.dirac_ (warns once). */
export function dirac(...args: unknown[]): Tensor {
  return deprecated("dirac", dirac_, args);
}
/** Deprecated: nn.init.xavierUniform_ (warns once). */
export function xavierUniform(...args: unknown[]): Tensor {
  return deprecated("xavier_uniform", xavierUniform_, args);
}
/** Deprecated: nn.init.xavierNormal_ (warns once). */
export function xavierNormal(...args: unknown[]): Tensor {
  return deprecated("xavier_normal", xavierNormal_, args);
}
/** Deprecated: nn.init.kaimingUniform_ (warns once). */
export function kaimingUniform(...args: unknown[]): Tensor {
  return deprecated("kaiming_uniform", kaimingUniform_, args);
}
/** Deprecated: nn.init.kaimingNormal_ (warns once). */
export function kaimingNormal(...args: unknown[]): Tensor {
  return deprecated("kaiming_normal", kaimingNormal_, args);
}
/** Deprecated: nn.init.orthogonal_ (warns once). */
export function orthogonal(...args: unknown[]): Tensor {
  return deprecated("orthogonal", orthogonal_, args);
}
/** Deprecated: nn.init.sparse_ (warns once). */
export function sparse(...args: unknown[]): Tensor {
  return deprecated("sparse", sparse_, args);
}
