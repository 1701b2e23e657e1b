/**
 * torch.distributions' gamma family (Gamma, Chi2, Beta, Dirichlet, StudentT, Poisson, Binomial), torch.binomial
 * and their KL pairs against PyTorch 2.13: values of every method for float32 and float64, seeded samples bit for
 * bit, rsample / logProb / entropy / KL gradients w.r.t. the parameters, validation errors (class and message),
 * reprs and the call forms. One Python process runs every case.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

type T = torch.Tensor;
const D = torch.distributions;
const { Gamma, Chi2, Beta, Dirichlet, StudentT, Poisson, Binomial, klDivergence } = D;
const DT = ["float32", "float64"] as const;
type Dt = (typeof DT)[number];

/** [Python code ending in `r = ...`, the dendrite computation of r]: compared to float tolerance. */
const cases: [string, () => unknown][] = [];
/** The same, compared bit for bit (seeded samples). */
const exact: [string, () => unknown][] = [];
/**
 * float32 values that cancel large lgamma terms (Dirichlet entropy and KL with Σα = 27.5: lgamma ≈ 65, one float32
 * ulp 7.6e-6, a few ulps left after the cancellation to ≈ 2): compared to 5e-5.
 */
const cancelling: [string, () => unknown][] = [];
const add = (py: string, ts: () => unknown) => cases.push([py, ts]);
const addExact = (py: string, ts: () => unknown) => exact.push([py, ts]);
const pt = (v: unknown, dt: string) => `torch.tensor(${JSON.stringify(v)}, dtype=torch.${dt})`;
const tt = (v: unknown, dt: Dt) => torch.tensor(v as number[], { dtype: dt });
const ptg = (v: unknown, dt: string) => `${pt(v, dt)}.requires_grad_()`;
const ttg = (v: unknown, dt: Dt) => tt(v, dt).requiresGrad_();
const shapes = (d: { batchShape: number[]; eventShape: number[] }) =>
  `(torch.Size([${d.batchShape.join(", ")}]), torch.Size([${d.eventShape.join(", ")}]), ${d})`;
const PY_SHAPES = "str((d.batch_shape, d.event_shape, d))";

// concentrations across the sampler's regimes: below 1 (boosted), 1, moderate, large; and rates
const CONC = [[0.3], [2.5]], RATE = [0.5, 1.0, 4.0], GX = [[0.1, 2.0, 0.75], [3.5, 0.01, 1.0]];
const ALPHAS = [0.05, 0.3, 0.999, 1.0, 1.5, 2.5, 7.0, 30.0, 250.0, 0.01];
const C1 = [[0.5], [3.0]], C0 = [0.7, 2.0, 9.0], BX = [[0.1, 0.5, 0.9], [0.25, 0.999, 0.02]];
const DIR = [[0.5, 1.5, 3.0], [0.2, 0.3, 0.9], [8.0, 7.5, 12.0]], DX = [[0.2, 0.3, 0.5], [0.05, 0.9, 0.05]];
const DF = [[0.8], [1.5], [5.0]], LOC = [0.3, -1.0], SC = [[1.0, 2.5]], TX = [[0.1, -2.0], [3.0, 0.5]];
const PRATE = [0.0, 0.5, 3.0, 12.0, 80.0], PX = [0, 1, 2, 10, 75];
const N = [[5], [40]], P = [0.1, 0.5, 0.93], NX = [[0, 2, 5], [3, 20, 40]];

for (const dt of DT) {
  // ---- Gamma
  const gPy = `d = torch.distributions.Gamma(${pt(CONC, dt)}, ${pt(RATE, dt)})`;
  const gTs = () => new Gamma(tt(CONC, dt), tt(RATE, dt));
  add(
    `${gPy}; r = (d.mean, d.mode, d.variance, d.stddev, d.entropy(), d.log_prob(${pt(GX, dt)}), d.cdf(${pt(GX, dt)}))`,
    () => {
      const d = gTs();
      return [d.mean, d.mode, d.variance, d.stddev, d.entropy(), d.logProb(tt(GX, dt)), d.cdf(tt(GX, dt))];
    },
  );
  add(`${gPy}; r = ${PY_SHAPES}`, () => shapes(gTs()));
  // a number is cast to the rate's dtype (torch.as_tensor) before validation
  add(`${gPy}; r = d.log_prob(1.5)`, () => gTs().logProb(1.5));
  addExact(
    `d = torch.distributions.Gamma(${pt(ALPHAS, dt)}, ${pt(2.0, dt)}); torch.manual_seed(3)
r = (d.sample(), d.sample((40,)), d.rsample((3,)), torch.randn(3, dtype=torch.${dt}))`,
    () => {
      const d = new Gamma(tt(ALPHAS, dt), tt(2, dt));
      torch.manualSeed(3);
      return [d.sample(), d.sample([40]), d.rsample([3]), torch.randn(3, { dtype: dt })];
    },
  );
  add(
    `c = ${ptg(CONC, dt)}; b = ${ptg(RATE, dt)}; d = torch.distributions.Gamma(c, b); torch.manual_seed(7)
x = d.rsample((4,)); (x.sum() + d.log_prob(${pt(GX, dt)}).sum() + 2 * d.entropy().sum()).backward()
r = (x, c.grad, b.grad)`,
    () => {
      const c = ttg(CONC, dt), b = ttg(RATE, dt), d = new Gamma(c, b);
      torch.manualSeed(7);
      const x = d.rsample([4]);
      x.sum().add(d.logProb(tt(GX, dt)).sum()).add(d.entropy().sum().mul(2)).backward();
      return [x.detach(), c.grad, b.grad];
    },
  );
  // the rsample gradient over the sampler's regimes (Taylor series, saddle point, rational approximation)
  add(
    `c = ${ptg(ALPHAS, dt)}; torch.manual_seed(11); x = torch.distributions.Gamma(c, 1.0).rsample((50,))
x.sum().backward(); r = c.grad`,
    () => {
      const c = ttg(ALPHAS, dt);
      torch.manualSeed(11);
      new Gamma(c, 1).rsample([50]).sum().backward();
      return c.grad;
    },
  );
  add(
    `d = torch.distributions.Gamma(${pt([1.5, 0.4], dt)}, ${pt(2.0, dt)}).expand((3, 2)); torch.manual_seed(1)
r = (d.concentration, d.rate, d.rsample(), str(d.batch_shape))`,
    () => {
      const d = new Gamma(tt([1.5, 0.4], dt), tt(2, dt)).expand([3, 2]);
      torch.manualSeed(1);
      return [d.concentration, d.rate, d.rsample(), `torch.Size([${d.batchShape.join(", ")}])`];
    },
  );

  // ---- Chi2
  const cPy = `d = torch.distributions.Chi2(${pt([[1.0], [4.5]], dt)})`;
  const cTs = () => new Chi2(tt([[1.0], [4.5]], dt));
  add(
    `${cPy}; r = (d.df, d.mean, d.mode, d.variance, d.entropy(), d.log_prob(${pt(GX, dt)}), d.cdf(${
      pt(GX, dt)
    }), ${PY_SHAPES})`,
    () => {
      const d = cTs();
      return [d.df, d.mean, d.mode, d.variance, d.entropy(), d.logProb(tt(GX, dt)), d.cdf(tt(GX, dt)), shapes(d)];
    },
  );
  add(
    `k = ${ptg([0.5, 3.0, 20.0], dt)}; torch.manual_seed(2); x = torch.distributions.Chi2(k).rsample((6,))
x.sum().backward(); r = (x, k.grad)`,
    () => {
      const k = ttg([0.5, 3, 20], dt);
      torch.manualSeed(2);
      const x = new Chi2(k).rsample([6]);
      x.sum().backward();
      return [x.detach(), k.grad];
    },
  );

  // ---- Beta
  const bPy = `d = torch.distributions.Beta(${pt(C1, dt)}, ${pt(C0, dt)})`;
  const bTs = () => new Beta(tt(C1, dt), tt(C0, dt));
  add(
    `${bPy}; r = (d.concentration1, d.concentration0, d.mean, d.mode, d.variance, d.entropy(), d.log_prob(${
      pt(BX, dt)
    }), ${PY_SHAPES})`,
    () => {
      const d = bTs();
      return [
        d.concentration1,
        d.concentration0,
        d.mean,
        d.mode,
        d.variance,
        d.entropy(),
        d.logProb(tt(BX, dt)),
        shapes(d),
      ];
    },
  );
  addExact(`${bPy}; torch.manual_seed(4); r = (d.sample(), d.rsample((30,)))`, () => {
    const d = bTs();
    torch.manualSeed(4);
    return [d.sample(), d.rsample([30])];
  });
  add(
    `a = ${ptg(C1, dt)}; b = ${ptg(C0, dt)}; d = torch.distributions.Beta(a, b); torch.manual_seed(5)
x = d.rsample((20,)); (x.sum() + d.log_prob(${pt(BX, dt)}).sum() + d.entropy().sum()).backward()
r = (x, a.grad, b.grad)`,
    () => {
      const a = ttg(C1, dt), b = ttg(C0, dt), d = new Beta(a, b);
      torch.manualSeed(5);
      const x = d.rsample([20]);
      x.sum().add(d.logProb(tt(BX, dt)).sum()).add(d.entropy().sum()).backward();
      return [x.detach(), a.grad, b.grad];
    },
  );

  // ---- Dirichlet (the last row is all-large: the saddle-point gradient; the middle one all below 1: one-hot mode)
  const dPy = `d = torch.distributions.Dirichlet(${pt(DIR, dt)})`;
  const dTs = () => new Dirichlet(tt(DIR, dt));
  (dt === "float32" ? cancelling : cases).push([
    `${dPy}; r = (d.mean, d.mode, d.variance, d.entropy(), d.log_prob(${pt(DX, dt)}.unsqueeze(1)), ${PY_SHAPES})`,
    () => {
      const d = dTs();
      return [d.mean, d.mode, d.variance, d.entropy(), d.logProb(tt(DX, dt).unsqueeze(1)), shapes(d)];
    },
  ]);
  addExact(`${dPy}; torch.manual_seed(6); r = (d.sample(), d.rsample((25,)))`, () => {
    const d = dTs();
    torch.manualSeed(6);
    return [d.sample(), d.rsample([25])];
  });
  // many categories: the normalizing sum in ATen's order (4-lane vectors, interleaved accumulators, cascade levels)
  for (const k of [37, 300]) {
    const conc = Array.from({ length: k }, (_, i) => 0.3 + (i % 7));
    addExact(`torch.manual_seed(${k}); r = torch.distributions.Dirichlet(${pt(conc, dt)}).sample((6,))`, () => {
      torch.manualSeed(k);
      return new Dirichlet(tt(conc, dt)).sample([6]);
    });
  }
  add(
    `c = ${ptg(DIR, dt)}; d = torch.distributions.Dirichlet(c); torch.manual_seed(8); x = d.rsample((10,))
w = torch.tensor([1.0, -2.0, 0.5], dtype=torch.${dt}); ((x * w).sum() + d.entropy().sum()).backward(); r = (x, c.grad)`,
    () => {
      const c = ttg(DIR, dt), d = new Dirichlet(c);
      torch.manualSeed(8);
      const x = d.rsample([10]);
      x.mul(tt([1, -2, 0.5], dt)).sum().add(d.entropy().sum()).backward();
      return [x.detach(), c.grad];
    },
  );

  // ---- StudentT (df below 1, between 1 and 2, above 2: mean and variance's three regions)
  const sPy = `d = torch.distributions.StudentT(${pt(DF, dt)}, ${pt(LOC, dt)}, ${pt(SC, dt)})`;
  const sTs = () => new StudentT(tt(DF, dt), tt(LOC, dt), tt(SC, dt));
  add(`${sPy}; r = (d.mean, d.mode, d.variance, d.entropy(), d.log_prob(${pt(TX, dt)}), ${PY_SHAPES})`, () => {
    const d = sTs();
    return [d.mean, d.mode, d.variance, d.entropy(), d.logProb(tt(TX, dt)), shapes(d)];
  });
  addExact(`${sPy}; torch.manual_seed(9); r = (d.sample(), d.rsample((7,)))`, () => {
    const d = sTs();
    torch.manualSeed(9);
    return [d.sample(), d.rsample([7])];
  });
  add(
    `f = ${ptg(DF, dt)}; l = ${ptg(LOC, dt)}; s = ${ptg(SC, dt)}; d = torch.distributions.StudentT(f, l, s)
torch.manual_seed(10); x = d.rsample((5,))
(x.sum() + d.log_prob(${pt(TX, dt)}).sum() + d.entropy().sum() + d.variance[2].sum()).backward()
r = (x, f.grad, l.grad, s.grad)`,
    () => {
      const f = ttg(DF, dt), l = ttg(LOC, dt), s = ttg(SC, dt), d = new StudentT(f, l, s);
      torch.manualSeed(10);
      const x = d.rsample([5]);
      x.sum().add(d.logProb(tt(TX, dt)).sum()).add(d.entropy().sum()).add(d.variance.select(0, 2).sum()).backward();
      return [x.detach(), f.grad, l.grad, s.grad];
    },
  );
  add(
    `r = torch.distributions.StudentT(${pt(3.0, dt)}).log_prob(${pt(0.5, dt)})`,
    () => new StudentT(tt(3, dt)).logProb(tt(0.5, dt)),
  );

  // ---- Poisson
  const pPy = `d = torch.distributions.Poisson(${pt(PRATE, dt)})`;
  const pTs = () => new Poisson(tt(PRATE, dt));
  add(`${pPy}; r = (d.mean, d.mode, d.variance, d.log_prob(${pt(PX, dt)}), ${PY_SHAPES})`, () => {
    const d = pTs();
    return [d.mean, d.mode, d.variance, d.logProb(tt(PX, dt)), shapes(d)];
  });
  addExact(`${pPy}; torch.manual_seed(12); r = d.sample((20,))`, () => {
    torch.manualSeed(12);
    return pTs().sample([20]);
  });
  add(
    `l = ${ptg([0.5, 3.0, 12.0], dt)}; torch.distributions.Poisson(l).log_prob(${pt([1, 0, 9], dt)}).sum().backward()
r = l.grad`,
    () => {
      const l = ttg([0.5, 3, 12], dt);
      new Poisson(l).logProb(tt([1, 0, 9], dt)).sum().backward();
      return l.grad;
    },
  );

  // ---- Binomial: probs and logits, counts and probabilities on both samplers (inversion, BTRS, q = 1 - p)
  const nPy = `d = torch.distributions.Binomial(${pt(N, dt)}, ${pt(P, dt)})`;
  const nTs = () => new Binomial(tt(N, dt), tt(P, dt));
  add(`${nPy}; r = (d.mean, d.mode, d.variance, d.logits, d.log_prob(${pt(NX, dt)}), ${PY_SHAPES})`, () => {
    const d = nTs();
    return [d.mean, d.mode, d.variance, d.logits, d.logProb(tt(NX, dt)), shapes(d)];
  });
  add(
    `d = torch.distributions.Binomial(8, logits=${pt([-1.0, 0.0, 2.5], dt)})
r = (d.probs, d.entropy(), d.enumerate_support(), d.enumerate_support(False), ${PY_SHAPES})`,
    () => {
      const d = new Binomial(8, null, tt([-1, 0, 2.5], dt));
      return [d.probs, d.entropy(), d.enumerateSupport(), d.enumerateSupport(false), shapes(d)];
    },
  );
  addExact(
    `d = torch.distributions.Binomial(${pt([[3], [25], [200], [1000]], dt)}, ${pt([0.02, 0.3, 0.5, 0.75, 0.99], dt)})
torch.manual_seed(13); r = (d.sample(), d.sample((10,)))`,
    () => {
      const d = new Binomial(tt([[3], [25], [200], [1000]], dt), tt([0.02, 0.3, 0.5, 0.75, 0.99], dt));
      torch.manualSeed(13);
      return [d.sample(), d.sample([10])];
    },
  );
  add(
    `q = ${ptg(P, dt)}; g = ${ptg([-1.0, 0.0, 0.0, 3.0], dt)}
(torch.distributions.Binomial(${pt(N, dt)}, q).log_prob(${pt(NX, dt)}).sum()
 + torch.distributions.Binomial(6, logits=g).entropy().sum()).backward(); r = (q.grad, g.grad)`,
    () => {
      const q = ttg(P, dt), g = ttg([-1, 0, 0, 3], dt);
      new Binomial(tt(N, dt), q).logProb(tt(NX, dt)).sum().add(new Binomial(6, null, g).entropy().sum()).backward();
      return [q.grad, g.grad];
    },
  );

  // ---- torch.binomial: broadcast count and prob, the generator option, edge probabilities
  addExact(
    `torch.manual_seed(14); a = torch.binomial(${pt([[10], [60]], dt)}, ${pt([0.0, 0.2, 0.6, 1.0], dt)})
g = torch.Generator().manual_seed(3); b = torch.binomial(${pt([-1, 7, 30], dt)}, ${
      pt([0.5, 0.5, 0.9], dt)
    }, generator=g)
r = (a, b)`,
    () => {
      torch.manualSeed(14);
      const a = torch.binomial(tt([[10], [60]], dt), tt([0, 0.2, 0.6, 1], dt));
      const g = new torch.Generator().manualSeed(3);
      return [a, torch.binomial(tt([-1, 7, 30], dt), tt([0.5, 0.5, 0.9], dt), { generator: g })];
    },
  );

  // ---- KL divergences (values and gradients w.r.t. both sides' parameters)
  const kl = (pPy: string, qPy: string, p: () => unknown, q: () => unknown) =>
    (dt === "float32" && pPy.includes("Dirichlet") ? cancelling : cases).push([
      `r = torch.distributions.kl_divergence(${pPy}, ${qPy})`,
      () => klDivergence(p() as never, q() as never),
    ]);
  const G = (c: unknown, r: unknown) =>
    [
      `torch.distributions.Gamma(${pt(c, dt)}, ${pt(r, dt)})`,
      () => new Gamma(tt(c, dt), tt(r, dt)),
    ] as const;
  const B = (a: unknown, b: unknown) =>
    [
      `torch.distributions.Beta(${pt(a, dt)}, ${pt(b, dt)})`,
      () => new Beta(tt(a, dt), tt(b, dt)),
    ] as const;
  const Pn = (r: unknown) => [`torch.distributions.Poisson(${pt(r, dt)})`, () => new Poisson(tt(r, dt))] as const;
  const E = (r: unknown) =>
    [`torch.distributions.Exponential(${pt(r, dt)})`, () => new D.Exponential(tt(r, dt))] as const;
  const Nm = (l: unknown, s: unknown) =>
    [
      `torch.distributions.Normal(${pt(l, dt)}, ${pt(s, dt)})`,
      () => new D.Normal(tt(l, dt), tt(s, dt)),
    ] as const;
  const U = (l: unknown, h: unknown) =>
    [
      `torch.distributions.Uniform(${pt(l, dt)}, ${pt(h, dt)})`,
      () => new D.Uniform(tt(l, dt), tt(h, dt)),
    ] as const;
  const Bn = (n: unknown, p: unknown) =>
    [
      `torch.distributions.Binomial(${pt(n, dt)}, ${pt(p, dt)})`,
      () => new Binomial(tt(n, dt), tt(p, dt)),
    ] as const;
  const La = (l: unknown, s: unknown) =>
    [
      `torch.distributions.Laplace(${pt(l, dt)}, ${pt(s, dt)})`,
      () => new D.Laplace(tt(l, dt), tt(s, dt)),
    ] as const;
  const Gu = (l: unknown, s: unknown) =>
    [
      `torch.distributions.Gumbel(${pt(l, dt)}, ${pt(s, dt)})`,
      () => new D.Gumbel(tt(l, dt), tt(s, dt)),
    ] as const;
  const Be = (p: unknown) => [`torch.distributions.Bernoulli(${pt(p, dt)})`, () => new D.Bernoulli(tt(p, dt))] as const;
  const pairs: (readonly [string, () => unknown])[][] = [
    [G([0.5, 2.0, 7.0], [1.0, 3.0, 0.5]), G([1.5, 2.0, 0.8], [2.0, 0.7, 0.5])],
    [B([0.5, 2.0], [1.5, 4.0]), B([2.0, 1.0], [0.3, 4.0])],
    [
      [`torch.distributions.Dirichlet(${pt(DIR, dt)})`, () => new Dirichlet(tt(DIR, dt))],
      [`torch.distributions.Dirichlet(${pt([1.0, 2.0, 0.5], dt)})`, () => new Dirichlet(tt([1, 2, 0.5], dt))],
    ],
    [Pn([0.5, 3.0, 40.0]), Pn([1.0, 2.0, 38.0])],
    [Bn([10, 20, 20], [0.3, 0.5, 0.9]), Bn([10, 20, 12], [0.6, 0.5, 0.2])],
    [Be([0.2, 0.7]), Pn([0.5, 3.0])],
    [B([0.5, 2.0], [1.5, 4.0]), E([1.5, 0.2])],
    [B([0.5, 2.0], [1.5, 4.0]), G([1.5, 3.0], [2.0, 0.5])],
    [B([0.5, 2.0], [1.5, 4.0]), Nm([0.2, -1.0], [0.5, 2.0])],
    [B([0.5, 2.0, 1.0], [1.5, 4.0, 1.0]), U([0.0, -0.5, 0.1], [1.0, 2.0, 1.0])],
    [E([1.5, 0.2]), B([0.5, 2.0], [1.5, 4.0])],
    [E([1.5, 0.2]), G([1.5, 3.0], [2.0, 0.5])],
    [G([1.5, 3.0], [2.0, 0.5]), B([0.5, 2.0], [1.5, 4.0])],
    [G([1.5, 3.0], [2.0, 0.5]), U([0.0, 1.0], [1.0, 2.0])],
    [G([1.5, 3.0], [2.0, 0.5]), E([1.5, 0.2])],
    [G([1.5, 3.0], [2.0, 0.5]), Nm([0.2, -1.0], [0.5, 2.0])],
    [La([0.0, 1.0], [1.0, 2.0]), B([0.5, 2.0], [1.5, 4.0])],
    [La([0.0, 1.0], [1.0, 2.0]), G([1.5, 3.0], [2.0, 0.5])],
    [Nm([0.2, -1.0], [0.5, 2.0]), B([0.5, 2.0], [1.5, 4.0])],
    [Nm([0.2, -1.0], [0.5, 2.0]), G([1.5, 3.0], [2.0, 0.5])],
    [Pn([0.5, 3.0]), Be([0.2, 0.7])],
    [Pn([0.5, 3.0]), Bn([4, 9], [0.2, 0.7])],
    [U([0.1, 0.0, -0.1], [0.9, 1.0, 0.5]), B([0.5, 2.0, 1.0], [1.5, 4.0, 3.0])],
    [U([0.1, 2.0, -0.1], [0.9, 3.0, 0.5]), G([1.5, 3.0, 2.0], [2.0, 0.5, 1.0])],
    [G([1.5, 3.0], [2.0, 0.5]), Gu([0.2, -1.0], [0.5, 2.0])],
    [Gu([0.2, -1.0], [0.5, 2.0]), B([0.5, 2.0], [1.5, 4.0])],
    [Gu([0.2, -1.0], [0.5, 2.0]), G([1.5, 3.0], [2.0, 0.5])],
    [
      [`torch.distributions.Chi2(${pt([3.0], dt)})`, () => new Chi2(tt([3], dt))],
      [`torch.distributions.Chi2(${pt([5.0], dt)})`, () => new Chi2(tt([5], dt))],
    ],
  ];
  for (const [[pp, pf], [qp, qf]] of pairs) kl(pp, qp, pf, qf);
  // KL gradients w.r.t. both sides
  add(
    `a = ${ptg([0.5, 2.0], dt)}; b = ${ptg([1.5, 4.0], dt)}; c = ${ptg([1.5, 3.0], dt)}; e = ${ptg([2.0, 0.5], dt)}
k = torch.distributions
(k.kl_divergence(k.Beta(a, b), k.Beta(c, e)) + k.kl_divergence(k.Gamma(a, b), k.Gamma(c, e))
 + k.kl_divergence(k.Beta(a, b), k.Gamma(c, e)) + k.kl_divergence(k.Uniform(a * 0, a), k.Gamma(c, e))
 + k.kl_divergence(k.Dirichlet(torch.stack([a, b], -1)), k.Dirichlet(torch.stack([c, e], -1)))
 + k.kl_divergence(k.Poisson(a), k.Poisson(c)) + k.kl_divergence(k.Gamma(a, b), k.Gumbel(c, e))).sum().backward()
r = (a.grad, b.grad, c.grad, e.grad)`,
    () => {
      const a = ttg([0.5, 2], dt), b = ttg([1.5, 4], dt), c = ttg([1.5, 3], dt), e = ttg([2, 0.5], dt);
      const terms = [
        klDivergence(new Beta(a, b), new Beta(c, e)),
        klDivergence(new Gamma(a, b), new Gamma(c, e)),
        klDivergence(new Beta(a, b), new Gamma(c, e)),
        klDivergence(new D.Uniform(a.mul(0), a), new Gamma(c, e)),
        klDivergence(new Dirichlet(torch.stack([a, b], -1)), new Dirichlet(torch.stack([c, e], -1))),
        klDivergence(new Poisson(a), new Poisson(c)),
        klDivergence(new Gamma(a, b), new D.Gumbel(c, e)),
      ];
      terms.reduce((s: T, t) => s.add(t)).sum().backward();
      return [a.grad, b.grad, c.grad, e.grad];
    },
  );
}

// ---- numbers as parameters: shapes, dtypes and reprs
add(`d = torch.distributions.Gamma(2.0, 3.0); r = (d.mean, d.entropy(), ${PY_SHAPES})`, () => {
  const d = new Gamma(2, 3);
  return [d.mean, d.entropy(), shapes(d)];
});
add(`d = torch.distributions.Beta(2.0, 3.0); r = (d.mean, d.concentration1, ${PY_SHAPES})`, () => {
  const d = new Beta(2, 3);
  return [d.mean, d.concentration1, shapes(d)];
});
add(`d = torch.distributions.Chi2(3.0); r = (d.df, d.mean, ${PY_SHAPES})`, () => {
  const d = new Chi2(3);
  return [d.df, d.mean, shapes(d)];
});
add(`d = torch.distributions.Poisson(2.0); r = (d.log_prob(torch.tensor(3.)), ${PY_SHAPES})`, () => {
  const d = new Poisson(2);
  return [d.logProb(torch.tensor(3, { dtype: "float32" })), shapes(d)];
});
add(`d = torch.distributions.StudentT(2.0); r = (d.loc, d.scale, d.entropy(), ${PY_SHAPES})`, () => {
  const d = new StudentT(2);
  return [d.loc, d.scale, d.entropy(), shapes(d)];
});
add(
  `d = torch.distributions.Binomial(5, torch.tensor([0.5, 0.25])); r = (d.total_count, d.mean, ${PY_SHAPES})`,
  () => {
    const d = new Binomial(5, torch.tensor([0.5, 0.25], { dtype: "float32" }));
    return [d.totalCount, d.mean, shapes(d)];
  },
);

// ---- validation errors (class and PyTorch's message)
const f32 = (v: unknown) => torch.tensor(v as number[], { dtype: "float32" });
add(`r = torch.distributions.Gamma(torch.tensor([1., -1.]), 1.0)`, () => new Gamma(f32([1, -1]), 1));
add(`r = torch.distributions.Gamma(1.0, torch.tensor([0.]))`, () => new Gamma(1, f32([0])));
add(`r = torch.distributions.Chi2(torch.tensor([-2.]))`, () => new Chi2(f32([-2])));
add(`r = torch.distributions.Beta(torch.tensor([1.]), torch.tensor([-1.]))`, () => new Beta(f32([1]), f32([-1])));
add(`r = torch.distributions.Dirichlet(torch.tensor(1.))`, () => new Dirichlet(f32(1)));
add(`r = torch.distributions.Dirichlet(torch.tensor([1., 0.]))`, () => new Dirichlet(f32([1, 0])));
add(`r = torch.distributions.StudentT(torch.tensor([-1.]))`, () => new StudentT(f32([-1])));
add(
  `r = torch.distributions.StudentT(torch.tensor([1.]), 0., torch.tensor([-1.]))`,
  () => new StudentT(f32([1]), 0, f32([-1])),
);
add(`r = torch.distributions.Poisson(torch.tensor([-1.]))`, () => new Poisson(f32([-1])));
add(
  `r = torch.distributions.Binomial(torch.tensor([2.5]), torch.tensor([0.5]))`,
  () => new Binomial(f32([2.5]), f32([0.5])),
);
add(`r = torch.distributions.Binomial(3, torch.tensor([1.5]))`, () => new Binomial(3, f32([1.5])));
add(
  `r = torch.distributions.Binomial(3, torch.tensor([0.5]), torch.tensor([0.]))`,
  () => new Binomial(3, f32([0.5]), f32([0])),
);
add(`r = torch.distributions.Binomial(3)`, () => new Binomial(3));
add(`r = torch.distributions.Gamma(2.0, 1.0).log_prob(torch.tensor([-1.]))`, () => new Gamma(2, 1).logProb(f32([-1])));
add(`r = torch.distributions.Beta(2.0, 1.0).log_prob(torch.tensor([1.5]))`, () => new Beta(2, 1).logProb(f32([1.5])));
add(`r = torch.distributions.Poisson(2.0).log_prob(torch.tensor([0.5]))`, () => new Poisson(2).logProb(f32([0.5])));
add(`r = torch.distributions.Poisson(2.0).log_prob(1)`, () => new Poisson(2).logProb(1));
add(
  `r = torch.distributions.Binomial(3, torch.tensor([0.5])).log_prob(torch.tensor([4.]))`,
  () => new Binomial(3, f32([0.5])).logProb(f32([4])),
);
add(
  `r = torch.distributions.Dirichlet(torch.tensor([1., 2.])).log_prob(torch.tensor([0.5, 0.6]))`,
  () => new Dirichlet(f32([1, 2])).logProb(f32([0.5, 0.6])),
);
add(
  `r = torch.distributions.Binomial(torch.tensor([3., 4.]), torch.tensor([0.5, 0.5])).entropy()`,
  () => new Binomial(f32([3, 4]), f32([0.5, 0.5])).entropy(),
);
add(
  `k = torch.distributions; r = k.kl_divergence(k.Binomial(torch.tensor([3.]), torch.tensor([0.5])), k.Binomial(torch.tensor([4.]), torch.tensor([0.5])))`,
  () => klDivergence(new Binomial(f32([3]), f32([0.5])), new Binomial(f32([4]), f32([0.5]))),
);
// torch.binomial's errors
add(
  `r = torch.binomial(torch.tensor([5., 6.]), torch.tensor([0.5, 0.2], dtype=torch.float64))`,
  () => torch.binomial(f32([5, 6]), torch.tensor([0.5, 0.2], { dtype: "float64" })),
);
add(
  `r = torch.binomial(torch.tensor([5, 6]), torch.tensor([0.5, 0.2]))`,
  () => torch.binomial(torch.tensor([5, 6]), f32([0.5, 0.2])),
);
// binomial is recorded (grad_fn NotImplemented) and its backward raises
add(
  `c = torch.tensor([5.], requires_grad=True); x = torch.binomial(c, torch.tensor([0.5])); r = (x.requires_grad, str(x.grad_fn.name()))
x.sum().backward()`,
  () => {
    const x = torch.binomial(f32([5]).requiresGrad_(), f32([0.5]));
    assert.equal(x.requiresGrad, true);
    x.sum().backward();
  },
);
// without validation, invalid parameters give nan where PyTorch's formulas do
add(
  `r = torch.distributions.Gamma(-1., 1., validate_args=False).log_prob(torch.tensor(1.))`,
  () => new Gamma(-1, 1, false).logProb(f32(1)),
);

const results = await numpy([...cases, ...exact, ...cancelling].map(([py]) => ({ torch: true, setup: py, expr: "r" })));

Deno.test("gamma family: values, gradients, reprs and errors match PyTorch", () => {
  assert.deepEqual(caseFailures(cases, results.slice(0, cases.length)), []);
  const rest = results.slice(cases.length + exact.length);
  assert.deepEqual(caseFailures(cancelling, rest, { tol: { rtol: 1e-5, atol: 5e-5 } }), []);
});

Deno.test("gamma family: seeded samples match PyTorch bit for bit", () => {
  const got = results.slice(cases.length, cases.length + exact.length);
  assert.deepEqual(caseFailures(exact, got, { tol: { rtol: 0, atol: 0 } }), []);
});

Deno.test("gamma family: call forms (positional, options object, mixed) bind alike", () => {
  const c = torch.tensor([0.5, 2], { dtype: "float64" }), r = torch.tensor([1, 3], { dtype: "float64" });
  const x = torch.tensor([0.1, 0.2], { dtype: "float64" });
  const want = new Gamma(c, r).logProb(x).tolist();
  assert.deepEqual(new Gamma({ concentration: c, rate: r }).logProb(x).tolist(), want);
  assert.deepEqual(new Gamma(c, { rate: r, validateArgs: true }).logProb(x).tolist(), want);
  assert.deepEqual(new Chi2({ df: c }).mean.tolist(), new Chi2(c).mean.tolist());
  assert.deepEqual(new Beta(c, { concentration0: r }).mean.tolist(), new Beta(c, r).mean.tolist());
  assert.deepEqual(new Dirichlet({ concentration: r }).mean.tolist(), new Dirichlet(r).mean.tolist());
  assert.deepEqual(new StudentT(c, { scale: r }).logProb(x).tolist(), new StudentT(c, 0, r).logProb(x).tolist());
  assert.deepEqual(new Poisson({ rate: r, validateArgs: false }).mean.tolist(), [1, 3]);
  assert.deepEqual(new Binomial({ totalCount: 4, logits: c }).probs.tolist(), new Binomial(4, null, c).probs.tolist());
  assert.deepEqual(new Binomial({ probs: 0.5 }).totalCount.item(), 1);
  assert.throws(() => new Gamma({ concentration: c, rate: r, foo: 1 } as never), /unexpected keyword argument 'foo'/);
  assert.throws(() => new Beta(c, r, { concentration1: c } as never), /multiple values for argument 'concentration1'/);
  assert.throws(() => new Gamma({ concentration: c } as never), /missing required argument 'rate'/);
  assert.throws(() => new Dirichlet(1 as never), TypeError);
  // PyTorch: RuntimeError "The size of tensor a (3) must match ..."; dendrite's broadcast errors are ShapeErrors
  const f = torch.tensor([5, 4, 3], { dtype: "float32" }), p = torch.tensor([0.5, 0.2], { dtype: "float32" });
  assert.throws(() => torch.binomial(f, p), /Cannot broadcast shapes \[3\] and \[2\] in "binomial"/);
  torch.manualSeed(5);
  const a = torch.binomial(
    torch.tensor([10, 20], { dtype: "float64" }),
    torch.tensor([0.3, 0.6], { dtype: "float64" }),
  );
  torch.manualSeed(5);
  const b = torch.binomial({
    count: torch.tensor([10, 20], { dtype: "float64" }),
    prob: torch.tensor([0.3, 0.6], { dtype: "float64" }),
  });
  assert.deepEqual(b.tolist(), a.tolist());
});

Deno.test("gamma family: sample is detached, rsample is not; flags", () => {
  const c = torch.tensor([0.5, 2], { dtype: "float64" }).requiresGrad_();
  for (const d of [new Gamma(c, 1), new Chi2(c), new Beta(c, 1), new Dirichlet(c), new StudentT(c)]) {
    assert.equal(d.sample().requiresGrad, false, String(d));
    assert.equal(d.rsample().requiresGrad, true, String(d));
  }
  assert.ok(Gamma.hasRsample && Chi2.hasRsample && Beta.hasRsample && Dirichlet.hasRsample && StudentT.hasRsample);
  assert.ok(!Poisson.hasRsample && !Binomial.hasRsample && Binomial.hasEnumerateSupport);
  assert.throws(() => new Poisson(c).rsample(), torch.RuntimeError);
  assert.throws(() => new Poisson(c).entropy(), torch.RuntimeError);
});

Deno.test("gamma family: 200000 Gamma draws have the distribution's moments", () => {
  // bit-exactness is checked above on small samples; this checks the sampler itself over many draws, including
  // alpha < 1 (the boosted path): mean and variance within 6 standard errors of alpha and alpha
  torch.manualSeed(0);
  for (const alpha of [0.2, 1, 4.5]) {
    const x = new Gamma(torch.tensor(alpha, { dtype: "float64" }), 1).sample([200000]);
    const mean = x.mean().item() as number, variance = x.var().item() as number;
    assert.ok(Math.abs(mean - alpha) < 6 * Math.sqrt(alpha / 200000), `mean ${mean} for alpha ${alpha}`);
    // Var of the sample variance of a gamma: (m4 - s^4) / n with m4 = 3 a^2 + 6 a
    const se = Math.sqrt((3 * alpha * alpha + 6 * alpha - alpha * alpha) / 200000);
    assert.ok(Math.abs(variance - alpha) < 6 * se, `variance ${variance} for alpha ${alpha}`);
  }
});
