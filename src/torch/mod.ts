/**
 * The `torch` namespace: Tensor, creation, math, autograd and linalg with
 * PyTorch's names and semantics. The functions are generated from the op
 * declarations (src/torch/decls.ts): positional arguments in PyTorch's
 * order, then an options object for keyword arguments.
 *
 * @example
 * ```ts
 * import { torch } from "../../mod.ts";
 * const x = torch.tensor([1, 2, 3], { dtype: torch.float32, requiresGrad: true });
 * x.pow(2).sum().backward();
 * console.log(x.grad!.tolist()); // [2, 4, 6]
 * console.log(torch.sum(x, { dim: 0 }).item(), x.sum(0, true).shape); // 6 [1]
 * ```
 * @module
 */
import { gradModeGuard, isGradEnabled, setGradEnabled, withGradMode } from "../autograd/grad_mode.ts";
import { torchData } from "../api/ops/creation.ts";
import { parseDevice } from "../api/ops/device.ts";
import type { DType } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { emptyCache, poolStats, setPoolLimit } from "../core/host_pool.ts";
import { keep, tidy } from "../core/lifetime.ts";
import type { Operand } from "../core/storage.ts";
import { zeros } from "../ops/operand.ts";
import { TorchGenerator } from "../random/torch_generator.ts";
import { getDefaultDtype, setDefaultDtype, TORCH_CTX } from "./default_dtype.ts";
import { autograd, F, linalg, type TorchFns } from "./functions.ts";
import { defaultGenerator } from "./ops/random.ts";
import { Tensor as TensorClass } from "./tensor.ts";

/** A tensor constructor the legacy way: `new torch.Tensor(2, 3)` (zeros here) or `torch.Tensor([[1, 2]])` (default float dtype). */
function legacyTensor(args: unknown[], dtype: DType): TensorClass {
  if (args.length === 0) return TensorClass._wrap(zeros([0], dtype));
  if (args.every((a) => typeof a === "number")) return TensorClass._wrap(zeros(args as number[], dtype));
  if (args.length === 1) return TensorClass._wrap(torchData(args[0], dtype, TORCH_CTX, true));
  throw new TypeError(`Tensor(): invalid arguments (${args.map((a) => typeof a).join(", ")})`);
}

/** `torch.Tensor`: the class, also callable with or without `new` as PyTorch's legacy constructor. */
export const Tensor:
  & typeof TensorClass
  & ((...args: unknown[]) => TensorClass)
  & (new (...args: unknown[]) => TensorClass) = new Proxy(TensorClass, {
    apply: (_t, _this, args: unknown[]) => legacyTensor(args, getDefaultDtype()),
    construct: (target, args: unknown[]) =>
      args.length === 2 && typeof args[0] === "object" && args[0] !== null && "dtype" in args[0]
        ? new target(...(args as [never, never]))
        : legacyTensor(args, getDefaultDtype()),
  }) as never;

/** Typed legacy constructors: `torch.LongTensor([1, 2])`, `new torch.FloatTensor(2, 3)`. */
function typed(dtype: DType): ((...args: unknown[]) => TensorClass) & (new (...args: unknown[]) => TensorClass) {
  const f = function (...args: unknown[]) {
    return legacyTensor(args, dtype);
  };
  return f as never;
}

/** A device, as torch.device: `torch.device("cuda:0")`. */
export class Device {
  readonly type: string;
  readonly index: number | null;
  constructor(spec: string | Device, index?: number) {
    if (spec instanceof Device) [this.type, this.index] = [spec.type, spec.index];
    else {
      const [t, i] = parseDevice(spec);
      this.type = t;
      this.index = index ?? i;
    }
  }
  /** "cpu", "cuda:0". */
  toString(): string {
    return this.index === null ? this.type : `${this.type}:${this.index}`;
  }
}

/** torch.Generator: its own PyTorch-compatible stream. */
export class Generator extends TorchGenerator {
  /** Seeds (returns the generator, as PyTorch's manual_seed). */
  override manualSeed(seed: number | bigint): this {
    return super.manualSeed(seed);
  }
  /** The state as a uint8 tensor (PyTorch's get_state layout). */
  getStateTensor(): TensorClass {
    return TensorClass._wrap(torchData(this.getState(), "uint8", TORCH_CTX, true));
  }
}

/** Seeds torch's default generator (PyTorch's streams for the seed). */
function manualSeed(seed: number | bigint): TorchGenerator {
  return defaultGenerator.manualSeed(seed);
}

/**
 * Runs `fn` without recording gradients; with no argument, returns a guard
 * for `using`: `{ using _ = torch.noGrad(); ... }`.
 */
function noGrad<T>(fn: () => T): T;
function noGrad(): Disposable;
function noGrad<T>(fn?: () => T): T | Disposable {
  return fn ? withGradMode(false, fn) : gradModeGuard(false);
}
/** Runs `fn` (or a `using` block) with gradients recorded. */
function enableGrad<T>(fn: () => T): T;
function enableGrad(): Disposable;
function enableGrad<T>(fn?: () => T): T | Disposable {
  return fn ? withGradMode(true, fn) : gradModeGuard(true);
}

/** The public generated functions (the `_` ones are the derivatives' internals). */
type PublicFns = { [K in keyof TorchFns as K extends `_${string}` ? never : K]: TorchFns[K] };
const PUBLIC = Object.fromEntries(Object.entries(F).filter(([k]) => !k.startsWith("_"))) as unknown as PublicFns;

/** torch.cuda: device queries (the CUDA backend registers itself when present). */
const cuda = {
  /** Whether a CUDA GPU can be used. */
  isAvailable: (): boolean => false,
  /** Number of CUDA GPUs. */
  deviceCount: (): number => 0,
};

/** torch.utils (data lives in src/data). */
export const dtypes = {
  float32: "float32",
  float: "float32",
  float64: "float64",
  double: "float64",
  int64: "int64",
  long: "int64",
  int32: "int32",
  int: "int32",
  uint8: "uint8",
  bool: "bool",
} as const;

/** What `torch` holds besides the generated functions. */
export interface TorchExtras {
  Tensor: typeof Tensor;
  LongTensor: ReturnType<typeof typed>;
  FloatTensor: ReturnType<typeof typed>;
  DoubleTensor: ReturnType<typeof typed>;
  IntTensor: ReturnType<typeof typed>;
  ByteTensor: ReturnType<typeof typed>;
  BoolTensor: ReturnType<typeof typed>;
  linalg: typeof linalg;
  autograd: typeof autograd;
  cuda: typeof cuda;
  Generator: typeof Generator;
  device: (spec: string | Device, index?: number) => Device;
  manualSeed: typeof manualSeed;
  seed: () => bigint;
  initialSeed: () => bigint;
  getRngState: () => TensorClass;
  setRngState: (state: TensorClass) => void;
  noGrad: typeof noGrad;
  enableGrad: typeof enableGrad;
  inferenceMode: typeof noGrad;
  setGradEnabled: (on: boolean) => void;
  isGradEnabled: () => boolean;
  setDefaultDtype: typeof setDefaultDtype;
  getDefaultDtype: () => DType;
  isTensor: (v: unknown) => v is TensorClass;
  numel: (t: TensorClass) => number;
  isFloatingPoint: (t: TensorClass) => boolean;
  fromNumpy: (a: Operand) => TensorClass;
  tidy: typeof tidy;
  keep: typeof keep;
  emptyCache: typeof emptyCache;
  poolStats: typeof poolStats;
  setPoolLimit: typeof setPoolLimit;
  RuntimeError: typeof RuntimeError;
}

/** PyTorch for Deno: `torch.tensor`, `torch.add`, `torch.linalg.svd`, `torch.autograd.grad`, ... */
export const torch: typeof dtypes & PublicFns & TorchExtras = {
  ...dtypes,
  ...PUBLIC,
  Tensor,
  LongTensor: typed("int64"),
  FloatTensor: typed("float32"),
  DoubleTensor: typed("float64"),
  IntTensor: typed("int32"),
  ByteTensor: typed("uint8"),
  BoolTensor: typed("bool"),
  linalg,
  autograd,
  cuda,
  Generator,
  device: (spec, index) => new Device(spec, index),
  manualSeed,
  seed: () => defaultGenerator.seed(),
  initialSeed: () => defaultGenerator.initialSeed(),
  getRngState: () => TensorClass._wrap(torchData(defaultGenerator.getState(), "uint8", TORCH_CTX, true)),
  setRngState: (state) => void defaultGenerator.setState(new Uint8Array(state.tolist() as number[])),
  noGrad,
  enableGrad,
  inferenceMode: noGrad,
  setGradEnabled: (on) => void setGradEnabled(on),
  isGradEnabled,
  setDefaultDtype,
  getDefaultDtype,
  isTensor: (v): v is TensorClass => v instanceof TensorClass,
  numel: (t) => t.numel(),
  isFloatingPoint: (t) => t.isFloatingPoint(),
  fromNumpy: (a) => new TensorClass(a.storage, a.layout),
  tidy,
  keep,
  emptyCache,
  poolStats,
  setPoolLimit,
  RuntimeError,
};

/** torch's types: `torch.Tensor`, `torch.DType`. */
export declare namespace torch {
  /** A tensor. */
  export type Tensor = TensorClass;
  /** A dtype name. */
  export type DType = import("../core/dtype.ts").DType;
}
