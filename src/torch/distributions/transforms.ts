/** torch.distributions.transforms: the namespace of every transform. */
import { ComposeTransform, identityTransform, IndependentTransform, ReshapeTransform, Transform } from "./transform.ts";
import {
  AbsTransform,
  AffineTransform,
  ExpTransform,
  PowerTransform,
  SigmoidTransform,
  SoftplusTransform,
  TanhTransform,
} from "./transforms_pointwise.ts";
import { LowerCholeskyTransform, SoftmaxTransform, StickBreakingTransform } from "./transforms_vector.ts";
import { CatTransform, StackTransform } from "./transforms_cat_stack.ts";
import { CorrCholeskyTransform } from "./corr_cholesky_transform.ts";
import { CumulativeDistributionTransform, PositiveDefiniteTransform } from "./transforms_more.ts";

export type {
  ComposeTransformOptions,
  IndependentTransformOptions,
  ReshapeTransformOptions,
  Sign,
  TransformOptions,
} from "./transform.ts";
export type { AffineTransformOptions, PowerTransformOptions } from "./transforms_pointwise.ts";
export type { CatTransformOptions, StackTransformOptions } from "./transforms_cat_stack.ts";
export type { CumulativeDistributionTransformOptions } from "./transforms_more.ts";
export {
  AbsTransform,
  AffineTransform,
  CatTransform,
  ComposeTransform,
  CorrCholeskyTransform,
  CumulativeDistributionTransform,
  ExpTransform,
  identityTransform,
  IndependentTransform,
  LowerCholeskyTransform,
  PositiveDefiniteTransform,
  PowerTransform,
  ReshapeTransform,
  SigmoidTransform,
  SoftmaxTransform,
  SoftplusTransform,
  StackTransform,
  StickBreakingTransform,
  TanhTransform,
  Transform,
};

/**
 * torch.distributions.transforms.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const { ExpTransform, identityTransform } = torch.distributions.transforms;
 * assert.equal(String(new ExpTransform().inv), "_InverseTransform(ExpTransform())");
 * assert.equal(identityTransform.parts.length, 0);
 * ```
 */
export const transforms = {
  Transform,
  ComposeTransform,
  IndependentTransform,
  ReshapeTransform,
  ExpTransform,
  PowerTransform,
  SigmoidTransform,
  TanhTransform,
  AbsTransform,
  AffineTransform,
  SoftplusTransform,
  SoftmaxTransform,
  StickBreakingTransform,
  LowerCholeskyTransform,
  CorrCholeskyTransform,
  CatTransform,
  StackTransform,
  identityTransform,
  CumulativeDistributionTransform,
  PositiveDefiniteTransform,
};
