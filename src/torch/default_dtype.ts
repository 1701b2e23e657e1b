/** torch's default float dtype (what float data and float results of integer ops get). */
import { type DType, isFloat, toDType } from "../core/dtype.ts";
import type { Ctx } from "../api/define.ts";

let defaultDtype: DType = "float32";

/** torch's dtype names: torch.float is float32, torch.int int32, as PyTorch (np's aliases differ). */
const TORCH_ALIASES: Record<string, DType> = {
  float: "float32",
  float32: "float32",
  double: "float64",
  float64: "float64",
  int: "int32",
  int32: "int32",
  long: "int64",
  int64: "int64",
  uint8: "uint8",
  byte: "uint8",
  bool: "bool",
};

/** Resolves a torch dtype name (undefined when invalid). */
export function torchDType(v: unknown): DType | undefined {
  return typeof v === "string" && Object.hasOwn(TORCH_ALIASES, v) ? TORCH_ALIASES[v] : undefined;
}

/**
 * torch.setDefaultDtype: the dtype of float data and float results of integer ops.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { getDefaultDtype, setDefaultDtype } from "./default_dtype.ts";
 * setDefaultDtype("float64");
 * assert(getDefaultDtype() === "float64");
 * setDefaultDtype("float32");
 * ```
 */
export function setDefaultDtype(d: string): void {
  const dt = torchDType(d) ?? toDType(d, "setDefaultDtype");
  if (!isFloat(dt)) throw new TypeError("only floating-point types are supported as the default type");
  defaultDtype = dt;
}

/**
 * torch.getDefaultDtype.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { getDefaultDtype } from "./default_dtype.ts";
 * assert(getDefaultDtype() === "float32");
 * ```
 */
export function getDefaultDtype(): DType {
  return defaultDtype;
}

/** torch's rules for the declarations (the default dtype is read at each call). */
export const TORCH_CTX: Ctx = {
  fe: "torch",
  get defaultFloat(): DType {
    return defaultDtype;
  },
};
