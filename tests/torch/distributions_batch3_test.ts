/**
 * torch.distributions batch 3 against PyTorch 2.13: Weibull, Pareto, Kumaraswamy and InverseGamma — every method's
 * values for float32 and float64, seeded samples bit for bit (also after expand), rsample / logProb / entropy
 * gradients w.r.t. both parameters, the KL divergences PyTorch registers for Pareto (values and gradients),
 * validation errors (class and message), reprs and the call forms. One Python process runs every case.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";
import { logModifiedBesselFn } from "../../src/torch/distributions/von_mises.ts";

type T = torch.Tensor;
const D = torch.distributions;
type Dist = InstanceType<typeof D.Distribution>;
const DT = ["float32", "float64"] as const;
type Dt = (typeof DT)[number];

const cases: [string, () => unknown][] = [];
const add = (py: string, ts: () => unknown) => cases.push([`torch.set_num_threads(1); ${py}`, ts]);
const pt = (v: unknown, dt: string) => `torch.tensor(${JSON.stringify(v)}, dtype=torch.${dt})`;
const tt = (v: unknown, dt: Dt) => torch.tensor(v as number[], { dtype: dt });
const ptg = (v: unknown, dt: string) => `${pt(v, dt)}.requires_grad_()`;
const ttg = (v: unknown, dt: Dt) => tt(v, dt).requiresGrad_();
const size = (s: readonly number[]) => `torch.Size([${s.join(", ")}])`;
// (a.sum() + b.sum() + ...).backward()
const backwardSum = (ts: T[]) => ts.map((t) => t.sum()).reduce((a, b) => a.add(b)).backward();

/** A two-parameter distribution built from tensors a and b, and values in its support. */
interface Spec {
  name: string;
  py: string; // uses a, b
  ts: (a: T, b: T) => Dist;
  a: unknown;
  b: unknown;
  x: unknown;
}

const SPECS: Spec[] = [
  {
    name: "Weibull",
    py: "D.Weibull(a, b)",
    ts: (a, b) => new D.Weibull(a, b),
    a: [[0.5], [2.0]],
    b: [0.7, 1.0, 3.5],
    x: [[0.1, 2.5, 3.0], [1.0, 0.3, 0.25]],
  },
  {
    name: "Pareto",
    py: "D.Pareto(a, b)",
    ts: (a, b) => new D.Pareto({ scale: a, alpha: b }),
    a: [[0.5], [0.2]],
    b: [0.7, 1.5, 3.5],
    x: [[0.6, 2.5, 3.0], [1.0, 0.3, 0.25]],
  },
  {
    name: "Kumaraswamy",
    py: "D.Kumaraswamy(a, b)",
    ts: (a, b) => new D.Kumaraswamy(a, { concentration0: b }),
    a: [[0.5], [2.0]],
    b: [0.7, 1.0, 3.5],
    x: [[0.1, 0.5, 0.9], [0.3, 0.7, 0.25]],
  },
  {
    name: "InverseGamma",
    py: "D.InverseGamma(a, b)",
    ts: (a, b) => new D.InverseGamma(a, b),
    a: [[0.5], [2.5]],
    b: [0.7, 1.0, 3.5],
    x: [[0.1, 2.5, 3.0], [1.0, 0.3, 0.25]],
  },
];

for (const dt of DT) {
  for (const s of SPECS) {
    const setup = `D = torch.distributions; a = ${pt(s.a, dt)}; b = ${pt(s.b, dt)}; d = ${s.py}`;
    const make = () => s.ts(tt(s.a, dt), tt(s.b, dt));
    add(
      `${setup}; x = ${pt(s.x, dt)}
r = (d.mean, d.mode, d.variance, d.stddev, d.log_prob(x), d.entropy(), str((d, d.batch_shape, d.event_shape, d.support)))`,
      () => {
        const d = make(), x = tt(s.x, dt);
        return [
          d.mean,
          d.mode,
          d.variance,
          d.stddev,
          d.logProb(x),
          d.entropy(),
          `(${d}, ${size(d.batchShape)}, ${size(d.eventShape)}, ${d.support})`,
        ];
      },
    );
    // seeded draws, bit for bit, also after expand
    add(
      `${setup}; torch.manual_seed(3); e = d.expand((4, 2, 3)); r = (d.sample(), d.sample((4,)), d.rsample((2,)), e.sample(), e.rsample(), str(e.batch_shape), e.log_prob(${
        pt(s.x, dt)
      }))`,
      () => {
        const d = make();
        torch.manualSeed(3);
        const e = d.expand([4, 2, 3]);
        return [
          d.sample(),
          d.sample([4]),
          d.rsample([2]),
          e.sample(),
          e.rsample(),
          size(e.batchShape),
          e.logProb(tt(s.x, dt)),
        ];
      },
    );
    // gradients w.r.t. both parameters through rsample, logProb and entropy
    add(
      `D = torch.distributions; a = ${ptg(s.a, dt)}; b = ${ptg(s.b, dt)}; d = ${s.py}; x = ${pt(s.x, dt)}
torch.manual_seed(7); outs = [d.rsample((3,)), d.log_prob(x), d.entropy()]
sum(o.sum() for o in outs).backward(); r = tuple(o.detach() for o in outs) + (a.grad, b.grad)`,
      () => {
        const a = ttg(s.a, dt), b = ttg(s.b, dt), d = s.ts(a, b);
        torch.manualSeed(7);
        const outs = [d.rsample([3]), d.logProb(tt(s.x, dt)), d.entropy()];
        backwardSum(outs);
        return [...outs.map((o) => o.detach()), a.grad, b.grad];
      },
    );
  }

  // ---- Kumaraswamy's mode where both concentrations exceed 1 (PyTorch's formula), InverseGamma's infinite moments
  add(
    `D = torch.distributions; k = D.Kumaraswamy(${pt([2.0, 0.5, 3.0], dt)}, ${
      pt([0.5, 2.0, 1.5], dt)
    }); g = D.InverseGamma(${pt([0.5, 1.5, 3.0], dt)}, 2.0); r = (k.mode, k.variance, g.mean, g.variance)`,
    () => {
      const k = new D.Kumaraswamy(tt([2, 0.5, 3], dt), tt([0.5, 2, 1.5], dt));
      const g = new D.InverseGamma(tt([0.5, 1.5, 3], dt), 2);
      return [k.mode, k.variance, g.mean, g.variance];
    },
  );

  // ---- numbers as parameters: the default dtype, batch shape ()
  add(
    `D = torch.distributions; ds = [D.Weibull(2.0, 1.5), D.Pareto(1.0, 3.0), D.Kumaraswamy(2.0, 3.0), D.InverseGamma(3.0, 2.0)]
torch.manual_seed(5); r = tuple(x for d in ds for x in (d.mean, d.entropy(), d.sample(), str((d, d.batch_shape))))`,
    () => {
      const ds = [new D.Weibull(2, 1.5), new D.Pareto(1, 3), new D.Kumaraswamy(2, 3), new D.InverseGamma(3, 2)];
      torch.manualSeed(5);
      return ds.flatMap((d) => [d.mean, d.entropy(), d.sample(), `(${d}, ${size(d.batchShape)})`]);
    },
  );

  // ---- Pareto's KL divergences: values and gradients w.r.t. both sides' parameters
  const PS = [[0.5, 1.0, 0.3]], PA = [3.5, 1.5, 0.8];
  const KL: [string, string, (p: T[], q: T[]) => [Dist, Dist], unknown, unknown][] = [
    ["D.Pareto(*p)", "D.Pareto(*q)", (p, q) => [new D.Pareto(p[0], p[1]), new D.Pareto(q[0], q[1])], PS, [
      0.4,
      2.0,
      1.0,
    ]],
    ["D.Pareto(*p)", "D.Exponential(q[0])", (p, q) => [new D.Pareto(p[0], p[1]), new D.Exponential(q[0])], PS, [
      0.5,
      2.0,
      1.0,
    ]],
    ["D.Pareto(*p)", "D.Gamma(*q)", (p, q) => [new D.Pareto(p[0], p[1]), new D.Gamma(q[0], q[1])], PS, [
      0.5,
      2.0,
      1.0,
    ]],
    ["D.Pareto(*p)", "D.Normal(*q)", (p, q) => [new D.Pareto(p[0], p[1]), new D.Normal(q[0], q[1])], PS, [
      0.5,
      2.0,
      1.0,
    ]],
    ["D.Uniform(*q)", "D.Pareto(*p)", (p, q) => [new D.Uniform(q[0], q[1]), new D.Pareto(p[0], p[1])], PS, [
      0.4,
      0.9,
      0.2,
    ]],
  ];
  for (const [pp, qq, make, ps, q0] of KL) {
    const q1 = [3.0, 2.5, 1.5];
    add(
      `D = torch.distributions; p = [${ptg(ps, dt)}, ${ptg(PA, dt)}]; q = [${ptg(q0, dt)}, ${ptg(q1, dt)}]
k = D.kl_divergence(${pp}, ${qq}); k.sum().backward(); r = (k.detach(), p[0].grad, p[1].grad, q[0].grad${
        qq.includes("q[0])") ? "" : ", q[1].grad"
      })`,
      () => {
        const p = [ttg(ps, dt), ttg(PA, dt)], q = [ttg(q0, dt), ttg(q1, dt)];
        const [a, b] = make(p, q);
        const k = D.klDivergence(a, b);
        k.sum().backward();
        return [k.detach(), p[0].grad, p[1].grad, q[0].grad, ...(qq.includes("q[0])") ? [] : [q[1].grad])];
      },
    );
  }
  // the pairs where q has no density where p has mass
  add(
    `D = torch.distributions; P = D.Pareto(${pt([1.0, 2.0], dt)}, 2.0)
r = (D.kl_divergence(P, D.Beta(2.0, 3.0)), D.kl_divergence(P, D.Uniform(0.0, 5.0)), D.kl_divergence(D.Normal(${
      pt([0.0, 1.0], dt)
    }, 1.0), P), D.kl_divergence(D.Gamma(${pt([2.0], dt)}, 1.0), P), D.kl_divergence(D.Beta(${
      pt([2.0], dt)
    }, 2.0), P), D.kl_divergence(D.Exponential(${pt([2.0], dt)}), P), D.kl_divergence(D.Gumbel(${
      pt([2.0], dt)
    }, 1.0), P), D.kl_divergence(D.Laplace(${pt([2.0], dt)}, 1.0), P))`,
    () => {
      const P = new D.Pareto(tt([1, 2], dt), 2);
      return [
        D.klDivergence(P, new D.Beta(2, 3)),
        D.klDivergence(P, new D.Uniform(0, 5)),
        D.klDivergence(new D.Normal(tt([0, 1], dt), 1), P),
        D.klDivergence(new D.Gamma(tt([2], dt), 1), P),
        D.klDivergence(new D.Beta(tt([2], dt), 2), P),
        D.klDivergence(new D.Exponential(tt([2], dt)), P),
        D.klDivergence(new D.Gumbel(tt([2], dt), 1), P),
        D.klDivergence(new D.Laplace(tt([2], dt), 1), P),
      ];
    },
  );
}

for (const dt of DT) {
  // ---- FisherSnedecor: no entropy; moments nan where undefined
  const F1 = [[0.5], [3.0]], F2 = [1.5, 4.5, 9.0], FX = [[0.1, 2.5, 3.0], [1.0, 0.3, 0.25]];
  add(
    `D = torch.distributions; d = D.FisherSnedecor(${pt(F1, dt)}, ${
      pt(F2, dt)
    }); torch.manual_seed(3); e = d.expand((2, 2, 3))
r = (d.mean, d.mode, d.variance, d.log_prob(${
      pt(FX, dt)
    }), d.sample(), d.sample((2,)), e.rsample(), str((d, d.batch_shape, d.support)))`,
    () => {
      const d = new D.FisherSnedecor(tt(F1, dt), { df2: tt(F2, dt) });
      torch.manualSeed(3);
      const e = d.expand([2, 2, 3]);
      return [
        d.mean,
        d.mode,
        d.variance,
        d.logProb(tt(FX, dt)),
        d.sample(),
        d.sample([2]),
        e.rsample(),
        `(${d}, ${size(d.batchShape)}, ${d.support})`,
      ];
    },
  );
  add(
    `D = torch.distributions; a = ${ptg(F1, dt)}; b = ${ptg(F2, dt)}; d = D.FisherSnedecor(a, b); torch.manual_seed(7)
outs = [d.rsample((3,)), d.log_prob(${
      pt(FX, dt)
    })]; sum(o.sum() for o in outs).backward(); r = (outs[0].detach(), outs[1].detach(), a.grad, b.grad)`,
    () => {
      const a = ttg(F1, dt), b = ttg(F2, dt), d = new D.FisherSnedecor(a, b);
      torch.manualSeed(7);
      const outs = [d.rsample([3]), d.logProb(tt(FX, dt))];
      backwardSum(outs);
      return [outs[0].detach(), outs[1].detach(), a.grad, b.grad];
    },
  );

  // ---- NegativeBinomial from probs and from logits: values, gamma–Poisson draws, gradients
  const NC = [[2.0], [0.5]], NX = [[0, 3, 1], [2, 0, 7]];
  for (const [kw, v] of [["probs", [0.2, 0.5, 0.9]], ["logits", [-1.5, 0.0, 2.0]]] as const) {
    add(
      `D = torch.distributions; d = D.NegativeBinomial(${pt(NC, dt)}, ${kw}=${pt(v, dt)}); torch.manual_seed(3)
r = (d.probs, d.logits, d.mean, d.mode, d.variance, d.log_prob(${
        pt(NX, dt)
      }), d.sample(), d.sample((2,)), d.expand((2, 2, 3)).sample(), str((d, d.batch_shape, d.param_shape, d.support)))`,
      () => {
        const d = new D.NegativeBinomial(tt(NC, dt), { [kw]: tt(v, dt) });
        torch.manualSeed(3);
        return [
          d.probs,
          d.logits,
          d.mean,
          d.mode,
          d.variance,
          d.logProb(tt(NX, dt)),
          d.sample(),
          d.sample([2]),
          d.expand([2, 2, 3]).sample(),
          `(${d}, ${size(d.batchShape)}, ${size(d.paramShape)}, ${d.support})`,
        ];
      },
    );
    add(
      `D = torch.distributions; n = ${ptg(NC, dt)}; p = ${ptg(v, dt)}; d = D.NegativeBinomial(n, ${kw}=p)
(d.log_prob(${pt(NX, dt)}).sum() + d.mean.sum() + d.variance.sum()).backward(); r = (n.grad, p.grad)`,
      () => {
        const n = ttg(NC, dt), p = ttg(v, dt), d = new D.NegativeBinomial(n, { [kw]: p });
        backwardSum([d.logProb(tt(NX, dt)), d.mean, d.variance]);
        return [n.grad, p.grad];
      },
    );
  }
  // total count 0 at value 0 scores 0
  add(
    `r = torch.distributions.NegativeBinomial(${pt([0.0, 1.0], dt)}, ${pt([0.3, 0.3], dt)}).log_prob(${
      pt([0, 0], dt)
    })`,
    () => new D.NegativeBinomial(tt([0, 1], dt), tt([0.3, 0.3], dt)).logProb(tt([0, 0], dt)),
  );
}

for (const dt of DT) {
  // ---- ContinuousBernoulli from probs (both sides of and inside the unstable interval) and from logits
  const CX = [[0.1, 0.5, 0.95], [0.0, 0.3, 1.0]], CQ = [0.05, 0.5, 0.9];
  for (const [kw, v] of [["probs", [0.2, 0.4995, 0.7]], ["logits", [-1.2, 0.001, 2.0]]] as const) {
    add(
      `D = torch.distributions; d = D.ContinuousBernoulli(${kw}=${pt(v, dt)}); x = ${pt(CX, dt)}; torch.manual_seed(3)
r = (d.probs, d.logits, d.mean, d.variance, d.stddev, d.log_prob(x), d.cdf(x), d.icdf(${
        pt(CQ, dt)
      }), d.entropy(), d.sample(), d.sample((2,)), d.rsample(), d.expand((2, 3)).sample(), str((d, d.batch_shape, d.param_shape, d.support)))`,
      () => {
        const d = new D.ContinuousBernoulli({ [kw]: tt(v, dt) }), x = tt(CX, dt);
        torch.manualSeed(3);
        return [
          d.probs,
          d.logits,
          d.mean,
          d.variance,
          d.stddev,
          d.logProb(x),
          d.cdf(x),
          d.icdf(tt(CQ, dt)),
          d.entropy(),
          d.sample(),
          d.sample([2]),
          d.rsample(),
          d.expand([2, 3]).sample(),
          `(${d}, ${size(d.batchShape)}, ${size(d.paramShape)}, ${d.support})`,
        ];
      },
    );
    add(
      `D = torch.distributions; p = ${ptg(v, dt)}; d = D.ContinuousBernoulli(${kw}=p); torch.manual_seed(7)
outs = [d.rsample((3,)), d.log_prob(${pt(CX, dt)}), d.entropy(), d.cdf(${pt(CX, dt)}), d.mean, d.variance]
sum(o.sum() for o in outs).backward(); r = tuple(o.detach() for o in outs) + (p.grad,)`,
      () => {
        const p = ttg(v, dt), d = new D.ContinuousBernoulli({ [kw]: p });
        torch.manualSeed(7);
        const outs = [d.rsample([3]), d.logProb(tt(CX, dt)), d.entropy(), d.cdf(tt(CX, dt)), d.mean, d.variance];
        backwardSum(outs);
        return [...outs.map((o) => o.detach()), p.grad];
      },
    );
  }
  // unvalidated probs outside [0, 1] are clamped; a number gives batch shape (); other limits
  add(
    `D = torch.distributions; a = D.ContinuousBernoulli(${pt([1.5, -0.5], dt)}); b = D.ContinuousBernoulli(0.3)
c = D.ContinuousBernoulli(${
      pt([0.45, 0.6], dt)
    }, None, (0.4, 0.55)); r = (a.probs, a.mean, b.mean, str(b.batch_shape), c.mean, c.entropy())`,
    () => {
      const a = new D.ContinuousBernoulli(tt([1.5, -0.5], dt)), b = new D.ContinuousBernoulli(0.3);
      const c = new D.ContinuousBernoulli(tt([0.45, 0.6], dt), null, [0.4, 0.55]);
      return [a.probs, a.mean, b.mean, size(b.batchShape), c.mean, c.entropy()];
    },
  );
  // KL divergences with ContinuousBernoulli: values and gradients
  const CB: [string, (x: T, y: T) => Dist][] = [
    ["D.ContinuousBernoulli(x)", (x) => new D.ContinuousBernoulli(x)],
    ["D.Beta(x * 4, y)", (x, y) => new D.Beta(x.mul(4), y)],
    ["D.Uniform(x * 0.5, y * 0.2 + 0.6)", (x, y) => new D.Uniform(x.mul(0.5), y.mul(0.2).add(0.6))],
  ];
  const CQS: [string, (x: T, y: T) => Dist][] = [
    ["D.ContinuousBernoulli(logits=y - 2)", (_x, y) => new D.ContinuousBernoulli({ logits: y.sub(2) })],
    ["D.Exponential(y)", (_x, y) => new D.Exponential(y)],
    ["D.Normal(x, y)", (x, y) => new D.Normal(x, y)],
    ["D.Uniform(x - 1, y + 1)", (x, y) => new D.Uniform(x.sub(1), y.add(1))],
    ["D.Uniform(x * 0 - 1, y + 1)", (x, y) => new D.Uniform(x.mul(0).sub(1), y.add(1))],
  ];
  const KX = [0.2, 0.7, 0.4995], KY = [1.5, 0.8, 0.3];
  const pairs = [
    ...CQS.map(([q, qt]) => [CB[0][0], q, CB[0][1], qt] as const),
    ...CB.slice(1).map(([pp, ptt]) => [pp, CB[0][0], ptt, CB[0][1]] as const),
  ];
  for (const [pp, qq, pm, qm] of pairs) {
    add(
      `D = torch.distributions; x = ${ptg(KX, dt)}; y = ${ptg(KY, dt)}; k = D.kl_divergence(${pp}, ${qq})
k.sum().backward(); r = (k.detach(), x.grad, y.grad)`,
      () => {
        const x = ttg(KX, dt), y = ttg(KY, dt), k = D.klDivergence(pm(x, y), qm(x, y));
        k.sum().backward();
        return [k.detach(), x.grad, y.grad];
      },
    );
  }
  add(
    `D = torch.distributions; c = D.ContinuousBernoulli(${pt(KX, dt)}); P = D.Pareto(${pt(KY, dt)}, 2.0)
r = (D.kl_divergence(c, P), D.kl_divergence(P, c), D.kl_divergence(D.Normal(${
      pt(KX, dt)
    }, 1.0), c), D.kl_divergence(D.Exponential(${pt(KY, dt)}), c), D.kl_divergence(D.Gamma(${
      pt(KY, dt)
    }, 1.0), c), D.kl_divergence(D.Gumbel(${pt(KX, dt)}, 1.0), c), D.kl_divergence(D.Laplace(${pt(KX, dt)}, 1.0), c))`,
    () => {
      const c = new D.ContinuousBernoulli(tt(KX, dt)), P = new D.Pareto(tt(KY, dt), 2);
      return [
        D.klDivergence(c, P),
        D.klDivergence(P, c),
        D.klDivergence(new D.Normal(tt(KX, dt), 1), c),
        D.klDivergence(new D.Exponential(tt(KY, dt)), c),
        D.klDivergence(new D.Gamma(tt(KY, dt), 1), c),
        D.klDivergence(new D.Gumbel(tt(KX, dt), 1), c),
        D.klDivergence(new D.Laplace(tt(KX, dt), 1), c),
      ];
    },
  );
}

for (const dt of DT) {
  // ---- LogisticNormal: K normal coordinates on the (K + 1)-simplex, batched and from numbers
  const LL = [[0.3, -1.0], [0.0, 2.0]], LS = [0.5, 1.5], LX = [[0.2, 0.3, 0.5], [0.1, 0.8, 0.1]];
  add(
    `D = torch.distributions; l = ${ptg(LL, dt)}; s = ${ptg(LS, dt)}; d = D.LogisticNormal(l, s); torch.manual_seed(3)
a = d.sample(); b = d.expand((3, 2)).sample(); x = d.rsample((2,)); lp = d.log_prob(${
      pt(LX, dt)
    }); (x.sum(0)[:, 0].sum() * 3 + lp.sum()).backward()
c = D.LogisticNormal(0.5, 2.0); r = (a, b, x.detach(), lp.detach(), l.grad, s.grad, d.loc.detach(), d.scale.detach(), c.log_prob(${
      pt([0.3, 0.7], dt)
    }), c.sample((2,)), str((d, d.batch_shape, d.event_shape, d.support, c.batch_shape, c.event_shape)))`,
    () => {
      const l = ttg(LL, dt), sc = ttg(LS, dt), d = new D.LogisticNormal(l, { scale: sc });
      torch.manualSeed(3);
      const a = d.sample(), b = d.expand([3, 2]).sample(), x = d.rsample([2]), lp = d.logProb(tt(LX, dt));
      x.sum(0).select(-1, 0).sum().mul(3).add(lp.sum()).backward();
      const c = new D.LogisticNormal(0.5, 2);
      return [
        a,
        b,
        x.detach(),
        lp.detach(),
        l.grad,
        sc.grad,
        d.loc.detach(),
        d.scale.detach(),
        c.logProb(tt([0.3, 0.7], dt)),
        c.sample([2]),
        `(${d}, ${size(d.batchShape)}, ${size(d.eventShape)}, ${d.support}, ${size(c.batchShape)}, ${
          size(c.eventShape)
        })`,
      ];
    },
  );
}

for (const dt of DT) {
  // ---- Multinomial from probs (one zero) and from logits: values, counted draws, gradients
  const MX = [[[1, 0, 3], [2, 2, 0]], [[0, 0, 4], [1, 1, 2]]];
  for (
    const [kw, v] of [["probs", [[1.0, 0.0, 3.0], [0.2, 0.5, 0.3]]], ["logits", [[0.1, -2.0, 1.0], [
      0.0,
      0.5,
      -0.5,
    ]]]] as const
  ) {
    add(
      `D = torch.distributions; p = ${ptg(v, dt)}; d = D.Multinomial(4, ${kw}=p); torch.manual_seed(3)
smp = (d.sample(), d.sample((3,)), d.expand((2, 2)).sample()); lp = d.log_prob(${
        pt(MX, dt)
      }); h = d.entropy(); (lp.sum() + h.sum() + d.variance.sum()).backward()
r = smp + (d.probs.detach(), d.logits.detach(), d.mean.detach(), d.variance.detach(), lp.detach(), h.detach(), p.grad, str((d, d.batch_shape, d.event_shape, d.param_shape, d.support)))`,
      () => {
        const p = ttg(v, dt), d = new D.Multinomial(4, { [kw]: p });
        torch.manualSeed(3);
        const smp = [d.sample(), d.sample([3]), d.expand([2, 2]).sample()];
        const lp = d.logProb(tt(MX, dt)), h = d.entropy();
        backwardSum([lp, h, d.variance]);
        return [
          ...smp,
          d.probs.detach(),
          d.logits.detach(),
          d.mean.detach(),
          d.variance.detach(),
          lp.detach(),
          h.detach(),
          p.grad,
          `(${d}, ${size(d.batchShape)}, ${size(d.eventShape)}, ${size(d.paramShape)}, ${d.support})`,
        ];
      },
    );
  }
}

for (const dt of DT) {
  // ---- VonMises: small (Taylor proposal) to large concentrations, rejection draws bit for bit, gradients of log_prob
  const VL = [[0.5], [-2.0]], VK = [1e-6, 0.7, 3.75, 20.0], VX = [[0.1, 3.0, -3.0, 2.0], [1.0, -1.1, 0.25, 0.0]];
  add(
    `D = torch.distributions; l = ${ptg(VL, dt)}; k = ${ptg(VK, dt)}; d = D.VonMises(l, k); torch.manual_seed(3)
smp = (d.sample(), d.sample((50,)), d.expand((3, 2, 4)).sample()); lp = d.log_prob(${
      pt(VX, dt)
    }); v = d.variance; (lp.sum() + v.sum()).backward()
r = smp + (lp.detach(), v.detach(), d.mean.detach(), d.mode.detach(), l.grad, k.grad, str((d, d.batch_shape, d.support)))`,
    () => {
      const l = ttg(VL, dt), k = ttg(VK, dt), d = new D.VonMises(l, { concentration: k });
      torch.manualSeed(3);
      const smp = [d.sample(), d.sample([50]), d.expand([3, 2, 4]).sample()];
      const lp = d.logProb(tt(VX, dt)), v = d.variance;
      backwardSum([lp, v]);
      return [
        ...smp,
        lp.detach(),
        v.detach(),
        d.mean.detach(),
        d.mode.detach(),
        l.grad,
        k.grad,
        `(${d}, ${size(d.batchShape)}, ${d.support})`,
      ];
    },
  );
}
add(
  `import torch.distributions.von_mises as vm; x = torch.tensor([0.1, 1.0, 3.74, 3.76, 50.0], dtype=torch.float64); r = (vm._log_modified_bessel_fn(x, 0), vm._log_modified_bessel_fn(x, 1))`,
  () => {
    const x = torch.tensor([0.1, 1, 3.74, 3.76, 50], { dtype: "float64" });
    return [logModifiedBesselFn(x, 0), logModifiedBesselFn(x, 1)];
  },
);

// ---- validation errors: class and PyTorch's message
const E = (py: string, ts: () => unknown) => add(`D = torch.distributions; r = ${py}`, ts);
const f32 = (v: unknown) => torch.tensor(v as number[], { dtype: "float32" });
E(`D.Weibull(torch.tensor([1.0, -2.0]), 1.0)`, () => new D.Weibull(f32([1, -2]), 1));
E(`D.Weibull(1.0, torch.tensor([0.0, 2.0]))`, () => new D.Weibull(1, f32([0, 2])));
E(`D.Weibull(1.0, 2.0).log_prob(torch.tensor([-1.0]))`, () => new D.Weibull(1, 2).logProb(f32([-1])));
E(`D.Pareto(torch.tensor([1.0, -2.0]), 1.0)`, () => new D.Pareto(f32([1, -2]), 1));
E(`D.Pareto(1.0, torch.tensor([0.0, 2.0]))`, () => new D.Pareto(1, f32([0, 2])));
E(`D.Pareto(2.0, 1.0).log_prob(torch.tensor([1.0]))`, () => new D.Pareto(2, 1).logProb(f32([1])));
E(`D.Kumaraswamy(torch.tensor([1.0, -2.0]), 1.0)`, () => new D.Kumaraswamy(f32([1, -2]), 1));
E(`D.Kumaraswamy(1.0, -1.0)`, () => new D.Kumaraswamy(1, -1));
E(`D.Kumaraswamy(1.0, 2.0).log_prob(torch.tensor([1.5]))`, () => new D.Kumaraswamy(1, 2).logProb(f32([1.5])));
E(`D.InverseGamma(torch.tensor([1.0, -2.0]), 1.0)`, () => new D.InverseGamma(f32([1, -2]), 1));
E(`D.InverseGamma(1.0, 0.0)`, () => new D.InverseGamma(1, 0));
E(`D.InverseGamma(1.0, 2.0).log_prob(torch.tensor([-1.0]))`, () => new D.InverseGamma(1, 2).logProb(f32([-1])));
E(`D.FisherSnedecor(torch.tensor([1.0, -2.0]), 1.0)`, () => new D.FisherSnedecor(f32([1, -2]), 1));
E(`D.FisherSnedecor(1.0, 2.0).log_prob(torch.tensor([-1.0]))`, () => new D.FisherSnedecor(1, 2).logProb(f32([-1])));
E(`D.NegativeBinomial(2.0, torch.tensor([0.5, 1.0]))`, () => new D.NegativeBinomial(2, f32([0.5, 1])));
E(
  `D.NegativeBinomial(torch.tensor([-1.0, 2.0]), logits=torch.tensor(0.5))`,
  () => new D.NegativeBinomial(f32([-1, 2]), { logits: f32(0.5 as never) }),
);
E(
  `D.NegativeBinomial(2.0, torch.tensor([0.5]), torch.tensor([0.5]))`,
  () => new D.NegativeBinomial(2, f32([0.5]), f32([0.5])),
);
E(
  `D.NegativeBinomial(2.0, torch.tensor([0.5])).log_prob(torch.tensor([1.5]))`,
  () => new D.NegativeBinomial(2, f32([0.5])).logProb(f32([1.5])),
);
E(
  `D.ContinuousBernoulli(torch.tensor([0.5, 1.5]), validate_args=False)`,
  () => new D.ContinuousBernoulli(f32([0.5, 1.5]), { validateArgs: false }),
);
E(
  `D.ContinuousBernoulli(torch.tensor([0.5]), torch.tensor([0.5]))`,
  () => new D.ContinuousBernoulli(f32([0.5]), f32([0.5])),
);
E(
  `D.ContinuousBernoulli(logits=torch.tensor([float("nan")]))`,
  () => new D.ContinuousBernoulli({ logits: f32([NaN]) }),
);
E(`D.ContinuousBernoulli(0.3).log_prob(torch.tensor([1.5]))`, () => new D.ContinuousBernoulli(0.3).logProb(f32([1.5])));
E(
  `D.LogisticNormal(torch.zeros(2), torch.tensor([1.0, -1.0]))`,
  () => new D.LogisticNormal(torch.zeros([2]), f32([1, -1])),
);
E(
  `D.LogisticNormal(torch.zeros(2), 1.0).log_prob(torch.tensor([0.5, 0.6, 0.1]))`,
  () => new D.LogisticNormal(torch.zeros([2]), 1).logProb(f32([0.5, 0.6, 0.1])),
);
E(`D.Multinomial(2.5, torch.tensor([0.5, 0.5]))`, () => new D.Multinomial(2.5, f32([0.5, 0.5])));
E(
  `D.Multinomial(3, torch.tensor([0.5, 0.5])).log_prob(torch.tensor([-1.0, 2.0]))`,
  () => new D.Multinomial(3, f32([0.5, 0.5])).logProb(f32([-1, 2])),
);
E(`D.Multinomial(3, torch.tensor([0.5, -0.5]))`, () => new D.Multinomial(3, f32([0.5, -0.5])));
E(`D.VonMises(0.0, torch.tensor([1.0, 0.0]))`, () => new D.VonMises(0, f32([1, 0])));
E(`D.VonMises(torch.tensor([float("nan")]), 1.0)`, () => new D.VonMises(f32([NaN]), 1));
// unvalidated: outside the support scores -inf / nan as PyTorch's transforms give
E(
  `(D.Pareto(2.0, 1.0, validate_args=False).log_prob(torch.tensor([1.0, 3.0])), D.Weibull(1.0, 2.0, False).log_prob(torch.tensor([-1.0, 1.0])))`,
  () => [
    new D.Pareto(2, 1, { validateArgs: false }).logProb(f32([1, 3])),
    new D.Weibull(1, 2, false).logProb(f32([-1, 1])),
  ],
);

const results = await numpy(cases.map(([py]) => ({ torch: true, setup: py, expr: "r" })));

Deno.test("distributions (batch 3): values, seeded samples, gradients, KL, reprs and errors match PyTorch", () => {
  assert.deepEqual(caseFailures(cases, results), []);
});

Deno.test("distributions (batch 3): what PyTorch leaves unimplemented raises a RuntimeError", () => {
  assert.throws(() => new D.FisherSnedecor(1, 2).entropy(), torch.RuntimeError);
  assert.throws(() => new D.NegativeBinomial(2, torch.tensor([0.5])).entropy(), torch.RuntimeError);
  assert.ok(!D.NegativeBinomial.hasRsample);
  assert.throws(() => new D.ContinuousBernoulli(0.3).mode, torch.RuntimeError);
  assert.throws(() => new D.VonMises(0, 1).entropy(), torch.RuntimeError);
  assert.throws(() => new D.VonMises(0, 1).rsample(), torch.RuntimeError);
  assert.throws(() => new D.Multinomial(3, torch.tensor([0.5, 0.5])).mode, torch.RuntimeError);
  assert.throws(() => new D.NegativeBinomial(2, torch.tensor([0.5])).rsample(), torch.RuntimeError);
});

Deno.test("distributions (batch 3): call forms (positional, options object, mixed) bind alike", () => {
  const f64 = (v: number[]) => torch.tensor(v, { dtype: "float64" });
  const p = f64([0.5, 1.5]), q = f64([2, 3]);
  const forms: [new (...a: never[]) => Dist, string, string][] = [
    [D.Weibull, "scale", "concentration"],
    [D.Pareto, "scale", "alpha"],
    [D.Kumaraswamy, "concentration1", "concentration0"],
    [D.InverseGamma, "concentration", "rate"],
    [D.FisherSnedecor, "df1", "df2"],
    [D.LogisticNormal, "loc", "scale"],
    [D.VonMises, "loc", "concentration"],
  ];
  for (const [C, k1, k2] of forms) {
    const x = f64(C === D.Pareto ? [1.6, 3.7] : C === D.LogisticNormal ? [0.6, 0.3, 0.1] : [0.6, 0.7]);
    const Cx = C as unknown as new (...a: unknown[]) => Dist;
    const want = new Cx(p, q).logProb(x).tolist();
    assert.deepEqual(new Cx({ [k1]: p, [k2]: q }).logProb(x).tolist(), want);
    assert.deepEqual(new Cx(p, { [k2]: q, validateArgs: false }).logProb(x).tolist(), want);
    assert.deepEqual(new Cx(p, q, { validateArgs: true }).logProb(x).tolist(), want);
    assert.throws(() => new Cx({ [k1]: p, [k2]: q, foo: 1 }), /unexpected keyword argument 'foo'/);
    assert.throws(() => new Cx(p, { [k1]: q }), /multiple values for argument/);
    assert.throws(() => new Cx({ [k1]: p }), new RegExp(`missing required argument '${k2}'`));
    assert.equal((C as unknown as typeof D.Distribution).hasRsample, C !== D.VonMises);
  }
  const n = f64([2, 0.5]), k = f64([1, 3]), want = new D.NegativeBinomial(n, q.div(4)).logProb(k).tolist();
  assert.deepEqual(new D.NegativeBinomial(n, null, q.div(4).logit()).logits.tolist(), q.div(4).logit().tolist());
  assert.deepEqual(new D.NegativeBinomial({ totalCount: n, probs: q.div(4) }).logProb(k).tolist(), want);
  assert.deepEqual(new D.NegativeBinomial(n, { probs: q.div(4), validateArgs: false }).logProb(k).tolist(), want);
  assert.throws(() => new D.NegativeBinomial({ probs: q } as never), /missing required argument 'totalCount'/);
  assert.throws(() => new D.NegativeBinomial(n, { foo: 1 } as never), /unexpected keyword argument 'foo'/);
  const m = new D.Multinomial(3, q).logProb(f64([1, 2])).item();
  assert.equal(new D.Multinomial({ totalCount: 3, probs: q }).logProb(f64([1, 2])).item(), m);
  assert.equal(new D.Multinomial(3, null, q.log()).logProb(f64([1, 2])).item(), m);
  assert.equal(new D.Multinomial(3, { logits: q.log(), validateArgs: false }).logProb(f64([1, 2])).item(), m);
  assert.deepEqual(new D.Multinomial({ probs: q }).totalCount, 1);
});
