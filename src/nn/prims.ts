/**
 * The nn primitives as torch functions (generated from
 * src/torch/ops/nn.ts, run through torch's autograd runner), handed to
 * their derivatives.
 */
import { setNnPrims } from "../torch/derivatives_nn.ts";
import { type NN_PRIMITIVES, NN_PRIMITIVES as DECLS, type NnPrims } from "../torch/ops/nn.ts";
import { torchFunctions } from "../torch/tensor.ts";

/** The generated nn primitives. */
export const P: NnPrims = torchFunctions(DECLS) as unknown as NnPrims;
setNnPrims(P);

export type { NN_PRIMITIVES, NnPrims };
