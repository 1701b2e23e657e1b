/**
 * The smaller torch.nn.utils functions: getTotalNorm and clipGradsWithNorm_
 * (the two halves of clipGradNorm_, PyTorch 2.6+), skipInit, and the
 * channels-last conversions of convolution weights.
 */
import { withGradMode } from "../autograd/grad_mode.ts";
import { opt, req } from "../api/signature.ts";
import { promoteTypes } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { MEMORY_FORMATS, type MemoryFormat } from "../core/memory_format.ts";
import { torch } from "../torch/mod.ts";
import { peekGrad, Tensor } from "../torch/tensor.ts";
import { type ArgsOf, bind, binder, Module } from "./module.ts";
import { Conv2d, ConvTranspose2d } from "./layers/conv.ts";
import { Conv3d, ConvTranspose3d } from "./layers/conv3d.ts";

function tensorList(name: string, v: unknown): Tensor[] {
  if (v instanceof Tensor) return [v];
  if (v === null || typeof (v as Iterable<unknown>)?.[Symbol.iterator] !== "function") {
    throw new TypeError(`${name}: expected a tensor or an iterable of tensors, got ${v === null ? "null" : typeof v}`);
  }
  const out = [...(v as Iterable<unknown>)];
  out.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`${name}: element ${i} is not a Tensor`);
  });
  return out as Tensor[];
}

/** Python's str of a float (2.0, inf). */
const pyFloat = (x: number) =>
  Number.isInteger(x) ? `${x}.0` : Number.isFinite(x) ? String(x) : Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";

const TOTAL_NORM_SIG = {
  pos: [
    req("tensors", "any"),
    opt("normType", "number", 2.0),
    opt("errorIfNonfinite", "bool", false),
    opt("foreach", "bool", null),
  ],
  kw: [],
} as const;
const TOTAL_NORM = binder("getTotalNorm", TOTAL_NORM_SIG);

/**
 * The norm of the per-tensor norms of `tensors` (usually gradients): the
 * norm of all their elements together, as a 0-d tensor (PyTorch's
 * get_total_norm; 0 for no tensors). `errorIfNonfinite` makes a NaN or
 * infinite total an error. `foreach` is accepted for PyTorch's signature
 * (every CPU tensor supports it; the result is the same).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const n = nn.utils.getTotalNorm([torch.tensor([3.0]).float(), torch.tensor([4.0]).float()]);
 * assert.equal(n.item(), 5);
 * ```
 */
export function getTotalNorm(...args: ArgsOf<typeof TOTAL_NORM_SIG>): Tensor {
  const a = bind(TOTAL_NORM, args);
  const tensors = tensorList("getTotalNorm", a.tensors);
  const normType: number = a.normType;
  return withGradMode(false, () => {
    // torch.tensor(0.0) in PyTorch: a float of the default dtype (a JS 0 would make an int64)
    if (tensors.length === 0) return torch.zeros([]);
    const norms = tensors.map((g) => torch.linalg.vectorNorm(g, normType));
    // torch.stack promotes the per-dtype norms to one dtype
    const dtype = norms.reduce((d, n) => promoteTypes(d, n.dtype), norms[0].dtype);
    const total = torch.linalg.vectorNorm(torch.stack(norms.map((n) => n.to(dtype))), normType);
    if (a.errorIfNonfinite && !Number.isFinite(Number(total.item()))) {
      throw new RuntimeError(
        `The total norm of order ${
          pyFloat(normType)
        } for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`errorIfNonfinite=false\``,
      );
    }
    return total;
  });
}

const CLIP_WITH_NORM_SIG = {
  pos: [req("parameters", "any"), req("maxNorm", "number"), req("totalNorm", "array"), opt("foreach", "bool", null)],
  kw: [],
} as const;
const CLIP_WITH_NORM = binder("clipGradsWithNorm_", CLIP_WITH_NORM_SIG);

/**
 * Scales the gradients of `parameters` in place by
 * `min(maxNorm / (totalNorm + 1e-6), 1)` (PyTorch's clip_grads_with_norm_:
 * clipGradNorm_ with a total norm computed beforehand, e.g. by
 * getTotalNorm over several groups).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const w = torch.zeros(2, { requiresGrad: true });
 * w.grad = torch.tensor([3.0, 4.0]).float();
 * nn.utils.clipGradsWithNorm_([w], 1.0, nn.utils.getTotalNorm([w.grad]));
 * assert.ok(Math.abs((w.grad.norm().item() as number) - 1) < 1e-5);
 * ```
 */
export function clipGradsWithNorm_(...args: ArgsOf<typeof CLIP_WITH_NORM_SIG>): void {
  const a = bind(CLIP_WITH_NORM, args);
  const params = tensorList("clipGradsWithNorm_", a.parameters);
  withGradMode(false, () => {
    const grads = params.map((p) => peekGrad(p)).filter((g): g is Tensor => g !== null);
    if (grads.length === 0) return;
    // maxNorm / (total + 1e-6): a float over a tensor is reciprocal() * float in PyTorch
    const coef = torch.clamp((a.totalNorm as Tensor).add(1e-6).reciprocal().mul(a.maxNorm), { max: 1.0 });
    for (const g of grads) g.mul_(coef);
  });
}

/**
 * A module of class `moduleCls` made from `args` whose parameters and
 * buffers are left uninitialised (PyTorch's skip_init). PyTorch builds the
 * module on the meta device and then allocates empty tensors; dendrite
 * builds it normally and puts the generator back to where it was, then
 * replaces every parameter's and buffer's data with uninitialised memory
 * of the same shape and dtype: as in PyTorch, the values are garbage to be
 * overwritten and torch's random stream is left untouched.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * torch.manualSeed(0);
 * const m = nn.utils.skipInit(nn.Linear, 3, 2);
 * assert.deepEqual(m.weight.shape, [2, 3]);
 * const next = torch.rand(1).item();
 * torch.manualSeed(0);
 * assert.equal(torch.rand(1).item(), next);
 * ```
 */
export function skipInit<A extends unknown[], M extends Module>(moduleCls: new (...a: A) => M, ...args: A): M {
  if (typeof moduleCls !== "function" || !(moduleCls.prototype instanceof Module)) {
    throw new RuntimeError(`Expected a Module; got ${String((moduleCls as { name?: string })?.name ?? moduleCls)}`);
  }
  const state = torch.getRngState();
  let m: Module;
  try {
    m = new moduleCls(...args);
  } finally {
    torch.setRngState(state);
  }
  withGradMode(false, () => {
    for (const t of [...m.parameters(), ...m.buffers()]) t.data = torch.emptyLike(t);
  });
  return m as M;
}

const MEMORY_FORMAT_SIG = {
  pos: [req("module", "any"), req("memoryFormat", "string", { choices: MEMORY_FORMATS })],
  kw: [],
} as const;
const CONV2D_FORMAT = binder("convertConv2dWeightMemoryFormat", MEMORY_FORMAT_SIG);
const CONV3D_FORMAT = binder("convertConv3dWeightMemoryFormat", MEMORY_FORMAT_SIG);

/** Lays out the weights of the module tree's convolutions (where `isConv`) in `format`. */
function convertWeights(module: Module, isConv: (m: Module) => boolean, format: string): void {
  if (isConv(module)) {
    const w = (module as unknown as { weight: Tensor }).weight;
    w.data = w.detach().clone({ memoryFormat: format as MemoryFormat });
  }
  for (const child of module.children()) convertWeights(child, isConv, format);
}

/**
 * Lays out the weights of every Conv2d and ConvTranspose2d of the module
 * tree in `memoryFormat` (torch.channelsLast, torch.contiguousFormat, ...),
 * in place; returns the module.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const net = nn.utils.convertConv2dWeightMemoryFormat(new nn.Sequential(new nn.Conv2d(3, 4, 3)), torch.channelsLast);
 * assert.equal((net.at(0) as nn.Conv2d).weight.isContiguous({ memoryFormat: torch.channelsLast }), true);
 * ```
 */
export function convertConv2dWeightMemoryFormat<M extends Module>(
  ...args: [module: M, memoryFormat: MemoryFormat] | [module: M, opts: { memoryFormat: MemoryFormat }]
): M {
  const a = bind(CONV2D_FORMAT, args);
  convertWeights(a.module, (m) => m instanceof Conv2d || m instanceof ConvTranspose2d, a.memoryFormat);
  return a.module;
}

/**
 * Lays out the weights of every Conv3d and ConvTranspose3d of the module
 * tree in `memoryFormat` (torch.channelsLast3d, torch.contiguousFormat,
 * ...), in place; returns the module.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const conv = nn.utils.convertConv3dWeightMemoryFormat(new nn.Conv3d(2, 4, 3), torch.channelsLast3d);
 * assert.equal(conv.weight.isContiguous({ memoryFormat: torch.channelsLast3d }), true);
 * ```
 */
export function convertConv3dWeightMemoryFormat<M extends Module>(
  ...args: [module: M, memoryFormat: MemoryFormat] | [module: M, opts: { memoryFormat: MemoryFormat }]
): M {
  const a = bind(CONV3D_FORMAT, args);
  convertWeights(a.module, (m) => m instanceof Conv3d || m instanceof ConvTranspose3d, a.memoryFormat);
  return a.module;
}
