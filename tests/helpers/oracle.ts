/**
 * Test helpers: run cases through the real NumPy or PyTorch (tests/helpers/oracle.py)
 * and compare dendrite's results with them.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { pythonJson } from "./python.ts";

type NDArray = np.NDArray;

/** An input array: flat data, dtype, shape and an optional view index applied on both sides. */
export interface Input {
  data: (number | boolean | bigint)[];
  dtype: string;
  shape: number[];
  view?: string;
}

/** One oracle case (evaluated with PyTorch instead of NumPy when `torch`). */
export interface Case {
  expr: string;
  inputs?: Record<string, Input>;
  setup?: string;
  torch?: boolean;
}

/** An encoded NumPy result. */
export type Encoded =
  | { dtype: string; shape: number[]; data: (number | boolean | string)[] }
  | { tuple: Encoded[] }
  | { str: string };

/** The oracle's answer for a case. */
export type OracleResult = { value: Encoded } | { error: string; message: string };

function encodeInput(x: Input) {
  return {
    ...x,
    data: x.data.map((v) =>
      typeof v === "bigint"
        ? String(v)
        : typeof v === "number" && !Number.isFinite(v)
        ? (Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf")
        : v
    ),
  };
}

/** Evaluates cases with NumPy (or PyTorch) in one Python run. */
export async function numpy(cases: Case[]): Promise<OracleResult[]> {
  const script = new URL("./oracle.py", import.meta.url).pathname;
  const body = cases.map((c) => ({
    ...c,
    inputs: Object.fromEntries(Object.entries(c.inputs ?? {}).map(([k, v]) => [k, encodeInput(v)])),
  }));
  return await pythonJson([script], { stdin: JSON.stringify(body) });
}

/**
 * Builds the dendrite tensor for an input (with its view applied), through NumPy as the oracle builds its own
 * (np.array then torch.from_numpy): an input NumPy cannot make fails the same way on both sides.
 */
export function buildT(x: Input): torch.Tensor {
  const t = torch.fromNumpy(np.array(x.data, { dtype: x.dtype }).reshape(x.shape).copy());
  return x.view ? t.get(x.view) : t;
}

/** Builds the dendrite array for an input (with its view applied). */
export function build(x: Input): NDArray {
  const a = np.array(x.data, { dtype: x.dtype }).reshape(x.shape);
  return x.view ? a.get(x.view) : a;
}

const decode = (v: number | boolean | string): number | boolean | bigint =>
  typeof v === "string" ? (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : BigInt(v)) : v;

/** Asserts a dendrite result equals NumPy's (dtype, shape, values within tolerance). */
export function assertMatches(
  ours: unknown,
  expected: Encoded,
  label: string,
  tol?: { rtol?: number; atol?: number },
): void {
  if ("tuple" in expected) {
    assert.ok(Array.isArray(ours), `${label}: expected a tuple`);
    assert.equal((ours as unknown[]).length, expected.tuple.length, `${label}: tuple length`);
    expected.tuple.forEach((e, i) => assertMatches((ours as unknown[])[i], e, `${label}[${i}]`, tol));
    return;
  }
  if ("str" in expected) {
    assert.equal(String(ours), expected.str, label);
    return;
  }
  const a = ours instanceof np.NDArray
    ? ours
    : ours !== null && typeof ours === "object" && "storage" in ours && "layout" in ours
    ? new np.NDArray((ours as np.NDArray).storage, (ours as np.NDArray).layout)
    : np.array(ours as number);
  assert.equal(a.dtype, expected.dtype, `${label}: dtype`);
  assert.deepEqual(a.shape, expected.shape, `${label}: shape`);
  const got = a.ravel().tolist() as unknown[];
  const f32 = expected.dtype === "float32";
  const rtol = tol?.rtol ?? (f32 ? 2e-6 : 1e-12), atol = tol?.atol ?? (f32 ? 1e-6 : 1e-12);
  expected.data.forEach((ev, i) => {
    const e = decode(ev), g = got[i];
    if (typeof e === "number" && typeof g === "number") {
      if (Number.isNaN(e)) assert.ok(Number.isNaN(g), `${label}[${i}]: expected nan, got ${g}`);
      else if (!Number.isFinite(e)) assert.equal(g, e, `${label}[${i}]`);
      else assert.ok(Math.abs(g - e) <= atol + rtol * Math.abs(e), `${label}[${i}]: got ${g}, NumPy ${e}`);
    } else {
      assert.equal(
        typeof g === "bigint" || typeof e === "bigint" ? BigInt(g as number) : g,
        typeof g === "bigint" || typeof e === "bigint" ? BigInt(e as number) : e,
        `${label}[${i}]`,
      );
    }
  });
}

/** The oracle's exception classes as dendrite throws them (NotImplementedError is a RuntimeError in PyTorch too). */
export const ERROR_CLASS: Record<string, new (...a: never[]) => Error> = {
  RuntimeError: torch.RuntimeError,
  NotImplementedError: torch.RuntimeError,
  ValueError: RangeError,
  IndexError: RangeError,
  AxisError: RangeError,
  OverflowError: RangeError,
  TypeError: TypeError,
  UFuncTypeError: TypeError,
};

/** How `caseFailures` compares: the value tolerance; oracle exceptions whose message is not compared. */
export interface CaseCheck {
  tol?: { rtol?: number; atol?: number };
  /** exception classes compared by class only (dendrite's binder words its TypeErrors its own way) */
  anyMessage?: readonly string[];
}

/**
 * Checks each [Python expression, dendrite computation] case against the oracle's result for it: the same
 * exception (class by ERROR_CLASS, and the message), the same string, or the same value (assertMatches). Returns
 * one line per difference, so a test reports them all at once.
 */
export function caseFailures(
  cases: readonly (readonly [string, () => unknown])[],
  results: readonly OracleResult[],
  check: CaseCheck = {},
): string[] {
  const failures: string[] = [];
  cases.forEach(([py, ours], k) => {
    const want = results[k];
    try {
      if ("error" in want) {
        const cls = ERROR_CLASS[want.error], anyMessage = check.anyMessage?.includes(want.error);
        assert.ok(cls, `the oracle raised ${want.error}: ${want.message}`);
        assert.throws(ours, (e: Error) => e instanceof cls && (anyMessage || e.message === want.message), want.message);
      } else if ("str" in want.value) {
        assert.equal(
          String(ours()),
          ({ True: "true", False: "false" } as Record<string, string>)[want.value.str] ?? want.value.str,
        );
      } else assertMatches(ours(), want.value, py, check.tol);
    } catch (e) {
      failures.push(`${py}: ${(e as Error).message.split("\n")[0]}`);
    }
  });
  return failures;
}

/**
 * [value, gradient of its sum w.r.t. x] of `f` at the float64 tensor of `v`: what its Python twin,
 * `vg(f, v)` in VG_SETUP, returns for the same function written in PyTorch.
 */
export function vg(f: (x: torch.Tensor) => torch.Tensor, v: number[] | number[][]): torch.Tensor[] {
  const x = torch.tensor(v, { dtype: "float64" }).requiresGrad_();
  const r = f(x);
  r.sum().backward();
  return [r.detach(), x.grad!];
}

/** Python for a torch oracle case's setup: `F`, `d(v)` (a float64 tensor) and `vg(f, v)` as the TS `vg`. */
export const VG_SETUP = [
  "F = torch.nn.functional",
  "d = lambda v: torch.tensor(v, dtype=torch.float64)",
  "def vg(f, v):",
  "    x = d(v).requires_grad_()",
  "    r = f(x)",
  "    r.sum().backward()",
  "    return (r.detach(), x.grad)",
].join("\n");

/** A small deterministic generator for test data. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Random input data of a dtype and shape. */
export function randomInput(r: () => number, dtype: string, shape: number[], view?: string): Input {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = Array.from({ length: n }, () => {
    const u = r();
    if (dtype === "bool") return u < 0.5;
    if (dtype === "uint8") return Math.floor(u * 256);
    if (dtype === "int32" || dtype === "int64") return Math.floor(u * 200) - 100;
    return Math.round((u * 20 - 10) * 1e4) / 1e4;
  });
  return { data, dtype, shape, view };
}

/** NumPy's exception classes mapped to the JS error classes dendrite throws. */
export const ERROR_MAP: Record<string, (new (...a: never[]) => Error)[]> = {
  ValueError: [RangeError, TypeError],
  IndexError: [RangeError],
  TypeError: [TypeError],
  UFuncTypeError: [TypeError],
  AxisError: [RangeError],
  LinAlgError: [np.LinAlgError],
  RuntimeError: [torch.RuntimeError],
  OverflowError: [RangeError],
};

/**
 * Adapts a NumPy result to the dtypes dendrite has (README: float16 -> float32,
 * int8 -> uint8, uint64 -> int64). float16 results carry 3 digits and overflow
 * where float32 does not, so they compare loosely and only where finite.
 * Returns whether the comparison must be loose.
 */
export function adaptDtypes(value: Encoded, ours: unknown): boolean {
  if (!("dtype" in value)) return false;
  const half = value.dtype === "float16";
  if (half && ours instanceof np.NDArray) {
    const got = ours.ravel().tolist() as number[];
    value.data = value.data.map((v, i) => (v === "inf" || v === "-inf" ? got[i] : v));
  }
  value.dtype = ({ float16: "float32", int8: "uint8", uint64: "int64" } as Record<string, string>)[value.dtype] ??
    value.dtype;
  return half;
}

/** One comparison: the oracle case and dendrite's computation of the same thing. */
export interface Run {
  c: Case;
  ours: () => unknown;
  tol?: { rtol?: number; atol?: number };
}

/**
 * Evaluates every run's case with the oracle and checks dendrite against it:
 * the same error class where the oracle raised, else the same dtype, shape
 * and values (dtypes dendrite lacks adapted, see adaptDtypes). Reports all
 * differences at once.
 */
export async function checkRuns(runs: Run[], tol?: { rtol?: number; atol?: number }): Promise<void> {
  const results = await numpy(runs.map((r) => r.c));
  const failures: string[] = [];
  runs.forEach((run, i) => {
    const res = results[i];
    const inputs = JSON.stringify(Object.values(run.c.inputs ?? {}).map((v) => [v.dtype, v.shape, v.view]));
    const label = `${run.c.setup ?? ""} ${run.c.expr} ${inputs}`.trim();
    try {
      if ("error" in res) {
        assert.throws(
          run.ours,
          (e: Error) => (ERROR_MAP[res.error] ?? [Error]).some((C) => e instanceof C),
          `${label}: the oracle raised ${res.error}: ${res.message}`,
        );
      } else {
        const ours = run.ours();
        const loose = adaptDtypes(res.value, ours);
        assertMatches(ours, res.value, label, loose ? { rtol: 1e-3, atol: 1e-3 } : run.tol ?? tol);
      }
    } catch (e) {
      failures.push((e as Error).message.split("\n")[0]);
    }
  });
  assert.deepEqual(failures.slice(0, 30), [], `${failures.length} of ${runs.length} cases differ`);
}
