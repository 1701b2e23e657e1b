/**
 * nn.CrossMapLRN2d, PyTorch's legacy cross-channel LRN over 4-d inputs
 * (torch.nn._functions.CrossMapLRN2d). It is not nn.LocalResponseNorm:
 * its running window starts with channels [0, prePad) and, from channel c,
 * adds channel c + prePad - 1 (while there is one) and drops channel
 * c - prePad only once c > prePad, so channel 0 never leaves the window
 * (prePad = floor((size - 1) / 2 + 1)). That sum is written with cumsum
 * over channels. Its backward is PyTorch's own formula, not the derivative
 * of that forward: grad = scale^-beta * g - 2 alpha beta / size * x *
 * (sum of g * out / scale over channels [c - s, c + size - 1 - s], s =
 * floor(size - (size - 1) / 2)), so the module attaches it as its node.
 */
import { isGradEnabled, withGradMode } from "../../autograd/grad_mode.ts";
import { edgeOf, Node } from "../../autograd/graph.ts";
import { torch } from "../../torch/mod.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { functional as F, LRN } from "../functional.ts";
import { pyFloat } from "../repr.ts";
import type { ArgsOf } from "../module.ts";
import { checkInput } from "./check_input.ts";
import { OptModule } from "./common.ts";

/** LocalResponseNorm's arguments (size, alpha, beta, k), which this legacy module shares. */
const SIG = { pos: LRN, kw: [] } as const;

/** The sum of `t` over `size` channel windows starting at each channel of a zero-padded copy (pad before, after). */
function windowSum(t: Tensor, size: number, before: number, after: number): Tensor {
  const c = t.shape[1], p = F.pad(t, [0, 0, 0, 0, before, after]);
  let s = p.narrow(1, 0, c);
  for (let i = 1; i < size; i++) s = s.add(p.narrow(1, i, c));
  return s;
}

/** PyTorch's scale: k + alpha / size * (the legacy window's sum of squares), for every channel. */
function legacyScale(x: Tensor, size: number, alpha: number, k: number): Tensor {
  const c = x.shape[1], pre = Math.floor((size - 1) / 2 + 1);
  const cum = x.mul(x).cumsum(1);
  const at = (idx: number[]) => cum.indexSelect(1, torch.tensor(idx, { dtype: "int64" }));
  const chans = [...Array(c).keys()];
  // channels [0, min(c + pre - 1, C - 1)] ...
  let s = at(chans.map((i) => Math.min(i + pre - 1, c - 1)));
  // ... less channels [1, c - pre] once c > pre
  const drop = chans.map((i) => (i > pre ? 1 : 0));
  if (drop.some((d) => d)) {
    const lo = at(chans.map((i) => Math.max(i - pre, 0))).sub(cum.narrow(1, 0, 1));
    s = s.sub(lo.mul(torch.tensor(drop, { dtype: x.dtype }).reshape([1, c, 1, 1])));
  }
  return s.mul(alpha / size).add(k);
}

/**
 * Cross-channel local response normalization of (N, C, H, W) inputs, PyTorch's legacy CrossMapLRN2d (values and
 * gradients as PyTorch computes them).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const lrn = new nn.CrossMapLRN2d(3, { alpha: 1e-3 });
 * assert.equal(String(lrn), "CrossMapLRN2d(3, alpha=0.001, beta=0.75, k=1)");
 * assert.deepEqual(lrn.forward(torch.randn(2, 5, 4, 4)).shape, [2, 5, 4, 4]);
 * ```
 */
export class CrossMapLRN2d extends OptModule {
  readonly size: number;
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;
  constructor(...args: ArgsOf<typeof SIG>) {
    super("CrossMapLRN2d", SIG, args);
    ({ size: this.size, alpha: this.alpha, beta: this.beta, k: this.k } = this.o);
  }
  override forward(x: Tensor): Tensor {
    if (checkInput(this, x).ndim !== 4) {
      throw new RangeError(`CrossMapLRN2d: Expected input to be 4D, got ${x.ndim}D instead.`);
    }
    const { size, alpha, beta, k } = this;
    const [scale, out] = withGradMode(false, () => {
      const s = legacyScale(x, size, alpha, k);
      return [s, s.pow(-beta).mul(x)];
    });
    if (!isGradEnabled() || !x.requiresGrad) return out;
    const inv = Math.floor(size - (size - 1) / 2), coef = (2 * alpha * beta) / size;
    const node = new Node(
      "CrossMapLRN2dBackward",
      [edgeOf(x)],
      [x.shape],
      ([g]) => {
        if (!g) return [null];
        const gt = g as Tensor;
        const acc = windowSum(gt.mul(out).div(scale), size, inv, size - 1 - inv);
        return [scale.pow(-beta).mul(gt).sub(x.mul(acc).mul(coef))];
      },
      [],
      null,
      1,
    );
    const y = out.detach();
    y.gradFn = node;
    y.outputNr = 0;
    y.requiresGrad = true;
    return y;
  }
  override extraRepr(): string {
    // PyTorch prints the values as given (its default k=1 as an int): integral numbers print as ints
    const num = (v: number) => (Number.isInteger(v) ? String(v) : pyFloat(v));
    return `${this.size}, alpha=${num(this.alpha)}, beta=${num(this.beta)}, k=${num(this.k)}`;
  }
}
