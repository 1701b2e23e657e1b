/** The shared part of Binomial and NegativeBinomial: a count `total_count` and a probability given as probs or logits. */
import type { Tensor } from "../tensor.ts";
import { Distribution } from "./distribution.ts";
import { bindArgs, broadcastAll, logitsToProbs, type Param, probsOrLogits, probsToLogits } from "./utils.ts";

/**
 * A distribution over counts with a `total_count` and one success probability, given as `probs` or as `logits` (not
 * both): the constructor's binding and checks, PyTorch's parameter names (reprs and validation messages print
 * `total_count`), and the lazily derived other form.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { CountProbs } from "./count_probs.ts";
 * const d = new torch.distributions.Binomial(10, null, 0);
 * assert.ok(d instanceof CountProbs);
 * assert.equal(d.probs.item(), 0.5);
 * ```
 */
export abstract class CountProbs extends Distribution {
  /** Binds `args` as `(totalCount, probs, logits, validateArgs)` of `op`; `defaultCount` fills a missing count. */
  protected constructor(op: string, args: unknown[], defaultCount?: Param) {
    const a = bindArgs(`${op}.__init__()`, ["totalCount", "probs", "logits", "validateArgs"], args);
    const count = (a.totalCount ?? defaultCount) as Param | undefined;
    if (count === undefined) throw new TypeError(`${op}.__init__() missing required argument 'totalCount'`);
    const [name, given] = probsOrLogits(a);
    const [n, param] = broadcastAll(count, given as Param);
    super(param.shape, [], a.validateArgs as boolean | undefined);
    this.params.set("total_count", n.to(param.dtype)).set(name, param);
    this.checkArgs();
  }
  /** The parameter given (probs or logits). */
  protected get param(): Tensor {
    return this.params.get("probs") ?? this.params.get("logits")!;
  }
  /** The count: trials (Binomial) or failures to stop at (NegativeBinomial). */
  get totalCount(): Tensor {
    return this.params.get("total_count")!;
  }
  /** The success probability. */
  get probs(): Tensor {
    return this.lazy("probs", () => logitsToProbs(this.logits, true));
  }
  /** The log-odds of success. */
  get logits(): Tensor {
    return this.lazy("logits", () => probsToLogits(this.probs, true));
  }
}
