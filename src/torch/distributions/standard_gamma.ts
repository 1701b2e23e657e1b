/**
 * The reparameterized samplers behind Gamma and Dirichlet: torch._standard_gamma and torch._sample_dirichlet on
 * PyTorch's CPU stream (kernels/cpu/torch_gamma.c), differentiable w.r.t. the concentration through ATen's
 * _standard_gamma_grad and _dirichlet_grad.
 */
import { K, lastError } from "../../../ffi/lib.ts";
import { DTYPES } from "../../core/dtype.ts";
import { Storage } from "../../core/storage.ts";
import { View } from "../../core/view.ts";
import type { FloatArray } from "../../random/torch_generator.ts";
import { torch } from "../mod.ts";
import { defaultGenerator } from "../ops/random.ts";
import { Tensor } from "../tensor.ts";

type FloatDtype = "float32" | "float64";

function floatDtypeOf(op: string, t: Tensor): FloatDtype {
  if (t.dtype !== "float32" && t.dtype !== "float64") {
    throw new torch.RuntimeError(`"${op}" not implemented for '${t.dtype}'`);
  }
  return t.dtype;
}

/** The tensor's values in C order, as a fresh typed array of `dtype`. */
function hostValues(t: Tensor, dtype: FloatDtype): FloatArray {
  const c = torch.noGrad(() => t.detach().to(dtype).contiguous().clone());
  return (c.storage.data as FloatArray).slice(0, c.numel()) as FloatArray;
}

/** A new tensor over host values. */
function wrap(values: FloatArray, dtype: FloatDtype, shape: number[]): Tensor {
  return Tensor._wrap({
    storage: Storage.wrap(dtype, values.length, values.buffer as ArrayBuffer, values.byteOffset),
    layout: new View(shape),
  });
}

/** Runs an element-wise gradient kernel over same-shaped tensors of one float dtype. */
function gradKernel(
  kernel: "dk_standard_gamma_grad" | "dk_dirichlet_grad",
  dtype: FloatDtype,
  ...inputs: Tensor[]
): Tensor {
  const shape = inputs[0].shape;
  const host = inputs.map((t) => hostValues(t, dtype));
  const out = dtype === "float32" ? new Float32Array(host[0].length) : new Float64Array(host[0].length);
  const n = BigInt(out.length), code = DTYPES[dtype].code;
  const status = kernel === "dk_standard_gamma_grad"
    ? K.dk_standard_gamma_grad(code, host[0], host[1], out, n)
    : K.dk_dirichlet_grad(code, host[0], host[1], host[2], out, n);
  if (status !== 0) throw new torch.RuntimeError(lastError());
  return wrap(out, dtype, shape);
}

/**
 * ATen's sum of `n` contiguous doubles from `start` (SumKernel.cpp's cascade_sum on the AVX2 kernel, which sum uses
 * on AVX-512 machines too): rows of 4 or more go through vectorized_inner_sum (4-lane vectors, 4 interleaved
 * accumulators, the scalar tail first), shorter ones through row_sum. The exact order keeps Dirichlet samples
 * bit-exact for every number of categories.
 */
function atenRowSum(x: Float64Array, start: number, n: number): number {
  const lanes = 4;
  if (n < lanes) return rowSum(n, (i, acc) => acc + x[start + i], 1)[0];
  const vecs = Math.floor(n / lanes);
  const acc = rowSum(vecs, (v, a, lane) => a + x[start + v * lanes + lane], lanes);
  let total = 0;
  for (let i = vecs * lanes; i < n; i++) total += x[start + i];
  for (const v of acc) total += v;
  return total;
}

/**
 * ATen's row_sum over `size` items of `width` lanes (add(i, acc, lane) adds item i's lane to acc): four interleaved
 * partial sums through multi_row_sum's cascade, the tail into the first, then the other three added in order.
 */
function rowSum(size: number, add: (i: number, acc: number, lane: number) => number, width: number): number[] {
  const ilp = 4, sizeIlp = Math.floor(size / ilp);
  const partial = multiRowSum(sizeIlp, ilp, (row, k, acc, lane) => add(row * ilp + k, acc, lane), width);
  for (let i = sizeIlp * ilp; i < size; i++) for (let l = 0; l < width; l++) partial[0][l] = add(i, partial[0][l], l);
  for (let k = 1; k < ilp; k++) for (let l = 0; l < width; l++) partial[0][l] += partial[k][l];
  return partial[0];
}

/** ATen's multi_row_sum: `nrows` running sums over `size` rows, cascaded through four levels. */
function multiRowSum(
  size: number,
  nrows: number,
  add: (row: number, k: number, acc: number, lane: number) => number,
  width: number,
): number[][] {
  const levels = 4;
  const levelPower = Math.max(4, Math.floor(Math.ceil(Math.log2(Math.max(size, 1))) / levels));
  const levelStep = 2 ** levelPower, levelMask = levelStep - 1;
  const acc = Array.from({ length: levels }, () => Array.from({ length: nrows }, () => new Array(width).fill(0)));
  const addRow = (i: number) => {
    for (let k = 0; k < nrows; k++) for (let l = 0; l < width; l++) acc[0][k][l] = add(i, k, acc[0][k][l], l);
  };
  let i = 0;
  while (i + levelStep <= size) {
    for (let j = 0; j < levelStep; j++, i++) addRow(i);
    for (let j = 1; j < levels; j++) {
      for (let k = 0; k < nrows; k++) {
        for (let l = 0; l < width; l++) {
          acc[j][k][l] += acc[j - 1][k][l];
          acc[j - 1][k][l] = 0;
        }
      }
      if ((i & (levelMask * 2 ** (j * levelPower))) !== 0) break;
    }
  }
  for (; i < size; i++) addRow(i);
  for (let j = 1; j < levels; j++) {
    for (let k = 0; k < nrows; k++) for (let l = 0; l < width; l++) acc[0][k][l] += acc[j][k][l];
  }
  return acc[0];
}

/** Zero with alpha's gradient history: adding `g * zeroWithHistory(alpha)` gives a value the gradient g. */
const zeroWithHistory = (alpha: Tensor) => torch.sub(alpha, alpha.detach());

/**
 * torch._standard_gamma: one Gamma(alpha, 1) draw per element of `alpha` (C order, PyTorch's stream for the seed),
 * differentiable w.r.t. alpha by the implicit reparameterization gradient of _standard_gamma_grad.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { standardGamma } from "./standard_gamma.ts";
 * torch.manualSeed(0);
 * const alpha = torch.tensor([0.5, 2], { dtype: torch.float64, requiresGrad: true });
 * standardGamma(alpha).sum().backward();
 * assert.ok((alpha.grad!.tolist() as number[]).every((g) => g > 0));
 * ```
 */
export function standardGamma(alpha: Tensor): Tensor {
  const dtype = floatDtypeOf("gamma_cpu", alpha);
  const a = hostValues(alpha, dtype);
  if (!a.every((v) => v >= 0)) throw new torch.RuntimeError("_standard_gamma: concentration must be non-negative");
  const x = wrap(defaultGenerator.standardGamma(a), dtype, alpha.shape);
  if (!alpha.requiresGrad || !torch.isGradEnabled()) return x;
  const g = gradKernel("dk_standard_gamma_grad", dtype, alpha, x);
  return torch.add(x, torch.mul(g, zeroWithHistory(alpha)));
}

/**
 * torch._sample_dirichlet: Dirichlet draws over the last dimension of `alpha` (float64 gammas normalized, cast to
 * alpha's dtype and clamped into [tiny, 1)), differentiable w.r.t. alpha through _dirichlet_grad as PyTorch's
 * _Dirichlet function: grad_alpha = G * (grad - sum(x * grad)).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { sampleDirichlet } from "./standard_gamma.ts";
 * torch.manualSeed(0);
 * const x = sampleDirichlet(torch.tensor([1, 2, 3], { dtype: torch.float64 }));
 * assert.ok(Math.abs((x.sum().item() as number) - 1) < 1e-12);
 * ```
 */
export function sampleDirichlet(alpha: Tensor): Tensor {
  const dtype = floatDtypeOf("dirichlet", alpha);
  const a = hostValues(alpha, "float64") as Float64Array;
  if (!a.every((v) => v >= 0)) throw new torch.RuntimeError("_sample_dirichlet: concentration must be non-negative");
  const gammas = defaultGenerator.standardGamma(a);
  const k = alpha.shape.at(-1)!, out = dtype === "float32" ? new Float32Array(a.length) : new Float64Array(a.length);
  const { tiny, eps } = torch.finfo(dtype), max = 1 - eps / 2; // nexttoward(1, 0)
  for (let row = 0; row < a.length; row += k) {
    const total = atenRowSum(gammas, row, k);
    // the ratio in double, cast to the dtype (out's store), then clamped into [tiny, max]
    for (let i = row; i < row + k; i++) out[i] = gammas[i] / total;
    for (let i = row; i < row + k; i++) out[i] = Math.min(max, Math.max(tiny, out[i]));
  }
  const x = wrap(out, dtype, alpha.shape);
  if (!alpha.requiresGrad || !torch.isGradEnabled()) return x;
  const total = torch.sum(alpha.detach(), -1, { keepdim: true }).expandAs(alpha);
  const g = gradKernel("dk_dirichlet_grad", dtype, x, alpha, total);
  const gd = torch.mul(g, zeroWithHistory(alpha));
  return torch.sub(torch.add(x, gd), torch.mul(x, torch.sum(gd, -1, { keepdim: true })));
}
