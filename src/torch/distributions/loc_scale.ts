/** What Normal and Laplace share: a location and a positive scale broadcast together, on the real line. */
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Distribution } from "./distribution.ts";
import { bindArgs, broadcastAll, type Param } from "./utils.ts";

/** A location-scale distribution's arguments, as an options object. */
export interface LocScaleOptions {
  /** location */
  loc?: Param;
  /** scale (> 0) */
  scale?: Param;
  /** validate the parameters and scored values (the default: Distribution.setDefaultValidateArgs) */
  validateArgs?: boolean | null;
}

/**
 * The base of Normal and Laplace: binds `(loc, scale, validateArgs?)` (positional, options object or mixed), broadcasts
 * the parameters, validates them (loc real, scale positive); mean and mode are loc.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { LocScale } from "./loc_scale.ts";
 * const d = new torch.distributions.Laplace(torch.tensor([0, 1]), 2);
 * assert.ok(d instanceof LocScale);
 * assert.deepEqual(d.mode.tolist(), [0, 1]);
 * ```
 */
export abstract class LocScale extends Distribution {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** Binds `args` for the distribution `name` (its messages name it). */
  protected constructor(name: string, args: unknown[]) {
    const a = bindArgs(`${name}.__init__()`, ["loc", "scale", "validateArgs"], args);
    if (a.loc === undefined || a.scale === undefined) {
      throw new TypeError(`${name}.__init__() missing required argument '${a.loc === undefined ? "loc" : "scale"}'`);
    }
    const [loc, scale] = broadcastAll(a.loc as Param, a.scale as Param);
    const numbers = typeof a.loc === "number" && typeof a.scale === "number";
    super(numbers ? [] : loc.shape, [], a.validateArgs as boolean | undefined);
    this.params.set("loc", loc).set("scale", scale);
    this.checkArgs();
  }
  /** The location. */
  get loc(): Tensor {
    return this.params.get("loc")!;
  }
  /** The scale. */
  get scale(): Tensor {
    return this.params.get("scale")!;
  }
  /** loc: real, scale: positive. */
  get argConstraints(): Record<string, Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  /** The real line. */
  get support(): Constraint {
    return constraints.real;
  }
  /** loc. */
  get mean(): Tensor {
    return this.loc;
  }
  /** loc. */
  get mode(): Tensor {
    return this.loc;
  }
}
