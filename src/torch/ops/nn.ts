/**
 * The nn primitives: convolution, pooling, batch norm, linear, embedding
 * and the class-index losses. torch.nn generates its functions from this
 * record (src/nn/prims.ts) as torch.linalg does from its own; their
 * derivatives sit in src/torch/derivatives_nn.ts, merged into the one
 * table.
 */
import type { Functions } from "../../api/surface.ts";
import type { Tensor } from "../tensor.ts";
import { NN_CONV } from "./nn_conv.ts";
import { NN_CTC } from "./nn_ctc.ts";
import { NN_LOSS } from "./nn_loss.ts";
import { NN_NORM } from "./nn_norm.ts";
import { NN_POOL } from "./nn_pool.ts";
import { NN_RESAMPLE } from "./nn_resample.ts";

/** Every nn primitive's declaration. */
export const NN_PRIMITIVES = { ...NN_CONV, ...NN_POOL, ...NN_NORM, ...NN_LOSS, ...NN_CTC, ...NN_RESAMPLE };

/** The generated nn primitives' types. */
export type NnPrims = Functions<typeof NN_PRIMITIVES, "torch", Tensor, Tensor>;
