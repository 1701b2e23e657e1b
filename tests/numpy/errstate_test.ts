import assert from "node:assert/strict";
import { np } from "../../src/numpy/mod.ts";
import { NP_FUNCTIONS } from "../../src/numpy/ndarray.ts";
import { numpy } from "../helpers/oracle.ts";

const D = (v: number[]) => np.array(v, { dtype: "float64" });
const F = (v: number[]) => np.array(v, { dtype: "float32" });
const I = (v: number[]) => np.array(v, { dtype: "int64" });

// [Python operation, the same in dendrite]: each is run under every category's 'raise'
const OPS: [string, () => unknown][] = [
  ["np.array([1.5, 2]) / 0", () => np.divide(D([1.5, 2]), 0)],
  ["np.true_divide(np.array([1.5]), np.array([0.]))", () => np.trueDivide(D([1.5]), D([0]))],
  ["np.array([0., 1]) / 0", () => np.divide(D([0, 1]), 0)],
  ["np.array([0.]) / np.array([0.])", () => np.divide(D([0]), D([0]))],
  ["np.array([np.inf]) / 0", () => np.divide(D([Infinity]), 0)],
  ["np.array([np.nan]) / 0", () => np.divide(D([NaN]), 0)],
  ["np.array([1, 0]) / 0", () => np.divide(I([1, 0]), 0)],
  ["np.array([1e300]) * 1e300", () => np.multiply(D([1e300]), 1e300)],
  ["np.array([1.7e308]) + np.array([1.7e308])", () => np.add(D([1.7e308]), D([1.7e308]))],
  ["np.array([-1.7e308]) - 1.7e308", () => np.subtract(D([-1.7e308]), 1.7e308)],
  ["np.array([np.inf]) - np.inf", () => np.subtract(D([Infinity]), Infinity)],
  ["np.array([np.inf]) * 0", () => np.multiply(D([Infinity]), 0)],
  ["np.array([np.inf]) * 2", () => np.multiply(D([Infinity]), 2)],
  ["np.array([1, np.nan]) + 1", () => np.add(D([1, NaN]), 1)],
  ["np.array([3e38], np.float32) * np.array([10], np.float32)", () => np.multiply(F([3e38]), F([10]))],
  ["np.array([1, 2]) // 0", () => np.floorDivide(I([1, 2]), 0)],
  ["np.array([1, 2]) % 0", () => np.remainder(I([1, 2]), 0)],
  ["np.mod(np.array([1, 2]), 0)", () => np.mod(I([1, 2]), 0)],
  ["np.array([5.5]) // 0.", () => np.floorDivide(D([5.5]), 0)],
  ["np.array([5.5]) % 0.", () => np.remainder(D([5.5]), 0)],
  ["np.array([2.5]) ** 1000.5", () => np.power(D([2.5]), 1000.5)],
  ["np.array([-2.5]) ** np.array([0.5, 1.5])", () => np.power(D([-2.5]), D([0.5, 1.5]))],
  ["np.array([0.]) ** np.array([-1.5])", () => np.power(D([0]), D([-1.5]))],
  ["np.log(np.array([0.]))", () => np.log(D([0]))],
  ["np.log(np.array([-1.]))", () => np.log(D([-1]))],
  ["np.log(np.array([np.nan, 1]))", () => np.log(D([NaN, 1]))],
  ["np.log(np.array([0]))", () => np.log(I([0]))],
  ["np.log2(np.array([0.]))", () => np.log2(D([0]))],
  ["np.log10(np.array([-2.]))", () => np.log10(D([-2]))],
  ["np.log1p(np.array([-1.]))", () => np.log1p(D([-1]))],
  ["np.log1p(np.array([-2.]))", () => np.log1p(D([-2]))],
  ["np.sqrt(np.array([-1.]))", () => np.sqrt(D([-1]))],
  ["np.sqrt(np.array([-1.], np.float32))", () => np.sqrt(F([-1]))],
  ["np.sqrt(np.array([np.inf, 4]))", () => np.sqrt(D([Infinity, 4]))],
  ["np.exp(np.array([1000.]))", () => np.exp(D([1000]))],
  ["np.exp(np.array([100.], np.float32))", () => np.exp(F([100]))],
  ["np.exp2(np.array([2000.]))", () => np.exp2(D([2000]))],
  ["np.expm1(np.array([1000.]))", () => np.expm1(D([1000]))],
  ["np.exp(np.array([np.inf]))", () => np.exp(D([Infinity]))],
  [
    "np.divide(np.array([1.5, 2]), 0, where=np.array([False, False]))",
    () => np.divide(D([1.5, 2]), 0, { where: np.array([false, false]) }),
  ],
  [
    "np.divide(np.array([1.5, 2]), 0, where=np.array([False, True]))",
    () => np.divide(D([1.5, 2]), 0, { where: np.array([false, true]) }),
  ],
];

const SETUP = [
  "def fpe(f):",
  "    try:",
  "        with np.errstate(all='raise', under='ignore'):",
  "            f()",
  "        return 'ok'",
  "    except FloatingPointError as e:",
  "        return str(e)",
  "calls = []",
  "def record(f):",
  "    del calls[:]",
  "    with np.errstate(all='call', under='ignore', call=lambda t, flag: calls.append(f'{t}:{flag}')):",
  "        f()",
  "    return ','.join(calls)",
].join("\n");

/** What a call raises under 'raise' ('ok' when nothing). */
function fpe(f: () => unknown): string {
  try {
    np.errstate({ all: "raise", under: "ignore" }, f);
    return "ok";
  } catch (e) {
    if (!(e instanceof np.FloatingPointError)) throw e;
    return e.message;
  }
}

/** What the 'call' handler receives, joined as the Python side joins it. */
function record(f: () => unknown): string {
  const calls: string[] = [];
  np.errstate({ all: "call", under: "ignore", call: (t: string, flag: number) => void calls.push(`${t}:${flag}`) }, f);
  return calls.join(",");
}

// (first: the other tests call seterr, after which NumPy's default 'warn' settings are checked)
Deno.test("under NumPy's initial settings np's own functions run unchecked and silent", () => {
  assert.deepEqual(np.geterr(), { divide: "warn", over: "warn", under: "ignore", invalid: "warn" });
  for (const k of ["add", "subtract", "multiply", "divide", "floorDivide", "power", "log", "sqrt", "exp"] as const) {
    assert.equal(np[k], NP_FUNCTIONS[k], k);
  }
  const warn = console.warn, seen: unknown[] = [];
  console.warn = (m: unknown) => void seen.push(m);
  try {
    np.divide(D([2.5]), 0);
    np.log(D([-1]));
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(seen, []);
  // errstate restores the initial (unchecked) state
  np.errstate({ divide: "warn" }, () => assert.notEqual(np.divide, NP_FUNCTIONS.divide));
  assert.equal(np.divide, NP_FUNCTIONS.divide);
});

Deno.test("errstate's 'raise' and 'call' report what NumPy reports for each ufunc", async () => {
  const r = await numpy([
    ...OPS.map(([py]) => ({ expr: `fpe(lambda: ${py})`, setup: SETUP })),
    ...OPS.map(([py]) => ({ expr: `record(lambda: ${py})`, setup: SETUP })),
  ]);
  const ours = [...OPS.map(([, f]) => fpe(f)), ...OPS.map(([, f]) => record(f))];
  const failures = ours.flatMap((v, i) => {
    const want = r[i];
    const py = OPS[i % OPS.length][0];
    return "value" in want && "str" in want.value && want.value.str === v
      ? []
      : [`${py}: ${v} vs ${JSON.stringify(want)}`];
  });
  assert.deepEqual(failures, []);
});

Deno.test("seterr / geterr / seterrcall / geterrcall / errstate keep NumPy's settings", async () => {
  const r = await numpy([
    { expr: "str(np.geterr())" },
    { expr: "str((np.seterr(all='ignore', divide='raise'), np.geterr()))" },
    // (the oracle's cases share one process: the previous case's settings are undone first)
    {
      expr: "str((np.seterr(divide='warn', over='warn', under='ignore', invalid='warn'), np.seterr('print'), " +
        "np.geterr())[1:])",
    },
    { expr: "np.seterr(divide='bogus')" },
    { expr: "np.seterrcall(3)" },
    { expr: "str(np.geterrcall())" },
  ]);
  const py = (s: object) => `{${Object.entries(s).map(([k, v]) => `'${k}': '${v}'`).join(", ")}}`;
  const defaults = np.geterr();
  assert.equal(py(defaults), (r[0] as { value: { str: string } }).value.str);
  try {
    const [old1, now1] = [np.seterr({ all: "ignore", divide: "raise" }), np.geterr()];
    assert.equal(`(${py(old1)}, ${py(now1)})`, (r[1] as { value: { str: string } }).value.str);
    np.seterr(defaults);
    const [old2, now2] = [np.seterr("print"), np.geterr()];
    assert.equal(`(${py(old2)}, ${py(now2)})`, (r[2] as { value: { str: string } }).value.str);
  } finally {
    np.seterr(defaults);
  }
  assert.ok("error" in r[3] && r[3].message === "invalid error mode 'bogus'");
  assert.throws(
    () => np.seterr({ divide: "bogus" as never }),
    (e: Error) => e instanceof RangeError && "error" in r[3] && e.message === r[3].message,
  );
  assert.ok("error" in r[4] && r[4].error === "TypeError");
  assert.throws(() => np.seterrcall(3 as never), /python object must be callable or have a callable write method/);
  assert.equal(np.geterrcall(), null);
  assert.throws(() => np.seterr({ foo: "raise" } as never), /seterr\(\): unknown option 'foo'/);
  assert.throws(() => np.errstate({ foo: "raise" } as never), /errstate\(\) got an unexpected keyword argument 'foo'/);
  // a handler set through errstate lasts as long as the state
  const f = () => {};
  np.errstate({ call: f }, () => assert.equal(np.geterrcall(), f));
  assert.equal(np.geterrcall(), null);
  {
    using g = np.errstate({ over: "raise" });
    assert.equal(g.over, "raise");
    assert.throws(() => np.exp(D([1000])), /overflow encountered in exp/);
  }
  assert.deepEqual(np.geterr(), defaults);
  // a state that reports nothing puts np's own functions back
  np.errstate({ invalid: "raise" }, () => assert.notEqual(np.sqrt, NP_FUNCTIONS.sqrt));
  np.errstate({ all: "ignore" }, () => assert.equal(np.sqrt, NP_FUNCTIONS.sqrt));
  // a throwing body restores the state too
  assert.throws(() =>
    np.errstate({ divide: "ignore" }, () => {
      throw new Error("x");
    }), /x/);
  assert.deepEqual(np.geterr(), defaults);
});

Deno.test("'warn' warns once per message, 'print' and 'log' write NumPy's text, 'ignore' is silent", () => {
  const warn = console.warn, error = console.error, seen: string[] = [];
  console.warn = (m: string) => void seen.push(`warn:${m}`);
  console.error = (m: string) => void seen.push(`print:${m}`);
  try {
    np.errstate({ all: "warn" }, () => {
      np.divide(D([2.5]), 0);
      np.divide(D([3.5]), 0);
      np.log(D([0, -1]));
    });
    np.errstate({ divide: "print" }, () => np.divide(D([2.5]), 0));
    const log: string[] = [];
    np.errstate({ all: "log", call: { write: (m: string) => void log.push(m) } }, () => np.sqrt(D([-1])));
    seen.push(...log.map((m) => `log:${m}`));
    np.errstate({ all: "ignore" }, () => np.divide(D([2.5]), 0));
  } finally {
    console.warn = warn;
    console.error = error;
  }
  assert.deepEqual(seen, [
    "warn:RuntimeWarning: divide by zero encountered in divide",
    "warn:RuntimeWarning: divide by zero encountered in log",
    "warn:RuntimeWarning: invalid value encountered in log",
    "print:Warning: divide by zero encountered in divide",
    "log:Warning: invalid value encountered in sqrt\n",
  ]);
  // the values are the same whatever the mode
  assert.deepEqual(np.errstate({ all: "ignore" }, () => np.divide(D([1.5, 0]), 0)).tolist(), [Infinity, NaN]);
});
