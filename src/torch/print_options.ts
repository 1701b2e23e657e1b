/**
 * torch.set_printoptions: PyTorch's print options (precision, threshold,
 * edgeitems, linewidth, profile, sciMode), read by src/torch/format.ts.
 * PyTorch 2.13 exports no getter or context manager at the top level
 * (get_printoptions and printoptions live in the private torch._tensor_str),
 * so neither is here.
 */
import { Binder, type Converters, type Forms, opt } from "../api/signature.ts";
import { replaceTorchPrintOptions, type TorchPrintOptions, torchPrintOptions } from "./format.ts";

export type { TorchPrintOptions };

/** torch.setPrintoptions's signature (PyTorch's order). */
export const SET_PRINTOPTIONS_SIG = {
  pos: [
    opt("precision", "int", null),
    opt("threshold", "number", null),
    opt("edgeitems", "int", null),
    opt("linewidth", "int", null),
    opt("profile", "string", null),
    opt("sciMode", "bool", null),
  ],
  kw: [],
} as const;
/** torch.setPrintoptions's call forms: `setPrintoptions(2)`, `setPrintoptions({ profile: "full" })`. */
export type SetPrintoptionsArgs = Forms<typeof SET_PRINTOPTIONS_SIG, never, never>;

const SET = new Binder("setPrintoptions", SET_PRINTOPTIONS_SIG);
const CONV: Converters = { array: () => undefined, isArray: () => false, dtype: () => undefined, arrayName: "Tensor" };

// the profiles' values (torch/_tensor_str.py); sciMode is not part of them
const PROFILES: Record<string, Omit<TorchPrintOptions, "sciMode">> = {
  default: { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 },
  short: { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 },
  full: { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 },
};

function nonNegative(name: string, v: number): number {
  // PyTorch stores any value and fails (precision) or prints nonsense (edgeitems) at the next print
  if (v < 0) throw new RangeError(`setPrintoptions(): ${name} must be >= 0, got ${v}`);
  return v;
}

/**
 * Sets PyTorch's print options (torch.set_printoptions): a `profile`
 * ("default", "short" or "full"; another name is ignored, as PyTorch ignores
 * it) first, then the options given. `sciMode` is set on every call: left
 * out, it goes back to automatic (null), as in PyTorch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * torch.setPrintoptions({ precision: 2 });
 * assert.equal(torch.tensor([1.12345]).toString(), "tensor([1.12])");
 * torch.setPrintoptions({ threshold: 5 });
 * assert.equal(torch.arange(10).toString(), "tensor([0, 1, 2,  ..., 7, 8, 9])");
 * torch.setPrintoptions({ profile: "default" });
 * assert.equal(torch.tensor([1.12345]).toString(), "tensor([1.1235])");
 * ```
 */
export function setPrintoptions(...args: SetPrintoptionsArgs): void {
  const a = SET.bind(args, CONV);
  const o: TorchPrintOptions = { ...torchPrintOptions() };
  if (a.profile !== null && Object.hasOwn(PROFILES, a.profile)) Object.assign(o, PROFILES[a.profile]);
  if (a.precision !== null) o.precision = nonNegative("precision", a.precision);
  if (a.threshold !== null) o.threshold = a.threshold;
  if (a.edgeitems !== null) o.edgeitems = nonNegative("edgeitems", a.edgeitems);
  if (a.linewidth !== null) o.linewidth = a.linewidth;
  o.sciMode = a.sciMode;
  replaceTorchPrintOptions(o);
}
