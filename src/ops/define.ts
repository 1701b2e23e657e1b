/**
 * The op registry. Each primitive is declared once with `defineOp`: its
 * kind, the kernel it runs and its dtype rule; front-ends look ops up here
 * instead of re-declaring them. (Derivatives join the declaration with the
 * autograd layer.)
 */
import { type DType, isFloat } from "../core/dtype.ts";

/** How an op picks the dtype its kernel loop runs in from the promoted input dtype. */
export type DTypeRule =
  /** NumPy's ufunc rule: the first loop the input casts to safely. */
  | "firstLoop"
  /** NumPy's true division: integers and bool compute in float64. */
  | "trueDivide"
  /** firstLoop, but bool input is a TypeError (NumPy's negative, subtract, sign, positive). */
  | "noBool";

/** One primitive's declaration. */
export interface OpDef {
  readonly name: string;
  readonly kind: "unary" | "binary" | "reduce";
  /** The C kernel's name in its table (kernels/cpu/*.c). */
  readonly kernel: string;
  readonly dtype: DTypeRule;
}

const REGISTRY = new Map<string, OpDef>();

/** Declares a primitive op. Declaring a name twice is a programming error. */
export function defineOp(def: OpDef): OpDef {
  if (REGISTRY.has(def.name)) throw new Error(`op "${def.name}" is declared twice`);
  REGISTRY.set(def.name, def);
  return def;
}

/** The dtype a `trueDivide` op computes in. */
export function trueDivideDType(d: DType): DType {
  return isFloat(d) ? d : "float64";
}
