/**
 * The smaller torch.nn.utils functions: skipInit and the channels-last
 * conversions of convolution weights (getTotalNorm and clipGradsWithNorm_,
 * the two halves of clipGradNorm_, are in src/optim/grad_utils.ts).
 */
import { withGradMode } from "../autograd/grad_mode.ts";
import { req } from "../api/signature.ts";
import { RuntimeError } from "../core/errors.ts";
import { MEMORY_FORMATS, type MemoryFormat } from "../core/memory_format.ts";
import { torch } from "../torch/mod.ts";
import type { Tensor } from "../torch/tensor.ts";
import { bind, binder, Module } from "./module.ts";
import { Conv2d, ConvTranspose2d } from "./layers/conv.ts";
import { Conv3d, ConvTranspose3d } from "./layers/conv3d.ts";

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
