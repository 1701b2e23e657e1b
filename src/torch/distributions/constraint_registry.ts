/**
 * torch.distributions.constraint_registry: `bijectTo` and `transformTo`, which map a constraint to a transform from
 * unconstrained space onto it, with PyTorch's registrations.
 */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { Constraint, constraints } from "./constraints.ts";
import { ComposeTransform, identityTransform, IndependentTransform, type Transform } from "./transform.ts";
import { AffineTransform, ExpTransform, SigmoidTransform } from "./transforms_pointwise.ts";
import { LowerCholeskyTransform, SoftmaxTransform, StickBreakingTransform } from "./transforms_vector.ts";
import { CatTransform, StackTransform } from "./transforms_cat_stack.ts";
import { CorrCholeskyTransform } from "./corr_cholesky_transform.ts";
import { PositiveDefiniteTransform } from "./transforms_more.ts";
import { bindArgs, type Param } from "./utils.ts";

/** A factory registered for a kind of constraint: the constraint in, a transform onto it out. */
export type TransformFactory = (constraint: Constraint) => Transform;

/** ConstraintRegistry.register's arguments, as an options object. */
export interface RegisterOptions {
  /** a constraint, or a parametrised constraint's function: the kind registered */
  constraint: Constraint | ((...a: never[]) => Constraint);
  /** the factory */
  factory: TransformFactory;
}

// PyTorch registers constraint classes; dendrite's constraints are one class told apart by `name`, and its
// parametrised constraints are functions: each stands for the kind of constraint it builds
const KIND_OF_FUNCTION = new Map<unknown, string>([
  [constraints.greaterThan, "GreaterThan"],
  [constraints.greaterThanEq, "GreaterThanEq"],
  [constraints.lessThan, "LessThan"],
  [constraints.interval, "Interval"],
  [constraints.halfOpenInterval, "HalfOpenInterval"],
  [constraints.integerInterval, "IntegerInterval"],
  [constraints.independent, "IndependentConstraint"],
  [constraints.cat, "Cat"],
  [constraints.stack, "Stack"],
]);

/**
 * A registry linking kinds of constraints to transforms (torch.distributions.constraint_registry.ConstraintRegistry):
 * `register(constraint, factory)` registers the factory for every constraint of that kind (a constraint such as
 * `constraints.positive`, or a parametrised one's function such as `constraints.interval`); calling the registry
 * on a constraint returns its factory's transform.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { ConstraintRegistry } from "./constraint_registry.ts";
 * const { constraints, transforms } = torch.distributions;
 * const registry = new ConstraintRegistry();
 * registry.register(constraints.positive, () => new transforms.ExpTransform());
 * assert.equal(String(registry.call(constraints.greaterThan(3))), "ExpTransform()");
 * assert.throws(() => registry.call(constraints.real), /Cannot transform _Real constraints/);
 * ```
 */
export class ConstraintRegistry {
  // a plain field, not #private: bijectTo is a function whose prototype is its registry, and reads it through that
  private readonly factories = new Map<string, TransformFactory>();

  /**
   * Registers `factory` for the kind of `constraint`; without a factory, returns a function that registers its
   * argument (PyTorch's decorator form). Returns the factory.
   */
  register(constraint: Constraint | ((...a: never[]) => Constraint)): (factory: TransformFactory) => TransformFactory;
  register(constraint: Constraint | ((...a: never[]) => Constraint), factory: TransformFactory): TransformFactory;
  register(options: RegisterOptions): TransformFactory;
  register(...args: unknown[]): TransformFactory | ((factory: TransformFactory) => TransformFactory) {
    const a = bindArgs("ConstraintRegistry.register()", ["constraint", "factory"], args);
    const c = a.constraint;
    const kind = c instanceof Constraint ? c.name : KIND_OF_FUNCTION.get(c);
    if (kind === undefined) {
      throw new TypeError(
        `Expected constraint to be either a Constraint subclass or instance, but got ${String(c)}`,
      );
    }
    const register = (factory: TransformFactory) => {
      if (typeof factory !== "function") {
        throw new TypeError(`ConstraintRegistry.register(): factory must be a function, got ${typeof factory}`);
      }
      this.factories.set(kind, factory);
      return factory;
    };
    return a.factory === undefined ? register : register(a.factory as TransformFactory);
  }

  /** The transform registered for `constraint`'s kind, built for it; a RuntimeError when none is registered. */
  call(constraint: Constraint): Transform {
    if (!(constraint instanceof Constraint)) {
      throw new TypeError(`Expected a Constraint, but got ${String(constraint)}`);
    }
    const factory = this.factories.get(constraint.name);
    // PyTorch's NotImplementedError (a RuntimeError here, as elsewhere in dendrite), naming the constraint class
    if (!factory) throw new torch.RuntimeError(`Cannot transform _${constraint.name} constraints`);
    return factory(constraint);
  }
}

/** A registry callable as a function, as PyTorch's registries are: `bijectTo(c)` is `bijectTo.call(c)`. */
export type CallableConstraintRegistry = ConstraintRegistry & ((constraint: Constraint) => Transform);

function callableRegistry(): CallableConstraintRegistry {
  const registry = new ConstraintRegistry();
  const fn = (constraint: Constraint) => registry.call(constraint);
  Object.setPrototypeOf(fn, registry);
  return fn as CallableConstraintRegistry;
}

/**
 * Bijective transforms from unconstrained space onto each constraint
 * (torch.distributions.biject_to): `bijectTo(constraints.positive)` maps the reals onto (0, ∞) and back.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const { bijectTo, constraints } = torch.distributions;
 * const t = bijectTo(constraints.interval(0, 4));
 * const x = torch.tensor([0], { dtype: torch.float64 });
 * assert.deepEqual(t.call(x).tolist(), [2]);
 * assert.deepEqual(t.inv.call(t.call(x)).tolist(), [0]);
 * assert.ok(t.bijective);
 * ```
 */
export const bijectTo: CallableConstraintRegistry = callableRegistry();

/**
 * Transforms from unconstrained space onto each constraint, not necessarily bijective
 * (torch.distributions.transform_to): `transformTo(constraints.simplex)` is a SoftmaxTransform.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const { transformTo, constraints } = torch.distributions;
 * assert.equal(String(transformTo(constraints.simplex)), "SoftmaxTransform()");
 * assert.equal(String(transformTo(constraints.unitInterval)), "SigmoidTransform()");
 * ```
 */
export const transformTo: CallableConstraintRegistry = callableRegistry();

const attr = <T>(c: Constraint, name: string) => c.attrs[name] as T;
const sub = (a: Param, b: Param): Param =>
  typeof a === "number" && typeof b === "number" ? a - b : torch.sub(a as Tensor, b as Tensor);

// PyTorch's registrations, in its order (a later one for the same kind replaces an earlier one)
for (const registry of [bijectTo, transformTo]) {
  registry.register(constraints.real, () => identityTransform);
  registry.register(
    constraints.independent,
    (c) => new IndependentTransform(registry.call(attr(c, "baseConstraint")), attr(c, "reinterpretedBatchNdims")),
  );
  // positive and nonnegative are GreaterThan / GreaterThanEq: the registrations below replace these, as in PyTorch
  registry.register(constraints.positive, () => new ExpTransform());
  registry.register(constraints.nonnegative, () => new ExpTransform());
  const greaterThan = (c: Constraint) =>
    new ComposeTransform([new ExpTransform(), new AffineTransform(attr<Param>(c, "lowerBound"), 1)]);
  registry.register(constraints.greaterThan, greaterThan);
  registry.register(constraints.greaterThanEq, greaterThan);
  registry.register(
    constraints.lessThan,
    (c) => new ComposeTransform([new ExpTransform(), new AffineTransform(attr<Param>(c, "upperBound"), -1)]),
  );
  const interval = (c: Constraint) => {
    const lower = attr<Param>(c, "lowerBound"), upper = attr<Param>(c, "upperBound");
    if (lower === 0 && upper === 1) return new SigmoidTransform();
    return new ComposeTransform([new SigmoidTransform(), new AffineTransform(lower, sub(upper, lower))]);
  };
  registry.register(constraints.interval, interval);
  registry.register(constraints.halfOpenInterval, interval);
  registry.register(constraints.corrCholesky, () => new CorrCholeskyTransform());
  registry.register(
    constraints.cat,
    (c) =>
      new CatTransform(
        attr<Constraint[]>(c, "cseq").map((ci) => registry.call(ci)),
        attr(c, "dim"),
        attr(c, "lengths"),
      ),
  );
  registry.register(
    constraints.stack,
    (c) => new StackTransform(attr<Constraint[]>(c, "cseq").map((ci) => registry.call(ci)), attr(c, "dim")),
  );
}
bijectTo.register(constraints.simplex, () => new StickBreakingTransform());
transformTo.register(constraints.simplex, () => new SoftmaxTransform());
transformTo.register(constraints.lowerCholesky, () => new LowerCholeskyTransform());
transformTo.register(constraints.positiveDefinite, () => new PositiveDefiniteTransform());
