/**
 * torch.distributions against PyTorch 2.13: every method's values for float32 and float64 with broadcast
 * parameters, seeded samples bit for bit, gradients of rsample / logProb / entropy / klDivergence w.r.t. the
 * parameters, validation errors (class and message), reprs and the call forms. One Python process runs every case.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

type T = torch.Tensor;
const { Normal, Uniform, Bernoulli, Categorical, Exponential, Laplace, Distribution, klDivergence } =
  torch.distributions;
const DT = ["float32", "float64"] as const;
type Dt = (typeof DT)[number];

/** [Python code ending in `r = ...`, the dendrite computation of r]. */
const cases: [string, () => unknown][] = [];
const add = (py: string, ts: () => unknown) => cases.push([py, ts]);
const pt = (v: unknown, dt: string) => `torch.tensor(${JSON.stringify(v)}, dtype=torch.${dt})`;
const tt = (v: unknown, dt: Dt) => torch.tensor(v as number[], { dtype: dt });
/** A tensor of parameters that records gradients, on both sides. */
const ptg = (v: unknown, dt: string) => `${pt(v, dt)}.requires_grad_()`;
const ttg = (v: unknown, dt: Dt) => tt(v, dt).requiresGrad_();

const LOC = [[0.3], [-1.1]], SCALE = [0.5, 1.7, 2.2], X = [[0.1, -2.5, 3.0], [1.0, -1.1, 0.25]];
const LOW = [[-1.0], [0.5]], HIGH = [2.0, 3.5, 1.25], UX = [[-0.5, 0.6, 1.2], [0.75, 3.0, 1.0]];
const PROBS = [0.1, 0.5, 0.95, 0.0, 1.0], LOGITS = [-2.0, 0.0, 3.5, 25.0, -30.0], BX = [0, 1, 1, 0, 1];
const CPROBS = [[1, 2, 3, 4], [0.5, 0, 0.25, 1]], CLOGITS = [[0.1, -2, 3, 0.7], [1, 1, 1, -200]];
const Q = [0.2, 0.5, 0.7, 0.3];

for (const dt of DT) {
  // ---- Normal: every method, broadcast (2,1) x (3,) parameters
  const nPy = `d = torch.distributions.Normal(${pt(LOC, dt)}, ${pt(SCALE, dt)})`;
  const nTs = () => new Normal(tt(LOC, dt), tt(SCALE, dt));
  add(`${nPy}; r = (d.mean, d.mode, d.variance, d.stddev, d.entropy(), d.perplexity())`, () => {
    const d = nTs();
    return [d.mean, d.mode, d.variance, d.stddev, d.entropy(), d.perplexity()];
  });
  add(`${nPy}; r = (d.log_prob(${pt(X, dt)}), d.cdf(${pt(X, dt)}), d.icdf(${pt(Q.slice(0, 3), dt)}))`, () => {
    const d = nTs();
    return [d.logProb(tt(X, dt)), d.cdf(tt(X, dt)), d.icdf(tt(Q.slice(0, 3), dt))];
  });
  add(`${nPy}; r = str((d.batch_shape, d.event_shape, d))`, () => {
    const d = nTs();
    return `(torch.Size([${d.batchShape.join(", ")}]), torch.Size([${d.eventShape.join(", ")}]), ${d})`;
  });
  add(`${nPy}; torch.manual_seed(3); r = (d.sample(), d.sample((4,)), d.rsample((2, 5)))`, () => {
    const d = nTs();
    torch.manualSeed(3);
    return [d.sample(), d.sample([4]), d.rsample([2, 5])];
  });
  add(
    `l = ${ptg(LOC, dt)}; s = ${ptg(SCALE, dt)}; d = torch.distributions.Normal(l, s); torch.manual_seed(7)
x = d.rsample((3,)); (x.sum() + d.log_prob(${pt(X, dt)}).sum() + 2 * d.entropy().sum() + d.cdf(${
      pt(X, dt)
    }).sum()).backward(); r = (x, l.grad, s.grad)`,
    () => {
      const l = ttg(LOC, dt), s = ttg(SCALE, dt), d = new Normal(l, s);
      torch.manualSeed(7);
      const x = d.rsample([3]);
      x.sum().add(d.logProb(tt(X, dt)).sum()).add(d.entropy().sum().mul(2)).add(d.cdf(tt(X, dt)).sum()).backward();
      return [x.detach(), l.grad, s.grad];
    },
  );
  // expand: a view of the parameters, same stream
  add(
    `d = torch.distributions.Normal(${pt([0.5, -1], dt)}, ${pt(2, dt)}).expand((3, 2)); torch.manual_seed(1)
r = (d.loc, d.scale, d.rsample(), str(d.batch_shape))`,
    () => {
      const d = new Normal(tt([0.5, -1], dt), tt(2, dt)).expand([3, 2]);
      torch.manualSeed(1);
      return [d.loc, d.scale, d.rsample(), `torch.Size([${d.batchShape.join(", ")}])`];
    },
  );

  // ---- Uniform
  const uPy = `d = torch.distributions.Uniform(${pt(LOW, dt)}, ${pt(HIGH, dt)})`;
  const uTs = () => new Uniform(tt(LOW, dt), tt(HIGH, dt));
  add(
    `${uPy}; r = (d.mean, d.mode, d.variance, d.stddev, d.entropy(), d.log_prob(${pt(UX, dt)}), d.cdf(${
      pt(UX, dt)
    }), d.icdf(${pt(Q.slice(0, 3), dt)}))`,
    () => {
      const d = uTs();
      return [
        d.mean,
        d.mode,
        d.variance,
        d.stddev,
        d.entropy(),
        d.logProb(tt(UX, dt)),
        d.cdf(tt(UX, dt)),
        d.icdf(tt(Q.slice(0, 3), dt)),
      ];
    },
  );
  // values outside the support, unvalidated: -inf and clamped cdf
  add(
    `d = torch.distributions.Uniform(${pt(LOW, dt)}, ${pt(HIGH, dt)}, validate_args=False); v = ${
      pt([-3, 2, 5], dt)
    }; r = (d.log_prob(v), d.cdf(v))`,
    () => {
      const d = new Uniform(tt(LOW, dt), tt(HIGH, dt), false), v = tt([-3, 2, 5], dt);
      return [d.logProb(v), d.cdf(v)];
    },
  );
  add(`${uPy}; torch.manual_seed(11); r = (d.sample((2,)), d.rsample(), str(d))`, () => {
    const d = uTs();
    torch.manualSeed(11);
    return [d.sample([2]), d.rsample(), String(d)];
  });
  add(
    `lo = ${ptg(LOW, dt)}; hi = ${ptg(HIGH, dt)}; d = torch.distributions.Uniform(lo, hi); torch.manual_seed(2)
x = d.rsample((4,)); (x.sum() + d.log_prob(${
      pt(UX, dt)
    }).sum() + d.entropy().sum()).backward(); r = (x, lo.grad, hi.grad)`,
    () => {
      const lo = ttg(LOW, dt), hi = ttg(HIGH, dt), d = new Uniform(lo, hi);
      torch.manualSeed(2);
      const x = d.rsample([4]);
      x.sum().add(d.logProb(tt(UX, dt)).sum()).add(d.entropy().sum()).backward();
      return [x.detach(), lo.grad, hi.grad];
    },
  );

  // ---- Bernoulli (probs, including 0 and 1, and logits, including large ones)
  for (const [kw, v] of [["probs", PROBS], ["logits", LOGITS]] as const) {
    const bPy = `d = torch.distributions.Bernoulli(${kw}=${pt(v, dt)})`;
    const bTs = () => new Bernoulli({ [kw]: tt(v, dt) });
    add(
      `${bPy}; r = (d.probs, d.logits, d.mean, d.mode, d.variance, d.stddev, d.entropy(), d.log_prob(${
        pt(BX, dt)
      }), d.enumerate_support(), d.enumerate_support(False), str(d))`,
      () => {
        const d = bTs();
        return [
          d.probs,
          d.logits,
          d.mean,
          d.mode,
          d.variance,
          d.stddev,
          d.entropy(),
          d.logProb(tt(BX, dt)),
          d.enumerateSupport(),
          d.enumerateSupport(false),
          String(d),
        ];
      },
    );
    add(`${bPy}; torch.manual_seed(5); r = (d.sample(), d.sample((3, 2)))`, () => {
      const d = bTs();
      torch.manualSeed(5);
      return [d.sample(), d.sample([3, 2])];
    });
    add(
      `p = ${ptg(v.slice(0, 3), dt)}; d = torch.distributions.Bernoulli(${kw}=p)
(d.log_prob(${pt([[0, 1, 1], [1, 0, 1]], dt)}).sum() + d.entropy().sum()).backward(); r = p.grad`,
      () => {
        const p = ttg(v.slice(0, 3), dt), d = new Bernoulli({ [kw]: p });
        d.logProb(tt([[0, 1, 1], [1, 0, 1]], dt)).sum().add(d.entropy().sum()).backward();
        return p.grad;
      },
    );
  }

  // ---- Categorical (probs with a zero, logits with a very negative one), batch (2,)
  for (const [kw, v] of [["probs", CPROBS], ["logits", CLOGITS]] as const) {
    const cPy = `d = torch.distributions.Categorical(${kw}=${pt(v, dt)})`;
    const cTs = () => new Categorical({ [kw]: tt(v, dt) });
    add(
      `${cPy}; r = (d.probs, d.logits, d.mean, d.mode, d.variance, d.entropy(), d.log_prob(torch.tensor([[3, 1], [0, 2], [2, 2]])), d.enumerate_support(), d.enumerate_support(False), d.param_shape, str(d))`,
      () => {
        const d = cTs();
        return [
          d.probs,
          d.logits,
          d.mean,
          d.mode,
          d.variance,
          d.entropy(),
          d.logProb(torch.tensor([[3, 1], [0, 2], [2, 2]])),
          d.enumerateSupport(),
          d.enumerateSupport(false),
          d.paramShape,
          String(d),
        ];
      },
    );
    add(
      `${cPy}; torch.manual_seed(9); r = (d.sample(), d.sample((5,)), d.sample((2, 3)), d.expand((3, 2)).sample())`,
      () => {
        const d = cTs();
        torch.manualSeed(9);
        return [d.sample(), d.sample([5]), d.sample([2, 3]), d.expand([3, 2]).sample()];
      },
    );
    add(
      `p = ${ptg(v, dt)}; d = torch.distributions.Categorical(${kw}=p)
(d.log_prob(torch.tensor([0, 3])).sum() + d.entropy().sum()).backward(); r = p.grad`,
      () => {
        const p = ttg(v, dt), d = new Categorical({ [kw]: p });
        d.logProb(torch.tensor([0, 3])).sum().add(d.entropy().sum()).backward();
        return p.grad;
      },
    );
  }

  // ---- Exponential: rate (3,), values (2,3)
  const RATE = [0.5, 1.7, 3.0], EX = [[0.1, 2.5, 0.0], [1.0, 0.3, 4.0]];
  add(
    `d = torch.distributions.Exponential(${
      pt(RATE, dt)
    }); r = (d.mean, d.mode, d.variance, d.stddev, d.entropy(), d.log_prob(${pt(EX, dt)}), d.cdf(${
      pt(EX, dt)
    }), d.icdf(${pt(Q.slice(0, 3), dt)}), str(d), str(d.support))`,
    () => {
      const d = new Exponential(tt(RATE, dt));
      return [
        d.mean,
        d.mode,
        d.variance,
        d.stddev,
        d.entropy(),
        d.logProb(tt(EX, dt)),
        d.cdf(tt(EX, dt)),
        d.icdf(tt(Q.slice(0, 3), dt)),
        String(d),
        String(d.support),
      ];
    },
  );
  add(
    `l = ${ptg(RATE, dt)}; d = torch.distributions.Exponential(l); torch.manual_seed(6); s0 = d.sample((2,))
x = d.rsample((4,)); (x.sum() + d.log_prob(${pt(EX, dt)}).sum() + d.entropy().sum() + d.cdf(${
      pt(EX, dt)
    }).sum()).backward()
r = (s0, x, l.grad)`,
    () => {
      const l = ttg(RATE, dt), d = new Exponential({ rate: l });
      torch.manualSeed(6);
      const s0 = d.sample([2]), x = d.rsample([4]);
      x.sum().add(d.logProb(tt(EX, dt)).sum()).add(d.entropy().sum()).add(d.cdf(tt(EX, dt)).sum()).backward();
      return [s0, x.detach(), l.grad];
    },
  );
  // ---- Laplace: broadcast (2,1) x (3,)
  add(
    `d = torch.distributions.Laplace(${pt(LOC, dt)}, ${
      pt(SCALE, dt)
    }); r = (d.mean, d.mode, d.variance, d.stddev, d.entropy(), d.log_prob(${pt(X, dt)}), d.cdf(${pt(X, dt)}), d.icdf(${
      pt([0.2, 0.5, 0.9], dt)
    }), str(d))`,
    () => {
      const d = new Laplace(tt(LOC, dt), tt(SCALE, dt));
      return [
        d.mean,
        d.mode,
        d.variance,
        d.stddev,
        d.entropy(),
        d.logProb(tt(X, dt)),
        d.cdf(tt(X, dt)),
        d.icdf(tt([0.2, 0.5, 0.9], dt)),
        String(d),
      ];
    },
  );
  add(
    `l = ${ptg(LOC, dt)}; s = ${
      ptg(SCALE, dt)
    }; d = torch.distributions.Laplace(l, s); torch.manual_seed(8); s0 = d.sample()
x = d.rsample((3,)); (x.sum() + d.log_prob(${pt(X, dt)}).sum() + d.entropy().sum() + d.cdf(${
      pt(X, dt)
    }).sum()).backward()
r = (s0, x, l.grad, s.grad)`,
    () => {
      const l = ttg(LOC, dt), s = ttg(SCALE, dt), d = new Laplace(l, { scale: s });
      torch.manualSeed(8);
      const s0 = d.sample(), x = d.rsample([3]);
      x.sum().add(d.logProb(tt(X, dt)).sum()).add(d.entropy().sum()).add(d.cdf(tt(X, dt)).sum()).backward();
      return [s0, x.detach(), l.grad, s.grad];
    },
  );
  add(
    `a = ${ptg(RATE, dt)}; c = ${ptg([[1.0], [0.2]], dt)}; l1 = ${ptg(LOC, dt)}; s1 = ${ptg(SCALE, dt)}; l2 = ${
      ptg([0.0, 1.0, -0.5], dt)
    }; s2 = ${ptg([[0.7], [2.0]], dt)}
D = torch.distributions; k1 = D.kl_divergence(D.Exponential(a), D.Exponential(c)); k2 = D.kl_divergence(D.Laplace(l1, s1), D.Laplace(l2, s2))
(k1.sum() + k2.sum()).backward(); r = (k1, k2, a.grad, c.grad, l1.grad, s1.grad, l2.grad, s2.grad)`,
    () => {
      const a = ttg(RATE, dt), c = ttg([[1.0], [0.2]], dt), l1 = ttg(LOC, dt), s1 = ttg(SCALE, dt);
      const l2 = ttg([0.0, 1.0, -0.5], dt), s2 = ttg([[0.7], [2.0]], dt);
      const k1 = klDivergence(new Exponential(a), new Exponential(c));
      const k2 = klDivergence(new Laplace(l1, s1), new Laplace(l2, s2));
      k1.sum().add(k2.sum()).backward();
      return [k1, k2, a.grad, c.grad, l1.grad, s1.grad, l2.grad, s2.grad];
    },
  );

  // ---- KL divergences, values and gradients w.r.t. both sides' parameters
  add(
    `a = ${ptg(LOC, dt)}; b = ${ptg(SCALE, dt)}; c = ${ptg([0.2, -0.4, 1.0], dt)}; e = ${ptg([[1.5], [0.3]], dt)}
k = torch.distributions.kl_divergence(torch.distributions.Normal(a, b), torch.distributions.Normal(c, e)); k.sum().backward()
r = (k, a.grad, b.grad, c.grad, e.grad)`,
    () => {
      const a = ttg(LOC, dt), b = ttg(SCALE, dt), c = ttg([0.2, -0.4, 1.0], dt), e = ttg([[1.5], [0.3]], dt);
      const k = klDivergence(new Normal(a, b), new Normal(c, e));
      k.sum().backward();
      return [k, a.grad, b.grad, c.grad, e.grad];
    },
  );
  add(
    `a = ${ptg([0, 0, -1], dt)}; b = ${ptg([1, 2, 1], dt)}; c = ${ptg([-1, 0.5, -2], dt)}; e = ${ptg([2, 3, 0.5], dt)}
k = torch.distributions.kl_divergence(torch.distributions.Uniform(a, b), torch.distributions.Uniform(c, e)); k.sum().backward()
r = (k, a.grad, b.grad, c.grad, e.grad)`,
    () => {
      const a = ttg([0, 0, -1], dt), b = ttg([1, 2, 1], dt), c = ttg([-1, 0.5, -2], dt), e = ttg([2, 3, 0.5], dt);
      const k = klDivergence(new Uniform(a, b), new Uniform(c, e));
      k.sum().backward();
      return [k, a.grad, b.grad, c.grad, e.grad];
    },
  );
  add(
    `a = ${ptg([0.2, 0.0, 1.0, 0.5, 0.3], dt)}; c = ${ptg([-1.0, 2.0, 0.5, 30.0, 0.0], dt)}
k = torch.distributions.kl_divergence(torch.distributions.Bernoulli(a), torch.distributions.Bernoulli(logits=c)); k.sum().backward()
r = (k, a.grad, c.grad)`,
    () => {
      const a = ttg([0.2, 0.0, 1.0, 0.5, 0.3], dt), c = ttg([-1.0, 2.0, 0.5, 30.0, 0.0], dt);
      const k = klDivergence(new Bernoulli(a), new Bernoulli({ logits: c }));
      k.sum().backward();
      return [k, a.grad, c.grad];
    },
  );
  add(
    `a = ${ptg([[1, 2, 0, 4], [0.5, 0.5, 0.25, 1]], dt)}; c = ${ptg([0.3, -1, 2, 0.1], dt)}
k = torch.distributions.kl.kl_divergence(torch.distributions.Categorical(a), torch.distributions.Categorical(logits=c)); k.sum().backward()
r = (k, a.grad, c.grad)`,
    () => {
      const a = ttg([[1, 2, 0, 4], [0.5, 0.5, 0.25, 1]], dt), c = ttg([0.3, -1, 2, 0.1], dt);
      const k = torch.distributions.kl.klDivergence(new Categorical(a), new Categorical({ logits: c }));
      k.sum().backward();
      return [k, a.grad, c.grad];
    },
  );
  add(
    `r = torch.distributions.kl_divergence(torch.distributions.Categorical(${
      pt([0.5, 0.5, 0], dt)
    }), torch.distributions.Categorical(${pt([0.5, 0, 0.5], dt)}))`,
    () => klDivergence(new Categorical(tt([0.5, 0.5, 0], dt)), new Categorical(tt([0.5, 0, 0.5], dt))),
  );
}

// ---- numbers as parameters: the default dtype, batch shape (); numbers mixed with a tensor take its dtype
add(
  `d = torch.distributions.Normal(0.5, 2.0); torch.manual_seed(4); r = (d.loc, d.rsample((3,)), d.log_prob(torch.tensor(1.0)), str(d))`,
  () => {
    const d = new Normal(0.5, 2.0);
    torch.manualSeed(4);
    return [d.loc, d.rsample([3]), d.logProb(torch.tensor(1.0, { dtype: "float32" })), String(d)];
  },
);
add(
  `d = torch.distributions.Uniform(torch.zeros(2, dtype=torch.float64), 3.0); r = (d.high, d.entropy(), str(d.support))`,
  () => {
    const d = new Uniform(torch.zeros(2, { dtype: "float64" }), 3.0);
    return [d.high, d.entropy(), String(d.support)];
  },
);
add(`d = torch.distributions.Bernoulli(0.25); r = (d.probs, d.logits, str(d))`, () => {
  const d = new Bernoulli(0.25);
  return [d.probs, d.logits, String(d)];
});

// ---- validation errors: parameters, values outside the support, shapes, the probs/logits choice
const E = (py: string, ts: () => unknown) => add(`r = ${py}`, ts);
E(
  `torch.distributions.Normal(torch.tensor([0., 1.]), torch.tensor([1., -1.]))`,
  () => new Normal(torch.tensor([0, 1], { dtype: "float32" }), torch.tensor([1, -1], { dtype: "float32" })),
);
E(`torch.distributions.Normal(0., -1.)`, () => new Normal(0, -1));
E(`torch.distributions.Normal(float('nan'), 1.)`, () => new Normal(NaN, 1));
E(`torch.distributions.Normal(0., 1.).log_prob(1.0)`, () => new Normal(0, 1).logProb(1));
E(
  `torch.distributions.Normal(torch.zeros(3), 1.).log_prob(torch.zeros(2))`,
  () => new Normal(torch.zeros(3), 1).logProb(torch.zeros(2)),
);
E(
  `torch.distributions.Uniform(torch.tensor([0., 1.]), torch.tensor([1., 0.5]))`,
  () => new Uniform(torch.tensor([0, 1], { dtype: "float32" }), torch.tensor([1, 0.5])),
);
E(
  `torch.distributions.Uniform(0., 1.).log_prob(torch.tensor([0.5, 1.5]))`,
  () => new Uniform(0, 1).logProb(torch.tensor([0.5, 1.5])),
);
E(
  `torch.distributions.Exponential(torch.tensor([1., 0.]))`,
  () => new Exponential(torch.tensor([1, 0], { dtype: "float32" })),
);
E(
  `torch.distributions.Exponential(2.).log_prob(torch.tensor([-1.]))`,
  () => new Exponential(2).logProb(torch.tensor([-1], { dtype: "float32" })),
);
E(`torch.distributions.Laplace(0., 0.)`, () => new Laplace(0, 0));
E(`torch.distributions.Bernoulli(torch.tensor([0.5, 1.5]))`, () => new Bernoulli(torch.tensor([0.5, 1.5])));
E(
  `torch.distributions.Bernoulli(0.5).log_prob(torch.tensor([0.5]))`,
  () => new Bernoulli(0.5).logProb(torch.tensor([0.5])),
);
E(`torch.distributions.Bernoulli(0.5, 0.1)`, () => new Bernoulli(0.5, 0.1));
E(`torch.distributions.Bernoulli()`, () => new Bernoulli());
E(`torch.distributions.Categorical(torch.tensor([0.5, -0.6]))`, () => new Categorical(torch.tensor([0.5, -0.6])));
E(
  `torch.distributions.Categorical(logits=torch.tensor(0.5))`,
  () => new Categorical({ logits: torch.tensor(0.5, { dtype: "float32" }) }),
);
E(
  `torch.distributions.Categorical(torch.tensor([0.5, 0.5])).log_prob(torch.tensor([2]))`,
  () => new Categorical(torch.tensor([0.5, 0.5])).logProb(torch.tensor([2])),
);
// (PyTorch has KL for Normal-Uniform and other mixed pairs; only same-kind pairs are implemented here)
E(
  `torch.distributions.kl_divergence(torch.distributions.Categorical(torch.tensor([0.5, 0.5])), torch.distributions.Normal(0., 1.))`,
  () => klDivergence(new Categorical(torch.tensor([0.5, 0.5])), new Normal(0, 1)),
);
// validate_args=False skips the checks
add(
  `r = torch.distributions.Normal(0., -1., validate_args=False).log_prob(torch.tensor(0.))`,
  () => new Normal(0, -1, false).logProb(torch.tensor(0, { dtype: "float32" })),
);

const results = await numpy(cases.map(([py]) => ({ torch: true, setup: py, expr: "r" })));

Deno.test("distributions: values, seeded samples, gradients, reprs and errors match PyTorch", () => {
  assert.deepEqual(caseFailures(cases, results), []);
});

Deno.test("distributions: call forms (positional, options object, mixed) bind alike", () => {
  const loc = torch.tensor([0.5, -1], { dtype: "float64" }), scale = torch.tensor([1, 2], { dtype: "float64" });
  const x = torch.tensor([0.1, 0.2], { dtype: "float64" });
  const want = new Normal(loc, scale).logProb(x).tolist();
  assert.deepEqual(new Normal({ loc, scale }).logProb(x).tolist(), want);
  assert.deepEqual(new Normal(loc, { scale, validateArgs: true }).logProb(x).tolist(), want);
  const logits = torch.tensor([0.3, -2], { dtype: "float64" });
  assert.deepEqual(new Bernoulli(null, logits).probs.tolist(), new Bernoulli({ logits }).probs.tolist());
  assert.deepEqual(new Uniform({ low: 0, high: 2 }).mean.item(), 1);
  assert.throws(() => new Normal({ loc, scale, foo: 1 } as never), /unexpected keyword argument 'foo'/);
  assert.throws(() => new Normal(loc, scale, { scale } as never), /multiple values for argument 'scale'/);
  assert.throws(() => new Normal({ loc } as never), TypeError);
});

Deno.test("distributions: setDefaultValidateArgs turns validation off and on", () => {
  Distribution.setDefaultValidateArgs(false);
  try {
    assert.ok(Number.isNaN(new Normal(0, -1).logProb(torch.tensor(0, { dtype: "float32" })).item())); // log(-1)
    assert.equal(new Normal(0, -1).validateArgs, false);
  } finally {
    Distribution.setDefaultValidateArgs(true);
  }
  assert.throws(() => new Normal(0, -1), RangeError);
  assert.throws(() => Distribution.setDefaultValidateArgs(1 as never), RangeError);
  assert.equal(new Normal(0, -1, false).validateArgs, false);
  assert.ok(Normal.hasRsample && Uniform.hasRsample && !Bernoulli.hasRsample && Categorical.hasEnumerateSupport);
});

Deno.test("distributions: sample is detached, rsample is not", () => {
  const loc = torch.zeros(2).requiresGrad_();
  const d = new Normal(loc, 1);
  assert.equal(d.sample().requiresGrad, false);
  assert.equal(d.rsample().requiresGrad, true);
  assert.throws(() => new Bernoulli(0.5).rsample(), torch.RuntimeError);
});

Deno.test("sample / rsample take the sample shape positionally or as { sampleShape }; an unknown option is named", () => {
  const d = new torch.distributions.Normal(torch.zeros(2), 1);
  torch.manualSeed(5);
  const a = d.sample([3]);
  torch.manualSeed(5);
  const b = d.sample({ sampleShape: [3] });
  assert.deepEqual(b.tolist(), a.tolist());
  assert.deepEqual(d.rsample({ sampleShape: [4] }).shape, [4, 2]);
  assert.deepEqual(new torch.distributions.Categorical(torch.ones(3)).sample({ sampleShape: [2, 5] }).shape, [2, 5]);
  assert.throws(
    () => d.sample({ shape: [3] } as never),
    /Normal\.sample\(\) got an unexpected keyword argument 'shape'/,
  );
});
