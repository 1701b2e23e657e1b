/**
 * torch.distributions.transforms' functors over slices: CatTransform (a transform per run of entries along a
 * dimension, as torch.cat joins them) and StackTransform (a transform per entry, as torch.stack joins them).
 */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { sumRightmost, Transform, type TransformOptions } from "./transform.ts";
import { bindArgs } from "./utils.ts";

// PyTorch's AssertionErrors on the joined dimension (RangeErrors here, as the other index errors)
function checkSlices(t: Tensor, dim: number, size: number, name: string, what: string, expected: string): void {
  if (!(-t.ndim <= dim && dim < t.ndim)) {
    throw new RangeError(`dim ${dim} out of range for ${what} with ${t.ndim} dimensions`);
  }
  if (t.shape.at(dim) !== size) {
    throw new RangeError(`${name}.size(${dim}) = ${t.shape.at(dim)} must equal ${expected} ${size}`);
  }
}

// the transforms of tseq checked, with the functor's cache size
function transformsOf(tseq: unknown, cacheSize: number): Transform[] {
  if (!Array.isArray(tseq) || !tseq.every((t) => t instanceof Transform)) {
    throw new TypeError("All elements of tseq must be Transform instances");
  }
  return tseq.map((t: Transform) => (cacheSize ? t.withCache(cacheSize) : t));
}

/** CatTransform's options. */
export type CatTransformOptions = TransformOptions & {
  /** the transforms, one per run of entries */
  tseq?: Transform[];
  /** the dimension along which the runs lie (default 0) */
  dim?: number;
  /** each run's length (default 1 each) */
  lengths?: readonly number[] | null;
};

/**
 * Applies `tseq[i]` to the i-th run of `lengths[i]` entries along `dim` and joins the results as torch.cat does
 * (torch.distributions.transforms.CatTransform); log-determinants are joined the same way, or summed when `dim`
 * falls within the event.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const { CatTransform, ExpTransform, identityTransform } = torch.distributions.transforms;
 * const t = new CatTransform([new ExpTransform(), identityTransform], 0, [1, 2]);
 * assert.deepEqual(t.call(torch.tensor([0, 5, 6], { dtype: torch.float64 })).tolist(), [1, 5, 6]);
 * ```
 */
export class CatTransform extends Transform {
  /** The transforms, one per run (with this one's cache size). */
  readonly transforms: Transform[];
  /** Each run's length. */
  readonly lengths: number[];
  /** The dimension along which the runs lie. */
  readonly dim: number;
  /** `new CatTransform(tseq, dim?, lengths?, cacheSize?)` or with an options object. */
  constructor(
    tseq: Transform[] | CatTransformOptions,
    dim?: number | CatTransformOptions,
    lengths?: readonly number[] | null | CatTransformOptions,
    cacheSize?: number | CatTransformOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("CatTransform.__init__()", ["tseq", "dim", "lengths", "cacheSize"], args);
    const cacheSize = (a.cacheSize ?? 0) as number;
    const transforms = transformsOf(a.tseq, cacheSize);
    super(cacheSize);
    this.transforms = transforms;
    this.lengths = a.lengths == null ? transforms.map(() => 1) : [...(a.lengths as number[])];
    if (this.lengths.length !== transforms.length) {
      throw new RangeError(`lengths (${this.lengths.length}) must match transforms (${transforms.length})`);
    }
    this.dim = (a.dim ?? 0) as number;
  }
  /** The largest event dimension of the parts. */
  override get eventDim(): number {
    return Math.max(...this.transforms.map((t) => t.eventDim));
  }
  /** The total length along `dim`. */
  get length(): number {
    return this.lengths.reduce((s, n) => s + n, 0);
  }
  /** The parts' domains, joined along `dim`. */
  get domain(): Constraint {
    return constraints.cat(this.transforms.map((t) => t.domain), this.dim, this.lengths);
  }
  /** The parts' codomains, joined along `dim`. */
  get codomain(): Constraint {
    return constraints.cat(this.transforms.map((t) => t.codomain), this.dim, this.lengths);
  }
  /** Whether every part is bijective. */
  override get bijective(): boolean {
    return this.transforms.every((t) => t.bijective);
  }
  override withCache(cacheSize = 1): Transform {
    return this.cacheSize === cacheSize ? this : new CatTransform(this.transforms, this.dim, this.lengths, cacheSize);
  }
  // z's run of entries for each part, along dim
  private runs(z: Tensor): Tensor[] {
    const out: Tensor[] = [];
    let start = 0;
    for (const len of this.lengths) {
      out.push(z.narrow(this.dim, start, len));
      start += len;
    }
    return out;
  }
  // each part's map on its run of `z`, joined along dim
  private apply(z: Tensor, name: string, map: (t: Transform, s: Tensor) => Tensor): Tensor {
    checkSlices(z, this.dim, this.length, name, "tensor", "length");
    return torch.cat(this.runs(z).map((s, i) => map(this.transforms[i], s)), this.dim);
  }
  protected override forward(x: Tensor): Tensor {
    return this.apply(x, "x", (t, s) => t.call(s));
  }
  protected override inverse(y: Tensor): Tensor {
    return this.apply(y, "y", (t, s) => t.inv.call(s));
  }
  /** Each part's log-determinant on its run (summed up to the common event), joined along dim or summed. */
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    checkSlices(x, this.dim, this.length, "x", "x", "length");
    checkSlices(y, this.dim, this.length, "y", "y", "length");
    const eventDim = this.eventDim, xs = this.runs(x), ys = this.runs(y);
    const parts = this.transforms.map((t, i) => {
      const l = t.logAbsDetJacobian(xs[i], ys[i]);
      return t.eventDim < eventDim ? sumRightmost(l, eventDim - t.eventDim) : l;
    });
    // the joined dimension counted from the right of the log-determinants (which lack the event dimensions)
    const dim = (this.dim >= 0 ? this.dim - x.ndim : this.dim) + eventDim;
    return dim < 0 ? torch.cat(parts, dim) : parts.reduce((s, l) => torch.add(s, l));
  }
}

/** StackTransform's options. */
export type StackTransformOptions = TransformOptions & {
  /** the transforms, one per entry along dim */
  tseq?: Transform[];
  /** the dimension stacked (default 0) */
  dim?: number;
};

/**
 * Applies `tseq[i]` to the i-th entry along `dim` (`z.select(dim, i)`) and stacks the results as torch.stack does
 * (torch.distributions.transforms.StackTransform); log-determinants are stacked the same way.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const { StackTransform, ExpTransform, identityTransform } = torch.distributions.transforms;
 * const t = new StackTransform([new ExpTransform(), identityTransform], 1);
 * assert.deepEqual(t.call(torch.tensor([[0, 5]], { dtype: torch.float64 })).tolist(), [[1, 5]]);
 * ```
 */
export class StackTransform extends Transform {
  /** The transforms, one per entry (with this one's cache size). */
  readonly transforms: Transform[];
  /** The dimension stacked. */
  readonly dim: number;
  /** `new StackTransform(tseq, dim?, cacheSize?)` or with an options object. */
  constructor(
    tseq: Transform[] | StackTransformOptions,
    dim?: number | StackTransformOptions,
    cacheSize?: number | StackTransformOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("StackTransform.__init__()", ["tseq", "dim", "cacheSize"], args);
    const cacheSize = (a.cacheSize ?? 0) as number;
    const transforms = transformsOf(a.tseq, cacheSize);
    super(cacheSize);
    this.transforms = transforms;
    this.dim = (a.dim ?? 0) as number;
  }
  /** The parts' domains, stacked along `dim`. */
  get domain(): Constraint {
    return constraints.stack(this.transforms.map((t) => t.domain), this.dim);
  }
  /** The parts' codomains, stacked along `dim`. */
  get codomain(): Constraint {
    return constraints.stack(this.transforms.map((t) => t.codomain), this.dim);
  }
  /** Whether every part is bijective. */
  override get bijective(): boolean {
    return this.transforms.every((t) => t.bijective);
  }
  override withCache(cacheSize = 1): Transform {
    return this.cacheSize === cacheSize ? this : new StackTransform(this.transforms, this.dim, cacheSize);
  }
  // the entries of z along dim, checked against the parts
  private slices(z: Tensor, name: string, what: string): Tensor[] {
    checkSlices(z, this.dim, this.transforms.length, name, what, "len(transforms)");
    return Array.from({ length: this.transforms.length }, (_, i) => z.select(this.dim, i));
  }
  protected override forward(x: Tensor): Tensor {
    return torch.stack(this.slices(x, "x", "tensor").map((s, i) => this.transforms[i].call(s)), this.dim);
  }
  protected override inverse(y: Tensor): Tensor {
    return torch.stack(this.slices(y, "y", "tensor").map((s, i) => this.transforms[i].inv.call(s)), this.dim);
  }
  /** Each part's log-determinant on its entry, stacked along dim. */
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    const xs = this.slices(x, "x", "x"), ys = this.slices(y, "y", "y");
    return torch.stack(this.transforms.map((t, i) => t.logAbsDetJacobian(xs[i], ys[i])), this.dim);
  }
}
