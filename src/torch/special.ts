/**
 * torch.special: the functions only it has (generated from SPECIAL_FNS in
 * src/api/ops/special.ts) and PyTorch's aliases of torch functions, which
 * are those very functions (torch.special.expit === torch.sigmoid).
 */
import { SPECIAL_FNS } from "../api/ops/special.ts";
import type { Functions } from "../api/surface.ts";
import { setSpecialFns } from "./derivatives_special.ts";
import { F, type TorchFns } from "./functions.ts";
import { type Tensor, torchFunctions } from "./tensor.ts";

/** torch.special's own functions' types. */
export type SpecialOwnFns = Functions<typeof SPECIAL_FNS, "torch", Tensor, Tensor>;

/** torch.special's type: its own functions and the torch functions it re-exports under PyTorch's names. */
export type TorchSpecial = SpecialOwnFns & {
  erf: TorchFns["erf"];
  erfc: TorchFns["erfc"];
  erfinv: TorchFns["erfinv"];
  expit: TorchFns["sigmoid"];
  logit: TorchFns["logit"];
  exp2: TorchFns["exp2"];
  expm1: TorchFns["expm1"];
  log1p: TorchFns["log1p"];
  gammaln: TorchFns["lgamma"];
  digamma: TorchFns["digamma"];
  psi: TorchFns["digamma"];
  polygamma: TorchFns["polygamma"];
  multigammaln: TorchFns["mvlgamma"];
  i0: TorchFns["i0"];
  sinc: TorchFns["sinc"];
  round: TorchFns["round"];
  xlogy: TorchFns["xlogy"];
  logsumexp: TorchFns["logsumexp"];
  softmax: TorchFns["softmax"];
  logSoftmax: TorchFns["logSoftmax"];
  gammainc: TorchFns["igamma"];
  gammaincc: TorchFns["igammac"];
};

/**
 * torch.special.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const x = torch.tensor([0, 1], { dtype: torch.float64 });
 * assert.deepEqual(torch.special.ndtr(x).tolist()[0], 0.5);
 * assert.equal(torch.special.expit, torch.sigmoid);
 * ```
 */
export const special: TorchSpecial = {
  ...(torchFunctions(SPECIAL_FNS) as unknown as SpecialOwnFns),
  erf: F.erf,
  erfc: F.erfc,
  erfinv: F.erfinv,
  expit: F.sigmoid,
  logit: F.logit,
  exp2: F.exp2,
  expm1: F.expm1,
  log1p: F.log1p,
  gammaln: F.lgamma,
  digamma: F.digamma,
  psi: F.digamma,
  polygamma: F.polygamma,
  multigammaln: F.mvlgamma,
  i0: F.i0,
  sinc: F.sinc,
  round: F.round,
  xlogy: F.xlogy,
  logsumexp: F.logsumexp,
  softmax: F.softmax,
  logSoftmax: F.logSoftmax,
  gammainc: F.igamma,
  gammaincc: F.igammac,
};
setSpecialFns(special as never);
