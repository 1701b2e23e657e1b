/**
 * The CTC loss primitive (PyTorch's aten::_ctc_loss and its backward,
 * aten::_ctc_loss_backward), derivative in src/torch/derivatives_nn.ts;
 * nn.functional.ctcLoss (src/nn/ctc_loss.ts) adds the unbatched form,
 * zero_infinity's where and the reduction around it.
 *
 * Both run PyTorch's CPU algorithm (Graves et al. 2006, in log space) as
 * host loops over the log-probabilities read back once: the alpha
 * recursion over (time, extended label) per batch element, and for the
 * backward the beta recursion, whose alpha * beta products are summed per
 * (time, class). The dynamic programme is sequential in time, so one pass
 * over a Float64Array per element beats tensor ops of a few dozen values
 * each; the sums are in double for both dtypes.
 */
import { type Args, defineOp } from "../../api/define.ts";
import { float64s, hostValues } from "../../api/ops/common.ts";
import { req } from "../../api/signature.ts";
import { TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import type { Operand } from "../../core/storage.ts";
import { castTo, toDevice } from "../../ops/operand.ts";
import { floatOnly } from "./nn_common.ts";

const CHECKED = "(while checking arguments for ctc_loss_allocate_outputs)";

/** The host data and geometry one batch of CTC works on. */
interface Ctc {
  /** log_probs (T, N, C) in C order. */
  lp: Float64Array;
  T: number;
  N: number;
  C: number;
  blank: number;
  /** The target values in C order, element b's labels from offsets[b] on. */
  tg: Float64Array;
  offsets: number[];
  il: readonly number[];
  tl: readonly number[];
}

const list = (v: number | readonly number[]): readonly number[] => (typeof v === "number" ? [v] : v);

/** PyTorch's argument checks (ctc_loss_cpu_template, ctc_loss_allocate_outputs), in its order. */
function ctcArgs(a: Args): Ctc {
  const x: Operand = a.logProbs, t: Operand = a.targets, blank: number = a.blank;
  const il = list(a.inputLengths), tl = list(a.targetLengths);
  floatOnly("ctc_loss_cpu", x);
  if (x.layout.size === 0) throw new RuntimeError("log_probs tensor must not be empty");
  const td = t.storage.dtype;
  if (td !== "int64" && td !== "int32") {
    throw new RuntimeError(
      `Expected tensor for argument #2 'targets' to have scalar type Int; but got torch.${
        TORCH_TYPE_NAME[td]
      }Tensor instead ${CHECKED}`,
    );
  }
  const xs = x.layout.shape, ts = t.layout.shape;
  if (xs.length !== 3) {
    throw new RuntimeError(
      `Expected 3-dimensional tensor, but got ${xs.length}-dimensional tensor for argument #1 'log_probs' ${CHECKED}`,
    );
  }
  if (ts.length < 1 || ts.length > 2) {
    throw new RuntimeError(
      `Expected 1 to 2 dimensions, but got ${ts.length}-dimensional tensor for argument #2 'targets' ${CHECKED}`,
    );
  }
  const [T, N, C] = xs;
  if (!(blank >= 0 && blank < C)) throw new RuntimeError("blank must be in label range");
  if (il.length !== N) throw new RuntimeError("input_lengths must be of size batch_size");
  if (tl.length !== N) throw new RuntimeError("target_lengths must be of size batch_size");
  const size = (want: number, dim: number) => {
    if (ts[dim] !== want) {
      throw new RuntimeError(
        `Expected tensor to have size ${want} at dimension ${dim}, but got size ${
          ts[dim]
        } for argument #2 'targets' ${CHECKED}`,
      );
    }
  };
  const offsets: number[] = [];
  let pos = 0, maxLength = 0;
  for (let b = 0; b < N; b++) {
    if (tl[b] < 0) {
      throw new RuntimeError(`Expected target_lengths to have value at least 0, but got value ${tl[b]} ${CHECKED}`);
    }
    // concatenated targets follow each other; padded ones start a row each
    offsets.push(ts.length === 1 ? pos : b * ts[1]);
    pos += tl[b];
    maxLength = Math.max(maxLength, tl[b]);
  }
  if (ts.length === 1) size(pos, 0);
  else {
    size(N, 0);
    if (ts[1] < maxLength) {
      throw new RuntimeError(
        `Expected tensor to have size at least ${maxLength} at dimension 1, but got size ${
          ts[1]
        } for argument #2 'targets' ${CHECKED}`,
      );
    }
  }
  for (const n of il) {
    if (n < 0) throw new RuntimeError(`Expected input_lengths to have value at least 0, but got value ${n} ${CHECKED}`);
    if (n > T) {
      throw new RuntimeError(`Expected input_lengths to have value at most ${T}, but got value ${n} ${CHECKED}`);
    }
  }
  const tg = hostValues(t);
  // PyTorch reads a label outside [0, C) from unrelated memory; only the labels within each length are read (padding
  // beyond them may hold anything)
  for (let b = 0; b < N; b++) {
    for (let i = 0; i < tl[b]; i++) {
      const v = tg[offsets[b] + i];
      if (!(v >= 0 && v < C)) throw new RangeError(`Target ${v} is out of bounds.`);
    }
  }
  return { lp: hostValues(x), T, N, C, blank, tg, offsets, il, tl };
}

/**
 * log(exp(a) + exp(b) + exp(c)) as PyTorch computes it (the largest subtracted, 0 when all are -inf); -inf terms,
 * whose exp is exactly 0, are not evaluated.
 */
function lse3(a: number, b: number, c: number): number {
  let m = a;
  if (b > m) m = b;
  if (c > m) m = c;
  if (m === -Infinity) m = 0;
  let sum = a === -Infinity ? 0 : Math.exp(a - m);
  if (b !== -Infinity) sum += Math.exp(b - m);
  if (c !== -Infinity) sum += Math.exp(c - m);
  return Math.log(sum) + m;
}

/**
 * Element b's extended labels (blanks at even positions, its targets between) and where a position may be reached
 * from two back, skipping a blank (only between different labels).
 */
function extended(k: Ctc, b: number): { ext: Int32Array; skip: Uint8Array } {
  const S = 2 * k.tl[b] + 1, ext = new Int32Array(S).fill(k.blank), skip = new Uint8Array(S);
  for (let s = 1; s < S; s += 2) ext[s] = k.tg[k.offsets[b] + (s - 1) / 2];
  for (let s = 2; s < S; s++) skip[s] = ext[s - 2] !== ext[s] ? 1 : 0;
  return { ext, skip };
}

/** Element b's log-alphas ((input length) x (2 target length + 1), row-major) and its negative log-likelihood. */
function alphas(k: Ctc, b: number, ext: Int32Array, skip: Uint8Array): { alpha: Float64Array; nll: number } {
  const { lp, N, C } = k, T = k.il[b], L = k.tl[b], S = 2 * L + 1;
  // no input: the empty target is certain, any other impossible (PyTorch's -0 for the first)
  if (T === 0) return { alpha: new Float64Array(0), nll: L === 0 ? -0 : Infinity };
  const alpha = new Float64Array(T * S).fill(-Infinity);
  alpha[0] = lp[b * C + k.blank];
  if (L > 0) alpha[1] = lp[b * C + ext[1]];
  for (let t = 1; t < T; t++) {
    const prev = (t - 1) * S, cur = t * S, r = (t * N + b) * C;
    alpha[cur] = lse3(alpha[prev], -Infinity, -Infinity) + lp[r + ext[0]];
    for (let s = 1; s < S; s++) {
      const a3 = skip[s] ? alpha[prev + s - 2] : -Infinity;
      alpha[cur + s] = lse3(alpha[prev + s], alpha[prev + s - 1], a3) + lp[r + ext[s]];
    }
  }
  const last = (T - 1) * S;
  // the empty target ends in its one blank; others in the last label or the blank after it
  const nll = L === 0 ? -alpha[last] : -lse3(alpha[last + S - 1], alpha[last + S - 2], -Infinity);
  return { alpha, nll };
}

/** The per-element negative log-likelihoods (N). */
function ctcLoss(a: Args): Operand {
  const k = ctcArgs(a), x: Operand = a.logProbs;
  const nll = new Float64Array(k.N);
  for (let b = 0; b < k.N; b++) {
    const { ext, skip } = extended(k, b);
    nll[b] = alphas(k, b, ext, skip).nll;
  }
  return toDevice(castTo(float64s(nll), x.storage.dtype), x.storage.device);
}

/**
 * The gradient w.r.t. log_probs as PyTorch's ctc_loss_backward computes it: exp(lp) - exp(log(sum over the
 * positions s labelled c of alpha beta) + nll - lp), times the element's output gradient (the exp(lp) term is the
 * softmax's: PyTorch assumes log_probs come from a log_softmax, whose backward cancels it). Zero beyond each input
 * length, and for an infinite loss under zero_infinity.
 */
function ctcLossBackward(a: Args): Operand {
  const k = ctcArgs(a), x: Operand = a.logProbs, { lp, N, C } = k;
  const go = hostValues(a.grad);
  const grad = new Float64Array(k.T * N * C);
  for (let b = 0; b < N; b++) {
    const { ext, skip } = extended(k, b), { alpha, nll } = alphas(k, b, ext, skip);
    if (a.zeroInfinity && nll === Infinity) continue;
    const T = k.il[b], L = k.tl[b], S = 2 * L + 1;
    if (T === 0) continue;
    // log of the sum of alpha beta per (t, class); -inf: no position
    const ab = new Float64Array(T * C).fill(-Infinity);
    const beta = new Float64Array(T * S).fill(-Infinity);
    const lastT = (T - 1) * S, lastR = ((T - 1) * N + b) * C;
    beta[lastT + S - 1] = lp[lastR + k.blank];
    ab[(T - 1) * C + k.blank] = alpha[lastT + S - 1] + beta[lastT + S - 1];
    if (L > 0) {
      const l = ext[S - 2];
      beta[lastT + S - 2] = lp[lastR + l];
      // (assigned, as PyTorch does: a blank and a label, different unless the label is the blank)
      ab[(T - 1) * C + l] = alpha[lastT + S - 2] + beta[lastT + S - 2];
    }
    for (let t = T - 2; t >= 0; t--) {
      const next = (t + 1) * S, cur = t * S, r = (t * N + b) * C;
      for (let s = S - 1; s >= 0; s--) {
        const l = ext[s];
        const b2 = s < S - 1 ? beta[next + s + 1] : -Infinity;
        const b3 = s < S - 2 && skip[s + 2] ? beta[next + s + 2] : -Infinity;
        beta[cur + s] = lse3(beta[next + s], b2, b3) + lp[r + l];
        const v = alpha[cur + s] + beta[cur + s], i = t * C + l, acc = ab[i];
        ab[i] = acc === -Infinity ? v : lse3(acc, v, -Infinity);
      }
    }
    const gr = go[b];
    for (let t = 0; t < T; t++) {
      const r = (t * N + b) * C;
      for (let c = 0; c < C; c++) {
        const v = lp[r + c];
        grad[r + c] = (Math.exp(v) - Math.exp(ab[t * C + c] + nll - v)) * gr;
      }
    }
  }
  return toDevice(castTo(float64s(grad, [k.T, N, C]), x.storage.dtype), x.storage.device);
}

const CTC = [
  req("logProbs", "array"),
  req("targets", "array"),
  req("inputLengths", "ints"),
  req("targetLengths", "ints"),
  req("blank", "int"),
  req("zeroInfinity", "bool"),
] as const;

/** The CTC loss primitive and its backward (generated by src/nn/prims.ts). */
export const NN_CTC = {
  _ctcLoss: defineOp({
    name: "_ctcLoss",
    doc: "The CTC loss of each batch element of (T, N, C) log-probabilities (PyTorch's _ctc_loss).",
    torch: { names: ["_ctcLoss"], overloads: [{ sig: { pos: CTC, kw: [] }, impl: ctcLoss }] },
  }),
  _ctcLossBackward: defineOp({
    name: "_ctcLossBackward",
    doc: "The gradient of the CTC loss w.r.t. log_probs given each element's output gradient.",
    torch: {
      names: ["_ctcLossBackward"],
      overloads: [{ sig: { pos: [req("grad", "array"), ...CTC], kw: [] }, impl: ctcLossBackward }],
    },
  }),
};
