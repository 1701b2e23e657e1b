/**
 * Window functions: NumPy's symmetric windows (np.hanning, hamming,
 * blackman, bartlett, kaiser: float64, NumPy's formulas term by term) and
 * PyTorch's (torch.hannWindow, hammingWindow, blackmanWindow,
 * bartlettWindow, kaiserWindow: periodic by default, in the default float
 * dtype, computed in the dtype's precision step by step as ATen's
 * TensorFactories.cpp computes them).
 *
 * A window is a short 1-d array computed once from its length, so it is
 * computed on the host (in doubles, rounded after each step for float32 as
 * ATen's float kernels round) and then moved to the device asked for; the
 * Bessel function I0 of the Kaiser window is the library's i0 kernel.
 */
import { CPP_TYPE_NAME, type DType, isFloat, roundTo } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import { castTo, type Operand, scalarOperand, toDevice } from "../../ops/operand.ts";
import * as U from "../../ops/ufuncs.ts";
import { type Args, type Ctx, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import { float64s } from "./common.ts";
import { deviceKey } from "./device.ts";

// ---------------------------------------------------------------- np

/** A window's value at position n of a length-M window. */
type Term = (n: number, M: number) => number;

/**
 * NumPy's symmetric window of length M from `term` at n = 1 - M, 3 - M, ..., M - 1 (`arange(1 - M, M, 2)`): empty
 * for M < 1, [1] for M = 1.
 */
function npWindow(op: string, M: number, term: Term): Operand {
  if (!Number.isFinite(M)) throw new RangeError(`${op}: M must be finite, got ${M}`);
  if (M < 1) return float64s([]);
  if (M === 1) return float64s([1]);
  const count = Math.ceil((2 * M - 1) / 2);
  return float64s(Array.from({ length: count }, (_, i) => term(1 - M + 2 * i, M)));
}

const hanning: Term = (n, M) => 0.5 + 0.5 * Math.cos((Math.PI * n) / (M - 1));
const hamming: Term = (n, M) => 0.54 + 0.46 * Math.cos((Math.PI * n) / (M - 1));
const blackman: Term = (n, M) =>
  0.42 + 0.5 * Math.cos((Math.PI * n) / (M - 1)) + 0.08 * Math.cos((2.0 * Math.PI * n) / (M - 1));
const bartlett: Term = (n, M) => (n <= 0 ? 1 + n / (M - 1) : 1 - n / (M - 1));

/** np.kaiser: i0(beta * sqrt(1 - ((n - alpha) / alpha)^2)) / i0(beta) for n = 0 .. M - 1, alpha = (M - 1) / 2. */
function npKaiser(M: number, beta: number): Operand {
  if (!Number.isFinite(M)) throw new RangeError(`kaiser: M must be finite, got ${M}`);
  if (M === 1) return float64s([1]);
  const alpha = (M - 1) / 2.0;
  const arg = Array.from(
    { length: Math.max(0, Math.ceil(M)) },
    (_, n) => beta * Math.sqrt(1 - ((n - alpha) / alpha) ** 2.0),
  );
  return U.divide(U.i0(float64s(arg)), U.i0(scalarOperand(beta, "float64")));
}

// ---------------------------------------------------------------- torch

/** PyTorch's window_function_checks: a float dtype first, then a non-negative length. */
function checkWindow(op: string, length: number, dt: DType, device: string): void {
  if (!isFloat(dt)) {
    throw new RuntimeError(
      `${op} expects floating point dtypes, got: TensorOptions(dtype=${CPP_TYPE_NAME[dt]}, device=${device}, ` +
        "layout=Strided (default), requires_grad=false (default), pinned_memory=false, memory_format=(nullopt))",
    );
  }
  if (length < 0) throw new RuntimeError(`${op} requires non-negative window_length, got window_length=${length}`);
}

/** The values of a window of `n` points (n > 1), each step rounded by `r` (ATen's arithmetic in the dtype). */
type Steps = (n: number, r: (v: number) => number) => number[];

/**
 * A PyTorch window: empty for length 0, [1] for length 1; a periodic window is the symmetric one of length + 1
 * without its last point.
 */
function torchWindow(op: string, a: Args, ctx: Ctx, steps: Steps): Operand {
  const dt: DType = a.dtype ?? ctx.defaultFloat, device = deviceKey(a.device);
  const length: number = a.windowLength;
  checkWindow(op, length, dt, device);
  let values: number[];
  if (length <= 1) values = length === 0 ? [] : [1];
  else {
    const n = a.periodic ? length + 1 : length;
    values = steps(n, roundTo(dt)).slice(0, length);
  }
  return toDevice(castTo(float64s(values), dt), device);
}

/** ATen's hamming_window: arange(n) * (2 pi / (n - 1)), cos, * -beta, + alpha. */
const hammingSteps = (alpha: number, beta: number): Steps => (n, r) => {
  const c = r((Math.PI * 2) / (n - 1)), nb = r(-beta), al = r(alpha);
  return Array.from({ length: n }, (_, i) => r(r(r(Math.cos(r(i * c))) * nb) + al));
};

/** ATen's blackman_window: w = arange(n) * (pi / (n - 1)); cos(4w) * 0.08 - cos(2w) * 0.5 + 0.42. */
const blackmanSteps: Steps = (n, r) => {
  const c = r(Math.PI / (n - 1)), a = r(0.08), b = r(0.5), k = r(0.42);
  return Array.from({ length: n }, (_, i) => {
    const w = r(i * c);
    return r(r(r(r(Math.cos(r(w * 4))) * a) - r(r(Math.cos(r(w * 2))) * b)) + k);
  });
};

/** ATen's bartlett_window: arange(n) * (2 / (n - 1)), the second half as 2 - w. */
const bartlettSteps: Steps = (n, r) => {
  const c = r(2 / (n - 1)), half = ((n - 1) >> 1) + 1;
  return Array.from({ length: n }, (_, i) => {
    const w = r(i * c);
    return i < half ? w : r(2 - w);
  });
};

/** ATen's kaiser_window kernel: i0(beta * sqrt(|1 - ((i - alpha) / alpha)^2|)) / i0(beta), in the dtype. */
function torchKaiser(a: Args, ctx: Ctx): Operand {
  const dt: DType = a.dtype ?? ctx.defaultFloat, device = deviceKey(a.device);
  const length: number = a.windowLength;
  checkWindow("kaiser_window", length, dt, device);
  if (length <= 1) return toDevice(castTo(float64s(length === 0 ? [] : [1]), dt), device);
  const n = a.periodic ? length + 1 : length, r = roundTo(dt);
  const alpha = r((n - 1) / 2.0), beta = r(a.beta);
  const arg = Array.from({ length }, (_, i) => {
    const t = r(r(i - alpha) / alpha);
    return r(beta * r(Math.sqrt(r(Math.abs(r(1 - r(t * t)))))));
  });
  const w = U.divide(U.i0(castTo(float64s(arg), dt)), U.i0(scalarOperand(beta, dt)));
  return toDevice(w, device);
}

const TORCH_KW = [
  opt("dtype", "dtype", null),
  opt("layout", "any", null),
  opt("device", "device", null),
  opt("pinMemory", "bool", false),
  opt("requiresGrad", "bool", false),
] as const;
const LENGTH = req("windowLength", "int");
const PERIODIC = opt("periodic", "bool", true);

/** A window with an np face (symmetric, length M) and a torch face (periodic by default). */
function windowDecl<const N extends string, const W extends string>(
  name: N,
  np: W,
  doc: string,
  term: Term,
  steps: Steps,
) {
  const aten = name.replace(/Window$/, "_window");
  return defineOp({
    name,
    doc,
    np: {
      names: [np],
      overloads: [{ sig: { pos: [req("M", "number")], kw: [] }, impl: (a: Args) => npWindow(np, a.M, term) }],
    },
    torch: {
      names: [name],
      overloads: [{
        sig: { pos: [LENGTH, PERIODIC], kw: TORCH_KW },
        impl: (a: Args, ctx: Ctx) => torchWindow(aten, a, ctx, steps),
      }],
    },
  });
}

/** The window functions. */
export const WINDOWS = {
  hannWindow: windowDecl(
    "hannWindow",
    "hanning",
    "The Hann window: 0.5 - 0.5 cos(2 pi n / (N - 1)).",
    hanning,
    hammingSteps(0.5, 0.5),
  ),
  hammingWindow: defineOp({
    name: "hammingWindow",
    doc: "The Hamming window: alpha - beta cos(2 pi n / (N - 1)) (alpha 0.54, beta 0.46).",
    np: {
      names: ["hamming"],
      overloads: [{
        sig: { pos: [req("M", "number")], kw: [] },
        impl: (a: Args) => npWindow("hamming", a.M, hamming),
      }],
    },
    torch: {
      names: ["hammingWindow"],
      overloads: [{
        sig: { pos: [LENGTH, PERIODIC, opt("alpha", "number", 0.54), opt("beta", "number", 0.46)], kw: TORCH_KW },
        impl: (a: Args, ctx: Ctx) => torchWindow("hamming_window", a, ctx, hammingSteps(a.alpha, a.beta)),
      }],
    },
  }),
  blackmanWindow: windowDecl(
    "blackmanWindow",
    "blackman",
    "The Blackman window: 0.42 - 0.5 cos(2 pi n / (N - 1)) + 0.08 cos(4 pi n / (N - 1)).",
    blackman,
    blackmanSteps,
  ),
  bartlettWindow: windowDecl(
    "bartlettWindow",
    "bartlett",
    "The Bartlett (triangular) window, zero at both ends of the symmetric form.",
    bartlett,
    bartlettSteps,
  ),
  kaiserWindow: defineOp({
    name: "kaiserWindow",
    doc: "The Kaiser window: i0(beta sqrt(1 - (2n / (N - 1) - 1)^2)) / i0(beta).",
    np: {
      names: ["kaiser"],
      overloads: [{
        sig: { pos: [req("M", "number"), req("beta", "number")], kw: [] },
        impl: (a: Args) => npKaiser(a.M, a.beta),
      }],
    },
    torch: {
      names: ["kaiserWindow"],
      overloads: [{
        sig: { pos: [LENGTH, PERIODIC, opt("beta", "number", 12.0)], kw: TORCH_KW },
        impl: torchKaiser,
      }],
    },
  }),
};
