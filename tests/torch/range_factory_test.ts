/**
 * torch.arange, linspace and logspace against PyTorch: the bounds checked
 * into the dtype (linspace / logspace) or into its 64-bit accumulator
 * (arange), integer steps truncated, integer results wrapping as PyTorch's
 * kernels write them, and each error with PyTorch's class and words.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

type T = torch.Tensor;
const CASES: [py: string, ours: () => T][] = [
  // linspace: start and end converted into the dtype first (uint8 wraps negatives down to -255), the step in double
  ["torch.linspace(-3, 3, 4, dtype=torch.uint8)", () => torch.linspace(-3, 3, 4, { dtype: "uint8" })],
  ["torch.linspace(-3.5, 3.7, 5, dtype=torch.int32)", () => torch.linspace(-3.5, 3.7, 5, { dtype: "int32" })],
  ["torch.linspace(0, 300, 4, dtype=torch.uint8)", () => torch.linspace(0, 300, 4, { dtype: "uint8" })],
  ["torch.linspace(0, 1e40, 3, dtype=torch.float32)", () => torch.linspace(0, 1e40, 3, { dtype: "float32" })],
  ["torch.linspace(0, 1e40, 3, dtype=torch.float64)", () => torch.linspace(0, 1e40, 3, { dtype: "float64" })],
  ["torch.linspace(0, 2**40, 3, dtype=torch.int32)", () => torch.linspace(0, 2 ** 40, 3, { dtype: "int32" })],
  ["torch.linspace(0, float('inf'), 3)", () => torch.linspace(0, Infinity, 3)],
  ["torch.linspace(0, float('nan'), 3)", () => torch.linspace(0, NaN, 3)],
  ["torch.linspace(0, 1, 3, dtype=torch.bool)", () => torch.linspace(0, 1, 3, { dtype: "bool" })],
  ["torch.linspace(0, 10, 4, dtype=torch.int64)", () => torch.linspace(0, 10, 4, { dtype: "int64" })],
  ["torch.linspace(-1, 10, 1, dtype=torch.uint8)", () => torch.linspace(-1, 10, 1, { dtype: "uint8" })],
  ["torch.linspace(0, 300, 1, dtype=torch.uint8)", () => torch.linspace(0, 300, 1, { dtype: "uint8" })],
  ["torch.linspace(-256, 10, 2, dtype=torch.uint8)", () => torch.linspace(-256, 10, 2, { dtype: "uint8" })],
  ["torch.linspace(0.5, 10.9, 3, dtype=torch.uint8)", () => torch.linspace(0.5, 10.9, 3, { dtype: "uint8" })],
  ["torch.linspace(-0.5, 10.9, 3, dtype=torch.uint8)", () => torch.linspace(-0.5, 10.9, 3, { dtype: "uint8" })],
  ["torch.linspace(0, 1, 0, dtype=torch.uint8)", () => torch.linspace(0, 1, 0, { dtype: "uint8" })],
  ["torch.linspace(0, 1, -1)", () => torch.linspace(0, 1, -1)],
  ["torch.linspace(-2, 7, 7)", () => torch.linspace(-2, 7, 7)],
  ["torch.linspace(-2, 7, 7, dtype=torch.float64)", () => torch.linspace(-2, 7, 7, { dtype: "float64" })],
  // arange: bounds in the 64-bit accumulator (int64 for every integer dtype), checks in double
  ["torch.arange(0, 3, 0.5, dtype=torch.int32)", () => torch.arange(0, 3, 0.5, { dtype: "int32" })],
  ["torch.arange(0, 3, 0.5, dtype=torch.int64)", () => torch.arange(0, 3, 0.5, { dtype: "int64" })],
  ["torch.arange(0, 2.5, 1, dtype=torch.int64)", () => torch.arange(0, 2.5, 1, { dtype: "int64" })],
  ["torch.arange(0, 2.5, 1, dtype=torch.int32)", () => torch.arange(0, 2.5, 1, { dtype: "int32" })],
  ["torch.arange(0, 2.5, 1, dtype=torch.uint8)", () => torch.arange(0, 2.5, 1, { dtype: "uint8" })],
  ["torch.arange(0, 0.5, 1, dtype=torch.int64)", () => torch.arange(0, 0.5, 1, { dtype: "int64" })],
  ["torch.arange(0, 0.5, 1, dtype=torch.int32)", () => torch.arange(0, 0.5, 1, { dtype: "int32" })],
  ["torch.arange(-3, 3, 1, dtype=torch.uint8)", () => torch.arange(-3, 3, 1, { dtype: "uint8" })],
  ["torch.arange(250, 260, 3, dtype=torch.uint8)", () => torch.arange(250, 260, 3, { dtype: "uint8" })],
  ["torch.arange(0, 3, dtype=torch.bool)", () => torch.arange(0, 3, { dtype: "bool" })],
  ["torch.arange(0, 1e20, 1e19, dtype=torch.int64)", () => torch.arange(0, 1e20, 1e19, { dtype: "int64" })],
  ["torch.arange(0, 5e9, 1e9, dtype=torch.int32)", () => torch.arange(0, 5e9, 1e9, { dtype: "int32" })],
  ["torch.arange(0.5, 3.7, 1.2, dtype=torch.int64)", () => torch.arange(0.5, 3.7, 1.2, { dtype: "int64" })],
  ["torch.arange(-0.5, 3.7, 1.2, dtype=torch.int32)", () => torch.arange(-0.5, 3.7, 1.2, { dtype: "int32" })],
  ["torch.arange(3, 0, -0.5, dtype=torch.int64)", () => torch.arange(3, 0, -0.5, { dtype: "int64" })],
  ["torch.arange(7, -2, -2, dtype=torch.int64)", () => torch.arange(7, -2, -2, { dtype: "int64" })],
  ["torch.arange(0, 1, 0.1, dtype=torch.float32)", () => torch.arange(0, 1, 0.1, { dtype: "float32" })],
  ["torch.arange(0, 1e40, 1e39, dtype=torch.float32)", () => torch.arange(0, 1e40, 1e39, { dtype: "float32" })],
  ["torch.arange(0, float('inf'), 1)", () => torch.arange(0, Infinity, 1)],
  ["torch.arange(float('nan'), 3)", () => torch.arange(NaN, 3)],
  ["torch.arange(0, 10, float('inf'))", () => torch.arange(0, 10, Infinity)],
  ["torch.arange(0, 10, float('nan'))", () => torch.arange(0, 10, NaN)],
  ["torch.arange(0, 10, 0)", () => torch.arange(0, 10, 0)],
  ["torch.arange(0, -10, 1)", () => torch.arange(0, -10, 1)],
  ["torch.arange(0, 3, 2**40, dtype=torch.int32)", () => torch.arange(0, 3, 2 ** 40, { dtype: "int32" })],
  ["torch.arange(5)", () => torch.arange(5)],
  ["torch.arange(0.5, 3)", () => torch.arange(0.5, 3)],
  // logspace: start and end converted into the dtype, pow in double, then the kernel's conversion
  ["torch.logspace(-3, 3, 4, dtype=torch.uint8)", () => torch.logspace(-3, 3, 4, { dtype: "uint8" })],
  ["torch.logspace(0, 2, 3, dtype=torch.int32)", () => torch.logspace(0, 2, 3, { dtype: "int32" })],
  ["torch.logspace(0, 1e40, 3, dtype=torch.float32)", () => torch.logspace(0, 1e40, 3, { dtype: "float32" })],
  [
    "torch.logspace(0, 2.5, 3, base=2, dtype=torch.int64)",
    () => torch.logspace(0, 2.5, 3, 2, { dtype: "int64" }),
  ],
  ["torch.logspace(0, 1, 3, dtype=torch.bool)", () => torch.logspace(0, 1, 3, { dtype: "bool" })],
  [
    "torch.logspace(0, 2, 3, base=300, dtype=torch.uint8)",
    () => torch.logspace(0, 2, 3, 300, { dtype: "uint8" }),
  ],
  ["torch.logspace(0, 300, 2, dtype=torch.uint8)", () => torch.logspace(0, 300, 2, { dtype: "uint8" })],
  ["torch.logspace(-1, 2, 5)", () => torch.logspace(-1, 2, 5)],
  ["torch.logspace(-1.3, 2.9, 5, dtype=torch.float32)", () => torch.logspace(-1.3, 2.9, 5, { dtype: "float32" })],
  ["torch.logspace(0, 30, 2, base=3, dtype=torch.int64)", () => torch.logspace(0, 30, 2, 3, { dtype: "int64" })],
  ["torch.logspace(0, 40, 2, base=2, dtype=torch.int32)", () => torch.logspace(0, 40, 2, 2, { dtype: "int32" })],
  ["torch.logspace(0, 40, 2, base=2, dtype=torch.uint8)", () => torch.logspace(0, 40, 2, 2, { dtype: "uint8" })],
  ["torch.logspace(0, 2, 3, base=-2, dtype=torch.int64)", () => torch.logspace(0, 2, 3, -2, { dtype: "int64" })],
  ["torch.logspace(-1, 2, 4, dtype=torch.int64)", () => torch.logspace(-1, 2, 4, { dtype: "int64" })],
  // one step: fill_ with the start (logspace: base ** start), checked; no steps: nothing checked
  ["torch.logspace(0, 1, 1, dtype=torch.bool)", () => torch.logspace(0, 1, 1, { dtype: "bool" })],
  ["torch.logspace(400, 1, 1, dtype=torch.float32)", () => torch.logspace(400, 1, 1, { dtype: "float32" })],
  ["torch.logspace(3, 1, 1, dtype=torch.uint8)", () => torch.logspace(3, 1, 1, { dtype: "uint8" })],
  ["torch.linspace(0, 1, 0, dtype=torch.bool)", () => torch.linspace(0, 1, 0, { dtype: "bool" })],
  ["torch.linspace(0, 1, 1, dtype=torch.bool)", () => torch.linspace(0, 1, 1, { dtype: "bool" })],
  ["torch.linspace(1e40, 0, 1, dtype=torch.float32)", () => torch.linspace(1e40, 0, 1, { dtype: "float32" })],
  ["torch.linspace(0, 1e40, 1, dtype=torch.float32)", () => torch.linspace(0, 1e40, 1, { dtype: "float32" })],
  ["torch.linspace(300, 1, 0, dtype=torch.uint8)", () => torch.linspace(300, 1, 0, { dtype: "uint8" })],
  // arange's checks run in double before the bounds are converted
  ["torch.arange(float('nan'), 3, dtype=torch.int64)", () => torch.arange(NaN, 3, { dtype: "int64" })],
  ["torch.arange(0, 1e20, 0, dtype=torch.int64)", () => torch.arange(0, 1e20, 0, { dtype: "int64" })],
  ["torch.arange(0, 1e20, -1, dtype=torch.int64)", () => torch.arange(0, 1e20, -1, { dtype: "int64" })],
  ["torch.arange(0, 1e300, 1e-300)", () => torch.arange(0, 1e300, 1e-300)],
  [
    "torch.arange(2**60, 2**60 + 2**55, 2**53, dtype=torch.int64)",
    () => torch.arange(2 ** 60, 2 ** 60 + 2 ** 55, 2 ** 53, { dtype: "int64" }),
  ],
  [
    "torch.arange(2**62, 2**62 + 2**56, 2**53, dtype=torch.int32)",
    () => torch.arange(2 ** 62, 2 ** 62 + 2 ** 56, 2 ** 53, { dtype: "int32" }),
  ],
];

const results = await numpy(CASES.map(([py]) => ({ torch: true, expr: py })));

Deno.test("arange, linspace and logspace follow PyTorch's conversions, values and errors", () => {
  assert.deepEqual(caseFailures(CASES, results, { tol: { rtol: 0, atol: 0 } }), []);
});
