/**
 * torch.distributions batch 6 against PyTorch 2.13: bijectTo / transformTo for every registered constraint (values,
 * inverses, log-determinants, gradients, reprs, errors), ExponentialFamily (membership, natural parameters, log
 * normalizers, the Bregman entropy and KL with their gradients, dispatch over every pair of families),
 * GeneralizedPareto, CumulativeDistributionTransform, PositiveDefiniteTransform and the top-level names. One Python
 * process runs every case.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";
import { klExpFamilyExpFamily } from "../../src/torch/distributions/kl_exp_family.ts";
import { Constraint } from "../../src/torch/distributions/constraints.ts";

type T = torch.Tensor;
const D = torch.distributions;
const C = D.constraints;
type Dist = InstanceType<typeof D.Distribution>;
type EF = InstanceType<typeof D.ExponentialFamily>;
const DT = ["float32", "float64"] as const;
type Dt = (typeof DT)[number];

const cases: [string, () => unknown][] = [];
const add = (py: string, ts: () => unknown) => cases.push([py, ts]);
const pt = (v: unknown, dt: string) => `torch.tensor(${JSON.stringify(v)}, dtype=torch.${dt})`;
const ptg = (v: unknown, dt: string) => `${pt(v, dt)}.requires_grad_()`;
const tt = (v: unknown, dt: Dt) => torch.tensor(v as number[], { dtype: dt });
const ttg = (v: unknown, dt: Dt) => tt(v, dt).requiresGrad_();
const pyBool = (b: boolean) => (b ? "True" : "False");
const sumAll = (ts: T[]) => ts.reduce((acc: T | undefined, o) => (acc ? acc.add(o.sum()) : o.sum()), undefined)!;
const PRE = "D = torch.distributions; C = D.constraints";

// ---- bijectTo / transformTo: one constraint, built from p (a parameter that records gradients, when given)
interface Spec {
  name: string;
  py: string;
  ts: (p: T | undefined) => Constraint;
  x: unknown;
  param?: unknown;
  biject?: false;
  transform?: false;
  lad?: "biject" | "none";
}
const X = [[0.3, -1.2, 2.0], [0.7, 0.05, -0.4]];
const SPECS: Spec[] = [
  { name: "real", py: "C.real", ts: () => C.real, x: X },
  { name: "positive", py: "C.positive", ts: () => C.positive, x: X },
  { name: "nonnegative", py: "C.nonnegative", ts: () => C.nonnegative, x: X },
  { name: "greater-than", py: "C.greater_than(p)", ts: (p) => C.greaterThan(p!), x: X, param: [1.0, -2.0, 0.5] },
  { name: "greater-than-eq", py: "C.greater_than_eq(1.5)", ts: () => C.greaterThanEq(1.5), x: X },
  { name: "less-than", py: "C.less_than(p)", ts: (p) => C.lessThan(p!), x: X, param: [[1.0], [-3.0]] },
  { name: "interval-unit-numbers", py: "C.interval(0.0, 1.0)", ts: () => C.interval(0, 1), x: X },
  { name: "interval-numbers", py: "C.interval(-1.0, 3.0)", ts: () => C.interval(-1, 3), x: X },
  {
    name: "interval-tensors",
    py: "C.interval(p, p + 2.5)",
    ts: (p) => C.interval(p!, p!.add(2.5)),
    x: X,
    param: [0.0, -1.0, 2.0],
  },
  { name: "half-open", py: "C.half_open_interval(0.0, 2.0)", ts: () => C.halfOpenInterval(0, 2), x: X },
  { name: "unit-interval", py: "C.unit_interval", ts: () => C.unitInterval, x: X },
  { name: "real-vector", py: "C.real_vector", ts: () => C.realVector, x: X },
  { name: "simplex", py: "C.simplex", ts: () => C.simplex, x: X, lad: "biject" },
  {
    name: "lower-cholesky",
    py: "C.lower_cholesky",
    ts: () => C.lowerCholesky,
    x: [[[0.3, 5.0], [-1.2, 2.0]], [[0.7, 0.1], [0.05, -0.4]]],
    lad: "none",
  },
  {
    name: "positive-definite",
    py: "C.positive_definite",
    ts: () => C.positiveDefinite,
    x: [[[0.3, 5.0], [-1.2, 2.0]], [[0.7, 0.1], [0.05, -0.4]]],
    lad: "none",
  },
  { name: "corr-cholesky", py: "C.corr_cholesky", ts: () => C.corrCholesky, x: X },
  {
    name: "independent",
    py: "C.independent(C.interval(0.0, 2.0), 1)",
    ts: () => C.independent(C.interval(0, 2), 1),
    x: X,
  },
  {
    name: "independent-simplex",
    py: "C.independent(C.simplex, 1)",
    ts: () => C.independent(C.simplex, 1),
    x: X,
    lad: "biject",
  },
  {
    name: "cat",
    py: "C.cat([C.positive, C.real, C.unit_interval], -1, [1, 1, 1])",
    ts: () => C.cat([C.positive, C.real, C.unitInterval], -1, [1, 1, 1]),
    x: X,
  },
  {
    name: "cat-lengths",
    py: "C.cat([C.greater_than(p), C.real], 0, [1, 1])",
    ts: (p) => C.cat([C.greaterThan(p!), C.real], 0, [1, 1]),
    x: X,
    param: [2.0],
  },
  {
    name: "stack",
    py: "C.stack([C.positive, C.less_than(p)], 0)",
    ts: (p) => C.stack([C.positive, C.lessThan(p!)], 0),
    x: X,
    param: [4.0, 0.0, -1.0],
  },
  {
    name: "pareto-support",
    py: "D.Pareto(p, 2.0).support",
    ts: (p) => new D.Pareto(p!, 2).support,
    x: X,
    param: [1.0, 0.5, 3.0],
  },
];

for (const dt of DT) {
  for (const s of SPECS) {
    for (const kind of ["biject_to", "transform_to"] as const) {
      const reg = kind === "biject_to" ? D.bijectTo : D.transformTo;
      const lad = s.lad === undefined || (s.lad === "biject" && kind === "biject_to");
      const unregistered = kind === "biject_to" && s.lad === "none";
      const pInit = s.param === undefined ? "p = None" : `p = ${ptg(s.param, dt)}`;
      if (unregistered) {
        add(`${PRE}; p = None; r = D.${kind}(${s.py})`, () => reg(s.ts(undefined)));
        continue;
      }
      add(
        `${PRE}; ${pInit}; c = ${s.py}; t = D.${kind}(c); x = ${ptg(s.x, dt)}
y = t(x); z = t.inv(y); out = [y, z]
${lad ? "out.append(t.log_abs_det_jacobian(x, y))" : ""}
sum(o.sum() for o in out).backward(); r = tuple(o.detach() for o in out) + (x.grad,) + ((p.grad,) if p is not None else ()) + (str(t), str(t.bijective), c.check(y))`,
        () => {
          const p = s.param === undefined ? undefined : ttg(s.param, dt);
          const c = s.ts(p), t = reg(c), x = ttg(s.x, dt);
          const y = t.call(x), z = t.inv.call(y), out = [y, z];
          if (lad) out.push(t.logAbsDetJacobian(x, y));
          sumAll(out).backward();
          const check = c.check(y);
          return [...out.map((o) => o.detach()), x.grad, ...(p ? [p.grad] : [])].concat(
            [String(t), pyBool(t.bijective), check] as never[],
          );
        },
      );
    }
  }
}
// the constraints with no transform registered: PyTorch's NotImplementedError, naming the class
for (
  const [py, ts] of [
    ["C.boolean", () => C.boolean],
    ["C.nonnegative_integer", () => C.nonnegativeInteger],
    ["C.integer_interval(0, 3)", () => C.integerInterval(0, 3)],
    ["C.one_hot", () => C.oneHot],
  ] as [string, () => Constraint][]
) {
  add(`${PRE}; r = D.biject_to(${py})`, () => D.bijectTo(ts()));
  add(`${PRE}; r = D.transform_to(${py})`, () => D.transformTo(ts()));
}
// the new constraints' reprs and checks
add(
  `${PRE}; r = (str(C.greater_than_eq(1.5)), str(C.half_open_interval(0, 2)), C.half_open_interval(0, 2).check(torch.tensor([0.0, 1.0, 2.0])), C.greater_than_eq(1.5).check(torch.tensor([1.0, 1.5])))`,
  () => [
    String(C.greaterThanEq(1.5)),
    String(C.halfOpenInterval(0, 2)),
    C.halfOpenInterval(0, 2).check(torch.tensor([0, 1, 2], { dtype: "float32" })),
    C.greaterThanEq(1.5).check(torch.tensor([1, 1.5], { dtype: "float32" })),
  ],
);

// ---- ExponentialFamily: members, natural parameters, log normalizer, Bregman entropy and its gradients
interface Fam {
  name: string;
  py: string;
  ts: (p: T, dt: Dt) => Dist;
  param: unknown;
}
const COV = [[[2.0, 0.5], [0.5, 1.0]], [[1.0, -0.3], [-0.3, 0.5]]];
const FAMS: Fam[] = [
  { name: "Bernoulli", py: "D.Bernoulli(p)", ts: (p) => new D.Bernoulli(p), param: [0.2, 0.7] },
  { name: "Beta", py: "D.Beta(p, p + 1.0)", ts: (p) => new D.Beta(p, p.add(1)), param: [0.5, 2.0] },
  { name: "Chi2", py: "D.Chi2(p)", ts: (p) => new D.Chi2(p), param: [1.5, 4.0] },
  {
    name: "ContinuousBernoulli",
    py: "D.ContinuousBernoulli(p)",
    ts: (p) => new D.ContinuousBernoulli(p),
    param: [0.2, 0.4995],
  },
  { name: "Dirichlet", py: "D.Dirichlet(p)", ts: (p) => new D.Dirichlet(p), param: [[0.5, 2.0, 1.5], [3.0, 1.0, 0.7]] },
  { name: "Exponential", py: "D.Exponential(p)", ts: (p) => new D.Exponential(p), param: [0.5, 3.0] },
  { name: "Gamma", py: "D.Gamma(p, p * 2.0)", ts: (p) => new D.Gamma(p, p.mul(2)), param: [0.5, 3.0] },
  {
    name: "Normal",
    py: "D.Normal(p, p.abs() + 0.5)",
    ts: (p) => new D.Normal(p, p.abs().add(0.5)),
    param: [-1.0, 2.0],
  },
  { name: "Poisson", py: "D.Poisson(p)", ts: (p) => new D.Poisson(p), param: [0.5, 4.0] },
  {
    name: "Wishart",
    py: "D.Wishart(p, covariance_matrix=cov)",
    ts: (p, dt) => new D.Wishart(p, { covarianceMatrix: tt(COV, dt) }),
    param: [3.0, 4.5],
  },
];
const famPy = (f: Fam, dt: Dt) => `${PRE}; cov = ${pt(COV, dt)}; p = ${ptg(f.param, dt)}; d = ${f.py}`;
for (const dt of DT) {
  for (const f of FAMS) {
    // the Bregman entropy (PyTorch's ExponentialFamily.entropy, which every family but Poisson overrides)
    add(
      `${famPy(f, dt)}; h = D.ExponentialFamily.entropy(d); h.sum().backward(); r = (h.detach(), str(p.grad))`,
      () => {
        const p = ttg(f.param, dt), d = f.ts(p, dt);
        const h = D.ExponentialFamily.prototype.entropy.call(d);
        h.sum().backward();
        return [h.detach(), String(p.grad ?? "None")];
      },
    );
    // the natural parameters and the log normalizer at them
    add(
      `${famPy(f, dt)}; n = d._natural_params; r = tuple(v.detach() for v in n) + (d._log_normalizer(*n).detach(),)`,
      () => {
        const d = f.ts(ttg(f.param, dt), dt) as EF;
        const n = d._naturalParams;
        return [...n.map((v) => v.detach()), d._logNormalizer(...n).detach()];
      },
    );
  }
}
// which distributions are exponential families
for (const f of FAMS) {
  add(
    `${famPy(f, "float64")}; r = str(isinstance(d, D.ExponentialFamily))`,
    () => f.ts(ttg(f.param, "float64"), "float64") instanceof D.ExponentialFamily,
  );
}
const p12 = () => tt([1, 2], "float64");
for (
  const [py, ts] of [
    ["D.Laplace(p, 1.0)", () => new D.Laplace(p12(), 1)],
    ["D.Cauchy(p, 1.0)", () => new D.Cauchy(p12(), 1)],
    ["D.Binomial(3, probs=p / 4)", () => new D.Binomial(3, { probs: p12().div(4) })],
    ["D.Categorical(p)", () => new D.Categorical(p12())],
    ["D.Geometric(p / 4)", () => new D.Geometric(p12().div(4))],
    ["D.Uniform(0.0, p)", () => new D.Uniform(0, p12())],
    ["D.HalfNormal(p)", () => new D.HalfNormal(p12())],
    ["D.LogNormal(p, 1.0)", () => new D.LogNormal(p12(), 1)],
    ["D.GeneralizedPareto(0.0, p, 0.5)", () => new D.GeneralizedPareto(0, p12(), 0.5)],
  ] as [string, () => Dist][]
) {
  add(
    `${PRE}; p = ${pt([1, 2], "float64")}; r = str(isinstance(${py}, D.ExponentialFamily))`,
    () => ts() instanceof D.ExponentialFamily,
  );
}

// ---- KL: the Bregman fallback itself for each family (values, gradients through q), and the dispatch over pairs
for (const dt of DT) {
  for (const f of FAMS) {
    const q = f.param as number[] | number[][];
    const qParam = JSON.parse(
      JSON.stringify(q),
      (
        _k,
        v,
      ) => (typeof v === "number"
        ? (f.name === "Bernoulli" || f.name === "ContinuousBernoulli" ? v * 0.5 + 0.1 : v * 1.3 + 0.2)
        : v),
    );
    add(
      `${famPy(f, dt)}; pp = p; p = ${ptg(qParam, dt)}; dq = ${f.py}
k = torch.distributions.kl._kl_expfamily_expfamily(d, dq); k.sum().backward(); r = (k.detach(), p.grad, str(pp.grad))`,
      () => {
        const pp = ttg(f.param, dt), qp = ttg(qParam, dt);
        const k = klExpFamilyExpFamily(f.ts(pp, dt) as EF, f.ts(qp, dt) as EF);
        k.sum().backward();
        return [k.detach(), qp.grad, String(pp.grad === null ? "None" : pp.grad)];
      },
    );
  }
}
for (const fp of FAMS) {
  for (const fq of FAMS) {
    add(
      `${PRE}; cov = ${pt(COV, "float64")}; p = ${pt(fp.param, "float64")}; dp = ${fp.py}; p = ${
        pt(fq.param, "float64")
      }; dq = ${fq.py}; r = D.kl_divergence(dp, dq)`,
      () => D.klDivergence(fp.ts(tt(fp.param, "float64"), "float64"), fq.ts(tt(fq.param, "float64"), "float64")),
    );
  }
}

// ---- GeneralizedPareto
const GP = { loc: [0.1, -1.0, 0.5, 0.0], scale: [2.0, 0.5, 1.0, 1.5], conc: [0.4, 0.0, -0.5, 1.2] };
const GX = [1.5, -0.2, 1.2, 3.0];
const GU = [0.3, 0.9, 0.05, 0.5];
for (const dt of DT) {
  // float64 logProb and cdf compare ξ with `torch.tensor(0.0)`: PyTorch needs float64 as the default dtype there
  const setDefault = dt === "float64";
  const gpPy = `${PRE}; loc = ${ptg(GP.loc, dt)}; scale = ${ptg(GP.scale, dt)}; conc = ${
    ptg(GP.conc, dt)
  }; d = D.GeneralizedPareto(loc, scale, conc); x = ${ptg(GX, dt)}; u = ${ptg(GU, dt)}`;
  const gpTs = () => {
    const loc = ttg(GP.loc, dt), scale = ttg(GP.scale, dt), conc = ttg(GP.conc, dt);
    return { loc, scale, conc, d: new D.GeneralizedPareto(loc, scale, conc), x: ttg(GX, dt), u: ttg(GU, dt) };
  };
  add(
    `${gpPy}
${setDefault ? "torch.set_default_dtype(torch.float64)" : ""}
torch.manual_seed(1)
try:
    out = [d.log_prob(x), d.cdf(x), d.log_cdf(x), d.log_survival_function(x), d.icdf(u), d.entropy(), d.rsample((2,))]
finally:
    torch.set_default_dtype(torch.float32)
sum(o.sum() for o in out).backward()
r = tuple(o.detach() for o in out[:-1]) + (loc.grad, scale.grad, conc.grad, x.grad, u.grad, d.mean, d.variance, d.mode.detach(), d.stddev, str(d))`,
    () => {
      if (setDefault) torch.setDefaultDtype(torch.float64);
      try {
        const { loc, scale, conc, d, x, u } = gpTs();
        torch.manualSeed(1);
        const out = [
          d.logProb(x),
          d.cdf(x),
          d.logCdf(x),
          d.logSurvivalFunction(x),
          d.icdf(u),
          d.entropy(),
          d.rsample([2]),
        ];
        sumAll(out).backward();
        return [
          ...out.slice(0, -1).map((o) => o.detach()),
          loc.grad,
          scale.grad,
          conc.grad,
          x.grad,
          u.grad,
          d.mean.detach(),
          d.variance.detach(),
          d.mode.detach(),
          d.stddev.detach(),
          String(d),
        ];
      } finally {
        torch.setDefaultDtype(torch.float32);
      }
    },
  );
  // seeded samples: torch.rand through icdf, as PyTorch draws them
  add(
    `${gpPy}; torch.manual_seed(3); r = (d.sample((3,)), d.rsample().detach(), d.expand([2, 4]).sample())`,
    () => {
      const { d } = gpTs();
      torch.manualSeed(3);
      return [d.sample([3]), d.rsample().detach(), d.expand([2, 4]).sample()];
    },
  );
}
// the support: [loc, loc - scale / ξ] for ξ < 0
add(
  `${PRE}; r = str(D.GeneralizedPareto(${pt(GP.loc, "float64")}, ${pt(GP.scale, "float64")}, ${
    pt(GP.conc, "float64")
  }).support)`,
  () => String(new D.GeneralizedPareto(tt(GP.loc, "float64"), tt(GP.scale, "float64"), tt(GP.conc, "float64")).support),
);
// float64 parameters with the float32 default: PyTorch's dtype mismatch in logProb / cdf, not in icdf
add(
  `${PRE}; d = D.GeneralizedPareto(${pt([0.0], "float64")}, 1.0, 0.5); r = d.log_prob(${pt([1.0], "float64")})`,
  () => new D.GeneralizedPareto(tt([0], "float64"), 1, 0.5).logProb(tt([1], "float64")),
);
add(
  `${PRE}; d = D.GeneralizedPareto(${pt([0.0], "float64")}, 1.0, 0.5); r = d.cdf(${pt([1.0], "float64")})`,
  () => new D.GeneralizedPareto(tt([0], "float64"), 1, 0.5).cdf(tt([1], "float64")),
);
// numbers: a batch shape of (), float32
add(
  `${PRE}; d = D.GeneralizedPareto(0.0, 1.0, 0.0); r = (d.log_prob(torch.tensor(1.0)), d.cdf(torch.tensor(2.0)), d.mean, d.variance, d.entropy(), str(d.batch_shape), str(d))`,
  () => {
    const d = new D.GeneralizedPareto(0, 1, 0);
    const f = (v: number) => torch.tensor(v, { dtype: "float32" });
    return [d.logProb(f(1)), d.cdf(f(2)), d.mean, d.variance, d.entropy(), `torch.Size([${d.batchShape}])`, String(d)];
  },
);
// validation: a non-positive scale, a value outside the support (above loc - scale / ξ for ξ < 0)
add(`${PRE}; r = D.GeneralizedPareto(0.0, -1.0, 0.5)`, () => new D.GeneralizedPareto(0, -1, 0.5));
add(
  `${PRE}; r = D.GeneralizedPareto(0.0, 1.0, -0.5).log_prob(torch.tensor(3.0))`,
  () => new D.GeneralizedPareto(0, 1, -0.5).logProb(torch.tensor(3, { dtype: "float32" })),
);

// ---- CumulativeDistributionTransform and PositiveDefiniteTransform
for (const dt of DT) {
  add(
    `${PRE}; p = ${ptg([0.5, -1.0], dt)}; base = D.Normal(p, 2.0); t = D.CumulativeDistributionTransform(base); x = ${
      ptg([0.3, -2.0], dt)
    }
y = t(x); z = t.inv(y); l = t.log_abs_det_jacobian(x, y); (y.sum() + z.sum() + l.sum()).backward()
r = (y.detach(), z.detach(), l.detach(), p.grad, x.grad, str(t), str(t.domain), str(t.codomain), str(t.bijective), str(t.sign), str(t.inv))`,
    () => {
      const p = ttg([0.5, -1], dt),
        t = new D.CumulativeDistributionTransform(new D.Normal(p, 2)),
        x = ttg([0.3, -2], dt);
      const y = t.call(x), z = t.inv.call(y), l = t.logAbsDetJacobian(x, y);
      sumAll([y, z, l]).backward();
      return [
        y.detach(),
        z.detach(),
        l.detach(),
        p.grad,
        x.grad,
        String(t),
        String(t.domain),
        String(t.codomain),
        pyBool(t.bijective),
        String(t.sign),
        String(t.inv),
      ];
    },
  );
  // a copula: a Normal pushed through its own CDF is uniform on [0, 1]
  add(
    `${PRE}; base = D.Normal(${
      pt([0.5], dt)
    }, 2.0); td = D.TransformedDistribution(base, [D.CumulativeDistributionTransform(D.Normal(${
      pt([0.5], dt)
    }, 2.0))]); r = td.log_prob(${pt([0.2, 0.7], dt)})`,
    () => {
      const base = new D.Normal(tt([0.5], dt), 2);
      const td = new D.TransformedDistribution(base, [
        new D.CumulativeDistributionTransform(new D.Normal(tt([0.5], dt), 2)),
      ]);
      return td.logProb(tt([0.2, 0.7], dt));
    },
  );
  const M = [[[0.3, 5.0], [-1.2, 2.0]], [[0.7, 0.1], [0.05, -0.4]]];
  add(
    `${PRE}; t = D.PositiveDefiniteTransform(); x = ${
      ptg(M, dt)
    }; y = t(x); z = t.inv(y); (y.sum() + z.sum()).backward()
r = (y.detach(), z.detach(), x.grad, str(t), str(t.domain), str(t.codomain), str(t.bijective), str(t == D.PositiveDefiniteTransform()), str(t == D.LowerCholeskyTransform()))`,
    () => {
      const t = new D.PositiveDefiniteTransform(), x = ttg(M, dt), y = t.call(x), z = t.inv.call(y);
      sumAll([y, z]).backward();
      return [
        y.detach(),
        z.detach(),
        x.grad,
        String(t),
        String(t.domain),
        String(t.codomain),
        pyBool(t.bijective),
        pyBool(t.equals(new D.PositiveDefiniteTransform())),
        pyBool(t.equals(new D.LowerCholeskyTransform())),
      ];
    },
  );
}
add(
  `${PRE}; r = D.PositiveDefiniteTransform().log_abs_det_jacobian(torch.eye(2), torch.eye(2))`,
  () => new D.PositiveDefiniteTransform().logAbsDetJacobian(torch.eye(2), torch.eye(2)),
);
add(
  `${PRE}; r = D.ExponentialFamily.entropy(D.Beta(torch.tensor(1.0), torch.tensor(2.0)))`,
  () => D.ExponentialFamily.prototype.entropy.call(new D.Beta(torch.tensor(1), torch.tensor(2))),
);

// ---- the top-level names: every PyTorch class in torch.distributions (transforms included); dendrite also has
// ExpRelaxedCategorical and LogitRelaxedBernoulli there (PyTorch keeps those in their submodules)
add(
  `import inspect; r = " ".join(sorted(n for n in dir(torch.distributions) if inspect.isclass(getattr(torch.distributions, n))))`,
  () =>
    Object.keys(D).filter((k) => /^[A-Z]/.test(k) && typeof (D as Record<string, unknown>)[k] === "function")
      .filter((k) => k !== "ExpRelaxedCategorical" && k !== "LogitRelaxedBernoulli").sort().join(" "),
);

const results = await numpy(cases.map(([py]) => ({ torch: true, setup: py, expr: "r" })));

Deno.test("distributions batch 6: values, gradients, reprs and errors match PyTorch", () => {
  const f32 = (py: string) => py.includes("torch.float32");
  const part = (keep: (py: string) => boolean) =>
    [cases.filter(([py]) => keep(py)), results.filter((_, i) => keep(cases[i][0]))] as const;
  // dendrite words PyTorch's bare NotImplementedErrors (abstract members) with the member's name
  const check = { anyMessage: ["NotImplementedError"] };
  assert.deepEqual(caseFailures(...part((py) => !f32(py)), { ...check, tol: { rtol: 1e-10, atol: 1e-10 } }), []);
  assert.deepEqual(caseFailures(...part(f32), { ...check, tol: { rtol: 2e-5, atol: 2e-5 } }), []);
});

Deno.test("distributions batch 6: registry messages, call forms and top-level identities", () => {
  assert.throws(
    () => D.bijectTo(C.lowerCholesky),
    (e: Error) => e instanceof torch.RuntimeError && e.message === "Cannot transform _LowerCholesky constraints",
  );
  assert.throws(() => D.transformTo(C.boolean), /Cannot transform _Boolean constraints/);
  // a registry of one's own: the decorator-free form and the decorator form, keyed by the kind of constraint
  const reg = new D.constraintRegistry.ConstraintRegistry();
  const factory = () => new D.ExpTransform();
  assert.equal(reg.register(C.positive, factory), factory);
  assert.equal(String(reg.call(C.greaterThan(2))), "ExpTransform()");
  const f2 = reg.register(C.interval)(() => new D.SigmoidTransform());
  assert.equal(String(reg.call(C.unitInterval)), "SigmoidTransform()");
  assert.equal(typeof f2, "function");
  reg.register({ constraint: C.real, factory: () => D.identityTransform });
  assert.equal(reg.call(C.real), D.identityTransform);
  assert.throws(
    () => reg.register(42 as never, factory),
    /Expected constraint to be either a Constraint subclass or instance, but got 42/,
  );
  assert.throws(() => reg.register(C.real, { factor: factory } as never), /unexpected keyword argument 'factor'/);
  // the global registries: callable, and their register reaches them
  assert.ok(D.bijectTo instanceof D.constraintRegistry.ConstraintRegistry);
  assert.equal(String(D.bijectTo.call(C.simplex)), String(D.bijectTo(C.simplex)));
  const Mine = new Constraint("Mine", (v: T) => torch.gt(v, 0));
  assert.throws(() => D.transformTo(Mine), /Cannot transform _Mine constraints/);
  D.transformTo.register(Mine, () => new D.SoftplusTransform());
  assert.equal(String(D.transformTo(Mine)), "SoftplusTransform()");
  // top-level transforms are the transforms module's
  assert.equal(D.ExpTransform, D.transforms.ExpTransform);
  assert.equal(D.identityTransform, D.transforms.identityTransform);
  assert.equal(D.PositiveDefiniteTransform, D.transforms.PositiveDefiniteTransform);
  assert.equal(D.constraintRegistry.bijectTo, D.bijectTo);
  // GeneralizedPareto's call forms
  const f = (v: number[]) => torch.tensor(v, { dtype: "float64" });
  const want = new D.GeneralizedPareto(f([0]), f([1]), f([0.3])).icdf(f([0.5])).tolist();
  assert.deepEqual(
    new D.GeneralizedPareto({ loc: f([0]), scale: f([1]), concentration: f([0.3]) }).icdf(f([0.5])).tolist(),
    want,
  );
  assert.deepEqual(
    new D.GeneralizedPareto(f([0]), { scale: f([1]), concentration: f([0.3]), validateArgs: false }).icdf(f([0.5]))
      .tolist(),
    want,
  );
  assert.throws(() => new D.GeneralizedPareto(0, 1, { conc: 1 } as never), /unexpected keyword argument 'conc'/);
  assert.throws(() => new D.GeneralizedPareto(0, 1), /missing required argument 'concentration'/);
  // CumulativeDistributionTransform's call forms and caching
  const n = new D.Normal(0, 1);
  const t = new D.CumulativeDistributionTransform({ distribution: n, cacheSize: 1 });
  const x = torch.tensor([0.3], { dtype: "float32" });
  assert.equal(t.inv.call(t.call(x)), x);
  assert.equal(t.withCache(1), t);
  assert.equal((t.withCache(0) as InstanceType<typeof D.CumulativeDistributionTransform>).distribution, n);
  assert.throws(() => new D.CumulativeDistributionTransform(42 as never), TypeError);
  assert.throws(
    () => new D.CumulativeDistributionTransform(new D.Categorical(torch.ones([2]))).call(torch.tensor([0])),
    /Categorical\.cdf is not implemented/,
  );
});
