/**
 * The rest of torch's top-level surface PyTorch users expect: constants
 * (`torch.pi`, `torch.newaxis`), predicates (`torch.isConj`,
 * `torch.isStorage`), settings (deterministic algorithms, float32 matmul
 * precision, flush-denormal, interop threads, the default device),
 * `torch.angle`, `torch.typename`, `torch.scalarTensor`, the view copies
 * (src/torch/ops/view_copies.ts), and the Tensor methods that go with them
 * (`isConj`, `isCpu`, `dimOrder`, `apply_`, `map_`, `resizeAs_`, ...),
 * installed on Tensor's prototype here.
 */
import type { Functions } from "../api/surface.ts";
import { Binder, describe, opt, req } from "../api/signature.ts";
import { type DType, isFloat, TORCH_TYPE_NAME } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { withGradMode } from "../autograd/grad_mode.ts";
import { isPinnedStorage, pinnedStorage } from "../backend/pinned.ts";
import { cudaDeviceIndex } from "../backend/cuda_context.ts";
import { View } from "../core/view.ts";
import { getDefaultDtype } from "./default_dtype.ts";
import { F } from "./functions.ts";
import { VIEW_COPIES } from "./ops/view_copies.ts";
import { CONV, Tensor, torchFunctions } from "./tensor.ts";

/**
 * The view copies' function types.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import type { ViewCopyFns } from "./surface_more.ts";
 * const permuteCopy: ViewCopyFns["permuteCopy"] = torch.permuteCopy;
 * assert.deepEqual(permuteCopy(torch.zeros(2, 3), [1, 0]).shape, [3, 2]);
 * ```
 */
export type ViewCopyFns = Functions<typeof VIEW_COPIES, "torch", Tensor, Tensor>;
/**
 * The view copies and unsafe splits (torch.permuteCopy, torch.unsafeChunk, ...).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { viewCopies } from "./surface_more.ts";
 * const x = torch.tensor([[1, 2, 3], [4, 5, 6]]);
 * const t = viewCopies.permuteCopy(x, [1, 0]);
 * assert.deepEqual(t.tolist(), [[1, 4], [2, 5], [3, 6]]);
 * assert.ok(t.isContiguous()); // a C-order copy, where permute gives a strided view
 * assert.deepEqual(viewCopies.splitWithSizes(x, [1, 2], 1).map((p) => p.tolist()), [[[1], [4]], [[2, 3], [5, 6]]]);
 * ```
 */
export const viewCopies: ViewCopyFns = torchFunctions(VIEW_COPIES) as unknown as ViewCopyFns;

function tensorArg(op: string, t: unknown, name = "input"): Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`${op}(): argument '${name}' must be Tensor, not ${describe(t)}`);
  return t;
}
// PyTorch's (deprecated) device argument of pin_memory / is_pinned: the accelerator, and pinned memory here is every
// CUDA device's (portable), so any cuda device names it
const PIN_SIG = { pos: [opt("device", "any", null)], kw: [] } as const;
const PIN_MEMORY = new Binder("pin_memory", PIN_SIG), IS_PINNED = new Binder("is_pinned", PIN_SIG);
// their values are checked where they are used, with PyTorch's messages
const SCALAR_TENSOR = new Binder("scalar_tensor", { pos: [req("s", "any")], kw: [opt("dtype", "any", null)] });
const USE_DETERMINISTIC = new Binder("use_deterministic_algorithms", {
  pos: [req("mode", "any")],
  kw: [opt("warnOnly", "bool", false)],
});
function pinDevice(b: Binder, args: unknown[]): void {
  const { device } = b.bind(args, CONV);
  if (device === null) return;
  if (typeof device !== "string") throw new TypeError(`${b.op}(): device must be a string, not ${describe(device)}`);
  cudaDeviceIndex(device);
}

function noArgs(op: string, args: unknown[]): void {
  if (args.length) throw new TypeError(`${op}() takes no arguments (${args.length} given)`);
}

/** angle of a real tensor: 0 where x >= 0, pi where x < 0, NaN at NaN; float for integer inputs; zero gradient. */
function angle(x: Tensor): Tensor {
  tensorArg("angle", x);
  const dt: DType = isFloat(x.dtype) ? x.dtype : getDefaultDtype();
  const y = withGradMode(false, () => x.lt(0).to(dt).mul(Math.PI).where(x.isnan().logicalNot(), NaN));
  // PyTorch's AngleBackward0 of a real input is zero: a zero-gradient link to x (finite entries times 0)
  return x.requiresGrad ? y.add(x.where(x.isfinite(), 0).mul(0)) : y;
}

/** What `useDeterministicAlgorithms` and `setDeterministicDebugMode` share (PyTorch's global context). */
const DETERMINISTIC = { on: false, warnOnly: false };
const DEBUG_MODES = ["default", "warn", "error"] as const;
const MATMUL_PRECISIONS = ["highest", "high", "medium"];
const SETTINGS = { matmulPrecision: "highest", interopThreads: 0, flushDenormal: false };

/**
 * Only "cpu" can be the default device: dendrite's factories do not consult one (they take a device argument).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * torch.setDefaultDevice("cpu");
 * torch.setDefaultDevice(null);
 * assert.equal(torch.getDefaultDevice(), "cpu");
 * assert.throws(() => torch.setDefaultDevice("cuda:0"), torch.RuntimeError);
 * ```
 */
export function setDefaultDevice(
  device: string | { readonly type: string; readonly index: number | null } | null,
): void {
  const type = device === null ? "cpu" : typeof device === "string" ? device.split(":")[0] : device?.type;
  if (type === "cpu") return;
  throw new RuntimeError(
    `setDefaultDevice(): only "cpu" is supported as the default device (tensor factories take a device argument), got ${
      describe(device)
    }`,
  );
}

/**
 * Everything surface_more adds to the torch namespace.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { type SurfaceMore, surfaceMore } from "./surface_more.ts";
 * const s: SurfaceMore = surfaceMore;
 * assert.equal(s.pi, Math.PI);
 * assert.equal(s.isSigned(torch.tensor([1], { dtype: torch.uint8 })), false);
 * ```
 */
export interface SurfaceMore extends ViewCopyFns {
  /** Euler's number. */
  readonly e: number;
  /** pi. */
  readonly pi: number;
  /** Infinity. */
  readonly inf: number;
  /** NaN. */
  readonly nan: number;
  /** `None` in an index (`t.get([torch.newaxis, ":"])`), as np.newaxis. */
  readonly newaxis: null;
  /** The angle of each element: 0 or pi for real inputs (NaN at NaN); a float tensor; zero gradient. */
  angle: (input: Tensor) => Tensor;
  /** Whether the tensor is complex (never: dendrite has no complex dtype). */
  isComplex: (input: Tensor) => boolean;
  /** Whether the tensor's conjugate bit is set (never without complex dtypes). */
  isConj: (input: Tensor) => boolean;
  /** Whether the tensor's negative bit is set (never without complex dtypes). */
  isNeg: (input: Tensor) => boolean;
  /** Whether the dtype is signed (not uint8 or bool). */
  isSigned: (input: Tensor) => boolean;
  /** Whether two tensors have the same shape. */
  isSameSize: (input: Tensor, other: Tensor) => boolean;
  /** Whether the tensor was made in inference mode. */
  isInference: (input: Tensor) => boolean;
  /** Whether the value is a storage object (dendrite exposes none: false). */
  isStorage: (obj: unknown) => boolean;
  /** A 0-d tensor of a number (the default float dtype unless `dtype` is given). */
  scalarTensor: (s: number | boolean, options?: { dtype?: DType }) => Tensor;
  /** "cpu": where factories put tensors by default. */
  getDefaultDevice: () => string;
  /** Accepts "cpu" (or null); any other device is a RuntimeError. */
  setDefaultDevice: typeof setDefaultDevice;
  /** Sets the deterministic-algorithms flag (and whether violations only warn). */
  useDeterministicAlgorithms: (mode: boolean, options?: { warnOnly?: boolean }) => void;
  /** The deterministic-algorithms flag. */
  areDeterministicAlgorithmsEnabled: () => boolean;
  /** Whether deterministic violations only warn. */
  isDeterministicAlgorithmsWarnOnlyEnabled: () => boolean;
  /** 0 (off), 1 (warn) or 2 (error). */
  getDeterministicDebugMode: () => number;
  /** "default" / 0, "warn" / 1 or "error" / 2. */
  setDeterministicDebugMode: (mode: string | number) => void;
  /** "highest", "high" or "medium" (recorded: CPU float32 matmuls are always full precision here, as PyTorch's). */
  getFloat32MatmulPrecision: () => string;
  /** Sets the float32 matmul precision; other strings warn and change nothing, as PyTorch. */
  setFloat32MatmulPrecision: (precision: string) => void;
  /** Records the flush-denormal setting; returns false (the kernels' FP mode is not switched). */
  setFlushDenormal: (mode: boolean) => boolean;
  /** The inter-op thread count (a setting only: dendrite runs ops on the calling thread). */
  getNumInteropThreads: () => number;
  /** Sets the inter-op thread count (a positive integer). */
  setNumInteropThreads: (n: number) => void;
  /** The type name: "torch.FloatTensor" for a float32 tensor, else the value's type. */
  typename: (obj: unknown) => string;
}

/**
 * torch's constants, predicates, settings and view copies.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * assert.equal(torch.e, Math.E);
 * assert.equal(torch.newaxis, null);
 * assert.deepEqual(torch.angle(torch.tensor([-2, 0, 3], { dtype: torch.float64 })).tolist(), [Math.PI, 0, 0]);
 * assert.equal(torch.typename(torch.zeros(2)), "torch.FloatTensor");
 * assert.equal(torch.scalarTensor(3).dtype, "float32");
 * assert.equal(torch.isSameSize(torch.zeros(2, 3), torch.ones(2, 3)), true);
 * ```
 */
export const surfaceMore: SurfaceMore = {
  ...viewCopies,
  e: Math.E,
  pi: Math.PI,
  inf: Infinity,
  nan: NaN,
  newaxis: null,
  angle,
  isComplex: (t) => tensorArg("is_complex", t).isComplex(),
  isConj: (t) => (tensorArg("is_conj", t), false),
  isNeg: (t) => (tensorArg("is_neg", t), false),
  isSigned: (t) => tensorArg("is_signed", t).isSigned(),
  isSameSize: (t, o) => tensorArg("is_same_size", t).isSameSize(tensorArg("is_same_size", o, "other")),
  isInference: (t) => tensorArg("is_inference", t).isInference(),
  isStorage: () => false,
  scalarTensor: (...args: unknown[]) => {
    const { s, dtype } = SCALAR_TENSOR.bind(args, CONV);
    if (typeof s !== "number" && typeof s !== "boolean") {
      throw new TypeError(`scalar_tensor(): argument 's' must be Number, not ${describe(s)}`);
    }
    return F.tensor(Number(s), { dtype: (dtype as DType | null) ?? getDefaultDtype() });
  },
  getDefaultDevice: () => "cpu",
  setDefaultDevice,
  useDeterministicAlgorithms: (...args: unknown[]) => {
    const { mode, warnOnly } = USE_DETERMINISTIC.bind(args, CONV);
    if (typeof mode !== "boolean") throw new TypeError(`use_deterministic_algorithms(): mode must be a bool`);
    DETERMINISTIC.on = mode;
    DETERMINISTIC.warnOnly = warnOnly as boolean;
  },
  areDeterministicAlgorithmsEnabled: () => DETERMINISTIC.on,
  isDeterministicAlgorithmsWarnOnlyEnabled: () => DETERMINISTIC.warnOnly,
  getDeterministicDebugMode: () => DETERMINISTIC.on ? DETERMINISTIC.warnOnly ? 1 : 2 : 0,
  setDeterministicDebugMode: (mode) => {
    let m: number;
    if (typeof mode === "string") {
      m = DEBUG_MODES.indexOf(mode as never);
      if (m < 0) {
        throw new RuntimeError(
          `invalid value of debug_mode, expected one of \`default\`, \`warn\`, \`error\`, but got ${mode}`,
        );
      }
    } else if (mode === 0 || mode === 1 || mode === 2) m = mode;
    else throw new RuntimeError(`invalid value of debug_mode, expected 0, 1, or 2, but got ${String(mode)}`);
    DETERMINISTIC.on = m !== 0;
    DETERMINISTIC.warnOnly = m === 1;
  },
  getFloat32MatmulPrecision: () => SETTINGS.matmulPrecision,
  setFloat32MatmulPrecision: (precision) => {
    if (typeof precision !== "string") {
      throw new TypeError(`setFloat32MatmulPrecision(): argument 'precision' must be str, not ${typeof precision}`);
    }
    if (!MATMUL_PRECISIONS.includes(precision)) {
      console.warn(
        `UserWarning: ${precision} is not one of 'highest', 'high', or 'medium'; the current` +
          "setFloat32MatmulPrecision call has no effect.",
      );
      return;
    }
    SETTINGS.matmulPrecision = precision;
  },
  setFlushDenormal: (mode) => {
    if (typeof mode !== "boolean") throw new TypeError(`set_flush_denormal(): mode must be a bool`);
    SETTINGS.flushDenormal = mode;
    return false;
  },
  getNumInteropThreads: () => SETTINGS.interopThreads || navigator.hardwareConcurrency,
  setNumInteropThreads: (n) => {
    if (!Number.isSafeInteger(n)) throw new TypeError(`set_num_interop_threads expects an int, but got ${describe(n)}`);
    if (n <= 0) throw new RuntimeError("Expected positive number of threads");
    SETTINGS.interopThreads = n;
  },
  typename: (obj) => {
    if (obj instanceof Tensor) return `torch.${TORCH_TYPE_NAME[obj.dtype]}Tensor`;
    if (obj === null) return "null";
    if (typeof obj === "object" || typeof obj === "function") {
      return (obj as { constructor?: { name?: string } }).constructor?.name ?? typeof obj;
    }
    return typeof obj;
  },
};

// ---------- Tensor methods ----------

/** An element-wise JS callback applied to every element (apply_, map_, map2_): CPU only, no autograd, as PyTorch. */
function mapInPlace(op: string, self: Tensor, others: Tensor[], f: (...v: number[]) => unknown): Tensor {
  if (typeof f !== "function") throw new TypeError(`${op}(): callable must be a function, not ${describe(f)}`);
  if (self.device !== "cpu") throw new RuntimeError(`${op} is only implemented on CPU tensors`);
  if (self.requiresGrad) {
    throw new RuntimeError(`${op} is not differentiable: it can't be used on a tensor that requires grad`);
  }
  const cols = [self, ...others.map((o) => tensorArg(op, o, "other").expand(self.shape))].map((t) =>
    t.reshape([-1]).tolist() as number[]
  );
  const out = cols[0].map((_, i) => f(...cols.map((c) => c[i])));
  return self.copy_(F.tensor(out, { dtype: self.dtype }).reshape(self.shape));
}

/** The Tensor methods this file installs. */
interface TensorMore {
  /** The angle of each element (see torch.angle). */
  angle(): Tensor;
  /** Whether the conjugate bit is set (never). */
  isConj(): boolean;
  /** Whether the negative bit is set (never). */
  isNeg(): boolean;
  /** The tensor itself (no lazy conjugation to resolve). */
  resolveConj(): Tensor;
  /** The tensor itself (no lazy negation to resolve). */
  resolveNeg(): Tensor;
  /** Whether it lives on the CPU. */
  /** The real part: the tensor itself for real dtypes (torch.real). */
  readonly real: Tensor;
  /** The imaginary part: PyTorch's error for real dtypes (torch.imag). */
  readonly imag: Tensor;
  readonly isCpu: boolean;
  /** false (no meta tensors). */
  readonly isMeta: boolean;
  /** false (no sparse layouts). */
  readonly isSparse: boolean;
  /** false (no quantized dtypes). */
  readonly isQuantized: boolean;
  /** false (no nested tensors). */
  readonly isNested: boolean;
  /** Whether the tensor's memory is page-locked (pinMemory()'s). */
  isPinned(device?: string | null | { device?: string | null }): boolean;
  /** A copy in page-locked host memory (itself when already there); PyTorch's error without an accelerator. */
  pinMemory(device?: string | null | { device?: string | null }): Tensor;
  /** The tensor itself (its host memory can already be shared with workers). */
  shareMemory_(): Tensor;
  /** false (memory is shared only when made in a SharedArrayBuffer). */
  isShared(): boolean;
  /** The dims from outermost to innermost stride (ties kept in dim order). */
  dimOrder(): number[];
  /** Replaces each element by f(element) (CPU, no autograd). */
  apply_(f: (x: number) => number | boolean): Tensor;
  /** Replaces each element by f(element, other's broadcast element). */
  map_(other: Tensor, f: (x: number, y: number) => number | boolean): Tensor;
  /** Replaces each element by f(element, x's element, y's element). */
  map2_(x: Tensor, y: Tensor, f: (a: number, b: number, c: number) => number | boolean): Tensor;
  /** resize_ to other's shape. */
  resizeAs_(other: Tensor): Tensor;
  /** conj_physical_ of a real tensor: the tensor itself. */
  conjPhysical_(): Tensor;
  /** Views of consecutive pieces of the given sizes along dim. */
  splitWithSizes(splitSizes: number | readonly number[], dim?: number): Tensor[];
  /** chunk whose pieces are ordinary views. */
  unsafeChunk(chunks: number, dim?: number): Tensor[];
  /** split whose pieces are ordinary views. */
  unsafeSplit(splitSize: number, dim?: number): Tensor[];
  /** splitWithSizes whose pieces are ordinary views. */
  unsafeSplitWithSizes(splitSizes: number | readonly number[], dim?: number): Tensor[];
  /** nonzero's rows cut or padded to `size`. */
  nonzeroStatic(options: { size: number; fillValue?: number }): Tensor;
  /** A copy with src written at the asStrided(size, stride, storageOffset) view. */
  asStridedScatter(src: Tensor, size: readonly number[], stride: readonly number[], storageOffset?: number): Tensor;
}

declare module "./tensor.ts" {
  interface Tensor extends TensorMore {}
}

const methods: { [K in keyof TensorMore]?: (this: Tensor, ...args: never[]) => unknown } = {
  angle(this: Tensor, ...args: unknown[]) {
    noArgs("angle", args);
    return angle(this);
  },
  isConj: () => false,
  isNeg: () => false,
  resolveConj(this: Tensor) {
    return this;
  },
  resolveNeg(this: Tensor) {
    return this;
  },
  isPinned(this: Tensor, ...args: unknown[]) {
    pinDevice(IS_PINNED, args);
    return isPinnedStorage(this.storage);
  },
  pinMemory(this: Tensor, ...args: unknown[]) {
    pinDevice(PIN_MEMORY, args);
    if (this.device !== "cpu") {
      throw new RuntimeError(`cannot pin '${this.type()}' only dense CPU tensors can be pinned`);
    }
    if (isPinnedStorage(this.storage)) return this;
    const pinned = pinnedStorage(this.dtype, this.numel());
    const out = Tensor._wrap({ storage: pinned, layout: new View(this.shape) });
    out.copy_(this);
    return out;
  },
  shareMemory_(this: Tensor) {
    return this;
  },
  isShared: () => false,
  dimOrder(this: Tensor) {
    const st = this.stride();
    return [...st.keys()].sort((a, b) => st[b] - st[a] || a - b);
  },
  apply_(this: Tensor, f: (x: number) => unknown) {
    return mapInPlace("apply_", this, [], f);
  },
  map_(this: Tensor, other: Tensor, f: (x: number, y: number) => unknown) {
    return mapInPlace("map_", this, [other], f);
  },
  map2_(this: Tensor, x: Tensor, y: Tensor, f: (a: number, b: number, c: number) => unknown) {
    return mapInPlace("map2_", this, [x, y], f);
  },
  resizeAs_(this: Tensor, other: Tensor) {
    return this.resize_(tensorArg("resize_as_", other, "the_template").shape);
  },
  conjPhysical_(this: Tensor) {
    return this;
  },
};
for (
  const name of ["splitWithSizes", "unsafeChunk", "unsafeSplit", "unsafeSplitWithSizes", "asStridedScatter"] as const
) {
  methods[name] = function (this: Tensor, ...args: unknown[]) {
    return (viewCopies[name] as (...a: unknown[]) => unknown)(this, ...args);
  };
}
methods.nonzeroStatic = function (this: Tensor, ...args: unknown[]) {
  return (viewCopies.nonzeroStatic as (...a: unknown[]) => unknown)(this, ...args);
};
for (const [name, f] of Object.entries(methods)) {
  Object.defineProperty(Tensor.prototype, name, { value: f, writable: true, configurable: true });
}
// (torch.real / torch.imag already hold PyTorch's rules for real dtypes)
for (const name of ["real", "imag"] as const) {
  Object.defineProperty(Tensor.prototype, name, {
    get(this: Tensor) {
      return (F[name] as (t: Tensor) => Tensor)(this);
    },
    configurable: true,
  });
}
for (
  const [name, v] of [["isCpu", (t: Tensor) => t.device === "cpu"], ["isMeta"], ["isSparse"], ["isQuantized"], [
    "isNested",
  ]] as const
) {
  Object.defineProperty(Tensor.prototype, name, {
    get(this: Tensor) {
      return v ? v(this) : false;
    },
    configurable: true,
  });
}
