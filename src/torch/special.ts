/**
 * torch.special: the functions only it has (generated from SPECIAL_FNS in
 * src/api/ops/special.ts) and PyTorch's aliases of torch functions, which
 * are those very functions (torch.special.expit === torch.sigmoid).
 */
import { SPECIAL_FNS } from "../api/ops/special.ts";
import { SPECIAL_BESSEL_FNS } from "../api/ops/special_bessel.ts";
import { SPECIAL_POLYNOMIAL_FNS } from "../api/ops/special_polynomials.ts";
import type { Functions } from "../api/surface.ts";
import { setSpecialFns } from "./derivatives_special.ts";
import { F, type TorchFns } from "./functions.ts";
import { type Tensor, torchFunctions } from "./tensor.ts";

/** torch.special's own functions' types. */
export type SpecialOwnFns = Functions<
  typeof SPECIAL_FNS & typeof SPECIAL_BESSEL_FNS & typeof SPECIAL_POLYNOMIAL_FNS,
  "torch",
  Tensor,
  Tensor
>;

/** PyTorch's torch.special names of torch functions: each is that very function (torch.special.expit === torch.sigmoid). */
export const SPECIAL_ALIASES = {
  erf: "erf",
  erfc: "erfc",
  erfinv: "erfinv",
  expit: "sigmoid",
  logit: "logit",
  exp2: "exp2",
  expm1: "expm1",
  log1p: "log1p",
  gammaln: "lgamma",
  digamma: "digamma",
  psi: "digamma",
  polygamma: "polygamma",
  multigammaln: "mvlgamma",
  i0: "i0",
  sinc: "sinc",
  round: "round",
  xlogy: "xlogy",
  logsumexp: "logsumexp",
  softmax: "softmax",
  logSoftmax: "logSoftmax",
  gammainc: "igamma",
  gammaincc: "igammac",
} as const satisfies Record<string, keyof TorchFns>;

/** The aliases' types: those of the torch functions they are. */
export type AliasFns = { [K in keyof typeof SPECIAL_ALIASES]: TorchFns[(typeof SPECIAL_ALIASES)[K]] };
/** torch.special's type: its own functions and the torch functions it re-exports under PyTorch's names. */
export type TorchSpecial = SpecialOwnFns & AliasFns;

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
  ...(torchFunctions({ ...SPECIAL_FNS, ...SPECIAL_BESSEL_FNS, ...SPECIAL_POLYNOMIAL_FNS }) as unknown as SpecialOwnFns),
  ...(Object.fromEntries(Object.entries(SPECIAL_ALIASES).map(([k, v]) => [k, F[v]])) as AliasFns),
};
setSpecialFns(special as never);
