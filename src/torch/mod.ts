/**
 * The `torch` namespace: Tensor, creation, math, autograd and linalg with
 * PyTorch's names and semantics. The functions are generated from the op
 * declarations (src/torch/decls.ts): positional arguments in PyTorch's
 * order, then an options object for keyword arguments.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const x = torch.tensor([1, 2, 3], { dtype: torch.float32, requiresGrad: true });
 * x.pow(2).sum().backward();
 * assert.deepEqual(x.grad!.tolist(), [2, 4, 6]);
 * assert.equal(torch.sum(x, { dim: 0 }).item(), 6);
 * assert.deepEqual(x.sum(0, true).shape, [1]);
 * ```
 * @module
 */
import { inferenceMode, isGradEnabled, isInferenceModeEnabled } from "../autograd/grad_mode.ts";
import type { ArrayData } from "../api/convert.ts";
import { manualSeedAllDevices } from "../random/cuda_generator.ts";
import { torchData } from "../api/ops/creation.ts";
import { parseDevice } from "../api/ops/device.ts";
import { describe } from "../api/signature.ts";
import type { DType } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { emptyCache, poolStats, setPoolLimit } from "../core/host_pool.ts";
import {
  type FloatLimits,
  type IInfo,
  torchFinfo,
  type TorchFinfoArgs,
  torchIinfo,
  type TorchIinfoArgs,
} from "../api/finfo.ts";
import { keep, tidy } from "../core/lifetime.ts";
import { getNumThreads, setNumThreads } from "./num_threads.ts";
import { setPrintoptions } from "./print_options.ts";
import type { Operand } from "../core/storage.ts";
import { zeros } from "../ops/operand.ts";
import { TorchGenerator } from "../random/torch_generator.ts";
import { cuda } from "./cuda.ts";
import { getDefaultDtype, setDefaultDtype, TORCH_CTX } from "./default_dtype.ts";
import { autograd } from "./autograd_functional.ts";
import { func, vmap } from "./func.ts";
import { enableGrad, noGrad, setGradEnabledGuard } from "./grad_modes.ts";
import { isAnomalyCheckNanEnabled, isAnomalyEnabled } from "../autograd/anomaly_mode.ts";
import { F, linalg, type TorchFns } from "./functions.ts";
import { defaultGenerator } from "./ops/random.ts";
import { load, safetensors, save } from "./save.ts";
import { special } from "./special.ts";
import * as testing from "./testing.ts";
import { type InplaceFunctions, inplaceFunctions } from "./inplace_functions.ts";
import { nnAliases, type NnAliasFns } from "./nn_aliases.ts";
import { type RnnFunctionFns, rnnFunctions } from "./rnn_functions.ts";
import { type NativeNormFns, nativeNorms } from "./native_norms.ts";
import { type EmbeddingOpFns, embeddingOps } from "./embedding_ops.ts";
import { type SurfaceMore, surfaceMore } from "./surface_more.ts";
import "./tensor_new.ts";
import { Tensor as TensorClass } from "./tensor.ts";

/** What the legacy constructors take: sizes (`Tensor(2, 3)`) or data (`Tensor([[1, 2]])`, a tensor, a typed array). */
export type LegacyTensorArgs = number[] | [data: ArrayData];

/** A tensor constructor the legacy way: `new torch.Tensor(2, 3)` (zeros here) or `torch.Tensor([[1, 2]])` (default float dtype). */
function legacyTensor(args: readonly unknown[], dtype: DType): TensorClass {
  if (args.length === 0) return TensorClass._wrap(zeros([0], dtype));
  if (args.every((a) => typeof a === "number")) return TensorClass._wrap(zeros(args as number[], dtype));
  if (args.length === 1) return TensorClass._wrap(torchData(args[0], dtype, TORCH_CTX, true));
  throw new TypeError(`Tensor(): invalid arguments (${args.map((a) => typeof a).join(", ")})`);
}

/** `torch.Tensor`: the class, also callable with or without `new` as PyTorch's legacy constructor. */
export const Tensor:
  & typeof TensorClass
  & ((...args: LegacyTensorArgs) => TensorClass)
  & (new (...args: LegacyTensorArgs) => TensorClass) = new Proxy(TensorClass, {
    apply: (_t, _this, args: unknown[]) => legacyTensor(args, getDefaultDtype()),
    construct: (target, args: unknown[]) =>
      args.length === 2 && typeof args[0] === "object" && args[0] !== null && "dtype" in args[0]
        ? new target(...(args as [never, never]))
        : legacyTensor(args, getDefaultDtype()),
  }) as never;

/** A typed legacy constructor: `torch.LongTensor([1, 2])`, `new torch.FloatTensor(2, 3)`. */
export type LegacyTensor =
  & ((...args: LegacyTensorArgs) => TensorClass)
  & (new (...args: LegacyTensorArgs) => TensorClass);

/** Typed legacy constructors: `torch.LongTensor([1, 2])`, `new torch.FloatTensor(2, 3)`. */
function typed(dtype: DType): LegacyTensor {
  const f = function (...args: LegacyTensorArgs) {
    return legacyTensor(args, dtype);
  };
  return f as never;
}

/** A device, as torch.device: `torch.device("cuda:0")`. */
export class Device {
  /** "cpu", "cuda", ... */
  readonly type: string;
  /** The device's index (null: the current one). */
  readonly index: number | null;
  /** Parses "cuda:1" (or copies a device); `index` overrides the string's. */
  constructor(spec: string | Device, index?: number) {
    if (spec instanceof Device) [this.type, this.index] = [spec.type, spec.index];
    else {
      if (typeof spec !== "string") {
        throw new TypeError(`device(): expected a device string or a device, not ${typeof spec}`);
      }
      if (index !== undefined && !(Number.isSafeInteger(index) && index >= 0)) {
        throw new RuntimeError(`Device index must not be negative or fractional, got ${String(index)}`);
      }
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
  /** Restores a state: bytes from getState(), or a uint8 tensor (getStateTensor(), PyTorch's get_state()). */
  override setState(state: Uint8Array | TensorClass): this {
    return super.setState(state instanceof TensorClass ? new Uint8Array(state.tolist() as number[]) : state);
  }
}

/** Seeds torch's default generator (PyTorch's streams for the seed). */
export function manualSeed(seed: number | bigint): TorchGenerator {
  const g = defaultGenerator.manualSeed(seed);
  manualSeedAllDevices(seed); // as PyTorch's manual_seed, which seeds every CUDA device's generator
  return g;
}

/** The public generated functions (the `_` ones are the derivatives' internals). */
export type PublicFns = { [K in keyof TorchFns as K extends `_${string}` ? never : K]: TorchFns[K] };
const PUBLIC = Object.fromEntries(Object.entries(F).filter(([k]) => !k.startsWith("_"))) as unknown as PublicFns;

export { cuda };

/**
 * torch.utils.data's namespace, set by src/data/mod.ts: data sits above
 * torch, so torch names its type only (a type-only import) and dendrite's
 * mod.ts connects them, as src/bridge.ts does for numpy().
 */
export const UTILS_BRIDGE: { data: DataNamespace | null } = { data: null };
/** torch.utils.data's type (src/data's namespace). */
export type DataNamespace = typeof import("../data/mod.ts").data;

/**
 * torch.optim's namespace, set by src/optim/mod.ts: optim sits above torch
 * (its optimizers are written with tensors), so torch names its type only
 * and the optim module connects it when loaded, as data does for utils.
 */
export const OPTIM_BRIDGE: { optim: OptimNamespace | null } = { optim: null };
/** torch.optim's type (src/optim's namespace). */
export type OptimNamespace = typeof import("../optim/mod.ts").optim;

/** torch.nn's namespace, set by src/nn/mod.ts (nn sits above torch: a type-only import here). */
export const NN_BRIDGE: { nn: NnNamespace | null } = { nn: null };
/** torch.nn's type (src/nn's module). */
export type NnNamespace = typeof import("../nn/mod.ts");

/** torch.distributed's namespace, set by src/distributed/mod.ts (it sits above torch: a type-only import here). */
export const DIST_BRIDGE: { distributed: DistributedNamespace | null } = { distributed: null };
/** torch.distributed's type (src/distributed's module). */
export type DistributedNamespace = typeof import("../distributed/mod.ts");

/** torch.distributions, set by src/torch/distributions/mod.ts (its classes use torch: a type-only import here). */
export const DISTRIBUTIONS_BRIDGE: { distributions: DistributionsNamespace | null } = { distributions: null };
/** torch.distributions's type. */
export type DistributionsNamespace = typeof import("./distributions/mod.ts").distributions;

/** torch.utils: `torch.utils.data` (loaded with dendrite's mod.ts). */
export const utils = {
  /** torch.utils.data (src/data). */
  get data(): DataNamespace {
    if (!UTILS_BRIDGE.data) throw new Error("torch.utils.data is connected by dendrite's mod.ts (or src/data/mod.ts)");
    return UTILS_BRIDGE.data;
  },
};

/** torch's dtype names. */
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
  /**
   * Memory format: the input's layout (clone, *Like, to): its strides when it is one dense block, its order
   * otherwise.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { torch } from "../../mod.ts";
   * const t = torch.zeros(2, 3).t();
   * assert.deepEqual(t.clone({ memoryFormat: torch.preserveFormat }).stride(), [1, 3]);
   * ```
   */
  preserveFormat: "preserveFormat";
  /** Memory format: C order. */
  contiguousFormat: "contiguousFormat";
  /**
   * Memory format: NHWC, the channel dim of a 4-d tensor innermost.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { torch } from "../../mod.ts";
   * const x = torch.zeros(2, 3, 4, 5).contiguous({ memoryFormat: torch.channelsLast });
   * assert.deepEqual(x.stride(), [60, 1, 15, 3]);
   * assert.equal(x.isContiguous({ memoryFormat: torch.channelsLast }), true);
   * ```
   */
  channelsLast: "channelsLast";
  /** Memory format: NDHWC, the channel dim of a 5-d tensor innermost. */
  channelsLast3d: "channelsLast3d";
  /** The tensor class, also PyTorch's legacy constructor (`torch.Tensor(2, 3)`, `torch.Tensor([[1, 2]])`). */
  Tensor: typeof Tensor;
  /** Legacy int64 constructor. */
  LongTensor: LegacyTensor;
  /** Legacy float32 constructor. */
  FloatTensor: LegacyTensor;
  /** Legacy float64 constructor. */
  DoubleTensor: LegacyTensor;
  /** Legacy int32 constructor. */
  IntTensor: LegacyTensor;
  /** Legacy uint8 constructor. */
  ByteTensor: LegacyTensor;
  /** Legacy bool constructor. */
  BoolTensor: LegacyTensor;
  /** torch.linalg. */
  linalg: typeof linalg;
  /** torch.special: erfcx, i0e, ndtri, zeta, ... and the aliases of torch functions. */
  special: typeof special;
  /** torch.testing: assertClose and makeTensor with PyTorch's tolerances and messages. */
  testing: Pick<typeof testing, "assertClose" | "makeTensor">;
  /** torch.autograd: grad, backward, gradcheck, functional. */
  autograd: typeof autograd;
  /** torch.func: grad, gradAndValue, vjp, jvp, jacrev, jacfwd, hessian, vmap, functionalCall. */
  func: typeof func;
  /** torch.vmap (torch.func.vmap). */
  vmap: typeof vmap;
  /** torch.cuda: device queries. */
  cuda: typeof cuda;
  /** torch.utils (`torch.utils.data`). */
  utils: typeof utils;
  /** torch.Generator: a PyTorch-compatible random stream. */
  Generator: typeof Generator;
  /** A device, as torch.device. */
  device: (spec: string | Device, index?: number) => Device;
  /** Seeds the default generator. */
  manualSeed: typeof manualSeed;
  /** Seeds the default generator from OS entropy; returns the seed. */
  seed: () => bigint;
  /** The default generator's seed. */
  initialSeed: () => bigint;
  /** The default generator's state (a uint8 tensor). */
  getRngState: () => TensorClass;
  /** Restores the default generator's state. */
  setRngState: (state: TensorClass) => void;
  /** Runs a function (or a `using` block) without recording gradients. */
  noGrad: typeof noGrad;
  /** Runs a function (or a `using` block) with gradients recorded. */
  enableGrad: typeof enableGrad;
  /** torch.inference_mode: no history recorded; tensors made are inference tensors. */
  inferenceMode: typeof inferenceMode;
  /** torch.is_inference_mode_enabled. */
  isInferenceModeEnabled: () => boolean;
  /** Turns gradient recording on or off now; disposing the result (`using`) restores the previous mode. */
  setGradEnabled: (on: boolean) => Disposable;
  /** Whether gradients are recorded. */
  isGradEnabled: () => boolean;
  /** Whether anomaly detection is on (torch.autograd.detectAnomaly). */
  isAnomalyEnabled: () => boolean;
  /** Whether anomaly detection checks backward results for NaN. */
  isAnomalyCheckNanEnabled: () => boolean;
  /** Sets the float dtype of new float tensors. */
  setDefaultDtype: typeof setDefaultDtype;
  /** The float dtype of new float tensors. */
  getDefaultDtype: () => DType;
  /** Whether a value is a tensor. */
  isTensor: (v: unknown) => v is TensorClass;
  /** A tensor sharing an ndarray's memory. */
  fromNumpy: (a: Operand) => TensorClass;
  /** Runs a function, releasing the arrays it made except its result. */
  tidy: typeof tidy;
  /** Keeps an array past the enclosing tidy scope. */
  keep: typeof keep;
  /** Returns pooled host memory to the system. */
  emptyCache: typeof emptyCache;
  /** The host memory pool's counters. */
  poolStats: typeof poolStats;
  /** Caps the host memory pool. */
  setPoolLimit: typeof setPoolLimit;
  /** Sets the CPU kernels' thread count (torch.set_num_threads). */
  setNumThreads: typeof setNumThreads;
  /** The CPU kernels' thread count (torch.get_num_threads). */
  getNumThreads: typeof getNumThreads;
  /** Sets the print options of tensors (torch.set_printoptions). */
  setPrintoptions: typeof setPrintoptions;
  /** PyTorch's RuntimeError class. */
  RuntimeError: typeof RuntimeError;
  /** torch.finfo: a float dtype's limits (the default dtype when left out). */
  finfo: (...args: TorchFinfoArgs) => FloatLimits;
  /** torch.iinfo: an integer dtype's limits. */
  iinfo: (...args: TorchIinfoArgs) => IInfo;
  /** torch.save (safetensors). */
  save: typeof save;
  /** torch.load (safetensors). */
  load: typeof load;
  /** The safetensors package's functions. */
  safetensors: typeof safetensors;
  /** torch.optim (src/optim; loaded with dendrite's mod.ts). */
  readonly optim: OptimNamespace;
  /** torch.nn (src/nn; loaded with dendrite's mod.ts). */
  readonly nn: NnNamespace;
  /** torch.distributed (src/distributed; loaded with dendrite's mod.ts). */
  readonly distributed: DistributedNamespace;
  /** torch.distributions (src/torch/distributions; loaded with dendrite's mod.ts). */
  readonly distributions: DistributionsNamespace;
}

/** torch's top-level surface beside the generated functions: the nn aliases, in-place forms, constants and settings. */
export type TorchSurface =
  & NnAliasFns
  & RnnFunctionFns
  & NativeNormFns
  & EmbeddingOpFns
  & InplaceFunctions
  & SurfaceMore;

/** PyTorch for Deno: `torch.tensor`, `torch.add`, `torch.linalg.svd`, `torch.autograd.grad`, ... */
export const torch: typeof dtypes & PublicFns & TorchSurface & TorchExtras = {
  ...dtypes,
  preserveFormat: "preserveFormat",
  contiguousFormat: "contiguousFormat",
  channelsLast: "channelsLast",
  channelsLast3d: "channelsLast3d",
  ...PUBLIC,
  ...nnAliases,
  ...rnnFunctions,
  ...nativeNorms,
  ...embeddingOps,
  ...inplaceFunctions,
  ...surfaceMore,
  Tensor,
  LongTensor: typed("int64"),
  FloatTensor: typed("float32"),
  DoubleTensor: typed("float64"),
  IntTensor: typed("int32"),
  ByteTensor: typed("uint8"),
  BoolTensor: typed("bool"),
  linalg,
  special,
  testing: { assertClose: testing.assertClose, makeTensor: testing.makeTensor },
  autograd,
  func,
  vmap,
  cuda,
  utils,
  Generator,
  device: (spec, index) => new Device(spec, index),
  manualSeed,
  seed: () => defaultGenerator.seed(),
  initialSeed: () => defaultGenerator.initialSeed(),
  getRngState: () => TensorClass._wrap(torchData(defaultGenerator.getState(), "uint8", TORCH_CTX, true)),
  setRngState: (state) => {
    if (!(state instanceof TensorClass)) {
      throw new TypeError(`setRngState(): state must be a uint8 Tensor (getRngState()), not ${describe(state)}`);
    }
    defaultGenerator.setState(new Uint8Array(state.tolist() as number[]));
  },
  noGrad,
  enableGrad,
  inferenceMode,
  isInferenceModeEnabled,
  // sets the mode now; the returned guard restores the previous one when a `using` block ends (set_grad_enabled's
  // context-manager form)
  setGradEnabled: setGradEnabledGuard,
  isGradEnabled,
  isAnomalyEnabled,
  isAnomalyCheckNanEnabled,
  setDefaultDtype,
  getDefaultDtype,
  isTensor: (v): v is TensorClass => v instanceof TensorClass,
  fromNumpy: (a) => {
    if (typeof a !== "object" || a === null) {
      throw new TypeError(`fromNumpy(): expected an ndarray, not ${describe(a)}`);
    }
    return new TensorClass(a.storage, a.layout);
  },
  tidy,
  keep,
  emptyCache,
  poolStats,
  setPoolLimit,
  setNumThreads,
  getNumThreads,
  setPrintoptions,
  RuntimeError,
  finfo: (...args) => torchFinfo(getDefaultDtype(), ...args),
  iinfo: torchIinfo,
  save,
  load,
  safetensors,
  get optim(): OptimNamespace {
    if (!OPTIM_BRIDGE.optim) throw new Error("torch.optim is connected by dendrite's mod.ts (or src/optim/mod.ts)");
    return OPTIM_BRIDGE.optim;
  },
  get nn(): NnNamespace {
    if (!NN_BRIDGE.nn) throw new Error("torch.nn is connected by dendrite's mod.ts (or src/nn/mod.ts)");
    return NN_BRIDGE.nn;
  },
  get distributed(): DistributedNamespace {
    if (!DIST_BRIDGE.distributed) {
      throw new Error("torch.distributed is connected by dendrite's mod.ts (or src/distributed/mod.ts)");
    }
    return DIST_BRIDGE.distributed;
  },
  get distributions(): DistributionsNamespace {
    if (!DISTRIBUTIONS_BRIDGE.distributions) {
      throw new Error("torch.distributions is connected by dendrite's mod.ts (or src/torch/distributions/mod.ts)");
    }
    return DISTRIBUTIONS_BRIDGE.distributions;
  },
};
Object.defineProperty(torch, "optim", { enumerable: false }); // spreading torch must not trip the getter
Object.defineProperty(torch, "nn", { enumerable: false });
Object.defineProperty(torch, "distributed", { enumerable: false });
Object.defineProperty(torch, "distributions", { enumerable: false });

/** torch's types: `torch.Tensor`, `torch.DType`. */
export declare namespace torch {
  /** A tensor. */
  export type Tensor = TensorClass;
  /** A dtype name. */
  export type DType = import("../core/dtype.ts").DType;
  /** torch.autograd's types. */
  export namespace autograd {
    /** The ctx of a custom Function. */
    export type FunctionCtx = import("./autograd_function.ts").FunctionCtx;
    /** A custom Function class. */
    export type Function = import("./autograd_function.ts").AutogradFunction;
  }
}
