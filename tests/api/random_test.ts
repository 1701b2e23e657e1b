/**
 * np.random through the binder: every RandomState and Generator method and
 * np.random function in every call form (all positional, all options, each
 * positional prefix with the rest as options) draws NumPy's stream for the
 * same seed, called the same way from Python; unknown options and
 * wrong-typed arguments are TypeErrors naming the function and the
 * parameter.
 */
import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { assertMatches, numpy } from "../helpers/oracle.ts";
import { snake } from "./registry.ts";

/** An argument: its TS value (built fresh per call) and its Python text. */
type Arg = readonly [name: string, ts: () => unknown, py: string];
const num = (name: string, v: number | boolean | null | readonly number[]): Arg => [
  name,
  () => (Array.isArray(v) ? [...v] : v),
  v === null
    ? "None"
    : typeof v === "boolean"
    ? (v ? "True" : "False")
    : Array.isArray(v)
    ? `(${v.join(", ")},)`
    : String(v),
];
const str = (name: string, v: string): Arg => [name, () => v, JSON.stringify(v)];
const list = (name: string, v: number[]): Arg => [name, () => np.array(v), `np.array(${JSON.stringify(v)})`];

/** A sampler: how TS and Python make it (seeded with 0). */
interface Sampler {
  readonly name: string;
  readonly ts: () => Record<string, (...a: unknown[]) => unknown>;
  readonly py: string;
}
const SAMPLERS: Record<"legacy" | "module" | "generator", Sampler> = {
  legacy: {
    name: "RandomState",
    ts: () => new np.random.RandomState(0) as never,
    py: "np.random.RandomState(0)",
  },
  module: {
    name: "np.random",
    ts: () => {
      np.random.seed(0);
      return np.random as never;
    },
    py: "(np.random.seed(0), np.random)[1]",
  },
  generator: {
    name: "Generator",
    ts: () => np.random.defaultRng(0) as never,
    py: "np.random.default_rng(0)",
  },
};

/** One method called with `args` (NumPy's positional order); `inPlace` compares its first argument afterwards. */
interface Method {
  readonly on: readonly (keyof typeof SAMPLERS)[];
  readonly name: string;
  readonly args: readonly Arg[];
  readonly inPlace?: boolean;
  /** Only the positional form (Python's `*args`: rand, randn). */
  readonly positionalOnly?: boolean;
}
const BOTH = ["legacy", "module"] as const, ALL = ["legacy", "module", "generator"] as const;
const shuffled = (): Arg => ["x", () => np.arange(10), "np.arange(10)"];
const METHODS: Method[] = [
  { on: ALL, name: "random", args: [num("size", [2, 3])] },
  { on: ["generator"], name: "random", args: [num("size", 3), str("dtype", "float32")] },
  { on: BOTH, name: "randomSample", args: [num("size", 4)] },
  { on: BOTH, name: "rand", args: [num("d0", 2), num("d1", 3)], positionalOnly: true },
  { on: BOTH, name: "randn", args: [num("d0", 3), num("d1", 2)], positionalOnly: true },
  { on: ALL, name: "standardNormal", args: [num("size", [2, 2])] },
  { on: ["generator"], name: "standardNormal", args: [num("size", 5), str("dtype", "float32")] },
  { on: ALL, name: "uniform", args: [num("low", -1), num("high", 2), num("size", 5)] },
  { on: ALL, name: "normal", args: [num("loc", 1), num("scale", 2), num("size", [2, 2])] },
  { on: BOTH, name: "randint", args: [num("low", 0), num("high", 10), num("size", [2, 3]), str("dtype", "int32")] },
  { on: BOTH, name: "randint", args: [num("low", 5), num("high", null), num("size", 4)] },
  { on: BOTH, name: "randint", args: [num("low", 0), num("high", 256), num("size", 8), str("dtype", "uint8")] },
  {
    on: ["generator"],
    name: "integers",
    args: [num("low", 0), num("high", 10), num("size", 3), str("dtype", "int64"), num("endpoint", true)],
  },
  {
    on: ["generator"],
    name: "integers",
    args: [num("low", -5), num("high", 5), num("size", [2, 2]), str("dtype", "int32")],
  },
  { on: BOTH, name: "shuffle", args: [shuffled()], inPlace: true },
  { on: ["generator"], name: "shuffle", args: [shuffled(), num("axis", 0)], inPlace: true },
  { on: BOTH, name: "permutation", args: [num("x", 10)] },
  { on: ["generator"], name: "permutation", args: [list("x", [3, 1, 4, 1, 5, 9]), num("axis", 0)] },
  // distinct values without replacement; p honoured with and without
  { on: BOTH, name: "choice", args: [num("a", 5), num("size", 5), num("replace", false)] },
  {
    on: BOTH,
    name: "choice",
    args: [num("a", 4), num("size", 12), num("replace", true), list("p", [0.1, 0.2, 0.3, 0.4])],
  },
  {
    on: BOTH,
    name: "choice",
    args: [num("a", 5), num("size", 3), num("replace", false), list("p", [0.1, 0.1, 0.3, 0.3, 0.2])],
  },
  {
    on: ["generator"],
    name: "choice",
    args: [num("a", 5), num("size", 5), num("replace", false), num("p", null), num("axis", 0), num("shuffle", false)],
  },
  {
    on: ["generator"],
    name: "choice",
    args: [list("a", [10, 20, 30, 40]), num("size", 6), num("replace", true), list("p", [0.4, 0.3, 0.2, 0.1])],
  },
  // the distributions (src/numpy/distributions.ts, legacy_distributions.ts)
  { on: ALL, name: "exponential", args: [num("scale", 2), num("size", 3)] },
  { on: ALL, name: "standardExponential", args: [num("size", [2, 2])] },
  {
    on: ["generator"],
    name: "standardExponential",
    args: [num("size", 3), str("dtype", "float32"), str("method", "inv")],
  },
  { on: ALL, name: "gamma", args: [num("shape", 2), num("scale", 3), num("size", 3)] },
  { on: ALL, name: "standardGamma", args: [num("shape", 0.5), num("size", [2, 2])] },
  { on: ["generator"], name: "standardGamma", args: [num("shape", 2.5), num("size", 3), str("dtype", "float32")] },
  { on: ALL, name: "beta", args: [num("a", 0.5), num("b", 2), num("size", 3)] },
  { on: ALL, name: "chisquare", args: [num("df", 3), num("size", 3)] },
  { on: ALL, name: "f", args: [num("dfnum", 3), num("dfden", 5), num("size", 3)] },
  { on: ALL, name: "standardT", args: [num("df", 4), num("size", 3)] },
  { on: ALL, name: "standardCauchy", args: [num("size", 3)] },
  { on: ALL, name: "lognormal", args: [num("mean", 1), num("sigma", 0.5), num("size", 3)] },
  { on: ALL, name: "laplace", args: [num("loc", 1), num("scale", 2), num("size", 3)] },
  { on: ALL, name: "logistic", args: [num("loc", 1), num("scale", 2), num("size", 3)] },
  { on: ALL, name: "gumbel", args: [num("loc", 1), num("scale", 2), num("size", 3)] },
  { on: ALL, name: "weibull", args: [num("a", 1.5), num("size", 3)] },
  { on: ALL, name: "pareto", args: [num("a", 3), num("size", 3)] },
  { on: ALL, name: "power", args: [num("a", 2), num("size", 3)] },
  { on: ALL, name: "rayleigh", args: [num("scale", 2), num("size", 3)] },
  { on: ALL, name: "wald", args: [num("mean", 1), num("scale", 2), num("size", 3)] },
  { on: ALL, name: "triangular", args: [num("left", -1), num("mode", 0), num("right", 2), num("size", 3)] },
  { on: ALL, name: "vonmises", args: [num("mu", 0.5), num("kappa", 4), num("size", 3)] },
  { on: ALL, name: "poisson", args: [num("lam", 30), num("size", 3)] },
  { on: ALL, name: "binomial", args: [num("n", 50), num("p", 0.3), num("size", 3)] },
  { on: ALL, name: "negativeBinomial", args: [num("n", 5), num("p", 0.4), num("size", 3)] },
  { on: ALL, name: "geometric", args: [num("p", 0.2), num("size", 3)] },
  {
    on: ALL,
    name: "hypergeometric",
    args: [num("ngood", 20), num("nbad", 30), num("nsample", 15), num("size", 3)],
  },
  { on: ALL, name: "logseries", args: [num("p", 0.7), num("size", 3)] },
  { on: ALL, name: "zipf", args: [num("a", 2), num("size", 3)] },
  { on: ALL, name: "multinomial", args: [num("n", 10), list("pvals", [0.2, 0.3, 0.5]), num("size", 2)] },
  { on: ALL, name: "dirichlet", args: [list("alpha", [1, 2, 3]), num("size", 2)] },
  {
    on: ALL,
    name: "multivariateNormal",
    args: [
      list("mean", [0, 1]),
      ["cov", () => np.array([[1, 0.5], [0.5, 2]]), "np.array([[1, 0.5], [0.5, 2]])"],
      num("size", 2),
      str("checkValid", "raise"),
    ],
  },
];

/** The call forms of `args`: all positional, all options, and each prefix of k with the rest as options. */
function forms(m: Method): { name: string; pos: readonly Arg[]; opts: readonly Arg[] }[] {
  const out = [{ name: "positional", pos: m.args, opts: [] as readonly Arg[] }];
  if (m.positionalOnly) return out;
  out.push({ name: "options", pos: [], opts: m.args });
  for (let k = 1; k < m.args.length; k++) {
    out.push({ name: `mixed${k}`, pos: m.args.slice(0, k), opts: m.args.slice(k) });
  }
  return out;
}

interface Run {
  label: string;
  py: string;
  ours: () => unknown;
  dtype?: boolean;
}

function runs(): Run[] {
  const out: Run[] = [];
  for (const m of METHODS) {
    for (const key of m.on) {
      const s = SAMPLERS[key];
      for (const f of forms(m)) {
        const pyArgs = [...f.pos.map((a) => a[2]), ...f.opts.map((a) => `${snake(a[0])}=${a[2]}`)].join(", ");
        const call = `s.${snake(m.name)}(${pyArgs})`;
        // in place: the array is made once, passed as x (by position or name), and returned
        const inPlaceArgs = [
          ...f.pos.map((a, j) => (j === 0 ? "x" : a[2])),
          ...f.opts.map((a) => `${snake(a[0])}=${a[0] === "x" ? "x" : a[2]}`),
        ].join(", ");
        const py = m.inPlace
          ? `(lambda s, x: (s.${snake(m.name)}(${inPlaceArgs}), x)[1])(${s.py}, ${m.args[0][2]})`
          : `(lambda s: ${call})(${s.py})`;
        out.push({
          label: `${s.name}.${m.name} ${f.name}`,
          py,
          ours: () => {
            const sampler = s.ts();
            const args: unknown[] = f.pos.map((a) => a[1]());
            const opts = Object.fromEntries(f.opts.map((a) => [a[0], a[1]()]));
            if (f.opts.length) args.push(opts);
            if (m.inPlace) {
              // the array shuffled in place is the first argument, by position or by name
              const x = (f.pos.length ? args[0] : opts.x) as np.NDArray;
              sampler[m.name](...args);
              return x;
            }
            return sampler[m.name](...args);
          },
        });
      }
    }
  }
  return out;
}

Deno.test("np.random: every method and function, in every call form, draws NumPy's stream", async () => {
  const all = runs();
  const res = await numpy(all.map((r) => ({ expr: r.py })));
  const failures: string[] = [];
  all.forEach((r, i) => {
    const want = res[i];
    try {
      if ("error" in want) throw new Error(`Python raised ${want.error}: ${want.message}\n    ${r.py}`);
      const got = r.ours();
      if (got instanceof np.NDArray) assertMatches(got, want.value, r.label);
      else {
        assert.ok("data" in want.value && want.value.shape.length === 0, `${r.label}: NumPy returned an array`);
        assert.equal(Number(got), Number(want.value.data[0]), r.label);
      }
    } catch (e) {
      failures.push(`${r.label}: ${(e as Error).message.split("\n").slice(0, 2).join(" ")}`);
    }
  });
  assert.ok(all.length > 100, `only ${all.length} calls`);
  assert.deepEqual(failures, [], `${failures.length} of ${all.length} calls differ`);
});

Deno.test("np.random: the brief's call forms", () => {
  np.random.seed(0);
  const c = np.random.choice(5, 5, { replace: false }) as np.NDArray;
  assert.deepEqual([...(c.tolist() as number[])].sort(), [0, 1, 2, 3, 4]);
  np.random.seed(1);
  const w = np.random.choice(3, 50, { p: [0, 0, 1] }) as np.NDArray;
  assert.deepEqual(new Set(w.tolist() as number[]), new Set([2]));
  const r = np.random.randint(0, 10, { size: [2, 3], dtype: "int32" }) as np.NDArray;
  assert.deepEqual([r.shape, r.dtype], [[2, 3], "int32"]);
  const g = np.random.defaultRng(0).integers(0, 10, { size: 3, endpoint: true }) as np.NDArray;
  assert.deepEqual([g.shape, g.dtype], [[3], "int64"]);
  assert.ok((g.tolist() as number[]).every((v) => v >= 0 && v <= 10));
});

Deno.test("np.random: unknown options and wrong-typed arguments are TypeErrors naming the function and the parameter", () => {
  const rs = new np.random.RandomState(0), rng = np.random.defaultRng(0);
  const cases: [string, () => unknown, string[]][] = [
    ["choice unknown", () => np.random.choice(5, { replaceIt: false } as never), ["choice", "replaceIt"]],
    ["choice wrong", () => np.random.choice(5, 3, { replace: "no" } as never), ["choice", "replace"]],
    ["randint unknown", () => np.random.randint(0, 10, { shape: [2] } as never), ["randint", "shape"]],
    ["randint wrong", () => np.random.randint(0, 10, { dtype: "notADtype" }), ["randint", "dtype"]],
    ["RandomState.uniform", () => rs.uniform({ lo: 1 } as never), ["uniform", "lo"]],
    ["RandomState.normal wrong", () => rs.normal("0" as never), ["normal", "loc"]],
    ["Generator.integers", () => rng.integers(0, 10, { endpoint: 1 } as never), ["integers", "endpoint"]],
    ["Generator.choice", () => rng.choice(5, { shufle: false } as never), ["choice", "shufle"]],
    ["Generator.random", () => rng.random({ dtypes: "float32" } as never), ["random", "dtypes"]],
    ["shuffle", () => np.random.shuffle([1, 2, 3] as never), ["shuffle", "x"]],
    ["seed", () => np.random.seed("0" as never), ["seed", "seed"]],
  ];
  for (const [label, f, words] of cases) {
    assert.throws(f, (e: Error) => e instanceof TypeError && words.every((w) => e.message.includes(w)), label);
  }
  // a duplicated argument
  assert.throws(() => np.random.uniform(0, { low: 1 } as never), TypeError);
});
