/**
 * torch.nn.utils: gradient clipping and parameter/vector conversion (from
 * src/optim, where torch.optim keeps them too), and a parameter count.
 */
import type { Tensor } from "../torch/tensor.ts";
import type { Module } from "./module.ts";
export {
  clipGradNorm_,
  clipGradsWithNorm_,
  clipGradValue_,
  getTotalNorm,
  parametersToVector,
  vectorToParameters,
} from "../optim/grad_utils.ts";
/** nn.utils.prune: pruning methods (L1Unstructured, LnStructured, ...), globalUnstructured, remove, isPruned. */
export * as prune from "./prune.ts";
export { fuseConvBnEval, fuseConvBnWeights, fuseLinearBnEval, fuseLinearBnWeights } from "./fusion.ts";
export { convertConv2dWeightMemoryFormat, convertConv3dWeightMemoryFormat, skipInit } from "./utils_more.ts";
/** nn.utils.parametrize: registerParametrization, removeParametrizations, cached, ... */
export * as parametrize from "./parametrize.ts";
/** nn.utils.parametrizations: orthogonal, spectralNorm and weightNorm as parametrizations. */
export * as parametrizations from "./parametrizations.ts";
export { removeSpectralNorm, spectralNorm } from "./spectral_norm.ts";
export { removeWeightNorm, weightNorm } from "./weight_norm.ts";
/** nn.utils.stateless: functionalCall (also torch.func.functionalCall). */
export * as stateless from "./stateless.ts";
/** nn.utils.rnn: PackedSequence and packing / padding of variable-length sequences. */
export * as rnn from "./utils_rnn.ts";

/** The number of parameter elements of a module or a list of tensors (trainable ones only when asked). */
export function parametersCount(m: Module | Iterable<Tensor>, opts: { onlyTrainable?: boolean } = {}): number {
  const ps = "parameters" in m && typeof (m as Module).parameters === "function"
    ? (m as Module).parameters()
    : m as Iterable<Tensor>;
  let n = 0;
  for (const p of ps) if (!opts.onlyTrainable || p.requiresGrad) n += p.numel();
  return n;
}
