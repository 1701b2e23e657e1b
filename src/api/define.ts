/**
 * One declaration per op: its name, and for each front-end that has it
 * (NumPy's `np`, PyTorch's `torch`) the names it goes by (functions,
 * methods, the in-place `_` twin), its signatures (PyTorch-style overloads
 * where the original has them) and the implementation each binds to. The
 * front-ends generate their functions and methods from these declarations
 * (src/api/surface.ts); the registry test calls every declared op in every
 * call form; derivatives are keyed by the overload's id
 * (src/torch/derivatives.ts).
 */
import type { DType } from "../core/dtype.ts";
import type { Operand } from "../core/storage.ts";
import type { Scalar } from "../ops/operand.ts";
import type { Sig } from "./signature.ts";

/** What an implementation returns, and how the front-end wraps it. */
export type Returns =
  /** one array (an Operand or the front-end's class) */
  | "array"
  /** a list of arrays */
  | "arrays"
  /** PyTorch's (values, indices) pair */
  | "values"
  /** the receiver (in-place methods) */
  | "self"
  | "bool"
  | "number"
  /** a JS scalar (number, bigint or boolean) */
  | "scalar"
  | "void"
  | "string"
  | "any";

/** Front-end facts an implementation may need (promotion rules differ between NumPy and PyTorch). */
export interface Ctx {
  /** The front-end calling. */
  readonly fe: "np" | "torch";
  /** The float dtype integer inputs of float ops compute in (float64 in np, the default dtype in torch). */
  readonly defaultFloat: DType;
}

/** Bound arguments by parameter name. */
// deno-lint-ignore no-explicit-any
export type Args = Record<string, any>;

/** One signature and what it runs. */
export interface Overload<S extends Sig = Sig, R extends Returns = Returns> {
  /** The parameters it binds. */
  readonly sig: S;
  /** What the implementation returns (default "array"). */
  readonly returns?: R;
  /** Runs the op on bound arguments (array parameters arrive converted to the front-end's class). */
  readonly impl: (a: Args, ctx: Ctx) => unknown;
  /** The derivative key of this overload (torch), default the op's name. */
  readonly id?: string;
  /**
   * The implementation is written with front-end ops (torch: Tensor
   * methods), so autograd records its steps and it needs no derivative.
   */
  readonly composite?: boolean;
  /** Names for the elements of a list result (np.linalg.svd's U, S, Vh), also readable as properties. */
  readonly names?: readonly string[];
  /** The op writes into its first argument (set, fill_, uniform_): torch treats it as an in-place op. */
  readonly mutates?: boolean;
  /** Only the function takes this overload, not the method (PyTorch's `variants: function` schemas). */
  readonly functionOnly?: boolean;
  /**
   * torch: the dtype rule for an `out` the runner writes a composite's result into, in PyTorch's words for the op
   * (default PyTorch's canCast: "result type Float can't be cast to the desired output type Long").
   */
  readonly outDtype?: (from: DType, to: DType) => void;
  /**
   * torch: the dtype rule for the receiver of a composite's in-place twin (default none: copy_ casts), in PyTorch's
   * words for the op ("result type Float can't be cast to the desired output type Long").
   */
  readonly inplaceDtype?: (from: DType, to: DType) => void;
  /**
   * torch: PyTorch's message when a composite's result does not fit its in-place twin's receiver (default the
   * element-wise one, "output with shape [2] doesn't match the broadcast shape [2, 2]").
   */
  readonly inplaceShape?: (self: readonly number[], result: readonly number[]) => string;
  /**
   * The fast lane: what the implementation computes when the call gives exactly the signature's required
   * positional parameters, all of them arrays of the front-end's class and of one dtype (every other parameter at
   * its default), or an array and a JS number where the second parameter takes scalars (torch passes a number only
   * with a float array, whose dtype a number never changes); undefined where that takes the full path (a dtype the
   * op promotes or refuses). It must return a new array that shares no input's memory. The front-ends call it without binding or the runner's generic steps
   * (torch records its history as the full path does; inference mode takes the full path);
   * tests/api/fast_lane_test.ts checks it against the full path on every dtype.
   */
  // (method syntax: a unary kernel, whose second parameter is its `out`, is a one-array lane and never gets `y`)
  fast?(x: Operand, y?: Operand | Scalar): Operand | undefined;
}

/** One front-end's face of an op. */
export interface Surface<
  Fn extends string = string,
  M extends string = string,
  I extends string = string,
  Os extends readonly Overload[] = readonly Overload[],
> {
  /** Function names in the namespace (`np.abs`, `np.absolute`); empty for methods only. */
  readonly names: readonly Fn[];
  /** Method names on the array class; the first positional parameter is the receiver. */
  readonly methods?: readonly M[];
  /** In-place methods (torch `add_`): run the op with `out` set to the receiver. */
  readonly inplace?: readonly I[];
  /** The signatures, tried in order (PyTorch's overloads). */
  readonly overloads: Os;
}

/** An op declaration. */
export interface OpDecl<
  Np extends Surface | undefined = Surface | undefined,
  T extends Surface | undefined = Surface | undefined,
> {
  /** The op's name (the key of its derivative and of the registry test's overrides). */
  readonly name: string;
  /** One sentence of what it does (the registry's documentation). */
  readonly doc: string;
  /** NumPy's face (np functions and ndarray methods). */
  readonly np?: Np;
  /** PyTorch's face (torch functions, Tensor methods and in-place twins). */
  readonly torch?: T;
}

/**
 * The type of `{ ...A, ...B, ... }` for records Rs: a later record's keys
 * replace an earlier one's (how the front-ends merge declaration records).
 */
// one flat mapped type (nested Omit<...> & ... chains exceeded TypeScript's instantiation depth at 20 records)
export type Merged<Rs extends readonly object[]> = { [K in KeysOf<Rs>]: LastWith<Rs, K> };
/** Every key of any of the records Rs. */
export type KeysOf<Rs extends readonly object[]> = Rs[number] extends infer U ? U extends object ? keyof U : never
  : never;
/** Key K's value in the last of the records Rs that has it. */
export type LastWith<Rs extends readonly object[], K extends PropertyKey> = Rs extends
  readonly [...infer I extends readonly object[], infer L] ? K extends keyof L ? L[K] : LastWith<I, K>
  : never;

/**
 * Declares an op (returns the declaration with its literal types, from
 * which the front-ends' TypeScript signatures are computed).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineOp } from "./define.ts";
 * import { req } from "./signature.ts";
 * const id = defineOp({
 *   name: "identity",
 *   doc: "Returns its input.",
 *   np: { names: ["identity"], overloads: [{ sig: { pos: [req("a", "array")], kw: [] }, impl: (a) => a.a }] },
 * });
 * assert(id.np.names[0] === "identity");
 * ```
 */
export function defineOp<const D extends OpDecl>(d: D): D {
  return d;
}

/**
 * A composite torch op's declaration: one torch face (`name`) with one overload that runs `impl` on the bound
 * arguments (the tensor ops it calls record their own history).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torchComposite } from "./define.ts";
 * import { req } from "./signature.ts";
 * const twice = torchComposite("twice", "2 * input.", { pos: [req("input", "array")], kw: [] }, (a) => a.input);
 * assert.deepEqual(twice.torch.names, ["twice"]);
 * assert.equal(twice.torch.overloads[0].composite, true);
 * ```
 */
export function torchComposite<const N extends string, const S extends Sig, const R extends Returns = "array">(
  name: N,
  doc: string,
  sig: S,
  impl: (a: Args) => unknown,
  returns?: R,
) {
  return defineOp({
    name,
    doc,
    torch: {
      names: [name] as [N],
      overloads: [{ sig, composite: true, impl, returns: (returns ?? "array") as R }] as [
        { sig: S; composite: true; impl: (a: Args) => unknown; returns: R },
      ],
    },
  });
}
