/**
 * np.random's distributions are bit-identical to NumPy 2.4's, on both
 * samplers: the same seed gives the same draws, and the engine is left in
 * the same state (every case draws the distribution, then one random(), and
 * both must equal NumPy's exactly). Cases cover each algorithm's branches.
 */
import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { checkRuns, type Run } from "../helpers/oracle.ts";

type G = np.random.Generator | np.random.RandomState;
type Draw = (g: G) => unknown;
const EXACT = { rtol: 0, atol: 0 };

/** A case on one sampler and seed: the draw, then one random() that must match too. */
function run(legacy: boolean, seed: number, py: string, ts: Draw, tol = EXACT): Run {
  const make = legacy ? `np.random.RandomState(${seed})` : `np.random.default_rng(${seed})`;
  return {
    // a scalar draw (a Python float or int, a JS number) is compared as a float64
    c: {
      expr: "(np.float64(r) if isinstance(r, (int, float)) else r, q)",
      setup: `g = ${make}\nr = g.${py}\nq = g.random()`,
    },
    ours: () => {
      const g = legacy ? new np.random.RandomState(seed) : np.random.defaultRng(seed);
      const r = ts(g);
      return [typeof r === "number" ? np.array(r, "float64") : r instanceof Uint8Array ? np.array(r) : r, g.random()];
    },
    tol,
  };
}

/** The case on both samplers, for several seeds. */
const both = (py: string, ts: Draw, seeds = [0, 12345, 2024]): Run[] =>
  seeds.flatMap((s) => [run(false, s, py, ts), run(true, s, py, ts)]);
const gen = (py: string, ts: (g: np.random.Generator) => unknown, seeds = [0, 12345, 2024]): Run[] =>
  seeds.map((s) => run(false, s, py, ts as Draw));

const continuous: Run[] = [
  ...both("standard_exponential(50000)", (g) => g.standardExponential(50000), [0, 7]),
  ...gen("standard_exponential(50000, dtype=np.float32)", (g) => g.standardExponential(50000, { dtype: "float32" })),
  ...gen("standard_exponential(100, method='inv')", (g) => g.standardExponential(100, { method: "inv" })),
  ...gen(
    "standard_exponential(100, dtype=np.float32, method='inv')",
    (g) => g.standardExponential(100, { dtype: "float32", method: "inv" }),
  ),
  ...both("exponential(2.5, 1000)", (g) => g.exponential(2.5, 1000)),
  ...both("exponential([1, 2, 3])", (g) => g.exponential([1, 2, 3])),
  ...both("exponential(0.5)", (g) => g.exponential(0.5)),
  ...both("standard_gamma(0.5, 3000)", (g) => g.standardGamma(0.5, 3000)),
  ...both("standard_gamma(1.0, 1000)", (g) => g.standardGamma(1.0, 1000)),
  ...both("standard_gamma(3.7, 3000)", (g) => g.standardGamma(3.7, 3000)),
  ...both("standard_gamma(0.0, 5)", (g) => g.standardGamma(0.0, 5)),
  ...both("standard_gamma([[0.2], [1.0], [7.5]], (3, 4))", (g) => g.standardGamma([[0.2], [1.0], [7.5]], [3, 4])),
  ...gen("standard_gamma(0.5, 2000, dtype=np.float32)", (g) => g.standardGamma(0.5, { size: 2000, dtype: "float32" })),
  ...gen("standard_gamma(1.0, 200, dtype=np.float32)", (g) => g.standardGamma(1.0, 200, { dtype: "float32" })),
  ...gen("standard_gamma(4.5, 2000, dtype=np.float32)", (g) => g.standardGamma(4.5, 2000, { dtype: "float32" })),
  ...both("gamma(2.0, 3.0, 1000)", (g) => g.gamma(2.0, 3.0, 1000)),
  ...both("gamma([0.3, 1, 5], 2.0)", (g) => g.gamma([0.3, 1, 5], 2.0)),
  ...both("beta(0.5, 0.7, 2000)", (g) => g.beta(0.5, 0.7, 2000)),
  ...both("beta(2.0, 3.0, 1000)", (g) => g.beta(2.0, 3.0, 1000)),
  ...both("beta(0.01, 0.02, 500)", (g) => g.beta(0.01, 0.02, 500)),
  ...gen("beta(1e-200, 1e-200, 20)", (g) => g.beta(1e-200, 1e-200, 20)),
  ...both("chisquare(3.0, 1000)", (g) => g.chisquare(3.0, 1000)),
  ...both("chisquare(0.5, 500)", (g) => g.chisquare(0.5, 500)),
  ...both("f(3.0, 7.0, 1000)", (g) => g.f(3.0, 7.0, 1000)),
  ...both("standard_t(5.0, 1000)", (g) => g.standardT(5.0, 1000)),
  ...both("standard_t(0.7, 500)", (g) => g.standardT(0.7, 500)),
  ...both("standard_cauchy(1000)", (g) => g.standardCauchy(1000)),
  ...both("lognormal(0.5, 1.5, 1000)", (g) => g.lognormal(0.5, 1.5, 1000)),
  ...both("laplace(1.0, 2.0, 1000)", (g) => g.laplace(1.0, 2.0, 1000)),
  ...both("logistic(1.0, 2.0, 1000)", (g) => g.logistic(1.0, 2.0, 1000)),
  ...both("gumbel(1.0, 2.0, 1000)", (g) => g.gumbel(1.0, 2.0, 1000)),
  ...both("weibull(1.5, 1000)", (g) => g.weibull(1.5, 1000)),
  ...both("weibull(0, 5)", (g) => g.weibull(0, 5)),
  ...both("pareto(3.0, 1000)", (g) => g.pareto(3.0, 1000)),
  ...both("power(2.0, 1000)", (g) => g.power(2.0, 1000)),
  ...both("rayleigh(2.0, 1000)", (g) => g.rayleigh(2.0, 1000)),
  ...both("wald(1.5, 2.0, 1000)", (g) => g.wald(1.5, 2.0, 1000)),
  ...both("triangular(-1, 0.3, 2, 1000)", (g) => g.triangular(-1, 0.3, 2, 1000)),
  ...both("triangular([0, 1], [0.5, 1.5], 3, (4, 2))", (g) => g.triangular([0, 1], [0.5, 1.5], 3, [4, 2])),
  ...both("vonmises(0.5, 4.0, 1000)", (g) => g.vonmises(0.5, 4.0, 1000)),
  ...both("vonmises(0.0, 1e-9, 10)", (g) => g.vonmises(0.0, 1e-9, 10)),
  ...both("vonmises(0.0, 1e-6, 100)", (g) => g.vonmises(0.0, 1e-6, 100)),
  ...both("vonmises(1.0, 2e6, 100)", (g) => g.vonmises(1.0, 2e6, 100)),
  ...both("vonmises(-3.0, 0.5, 200)", (g) => g.vonmises(-3.0, 0.5, 200)),
];

const discrete: Run[] = [
  ...both("poisson(3.5, 1000)", (g) => g.poisson(3.5, 1000)),
  ...both("poisson(50.0, 2000)", (g) => g.poisson(50.0, 2000)),
  ...both("poisson(10.0, 500)", (g) => g.poisson(10.0, 500)),
  ...both("poisson(0, 5)", (g) => g.poisson(0, 5)),
  ...both("poisson([1, 10, 1e6], (2, 3))", (g) => g.poisson([1, 10, 1e6], [2, 3])),
  ...both("poisson(3.0)", (g) => g.poisson(3.0)),
  ...both("binomial(10, 0.3, 1000)", (g) => g.binomial(10, 0.3, 1000)),
  ...both("binomial(1000, 0.4, 2000)", (g) => g.binomial(1000, 0.4, 2000)),
  ...both("binomial(100, 0.9, 1000)", (g) => g.binomial(100, 0.9, 1000)),
  ...both("binomial(1000, 0.7, 1000)", (g) => g.binomial(1000, 0.7, 1000)),
  ...both("binomial(10**7, 0.5, 200)", (g) => g.binomial(1e7, 0.5, 200)),
  ...both("binomial(0, 0.5, 5)", (g) => g.binomial(0, 0.5, 5)),
  ...both("binomial(10, 0.0, 5)", (g) => g.binomial(10, 0.0, 5)),
  ...both("binomial([5, 50, 500], [0.1, 0.5, 0.9])", (g) => g.binomial([5, 50, 500], [0.1, 0.5, 0.9])),
  ...both("negative_binomial(5, 0.3, 1000)", (g) => g.negativeBinomial(5, 0.3, 1000)),
  ...both("negative_binomial(2.5, 0.9, 200)", (g) => g.negativeBinomial(2.5, 0.9, 200)),
  ...both("geometric(0.5, 1000)", (g) => g.geometric(0.5, 1000)),
  ...both("geometric(0.1, 1000)", (g) => g.geometric(0.1, 1000)),
  ...both("hypergeometric(10, 20, 5, 1000)", (g) => g.hypergeometric(10, 20, 5, 1000)),
  ...both("hypergeometric(100, 200, 50, 1000)", (g) => g.hypergeometric(100, 200, 50, 1000)),
  ...both("hypergeometric(300, 200, 280, 500)", (g) => g.hypergeometric(300, 200, 280, 500)),
  ...both("hypergeometric(5, 5, 10, 5)", (g) => g.hypergeometric(5, 5, 10, 5)),
  ...both("hypergeometric(2000, 3000, 12, 300)", (g) => g.hypergeometric(2000, 3000, 12, 300)),
  ...both("hypergeometric([10, 100], [20, 200], [5, 60])", (g) => g.hypergeometric([10, 100], [20, 200], [5, 60])),
  ...both("logseries(0.5, 1000)", (g) => g.logseries(0.5, 1000)),
  ...both("logseries(0.99, 1000)", (g) => g.logseries(0.99, 1000)),
  ...both("zipf(1.5, 1000)", (g) => g.zipf(1.5, 1000)),
  ...both("zipf(3.0, 1000)", (g) => g.zipf(3.0, 1000)),
];

const shapes: Run[] = [
  ...both("exponential([1, 2, 3], (2, 3))", (g) => g.exponential([1, 2, 3], [2, 3]), [0]),
  ...both("gamma([[1.5], [0.5]], [1, 2, 3])", (g) => g.gamma([[1.5], [0.5]], [1, 2, 3]), [0]),
  ...both("exponential(2.0, 0)", (g) => g.exponential(2.0, 0), [0]),
  ...both("exponential(np.array(2.0))", (g) => g.exponential(np.array(2.0)), [0]),
  ...both("poisson(np.array([2.0, 20.0]), size=(3, 2))", (g) => g.poisson(np.array([2.0, 20.0]), [3, 2]), [0]),
  ...both("laplace(scale=[1, 2], size=(2,))", (g) => g.laplace({ scale: [1, 2], size: [2] }), [0]),
];

const multivariate: Run[] = [
  ...both("multinomial(20, [0.2, 0.3, 0.5], 100)", (g) => g.multinomial(20, [0.2, 0.3, 0.5], 100)),
  ...both("multinomial(1000, [0.1] * 10, (2, 3))", (g) => g.multinomial(1000, Array(10).fill(0.1), [2, 3])),
  ...both("multinomial(5, [0.5, 0.5])", (g) => g.multinomial(5, [0.5, 0.5])),
  ...gen(
    "multinomial([10, 20], [[0.5, 0.5], [0.2, 0.8]])",
    (g) => g.multinomial([10, 20], [[0.5, 0.5], [0.2, 0.8]]),
  ),
  ...gen("multinomial([[3], [300]], [0.2, 0.8], (2, 4))", (g) => g.multinomial([[3], [300]], [0.2, 0.8], [2, 4])),
  // RandomState's binomial and multinomial share NumPy's per-sampler binomial setup across calls
  ...both(
    "binomial(20, 0.3, 5); r = g.multinomial(20, [0.3, 0.7], 200)",
    (g) => (g.binomial(20, 0.3, 5), g.multinomial(20, [0.3, 0.7], 200)),
  ),
  ...both("dirichlet([0.5, 1.0, 2.0], 100)", (g) => g.dirichlet([0.5, 1.0, 2.0], 100)),
  ...gen("dirichlet([0.05, 0.02, 0.08], 50)", (g) => g.dirichlet([0.05, 0.02, 0.08], 50)),
  ...both("bytes(11)", (g) => g.bytes(11)).map((r) => ({
    ...r,
    c: { ...r.c, setup: r.c.setup!.replace("r = g.bytes(11)", "r = np.frombuffer(g.bytes(11), dtype=np.uint8)") },
  })),
  // the SVD factor: the same normals, values within float rounding
  ...[0, 5].flatMap((s) =>
    [false, true].map((legacy) =>
      run(
        legacy,
        s,
        "multivariate_normal([1, 2, -1], [[2, 0.5, 0.1], [0.5, 1, 0.2], [0.1, 0.2, 0.5]], 200)",
        (g) => g.multivariateNormal([1, 2, -1], [[2, 0.5, 0.1], [0.5, 1, 0.2], [0.1, 0.2, 0.5]], 200),
        { rtol: 1e-9, atol: 1e-9 },
      )
    )
  ),
];

const errors: Run[] = [
  ...both("exponential(-1.0)", (g) => g.exponential(-1.0), [0]),
  ...both("gamma(-1.0)", (g) => g.gamma(-1.0), [0]),
  ...both("beta(0, 1)", (g) => g.beta(0, 1), [0]),
  ...both("poisson(-1)", (g) => g.poisson(-1), [0]),
  ...both("poisson(1e19)", (g) => g.poisson(1e19), [0]),
  ...both("binomial(5, 1.5)", (g) => g.binomial(5, 1.5), [0]),
  ...both("binomial(-5, 0.5)", (g) => g.binomial(-5, 0.5), [0]),
  ...both("geometric(0)", (g) => g.geometric(0), [0]),
  ...both("zipf(1)", (g) => g.zipf(1), [0]),
  ...both("logseries(1)", (g) => g.logseries(1), [0]),
  ...both("hypergeometric(5, 5, 11)", (g) => g.hypergeometric(5, 5, 11), [0]),
  ...both("triangular(2, 1, 3)", (g) => g.triangular(2, 1, 3), [0]),
  ...both("wald(0, 1)", (g) => g.wald(0, 1), [0]),
  ...both("exponential([1, -1])", (g) => g.exponential([1, -1]), [0]),
  ...both("exponential([1, 2], size=3)", (g) => g.exponential([1, 2], 3), [0]),
  ...both("multinomial(10, [0.6, 0.6, 0.1])", (g) => g.multinomial(10, [0.6, 0.6, 0.1]), [0]),
  ...both("multinomial(-1, [0.5, 0.5])", (g) => g.multinomial(-1, [0.5, 0.5]), [0]),
  ...both("dirichlet([[1.0, 2.0]])", (g) => g.dirichlet([[1.0, 2.0]]), [0]),
  ...both(
    "multivariate_normal([0, 0], [[1, 2], [2, 1]], check_valid='raise')",
    (g) => g.multivariateNormal([0, 0], [[1, 2], [2, 1]], null, "raise"),
    [0],
  ),
];

Deno.test("continuous distributions: NumPy's streams, bit for bit", () => checkRuns(continuous));
Deno.test("discrete distributions: NumPy's streams, bit for bit", () => checkRuns(discrete));
Deno.test("sizes, broadcast parameters and 0-d parameters as NumPy", () => checkRuns(shapes));
Deno.test("multinomial, dirichlet, bytes, multivariate normal as NumPy", () => checkRuns(multivariate));
Deno.test("bad parameters raise where NumPy raises", () => checkRuns(errors));

Deno.test("NumPy's messages for bad parameters", () => {
  const g = np.random.defaultRng(0), r = new np.random.RandomState(0);
  assert.throws(() => g.exponential(-1), { name: "RangeError", message: "scale < 0" });
  assert.throws(() => g.exponential(-0), { message: "scale < 0" });
  assert.throws(() => g.binomial(5, Number.NaN), { message: "p < 0, p > 1 or p is NaN" });
  assert.throws(() => g.binomial(5, [0.5, 2]), { message: "p < 0, p > 1 or p contains NaNs" });
  assert.throws(() => g.poisson(1e19), { message: "lam value too large" });
  assert.throws(() => g.poisson(-1), { message: "lam < 0 or lam is NaN" });
  assert.throws(() => g.geometric(0), { message: "p <= 0, p > 1 or p contains NaNs" });
  assert.throws(() => g.zipf(1), { message: "a <= 1 or a is NaN" });
  assert.throws(() => g.hypergeometric(1e9, 1, 1), { message: "both ngood and nbad must be less than 1000000000" });
  assert.throws(() => r.hypergeometric(5, 5, 0), { message: "nsample < 1 or nsample is NaN" });
  assert.throws(() => g.negativeBinomial(Number.NaN, 0.5), { message: "n must not be NaN" });
  assert.throws(() => g.triangular(0, 0, 0), { message: "left == right" });
  assert.throws(() => r.dirichlet([1, 0]), { message: "alpha <= 0" });
  assert.throws(() => g.exponential([1, 2], 3), {
    message: "Output size (3,) is not compatible with broadcast dimensions of inputs (2,).",
  });
  // an unknown option is an error naming it
  const loose = g.exponential.bind(g) as (...a: unknown[]) => unknown;
  assert.throws(() => loose(1, { sigma: 2 }), /sigma/);
});

Deno.test("np.random module functions draw from the global RandomState", () => {
  np.random.seed(3);
  const a = np.random.gamma(2, 1, 5) as np.NDArray;
  const s = new np.random.RandomState(3);
  assert.deepEqual(a.tolist(), (s.gamma(2, 1, 5) as np.NDArray).tolist());
  assert.equal(np.random.random(), s.random());
  assert.equal(typeof np.random.poisson(), "number");
  assert.deepEqual((np.random.multinomial(4, [0.5, 0.5]) as np.NDArray).shape, [2]);
});

Deno.test("Generator out=: random, standardExponential, standardGamma fill it in place", () => {
  const g = np.random.defaultRng(1), h = np.random.defaultRng(1);
  const out = np.zeros([2, 3]);
  assert.equal(g.standardGamma(2.5, null, { out }), out);
  assert.deepEqual(out.tolist(), (h.standardGamma(2.5, [2, 3]) as np.NDArray).tolist());
  assert.equal(g.standardExponential(null, { out }), out);
  assert.deepEqual(out.tolist(), (h.standardExponential([2, 3]) as np.NDArray).tolist());
  assert.equal(g.random(null, { out }), out);
  assert.deepEqual(out.tolist(), (h.random([2, 3]) as np.NDArray).tolist());
  assert.throws(() => g.standardExponential(null, { out: np.zeros([2], "float32") }), TypeError);
  assert.throws(() => g.standardExponential(5, { out }), RangeError);
});

Deno.test("RandomState refuses the parameters where NumPy's legacy vonmises and zipf loop forever; Generator draws them", () => {
  const rs = new np.random.RandomState(0);
  // NumPy 2.4's RandomState hangs on each of these (checked with a timeout): refused at once here
  for (const kappa of [2e16, 1e17, Infinity]) {
    assert.throws(() => rs.vonmises(0.5, kappa), /kappa too large for the legacy von Mises sampler/);
    assert.throws(() => np.random.vonmises(np.array([0.5, 1.5]), kappa), RangeError);
  }
  for (const a of [1025, 1e6, 2 ** 53, Infinity, 1 + 1e-15]) {
    assert.throws(() => rs.zipf(a), /outside what the legacy Zipf sampler can draw/);
  }
  // the largest legacy kappa that still draws, and Generator's branches for huge parameters
  assert.equal(rs.vonmises(0.5, 1e16), 0.5);
  const g = np.random.defaultRng(0);
  assert.ok(Math.abs((g.vonmises(0.5, 1e17) as number) - 0.5) < 1e-6);
  assert.equal(g.zipf(1e6), 1);
});
