/**
 * F.pad (torch.nn.functional.pad) and the checks of the ATen kernels it dispatches to.
 *
 * Every mode is written with differentiable tensor ops, one padded dim at a time: constant padding narrows the
 * negative pads away and concatenates blocks of the value; reflect, replicate and circular padding gather each
 * padded dim through one index (indexSelect), so autograd sums the gradient of every copy into its source element.
 * The errors follow the ATen kernels, in their order: constant_pad_nd (any rank), reflection_pad{1,2,3}d and
 * replication_pad{1,2,3}d (the last 1-3 dims of a (C, ...) or (N, C, ...) input), _pad_circular.
 */
import { TORCH_TYPE_NAME } from "../core/dtype.ts";
import { fmtShape as fmt, RuntimeError } from "../core/errors.ts";
import { torch } from "../torch/mod.ts";
import type { Tensor } from "../torch/tensor.ts";

/** F.pad's modes. */
export type PadMode = "constant" | "reflect" | "replicate" | "circular";

/**
 * Pads the last `pad.length / 2` dims of `x`, the pairs (before, after) from the last dim backwards; a negative
 * pad removes elements. `value` fills constant padding (default 0) and must be null or 0 in the other modes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { pad } from "./pad.ts";
 * const x = torch.tensor([[1, 2, 3]], { dtype: "float32" });
 * assert.deepEqual(pad(x, [2, 1], "reflect").tolist(), [[3, 2, 1, 2, 3, 2]]);
 * assert.deepEqual(pad(x, [1, -1], "constant", 9).tolist(), [[9, 1, 2]]);
 * ```
 */
export function pad(
  x: Tensor,
  pad: number | readonly number[],
  mode: PadMode = "constant",
  value: number | null = null,
): Tensor {
  if (typeof pad === "number") throw new TypeError("pad(): argument 'pad' (position 2) must be tuple of ints, not int");
  const nd = x.ndim, k = pad.length / 2;
  if (pad.length % 2 !== 0) throw new RuntimeError("Padding length must be divisible by 2");
  if (pad.length > 2 * nd) {
    throw new RuntimeError(
      `Padding length should be less than or equal to two times the input dimension but got padding length ${pad.length} and input of dimension ${nd}`,
    );
  }
  if (mode === "constant") return constantPad(x, pad, value ?? 0);
  if (value !== null && value !== 0) throw new RuntimeError(`Padding mode "${mode}" doesn't take in value argument`);
  if (!(k >= 1 && k <= 3 && (nd === k + 1 || nd === k + 2))) {
    throw new RuntimeError(
      `Padding size ${pad.length} is not supported for ${nd}D input tensor.\n` +
        "Supported combinations for non-constant padding:\n" +
        "  - 2D or 3D input: padding size = 2 (pads last dimension)\n" +
        "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n" +
        "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)",
    );
  }
  if (mode === "circular") checkCircular(x, pad);
  else checkKernel(x, pad, mode);
  let y = x;
  for (let i = 0; i < k; i++) {
    const lo = pad[2 * i], hi = pad[2 * i + 1];
    if (lo !== 0 || hi !== 0) y = y.indexSelect(nd - 1 - i, sourceIndex(x.shape[nd - 1 - i], lo, hi, mode, x.device));
  }
  // an all-zero padding still gives a new tensor, as PyTorch's kernels do
  return y === x ? x.clone() : y;
}

/**
 * Where each output element of a padded dim of size n reads from: reflect mirrors about the first and last elements
 * (not repeating them), replicate repeats them, circular wraps around what the negative pads leave (PyTorch's
 * _pad_circular crops before it wraps).
 */
function sourceIndex(n: number, lo: number, hi: number, mode: Exclude<PadMode, "constant">, device: string): Tensor {
  const cut = Math.max(-lo, 0), m = n - cut - Math.max(-hi, 0), before = Math.max(lo, 0);
  const idx = new BigInt64Array(n + lo + hi);
  for (let o = 0; o < idx.length; o++) {
    let j = o - lo;
    if (mode === "reflect") j = j < 0 ? -j : j >= n ? 2 * (n - 1) - j : j;
    else if (mode === "replicate") j = Math.min(Math.max(j, 0), n - 1);
    else j = cut + (((o - before) % m) + m) % m;
    idx[o] = BigInt(j);
  }
  return torch.tensor(idx, { device });
}

/** constant_pad_nd: the negative pads narrow the input (as PyTorch's, which clones when nothing grows). */
function constantPad(x: Tensor, pad: readonly number[], value: number): Tensor {
  let y = x, grown = false;
  for (let i = 0; i < pad.length / 2; i++) {
    const dim = x.ndim - 1 - i, lo = pad[2 * i], hi = pad[2 * i + 1], n = x.shape[dim];
    // (PyTorch's narrow checks the length before the start, so a pad past the size names the length)
    if (lo < 0 && n + lo < 0) throw new RuntimeError("narrow(): length must be non-negative.");
    if (lo < 0) y = y.narrow(dim, -lo, y.shape[dim] + lo);
    if (hi < 0) y = y.narrow(dim, 0, y.shape[dim] + hi);
    if (lo <= 0 && hi <= 0) continue;
    // (the value is converted only where it fills; F.pad's is a C++ double, which a negative number overflows in
    // uint8 rather than wrapping as fill_(-1)'s Python int does)
    if (x.dtype === "uint8" && value < 0) {
      throw new RuntimeError("value cannot be converted to type uint8_t without overflow");
    }
    const block = (len: number) => y.newFull(y.shape.map((s, d) => (d === dim ? len : s)), value);
    y = torch.cat([...(lo > 0 ? [block(lo)] : []), y, ...(hi > 0 ? [block(hi)] : [])], dim);
    grown = true;
  }
  return grown ? y : y.clone();
}

/**
 * _pad_circular's checks, outer padded dim first: no pad may wrap more than once, no output size may be negative.
 * PyTorch also reads memory it never wrote (garbage) or refuses an overlapping copy when a positive pad exceeds
 * what the other side's negative pad leaves; that is wrapping more than once as well, and is refused so.
 */
function checkCircular(x: Tensor, pad: readonly number[]): void {
  const k = pad.length / 2, nd = x.ndim;
  for (let i = k - 1; i >= 0; i--) {
    const n = x.shape[nd - 1 - i], lo = pad[2 * i], hi = pad[2 * i + 1];
    if (lo > n || hi > n) throw new RuntimeError("Padding value causes wrapping around more than once.");
    if (n + lo + hi < 0) throw new RuntimeError("Negative padding value is resulting in an empty dimension");
  }
  for (let i = 0; i < k; i++) {
    const n = x.shape[nd - 1 - i], lo = pad[2 * i], hi = pad[2 * i + 1];
    const left = n - Math.max(-lo, 0) - Math.max(-hi, 0);
    if (lo > left || hi > left) throw new RuntimeError("Padding value causes wrapping around more than once.");
  }
}

/** reflection_pad{k}d / replication_pad{k}d's checks (ATen's padding::check_valid_input, then the sizes). */
function checkKernel(x: Tensor, pad: readonly number[], mode: "reflect" | "replicate"): void {
  const k = pad.length / 2, nd = x.ndim, shape = x.shape;
  // a batch dim may be empty, no other
  if (shape.some((s, d) => s === 0 && !(d === 0 && nd === k + 2))) {
    throw new RuntimeError(
      `Expected ${k + 1}D or ${
        k + 2
      }D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ${
        fmt(shape)
      }`,
    );
  }
  const ins: number[] = [], outs: number[] = [];
  for (let i = 0; i < k; i++) {
    const dim = nd - 1 - i, n = shape[dim], lo = pad[2 * i], hi = pad[2 * i + 1];
    if (mode === "reflect" && !(lo < n && hi < n)) {
      throw new RuntimeError(
        `Argument #${
          4 + 2 * i
        }: Padding size should be less than the corresponding input dimension, but got: padding (${lo}, ${hi}) at dimension ${dim} of input ${
          fmt(shape)
        }`,
      );
    }
    ins.unshift(n);
    outs.unshift(n + lo + hi);
  }
  // the kernels need one output dim of at least 1 (1-d: the one), then the output's allocation refuses a negative one
  if (outs.every((o) => o < 1)) {
    const [w, ow] = [ins[k - 1], outs[k - 1]];
    throw new RuntimeError(
      k === 1
        ? `input (W: ${w}) is too small. Calculated output W: ${ow}`
        : k === 2
        ? `input (H: ${ins[0]}, W: ${w}${mode === "replicate" ? " " : ""}) is too small. Calculated output H: ${
          outs[0]
        } W: ${ow}`
        : `input (D: ${ins[0]} H: ${ins[1]}, W: ${w}) is too small. Calculated output D: ${outs[0]} H: ${
          outs[1]
        } W: ${ow}`,
    );
  }
  const neg = outs.find((o) => o < 0);
  if (neg !== undefined) {
    throw new RuntimeError(
      `Trying to create tensor with negative dimension ${neg}: ${fmt([...shape.slice(0, nd - k), ...outs])}`,
    );
  }
  if (x.dtype === "bool") {
    throw new RuntimeError(
      `"${mode === "reflect" ? "reflection" : "replication"}_pad${k}d" not implemented for '${TORCH_TYPE_NAME.bool}'`,
    );
  }
}
