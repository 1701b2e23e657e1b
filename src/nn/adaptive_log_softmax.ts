/**
 * nn.AdaptiveLogSoftmaxWithLoss (Grave et al., "Efficient softmax
 * approximation for GPUs"): the frequent classes below cutoffs[0] and one
 * entry per tail cluster share the head; each cluster's classes get a
 * log-softmax of their own through a narrower projection. The forward is
 * PyTorch's step by step (out-of-place index copies instead of its
 * in-place ones, so autograd records them), so the outputs, the loss and
 * the gradients are PyTorch's.
 */
import { opt, req } from "../api/signature.ts";
import { RuntimeError } from "../core/errors.ts";
import { torch } from "../torch/mod.ts";
import type { Tensor } from "../torch/tensor.ts";
import { ModuleList, Sequential } from "./containers.ts";
import { checkInput } from "./layers/check_input.ts";
import { FACTORY } from "./layers/common.ts";
import { Linear } from "./layers/linear.ts";
import { type ArgsOf, bind, binder, Module } from "./module.ts";

const ASM = {
  pos: [
    req("inFeatures", "int"),
    req("nClasses", "int"),
    req("cutoffs", "any"),
    opt("divValue", "number", 4),
    opt("headBias", "bool", false),
    ...FACTORY,
  ],
  kw: [],
} as const;
const ASM_B = binder("AdaptiveLogSoftmaxWithLoss", ASM);

/** The forward's result, PyTorch's named tuple _ASMoutput: [output, loss], also readable by name. */
export type ASMOutput = [output: Tensor, loss: Tensor] & { readonly output: Tensor; readonly loss: Tensor };

const size = (t: Tensor) => `torch.Size([${t.shape.join(", ")}])`;

/**
 * Adaptive softmax: forward(input, target) returns [output, loss] (each sample's target log-probability and the
 * mean negative log-likelihood), logProb(input) every class's log-probability, predict(input) the most likely
 * class. The head is a Linear to cutoffs[0] + (number of clusters) outputs; cluster i is a Sequential of two
 * bias-free Linears, in -> in / divValue^(i+1) -> its class count (initialized in that order, as PyTorch's).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const asm = new nn.AdaptiveLogSoftmaxWithLoss(16, 10, [4, 8]);
 * const [output, loss] = asm.forward(torch.randn(5, 16), torch.tensor([0, 3, 5, 8, 9]));
 * assert.deepEqual(output.shape, [5]);
 * assert.deepEqual(asm.logProb(torch.randn(2, 16)).shape, [2, 10]);
 * assert.equal(asm.stateDict()["tail.1.1.weight"].shape.join(), "2,1");
 * loss.backward();
 * ```
 */
export class AdaptiveLogSoftmaxWithLoss extends Module {
  head: Linear;
  tail: ModuleList;
  readonly inFeatures: number;
  readonly nClasses: number;
  /** The cutoffs with nClasses appended. */
  readonly cutoffs: number[];
  readonly divValue: number;
  readonly headBias: boolean;
  readonly shortlistSize: number;
  readonly nClusters: number;
  readonly headSize: number;
  constructor(...args: ArgsOf<typeof ASM>) {
    super();
    const a = bind(ASM_B, args);
    if (!Array.isArray(a.cutoffs)) {
      throw new TypeError(`AdaptiveLogSoftmaxWithLoss(): cutoffs must be a list of integers, got ${typeof a.cutoffs}`);
    }
    const cutoffs: number[] = [...a.cutoffs], n: number = a.nClasses;
    if (cutoffs.length === 0) throw new RangeError("cutoffs should be a sequence of length larger than 0");
    if (
      cutoffs.some((c, i) =>
        typeof c !== "number" || !Number.isInteger(c) || c <= 0 || c > n - 1 || c <= cutoffs[i - 1]
      )
    ) {
      throw new RangeError(
        "cutoffs should be a sequence of unique, positive integers sorted in an increasing order, where each value " +
          "is between 1 and n_classes-1",
      );
    }
    this.inFeatures = a.inFeatures;
    this.nClasses = n;
    this.cutoffs = [...cutoffs, n];
    this.divValue = a.divValue;
    this.headBias = a.headBias;
    this.shortlistSize = this.cutoffs[0];
    this.nClusters = this.cutoffs.length - 1;
    this.headSize = this.shortlistSize + this.nClusters;
    const factory = { dtype: a.dtype, device: a.device };
    this.head = new Linear(this.inFeatures, this.headSize, { bias: this.headBias, ...factory });
    this.tail = new ModuleList();
    for (let i = 0; i < this.nClusters; i++) {
      const hsz = Math.floor(this.inFeatures / this.divValue ** (i + 1));
      const osz = this.cutoffs[i + 1] - this.cutoffs[i];
      this.tail.append(
        new Sequential(
          new Linear(this.inFeatures, hsz, { bias: false, ...factory }),
          new Linear(hsz, osz, { bias: false, ...factory }),
        ),
      );
    }
  }
  /** Re-initializes the head and every cluster's projections (Linear's initialization). */
  resetParameters(): void {
    this.head.resetParameters();
    for (const seq of this.tail) for (const lin of seq as Sequential) (lin as Linear).resetParameters();
  }
  /**
   * [output, loss] for input (N, inFeatures) and target (N), or an unbatched (inFeatures) and a 0-d target: each
   * sample's log-probability of its target, and the mean of their negatives.
   */
  override forward(input: Tensor, target: Tensor): ASMOutput {
    checkInput(this, input);
    const td = checkInput(this, target, "target").ndim;
    if (td === 1) {
      if (input.shape[0] !== target.shape[0]) {
        throw new RuntimeError("Input and target should have the same size in the batch dimension.");
      }
      if (input.ndim !== 2) {
        throw new RuntimeError(`1D target tensor expects 2D input tensors, but found inputs with size ${size(input)}`);
      }
    } else if (td === 0) {
      if (input.ndim !== 1) {
        throw new RuntimeError(`0D target tensor expects 1D input tensors, but found inputs with size ${size(input)}`);
      }
    } else throw new RuntimeError("0D or 1D target tensor expected, multi-target not supported");
    const batched = td > 0;
    const x = batched ? input : input.unsqueeze(0), t = batched ? target : target.unsqueeze(0);
    const n = t.shape[0];
    let output = x.newZeros([n]), gatherInds = t.newZeros([n]), usedRows = 0;
    const bounds = [0, ...this.cutoffs];
    for (let i = 0; i < bounds.length - 1; i++) {
      const mask = t.ge(bounds[i]).logicalAnd(t.lt(bounds[i + 1]));
      const rows = mask.nonzero().reshape(-1);
      if (rows.numel() === 0) continue;
      const inCluster = t.maskedSelect(mask);
      if (i === 0) gatherInds = gatherInds.indexCopy(0, rows, inCluster);
      else {
        const clusterOutput = (this.tail.at(i - 1) as Sequential).forward(x.indexSelect(0, rows));
        gatherInds = gatherInds.indexFill(0, rows, this.shortlistSize + i - 1);
        const local = clusterOutput.logSoftmax(1).gather(1, inCluster.sub(bounds[i]).unsqueeze(1));
        output = output.indexCopy(0, rows, local.squeeze(1));
      }
      usedRows += rows.numel();
    }
    if (usedRows !== n) {
      throw new RuntimeError(
        `Target values should be in [0, ${this.nClasses - 1}], but values in range [${Number(t.min().item())}, ${
          Number(t.max().item())
        }] were found. `,
      );
    }
    const headLogprob = this.head.forward(x).logSoftmax(1);
    output = output.add(headLogprob.gather(1, gatherInds.unsqueeze(1)).squeeze(1));
    const loss = output.neg().mean();
    if (!batched) output = output.squeeze(0);
    return Object.assign([output, loss] as [Tensor, Tensor], { output, loss });
  }
  /** Every class's log-probability (N, nClasses) for input (N, inFeatures). */
  logProb(input: Tensor): Tensor {
    return this.#fullLogProb(input, this.head.forward(input));
  }
  /** The most likely class of each row of input (N, inFeatures), as PyTorch computes it (the head first). */
  predict(input: Tensor): Tensor {
    const headOutput = this.head.forward(input);
    const output = headOutput.argmax(1);
    const notInShortlist = output.ge(this.shortlistSize);
    if (!notInShortlist.any().item()) return output;
    if (notInShortlist.all().item()) return this.#fullLogProb(input, headOutput).argmax(1);
    const rows = notInShortlist.nonzero().reshape(-1);
    const logProb = this.#fullLogProb(input.indexSelect(0, rows), headOutput.indexSelect(0, rows));
    return output.indexCopy(0, rows, logProb.argmax(1));
  }
  /** The shortlist's head log-probabilities, then each cluster's plus its head entry. */
  #fullLogProb(input: Tensor, headOutput: Tensor): Tensor {
    const headLogprob = headOutput.logSoftmax(1);
    const parts = [headLogprob.narrow(1, 0, this.shortlistSize)];
    for (let i = 0; i < this.nClusters; i++) {
      const clusterLogprob = (this.tail.at(i) as Sequential).forward(input).logSoftmax(1);
      parts.push(clusterLogprob.add(headLogprob.narrow(1, this.shortlistSize + i, 1)));
    }
    return torch.cat(parts, 1);
  }
}
