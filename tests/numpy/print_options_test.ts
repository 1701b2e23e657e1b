/**
 * NumPy's print options against NumPy 2.4: repr and str of a matrix of
 * arrays (floats with small / large values, NaN and inf, -0, ints, bools,
 * 0-d, empty, summarized, 3-d) under each option (precision, suppress,
 * floatmode, sign, threshold / edgeitems, linewidth, nanstr / infstr,
 * formatter, legacy), the call forms of setPrintoptions / printoptions /
 * array2string / arrayRepr / arrayStr, formatFloatPositional /
 * formatFloatScientific over many values and options, and the errors.
 * Every test leaves the options as it found them (printoptions scopes, or
 * a saved record set back in `finally`).
 */
import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import type { PrintOptionsArgs } from "../../src/numpy/print_options.ts";
import { build, type Case, caseFailures, type Input, numpy, type OracleResult, rng } from "../helpers/oracle.ts";

const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
const input = (data: Input["data"], dtype: string, shape = [data.length]): Input => ({ data, dtype, shape });
const r = rng(7);

// [name, data, Python building A when the JSON data cannot (-0 travels as 0)]
const ARRAYS: [string, Input, string?][] = [
  ["mixed f64", input([1.5, 2.25, -3, 0.1], "float64")],
  ["thirds 2-d", input([1 / 3, 2 / 3, 1, 4 / 3, 5 / 3, 2], "float64", [2, 3])],
  ["small", input([1e-5, 1, 1000], "float64")],
  ["large", input([1e10, 1], "float64")],
  ["tiny", input([1e-20, -1], "float64")],
  ["mid", input([123456789.0, 0.5], "float64")],
  ["eps", input([-4.930380657631324e-32, -4.440892098500626e-16, 0, 0], "float64")],
  ["f32 tenths", input([0.1, 0.2, 0.3], "float32")],
  ["f32 1e6", input([1e6, 1e5], "float32")],
  ["f32 7 digits", input([1234567, 2.5], "float32")],
  ["f32 1e-4", input([1e-4, 1], "float32")],
  ["nan inf", input([NaN, 1.5, -Infinity, Infinity], "float64")],
  ["only nan", input([NaN, NaN], "float64")],
  ["inf f32", input([Infinity, 2, 3], "float32")],
  ["neg zero", input([-0, 0, 1], "float64"), "A = np.array([-0.0, 0.0, 1.0])"],
  ["neg zero f32 small", input([-0, 1e-9, -2.5], "float32"), "A = np.array([-0.0, 1e-9, -2.5], np.float32)"],
  ["ints", input([1, -200, 3], "int64")],
  ["int32", input([5, 10, 12345], "int32")],
  ["uint8", input([0, 255, 7], "uint8")],
  ["big int64", input([2n ** 62n, -5n], "int64")],
  ["bools", input([true, false, true], "bool")],
  ["0-d f64", input([3.141592653589793], "float64", [])],
  ["0-d f32", input([0.1], "float32", [])],
  ["0-d int", input([-5], "int64", [])],
  ["0-d bool", input([true], "bool", [])],
  ["0-d nan", input([NaN], "float64", [])],
  ["0-d tiny", input([1e-7], "float64", [])],
  ["0-d large", input([1e20], "float64", [])],
  ["0-d f32 large", input([2e6], "float32", [])],
  ["empty", input([], "float64", [0])],
  ["empty 2-d", input([], "float32", [0, 3])],
  ["empty int", input([], "int64", [0])],
  ["arange 2000", input(range(2000, (i) => i), "int64")],
  ["2000 floats 2-d", input(range(2000, (i) => i / 7), "float64", [40, 50])],
  ["3-d summarized", input(range(6000, () => Math.round((r() * 200 - 100) * 1e4) / 1e4), "float64", [10, 20, 30])],
  ["3-d", input(range(24, (i) => (i - 12) / 3), "float32", [2, 3, 4])],
  ["3-d ints", input(range(30, (i) => i * 37 - 500), "int32", [2, 3, 5])],
  ["linspace", input(range(30, (i) => i / 29), "float64")],
  ["magnitudes", input(range(20, (i) => (r() - 0.5) * 10 ** (i % 7 - 3)), "float64")],
];

// [NumPy's keywords (Python), the same options for dendrite]
const PY_SIGN_FMT = "lambda x: 'x' if x != x else ('+' if x > 0 else '-' if x < 0 else '0')";
const signFmt = (x: number) => (x !== x ? "x" : x > 0 ? "+" : x < 0 ? "-" : "0");
const OPTIONS: [string, PrintOptionsArgs][] = [
  ["", {}],
  ["precision=3", { precision: 3 }],
  ["precision=0", { precision: 0 }],
  ["precision=12", { precision: 12 }],
  ["suppress=True", { suppress: true }],
  ["suppress=True, precision=4", { suppress: true, precision: 4 }],
  ["floatmode='fixed'", { floatmode: "fixed" }],
  ["floatmode='fixed', precision=2", { floatmode: "fixed", precision: 2 }],
  ["floatmode='unique'", { floatmode: "unique" }],
  ["floatmode='unique', precision=2", { floatmode: "unique", precision: 2 }],
  ["floatmode='maxprec_equal'", { floatmode: "maxprec_equal" }],
  ["floatmode='maxprec_equal', precision=3", { floatmode: "maxprec_equal", precision: 3 }],
  ["sign='+'", { sign: "+" }],
  ["sign=' '", { sign: " " }],
  ["sign=' ', floatmode='fixed', precision=3", { sign: " ", floatmode: "fixed", precision: 3 }],
  ["threshold=10, edgeitems=2", { threshold: 10, edgeitems: 2 }],
  ["threshold=0", { threshold: 0 }],
  ["threshold=5, edgeitems=0", { threshold: 5, edgeitems: 0 }],
  ["threshold=float('inf')", { threshold: Infinity }],
  ["edgeitems=1", { edgeitems: 1 }],
  ["linewidth=30", { linewidth: 30 }],
  ["linewidth=10", { linewidth: 10 }],
  ["linewidth=200", { linewidth: 200 }],
  ["nanstr='NaN', infstr='Inf'", { nanstr: "NaN", infstr: "Inf" }],
  ["nanstr='not a number', infstr='infinity', sign='+'", { nanstr: "not a number", infstr: "infinity", sign: "+" }],
  ["legacy='1.13'", { legacy: "1.13" }],
  ["legacy='1.13', precision=3, linewidth=40", { legacy: "1.13", precision: 3, linewidth: 40 }],
  ["legacy='1.25'", { legacy: "1.25" }],
  ["legacy='2.1'", { legacy: "2.1" }],
  ["legacy='2.2'", { legacy: "2.2" }],
  ["legacy=False", { legacy: false }],
  [
    `formatter={'float': ${PY_SIGN_FMT}, 'int': lambda x: '<%d>' % x, 'bool': lambda x: 'Y' if x else 'N'}`,
    { formatter: { float: signFmt, int: (x) => `<${x}>`, bool: (x) => (x ? "Y" : "N") } },
  ],
  ["formatter={'all': lambda x: '*', 'int_kind': lambda x: 'i'}", {
    formatter: { all: () => "*", intKind: () => "i" },
  }],
  [`formatter={'float_kind': lambda x: 'a\\nbb'}, linewidth=20`, {
    formatter: { floatKind: () => "a\nbb" },
    linewidth: 20,
  }],
  [
    "precision=2, sign='+', floatmode='fixed', suppress=True, linewidth=40, threshold=20, edgeitems=2",
    { precision: 2, sign: "+", floatmode: "fixed", suppress: true, linewidth: 40, threshold: 20, edgeitems: 2 },
  ],
];

const MATRIX_SETUP = [
  `OPTS = [${OPTIONS.map(([py]) => `dict(${py})`).join(", ")}]`,
  "R = []",
  "for o in OPTS:",
  "    with np.printoptions(**o):",
  "        R += [repr(A), str(A)]",
].join("\n");
const MATRIX: Case[] = ARRAYS.map(([, x, py]) => ({
  setup: (py ? py + "\n" : "") + MATRIX_SETUP,
  expr: "tuple(R)",
  inputs: { A: x },
}));

const SEQUENCE: Case[] = [{
  inputs: { a: input([1 / 3, 2e-9, 10], "float64") },
  setup: [
    "saved = np.get_printoptions()",
    "R = []",
    "np.set_printoptions(3); R.append(repr(a))",
    "np.set_printoptions(4, 1000, 3, 75, True); R.append(repr(a))",
    "np.set_printoptions(2, suppress=False, sign='+'); R.append(repr(a))",
    "np.set_printoptions(formatter={'float': lambda x: 'f'}); R += [repr(a), str(np.get_printoptions()['precision'])]",
    "np.set_printoptions(linewidth=20); R += [repr(a), 'null' if np.get_printoptions()['formatter'] is None else '?']",
    "np.set_printoptions(legacy='1.13', sign='+')",
    "R += [repr(a), np.get_printoptions()['sign'], str(np.get_printoptions()['legacy'])]",
    "np.set_printoptions(None, None, None, legacy=False, linewidth=75); R.append(repr(a))",
    "np.set_printoptions(**saved)",
  ].join("\n"),
  expr: "tuple(R)",
}];

const A2S_INPUTS = {
  A: input([1e-16, 1, 2, 3, -0.5], "float64"),
  M: input(range(12, (i) => i / 3), "float64", [3, 4]),
  I: input(range(100, (i) => i * 3), "int64"),
};
const A2S: [string, () => string][] = (() => {
  const a = build(A2S_INPUTS.A), m = build(A2S_INPUTS.M), ia = build(A2S_INPUTS.I);
  const cases: [string, () => string][] = [
    ["np.array2string(A)", () => np.array2string(a)],
    ["np.array2string(A, 30, 2, True, ',', 'pre(')", () => np.array2string(a, 30, 2, true, ",", "pre(")],
    [
      "np.array2string(A, precision=2, separator=',', suppress_small=True)",
      () => np.array2string(a, { precision: 2, separator: ",", suppressSmall: true }),
    ],
    [
      "np.array2string(M, 20, separator=', ', prefix='array(', suffix=')')",
      () => np.array2string(m, 20, { separator: ", ", prefix: "array(", suffix: ")" }),
    ],
    [
      "np.array2string(M, floatmode='fixed', precision=1, sign=' ')",
      () => np.array2string(m, { floatmode: "fixed", precision: 1, sign: " " }),
    ],
    [
      "np.array2string(I, threshold=10, edgeitems=4, max_line_width=30)",
      () => np.array2string(ia, { threshold: 10, edgeitems: 4, maxLineWidth: 30 }),
    ],
    [
      "np.array2string(I, formatter={'int': hex}, threshold=5)",
      () => np.array2string(ia, { formatter: { int: (v) => `0x${v.toString(16)}` }, threshold: 5 }),
    ],
    ["np.array2string(A, legacy='1.13')", () => np.array2string(a, { legacy: "1.13" })],
    ["np.array2string(np.array(2.5), legacy='1.13')", () => np.array2string(np.array(2.5), { legacy: "1.13" })],
    ["np.array2string(np.array([]))", () => np.array2string(np.array([]))],
    ["np.array_repr(A, 30, 2, True)", () => np.arrayRepr(a, 30, 2, true)],
    ["np.array_repr(M, precision=1)", () => np.arrayRepr(m, { precision: 1 })],
    ["np.array_repr(M, 40, suppress_small=False)", () => np.arrayRepr(m, 40, { suppressSmall: false })],
    ["np.array_repr(np.zeros((2, 0), np.int32))", () => np.arrayRepr(np.zeros([2, 0], { dtype: "int32" }))],
    ["np.array_str(M, 20, 3)", () => np.arrayStr(m, 20, 3)],
    ["np.array_str(A, precision=1, suppress_small=True)", () => np.arrayStr(a, { precision: 1, suppressSmall: true })],
    ["np.array_str(np.array(1/3), precision=2)", () => np.arrayStr(np.array(1 / 3), { precision: 2 })],
  ];
  return cases;
})();

const FLOATS: [string, () => string][] = (() => {
  const g = rng(11);
  const values = [
    0,
    -0,
    0.5,
    1.5,
    2.5,
    0.125,
    0.1,
    1 / 3,
    2 / 3,
    Math.PI,
    1e16,
    1e22,
    123456789.125,
    5e-324,
    2.2250738585072014e-308,
    1.7976931348623157e308,
    NaN,
    Infinity,
    -Infinity,
    ...range(30, () => (g() - 0.5) * 10 ** Math.floor(g() * 40 - 20)),
  ];
  const opts: [string, Record<string, unknown>][] = [];
  for (let k = 0; k < 40; k++) {
    const unique = g() < 0.6, o: Record<string, unknown> = { unique };
    if (!unique || g() < 0.6) o.precision = Math.floor(g() * 12);
    if (unique && g() < 0.3) o.minDigits = Math.floor(g() * ((o.precision as number | undefined) ?? 12));
    o.trim = "k.0-"[Math.floor(g() * 4)];
    o.sign = g() < 0.3;
    if (g() < 0.3) o.padLeft = Math.floor(g() * 8);
    const py = (name: string) => name.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
    const text = (o: Record<string, unknown>) =>
      Object.entries(o).map(([k, v]) =>
        `${py(k)}=${typeof v === "boolean" ? (v ? "True" : "False") : typeof v === "string" ? `'${v}'` : v}`
      ).join(", ");
    if (k % 2 === 0) {
      o.fractional = g() < 0.7;
      if (!o.fractional && o.precision === 0) o.precision = 1;
      if (g() < 0.3) o.padRight = Math.floor(g() * 8);
      opts.push([`np.format_float_positional(X, ${text(o)})`, o]);
    } else {
      if (g() < 0.3) o.expDigits = Math.floor(g() * 6);
      opts.push([`np.format_float_scientific(X, ${text(o)})`, o]);
    }
  }
  const cases: [string, () => string][] = [];
  for (const v of values) {
    for (const f32 of [false, true]) {
      const x = f32 ? np.array(v, { dtype: "float32" }) : v;
      const pyX = (() => {
        const lit = Number.isNaN(v)
          ? "float('nan')"
          : !Number.isFinite(v)
          ? `float('${v > 0 ? "" : "-"}inf')`
          : (Object.is(v, -0) ? "-0.0" : String(v));
        return f32 ? `np.float32(${lit})` : lit;
      })();
      for (const [py, o] of opts) {
        const fn = py.startsWith("np.format_float_positional") ? np.formatFloatPositional : np.formatFloatScientific;
        cases.push([py.replace("X", pyX), () => (fn as (x: unknown, o: unknown) => string)(x, o)]);
      }
    }
  }
  return cases;
})();

type Fn = (...args: unknown[]) => unknown;
const set = np.setPrintoptions as Fn, a2s = np.array2string as Fn, ffp = np.formatFloatPositional as Fn;
const ffs = np.formatFloatScientific as Fn;
const ERRORS: [string, () => unknown][] = (() => {
  const a = np.array([1.5, 2]);
  const cases: [string, () => unknown][] = [
    ["np.set_printoptions(precision=1.5)", () => set({ precision: 1.5 })],
    ["np.set_printoptions(threshold='a')", () => set({ threshold: "a" })],
    ["np.set_printoptions(threshold=float('nan'))", () => set({ threshold: NaN })],
    ["np.set_printoptions(floatmode='x')", () => set({ floatmode: "x" })],
    ["np.set_printoptions(sign='x')", () => set({ sign: "x" })],
    ["np.set_printoptions(foo=1)", () => set({ foo: 1 })],
    ["np.array2string(a, foo=1)", () => a2s(a, { foo: 1 })],
    ["np.array2string(a, precision='x')", () => a2s(a, { precision: "x" })],
    ["np.array2string(a, floatmode='exact')", () => a2s(a, { floatmode: "exact" })],
    ["np.array2string([1, 2])", () => a2s([1, 2])],
    ["np.array2string(a, formatter={'float': lambda x: 5})", () => a2s(a, { formatter: { float: () => 5 } })],
    ["np.array2string(a, precision=-1)", () => a2s(a, { precision: -1 })],
    ["np.array2string(np.arange(3), precision=-1)", () => a2s(np.arange(3), { precision: -1 })],
    ["np.array2string(a, precision=-1, floatmode='unique')", () => a2s(a, { precision: -1, floatmode: "unique" })],
    ["np.format_float_positional(1.5, unique=False)", () => ffp(1.5, { unique: false })],
    ["np.format_float_scientific(1.5, unique=False)", () => ffs(1.5, { unique: false })],
    ["np.format_float_positional(1.5, trim='x')", () => ffp(1.5, { trim: "x" })],
    ["np.format_float_positional(1.5, precision=-2)", () => ffp(1.5, { precision: -2 })],
    ["np.format_float_positional(1.5, pad_left=-1)", () => ffp(1.5, { padLeft: -1 })],
    ["np.format_float_scientific(1.5, exp_digits=-1)", () => ffs(1.5, { expDigits: -1 })],
    ["np.format_float_positional(1.5, precision=0, fractional=False)", () => ffp(1.5, 0, true, false)],
    ["np.format_float_positional(1.5, precision=2, min_digits=3)", () => ffp(1.5, { precision: 2, minDigits: 3 })],
    ["np.format_float_scientific(1.5, precision=2, min_digits=3)", () => ffs(1.5, { precision: 2, minDigits: 3 })],
    ["np.format_float_positional('a')", () => ffp("a")],
    ["np.format_float_positional(np.array([1.5, 2.]))", () => ffp(np.array([1.5, 2]))],
    ["np.format_float_positional(1.5, foo=1)", () => ffp(1.5, { foo: 1 })],
  ];
  return cases;
})();

let oracle: Promise<Record<"matrix" | "sequence" | "a2s" | "floats" | "errors", OracleResult[]>> | undefined;
/** All of this file's NumPy results, from one Python process. */
function numpyResults() {
  oracle ??= (async () => {
    const groups = {
      matrix: MATRIX,
      sequence: SEQUENCE,
      a2s: A2S.map(([py]): Case => ({ expr: py, inputs: A2S_INPUTS })),
      floats: FLOATS.map(([py]): Case => ({ expr: py })),
      errors: ERRORS.map(([py]): Case => ({ expr: py, inputs: { a: input([1.5, 2], "float64") } })),
    };
    const res = await numpy(Object.values(groups).flat());
    let at = 0;
    const take = (n: number) => res.slice(at, at += n);
    return {
      matrix: take(groups.matrix.length),
      sequence: take(1),
      a2s: take(groups.a2s.length),
      floats: take(groups.floats.length),
      errors: take(groups.errors.length),
    };
  })();
  return oracle;
}

Deno.test("repr and str under each print option match NumPy", async () => {
  const res = (await numpyResults()).matrix;
  const bad: string[] = [];
  ARRAYS.forEach(([name, x], k) => {
    const want = res[k];
    assert.ok("value" in want && "tuple" in want.value, `${name}: ${JSON.stringify(want)}`);
    const texts = want.value.tuple.map((e) => (e as { str: string }).str);
    const a = build(x);
    OPTIONS.forEach(([py, ts], j) => {
      const [repr, str] = np.printoptions(ts, () => [a.toString(), String(a)]);
      for (const [kind, got, exp] of [["repr", repr, texts[2 * j]], ["str", str, texts[2 * j + 1]]]) {
        if (got !== exp) bad.push(`${name} / ${py || "defaults"} / ${kind}\n--- ours\n${got}\n--- numpy\n${exp}`);
      }
    });
  });
  assert.equal(bad.slice(0, 30).join("\n\n"), "", `${bad.length} differences`);
  assert.deepEqual(np.getPrintoptions(), np.printoptions({}, () => np.getPrintoptions()));
});

Deno.test("setPrintoptions: positional, options and mixed forms; formatter reset; getPrintoptions", async () => {
  const saved = np.getPrintoptions();
  const a = np.array([1 / 3, 2e-9, 10]);
  const got: string[] = [];
  try {
    np.setPrintoptions(3);
    got.push(a.toString());
    np.setPrintoptions(4, 1000, 3, 75, true);
    got.push(a.toString());
    np.setPrintoptions(2, { suppress: false, sign: "+" });
    got.push(a.toString());
    np.setPrintoptions({ formatter: { float: () => "f" } });
    got.push(a.toString(), String(np.getPrintoptions().precision));
    np.setPrintoptions({ linewidth: 20 }); // resets the formatter, keeps the rest
    got.push(a.toString(), String(np.getPrintoptions().formatter));
    np.setPrintoptions({ legacy: "1.13", sign: "+" }); // legacy 1.13 forces sign '-'
    got.push(a.toString(), np.getPrintoptions().sign, String(np.getPrintoptions().legacy));
    np.setPrintoptions(undefined, null, undefined, { legacy: false, linewidth: 75 });
    got.push(a.toString());
  } finally {
    np.setPrintoptions(saved);
  }
  assert.deepEqual(np.getPrintoptions(), saved);
  const res = (await numpyResults()).sequence;
  const want = (res[0] as { value: { tuple: { str: string }[] } }).value.tuple.map((e) => e.str);
  assert.deepEqual(got, want);
});

Deno.test("printoptions: a using guard and a callback scope restore the previous options", () => {
  const x = np.array([2 / 3, 1e-9]);
  const before = x.toString();
  {
    using guard = np.printoptions({ precision: 2, suppress: true });
    assert.equal(guard.precision, 2);
    assert.equal(guard.suppress, true);
    assert.equal(x.toString(), "array([0.67, 0.  ])");
    {
      using _ = np.printoptions(4); // nested: restores the outer options
      assert.equal(x.toString(), "array([0.6667, 0.    ])");
    }
    assert.equal(x.toString(), "array([0.67, 0.  ])");
  }
  assert.equal(x.toString(), before);
  assert.equal(np.printoptions({ sign: "+" }, () => String(np.array([1, -1]))), "[+1 -1]");
  assert.throws(() =>
    np.printoptions({ precision: 1 }, () => {
      throw new Error("boom");
    }), /boom/);
  assert.equal(x.toString(), before);
  // a bad option changes nothing
  assert.throws(() => np.printoptions({ sign: "x" as "+" }, () => 0), RangeError);
  assert.equal(x.toString(), before);
});

Deno.test("array2string, arrayRepr, arrayStr: call forms and overrides match NumPy", async () => {
  const res = (await numpyResults()).a2s;
  assert.deepEqual(caseFailures(A2S, res), []);
});

Deno.test("formatFloatPositional and formatFloatScientific match NumPy over values and options", async () => {
  const failures = caseFailures(FLOATS, (await numpyResults()).floats);
  assert.deepEqual(failures.slice(0, 10), [], `${failures.length} failures`);
  // positional arguments in NumPy's order
  assert.equal(np.formatFloatPositional(1 / 3, 4, false, true, "k", true, 3, 6), " +0.3333  ");
  assert.equal(np.formatFloatScientific(12345.678, 2, false, "k", false, null, 3), "1.23e+004");
});

Deno.test("errors: NumPy's classes and messages", async () => {
  const a = np.array([1.5, 2]);
  const res = (await numpyResults()).errors;
  // TypeErrors dendrite's binder raises (unknown options, non-arrays) word their messages their own way
  const anyMessage = ["TypeError", "AttributeError"];
  const failures = caseFailures(
    ERRORS,
    res.map((r) => "error" in r && r.error === "AttributeError" ? { ...r, error: "TypeError" } : r),
    {
      anyMessage,
    },
  );
  assert.deepEqual(failures, []);
  // NumPy's own TypeError messages where dendrite words them the same
  assert.throws(() => set({ precision: 1.5 }), { name: "TypeError", message: "precision must be an integer" });
  assert.throws(() => set({ threshold: "a" }), { name: "TypeError", message: "threshold must be numeric" });
  assert.throws(() => ffp(1.5, { unique: false }), {
    name: "TypeError",
    message: "in non-unique mode `precision` must be supplied",
  });
  // none of the failed calls changed the options
  assert.equal(np.getPrintoptions().precision, 8);
  // a negative precision is accepted, and refused when floats print (as NumPy)
  assert.equal(np.printoptions({ precision: -1 }, () => String(np.arange(3))), "[0 1 2]");
  assert.throws(() => np.printoptions({ precision: -1 }, () => String(a)), /precision must be >= 0/);
  // an unknown legacy mode is ignored with NumPy's warning
  const warn = console.warn, warned: string[] = [];
  console.warn = (m: string) => void warned.push(m);
  try {
    assert.equal(np.printoptions({ legacy: "3.0" as "1.13" }, () => np.getPrintoptions().legacy), false);
  } finally {
    console.warn = warn;
  }
  assert.match(warned.join(""), /legacy printing option can currently only be/);
  // negative edgeitems print nonsense in NumPy; dendrite refuses them
  assert.throws(() => np.setPrintoptions({ edgeitems: -1 }), RangeError);
});
