/** torch.distributions.Distribution: shapes, validation and the defaults every distribution shares. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import type { Constraint } from "./constraints.ts";
import { bindArgs, fmt, sizeStr } from "./utils.ts";

/** sample / rsample's argument: the sample shape, or an options object `{ sampleShape }`. */
export type SampleShape = readonly number[] | { readonly sampleShape?: readonly number[] };

let defaultValidate = true;

/** Shapes as PyTorch's tuples print them: `(2,)`, `()`. */
export const tupleStr = (s: readonly number[]) => (s.length === 1 ? `(${s[0]},)` : `(${s.join(", ")})`);

/**
 * The base of all distributions (torch.distributions.Distribution): batch and event shapes, argument and sample
 * validation (on by default, as in PyTorch), and the defaults built on a subclass's methods (stddev, perplexity).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Normal(torch.zeros(2), torch.ones(2));
 * assert.ok(d instanceof torch.distributions.Distribution);
 * assert.deepEqual([d.batchShape, d.eventShape], [[2], []]);
 * ```
 */
export abstract class Distribution {
  /** Whether rsample is implemented (reparameterized, differentiable samples). */
  static hasRsample = false;
  /** Whether enumerateSupport is implemented. */
  static hasEnumerateSupport = false;
  /** The shape over which the parameters are batched. */
  batchShape: number[];
  /** The shape of one sample. */
  eventShape: number[];
  /** Whether parameters and values are validated. */
  validateArgs: boolean;
  /** The parameters set at construction or computed since (PyTorch's instance __dict__ entries, shown in the repr). */
  protected params = new Map<string, Tensor>();

  /**
   * Sets whether new distributions validate by default (PyTorch's set_default_validate_args).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { torch } from "../../../mod.ts";
   * const { Distribution, Normal } = torch.distributions;
   * Distribution.setDefaultValidateArgs(false);
   * assert.equal(new Normal(0, -1).validateArgs, false);
   * Distribution.setDefaultValidateArgs(true);
   * ```
   */
  static setDefaultValidateArgs(value: boolean): void {
    if (value !== true && value !== false) throw new RangeError("");
    defaultValidate = value;
  }

  /** Sets the shapes; subclasses set their parameters first, then call `init`. */
  constructor(batchShape: number[] = [], eventShape: number[] = [], validateArgs?: boolean | null) {
    this.batchShape = batchShape;
    this.eventShape = eventShape;
    this.validateArgs = validateArgs ?? defaultValidate;
  }

  /** The constraints on the parameters, in PyTorch's order. */
  abstract get argConstraints(): Record<string, Constraint>;
  /** The values a sample can take. */
  abstract get support(): Constraint;

  /** Checks the parameters set so far against their constraints (PyTorch's __init__ validation). */
  protected checkArgs(): void {
    if (!this.validateArgs) return;
    for (const [name, c] of Object.entries(this.argConstraints)) {
      const value = this.params.get(name);
      if (value === undefined) continue; // lazily computed parameters are not checked
      if (!torch.all(c.check(value)).item()) {
        throw new RangeError(
          `Expected parameter ${name} (Tensor of shape ${tupleStr(value.shape)}) of distribution ${this} ` +
            `to satisfy the constraint ${c}, but found invalid values:\n${fmt(value)}`,
        );
      }
    }
  }

  /** A parameter, computed from another and kept on first use (PyTorch's lazy_property). */
  protected lazy(name: string, compute: () => Tensor): Tensor {
    let v = this.params.get(name);
    if (v === undefined) this.params.set(name, v = compute());
    return v;
  }

  /** sample / rsample's sample shape, given positionally or as `{ sampleShape }` (an unknown option is an error). */
  protected sampleShapeOf(sampleShape: SampleShape = []): number[] {
    const a = bindArgs(`${this.constructor.name}.sample()`, ["sampleShape"], [sampleShape]);
    return [...((a.sampleShape ?? []) as readonly number[])];
  }

  /** sampleShape + batchShape + eventShape. */
  protected extendedShape(sampleShape: SampleShape = []): number[] {
    return [...this.sampleShapeOf(sampleShape), ...this.batchShape, ...this.eventShape];
  }

  /** Checks a value scored by logProb / cdf (PyTorch's _validate_sample); throws RangeError. */
  protected validateSample(value: unknown): asserts value is Tensor {
    if (!torch.isTensor(value)) throw new RangeError("The value argument to log_prob must be a Tensor");
    const shape = value.shape, ev = this.eventShape;
    const tail = shape.slice(Math.max(0, shape.length - ev.length));
    if (tail.length !== ev.length || tail.some((s, i) => s !== ev[i])) {
      throw new RangeError(
        `The right-most size of value must match event_shape: ${sizeStr(shape)} vs ${sizeStr(ev)}.`,
      );
    }
    const expected = [...this.batchShape, ...ev];
    for (let k = 1; k <= Math.min(shape.length, expected.length); k++) {
      const i = shape[shape.length - k], j = expected[expected.length - k];
      if (i !== 1 && j !== 1 && i !== j) {
        throw new RangeError(
          `Value is not broadcastable with batch_shape+event_shape: ${sizeStr(shape)} vs ${sizeStr(expected)}.`,
        );
      }
    }
    if (!torch.all(this.support.check(value)).item()) {
      throw new RangeError(
        `Expected value argument (Tensor of shape ${tupleStr(shape)}) to be within the support (${this.support}) ` +
          `of the distribution ${this}, but found invalid values:\n${fmt(value)}`,
      );
    }
  }

  /** The value as a tensor (validated when validateArgs): numbers take the parameters' dtype, as Python scalars do. */
  protected value(value: Tensor | number, like: Tensor): Tensor {
    if (this.validateArgs) this.validateSample(value);
    return torch.isTensor(value) ? value : torch.tensor(value, { dtype: like.dtype });
  }

  /** A sample of shape sampleShape + batchShape + eventShape, without gradient history. */
  sample(sampleShape: SampleShape = []): Tensor {
    return torch.noGrad(() => this.rsample(sampleShape));
  }

  /** A reparameterized sample: differentiable w.r.t. the parameters. */
  rsample(_sampleShape: SampleShape = []): Tensor {
    throw new torch.RuntimeError(`${this.constructor.name} does not implement rsample`);
  }

  /** The log of the density / mass at `value`. */
  abstract logProb(value: Tensor | number): Tensor;
  /** The entropy, batched over batchShape. */
  abstract entropy(): Tensor;
  /** The mean. */
  abstract get mean(): Tensor;
  /** The mode. */
  abstract get mode(): Tensor;
  /** The variance. */
  abstract get variance(): Tensor;
  /** How many trailing dimensions of each parameter are not batch dimensions. */
  protected paramEventDims = 0;

  /** A copy with its parameters expanded (not copied) to a batch shape, not validated again (PyTorch's expand). */
  expand(batchShape: number[]): this {
    const d = Object.assign(Object.create(Object.getPrototypeOf(this)), this) as this;
    d.batchShape = [...batchShape];
    d.params = new Map(
      [...this.params].map(([k, v]) => [k, v.expand([...batchShape, ...v.shape.slice(v.ndim - this.paramEventDims)])]),
    );
    return d;
  }

  /** The standard deviation. */
  get stddev(): Tensor {
    return torch.sqrt(this.variance);
  }

  /** exp(entropy). */
  perplexity(): Tensor {
    return torch.exp(this.entropy());
  }

  /** `Normal(loc: 0.0, scale: torch.Size([2]))`, as PyTorch prints. */
  toString(): string {
    const parts = Object.keys(this.argConstraints).filter((k) => this.params.has(k)).map((k) => {
      const v = this.params.get(k)!;
      return `${k}: ${v.numel() === 1 ? fmt(v) : sizeStr(v.shape)}`;
    });
    return `${this.constructor.name}(${parts.join(", ")})`;
  }
}
