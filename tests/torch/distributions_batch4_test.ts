/**
 * torch.distributions batch 4 against PyTorch 2.13: MixtureSameFamily, LowRankMultivariateNormal (and its KL pairs
 * with itself and MultivariateNormal), LogitRelaxedBernoulli, RelaxedBernoulli, ExpRelaxedCategorical and
 * RelaxedOneHotCategorical — values for float32 and float64, seeded samples (also after expand: bit for bit for
 * MixtureSameFamily; within float tolerance where PyTorch's vectorized log / exp / matmul may round the same
 * normal or uniform draws differently in the last bit),
 * gradients through rsample / logProb / the moments / KL w.r.t. every parameter, batch broadcasting, validation
 * errors (class and message), reprs and the call forms. One Python process runs every case.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

type T = torch.Tensor;
const D = torch.distributions;
type Dist = InstanceType<typeof D.Distribution>;
const DT = ["float32", "float64"] as const;
type Dt = (typeof DT)[number];

// cases compared within float tolerance, and draws compared exactly (bit for bit)
const cases: [string, () => unknown][] = [];
const exact: [string, () => unknown][] = [];
const add = (py: string, ts: () => unknown) => cases.push([`torch.set_num_threads(1); ${py}`, ts]);
const addExact = (py: string, ts: () => unknown) => exact.push([`torch.set_num_threads(1); ${py}`, ts]);
const pt = (v: unknown, dt: string) => `torch.tensor(${JSON.stringify(v)}, dtype=torch.${dt})`;
const tt = (v: unknown, dt: Dt) => torch.tensor(v as number[], { dtype: dt });
const ptg = (v: unknown, dt: string) => `${pt(v, dt)}.requires_grad_()`;
const ttg = (v: unknown, dt: Dt) => tt(v, dt).requiresGrad_();
const size = (s: readonly number[]) => `torch.Size([${s.join(", ")}])`;
// (a.sum() + b.sum() + ...).backward()
const backwardSum = (ts: T[]) => ts.map((t) => t.sum()).reduce((a, b) => a.add(b)).backward();
const PYSUM = "sum(o.sum() for o in outs).backward()";

// ---- LowRankMultivariateNormal: batch 2, n = 3, rank 2
const LOC = [[0.5, -1.0, 2.0], [0.0, 1.0, 0.0]], W = [[1.0, 0.5], [0.0, -1.0], [0.3, 0.2]], DG = [0.5, 1.5, 2.0];
const LX = [[[0.1, 0.2, 0.3], [1.0, -1.0, 0.5]], [[2.0, 0.0, -0.5], [0.0, 0.0, 0.0]]];
for (const dt of DT) {
  const setup = `D = torch.distributions; d = D.LowRankMultivariateNormal(${pt(LOC, dt)}, ${pt(W, dt)}, ${pt(DG, dt)})`;
  const make = () => new D.LowRankMultivariateNormal(tt(LOC, dt), tt(W, dt), tt(DG, dt));
  add(
    `${setup}; r = (d.mean, d.mode, d.variance, d.stddev, d.scale_tril, d.covariance_matrix, d.precision_matrix, d.log_prob(${
      pt(LX, dt)
    }), d.entropy(), d.loc, d.cov_factor, d.cov_diag, str((d, d.batch_shape, d.event_shape, d.support)))`,
    () => {
      const d = make();
      return [
        d.mean,
        d.mode,
        d.variance,
        d.stddev,
        d.scaleTril,
        d.covarianceMatrix,
        d.precisionMatrix,
        d.logProb(tt(LX, dt)),
        d.entropy(),
        d.loc,
        d.covFactor,
        d.covDiag,
        `(${d}, ${size(d.batchShape)}, ${size(d.eventShape)}, ${d.support})`,
      ];
    },
  );
  // seeded draws (eps_W before eps_D), also after expand
  add(
    `${setup}; torch.manual_seed(3); e = d.expand((4, 2)); r = (d.sample(), d.sample((4,)), d.rsample((2, 1)), e.sample(), e.rsample(), str((e, e.batch_shape)))`,
    () => {
      const d = make();
      torch.manualSeed(3);
      const e = d.expand([4, 2]);
      return [d.sample(), d.sample([4]), d.rsample([2, 1]), e.sample(), e.rsample(), `(${e}, ${size(e.batchShape)})`];
    },
  );
  add(`${setup}; e = d.expand((4, 2)); r = (e.log_prob(${pt(LX, dt)}), e.entropy(), e.variance)`, () => {
    const e = make().expand([4, 2]);
    return [e.logProb(tt(LX, dt)), e.entropy(), e.variance];
  });
  // gradients w.r.t. loc, W and D through every differentiable output
  add(
    `D = torch.distributions; l = ${ptg(LOC, dt)}; w = ${ptg(W, dt)}; g = ${ptg(DG, dt)}
d = D.LowRankMultivariateNormal(l, w, g); torch.manual_seed(7)
outs = [d.rsample((3,)), d.log_prob(${
      pt(LX, dt)
    }), d.entropy(), d.variance, d.scale_tril, d.covariance_matrix, d.precision_matrix]; ${PYSUM}
r = tuple(o.detach() for o in outs) + (l.grad, w.grad, g.grad)`,
    () => {
      const l = ttg(LOC, dt), w = ttg(W, dt), g = ttg(DG, dt), d = new D.LowRankMultivariateNormal(l, w, g);
      torch.manualSeed(7);
      const outs = [
        d.rsample([3]),
        d.logProb(tt(LX, dt)),
        d.entropy(),
        d.variance,
        d.scaleTril,
        d.covarianceMatrix,
        d.precisionMatrix,
      ];
      backwardSum(outs);
      return [...outs.map((o) => o.detach()), l.grad, w.grad, g.grad];
    },
  );
  // batch shapes broadcast across loc (2, 1, 3), W (4, 3, 1) and D (3,)
  const BL = [[[0.0, 1.0, -1.0]], [[2.0, 0.0, 0.5]]],
    BW = [[[1.0], [0.0], [2.0]], [[0.5], [0.5], [0.5]], [[0.0], [
      0.0,
    ], [0.0]], [[-1.0], [1.0], [0.2]]];
  add(
    `D = torch.distributions; d = D.LowRankMultivariateNormal(${pt(BL, dt)}, ${pt(BW, dt)}, ${
      pt([1.0, 0.5, 2.0], dt)
    }); torch.manual_seed(5)
r = (d.log_prob(${
      pt([0.5, 0.5, 0.5], dt)
    }), d.entropy(), d.variance, d.precision_matrix, d.rsample(), str((d, d.batch_shape, d.cov_factor.shape)))`,
    () => {
      const d = new D.LowRankMultivariateNormal(tt(BL, dt), tt(BW, dt), tt([1, 0.5, 2], dt));
      torch.manualSeed(5);
      return [
        d.logProb(tt([0.5, 0.5, 0.5], dt)),
        d.entropy(),
        d.variance,
        d.precisionMatrix,
        d.rsample(),
        `(${d}, ${size(d.batchShape)}, ${size(d.covFactor.shape)})`,
      ];
    },
  );

  // ---- the KL pairs PyTorch registers for it: values and gradients w.r.t. both sides' parameters
  const QL = [0.3, 0.0, -1.0], QW = [[[0.2], [1.0], [-0.5]], [[0.0], [0.4], [0.1]]], QD = [1.0, 0.7, 2.5];
  const S = [[1.5, 0.0, 0.0], [0.3, 0.8, 0.0], [-0.2, 0.4, 1.1]];
  const KLS: [string, string, (a: T[], b: T[]) => [Dist, Dist]][] = [
    [
      "D.LowRankMultivariateNormal(*a)",
      "D.LowRankMultivariateNormal(*b)",
      (a, b) => [new D.LowRankMultivariateNormal(a[0], a[1], a[2]), new D.LowRankMultivariateNormal(b[0], b[1], b[2])],
    ],
    [
      "D.MultivariateNormal(a[0], scale_tril=s)",
      "D.LowRankMultivariateNormal(*b)",
      (
        a,
        b,
      ) => [new D.MultivariateNormal(a[0], { scaleTril: a[3] }), new D.LowRankMultivariateNormal(b[0], b[1], b[2])],
    ],
    [
      "D.LowRankMultivariateNormal(*b)",
      "D.MultivariateNormal(a[0], scale_tril=s)",
      (
        a,
        b,
      ) => [new D.LowRankMultivariateNormal(b[0], b[1], b[2]), new D.MultivariateNormal(a[0], { scaleTril: a[3] })],
    ],
  ];
  for (const [pp, qq, mk] of KLS) {
    add(
      `D = torch.distributions; s = ${ptg(S, dt)}; a = [${ptg(LOC, dt)}, ${ptg(W, dt)}, ${ptg(DG, dt)}]; b = [${
        ptg(QL, dt)
      }, ${ptg(QW, dt)}, ${ptg(QD, dt)}]
k = D.kl_divergence(${pp}, ${qq}); k.sum().backward(); r = (k.detach(), *[t.grad for t in (${
        pp.includes("*a") ? "a" : "[a[0], s]"
      }) + b])`,
      () => {
        const s = ttg(S, dt), a = [ttg(LOC, dt), ttg(W, dt), ttg(DG, dt)], b = [ttg(QL, dt), ttg(QW, dt), ttg(QD, dt)];
        const k = D.klDivergence(...mk([...a, s], b));
        k.sum().backward();
        return [k.detach(), ...[...(pp.includes("*a") ? a : [a[0], s]), ...b].map((t) => t.grad)];
      },
    );
  }
}

// ---- MixtureSameFamily
const MP = [[1.0, 2.0, 3.0], [3.0, 1.0, 1.0]], ML = [[-1.0, 0.0, 2.0], [0.5, 0.5, -3.0]];
const MS = [[0.5, 1.0, 2.0], [1.5, 0.3, 1.0]], MX = [[0.1, -2.0], [3.0, 0.5], [0.0, 0.0], [-1.0, 1.0]];
for (const dt of DT) {
  // a batch of 2 Gaussian mixtures of 3 components: moments, densities, cdf, repr
  const gmm = `D.MixtureSameFamily(D.Categorical(${pt(MP, dt)}), D.Normal(${pt(ML, dt)}, ${pt(MS, dt)}))`;
  const mkGmm = () => new D.MixtureSameFamily(new D.Categorical(tt(MP, dt)), new D.Normal(tt(ML, dt), tt(MS, dt)));
  add(
    `D = torch.distributions; d = ${gmm}; x = ${pt(MX, dt)}
r = (d.mean, d.variance, d.stddev, d.log_prob(x), d.cdf(x), str((d, d.batch_shape, d.event_shape, d.support)))`,
    () => {
      const d = mkGmm(), x = tt(MX, dt);
      return [
        d.mean,
        d.variance,
        d.stddev,
        d.logProb(x),
        d.cdf(x),
        `(${d}, ${size(d.batchShape)}, ${size(d.eventShape)}, ${d.support})`,
      ];
    },
  );
  // the mixture index is drawn first, then the components (PyTorch's stream), also after expand
  addExact(
    `D = torch.distributions; d = ${gmm}; torch.manual_seed(3); e = d.expand((3, 2))
r = (d.sample(), d.sample((4,)), e.sample(), e.sample((2,)), str(e.batch_shape))`,
    () => {
      const d = mkGmm();
      torch.manualSeed(3);
      const e = d.expand([3, 2]);
      return [d.sample(), d.sample([4]), e.sample(), e.sample([2]), size(e.batchShape)];
    },
  );
  add(
    `D = torch.distributions; d = ${gmm}; e = d.expand((3, 2)); r = (e.mean, e.variance, e.log_prob(${pt(MX, dt)}))`,
    () => {
      const e = mkGmm().expand([3, 2]);
      return [e.mean, e.variance, e.logProb(tt(MX, dt))];
    },
  );
  // gradients w.r.t. the mixture logits and the components' parameters
  add(
    `D = torch.distributions; p = ${ptg(ML, dt)}; l = ${ptg(MS, dt)}; s = ${ptg(MP, dt)}
d = D.MixtureSameFamily(D.Categorical(logits=p), D.Normal(l, s)); x = ${pt(MX, dt)}
outs = [d.log_prob(x), d.cdf(x), d.mean, d.variance]; ${PYSUM}; r = tuple(o.detach() for o in outs) + (p.grad, l.grad, s.grad)`,
    () => {
      const p = ttg(ML, dt), l = ttg(MS, dt), s = ttg(MP, dt), x = tt(MX, dt);
      const d = new D.MixtureSameFamily(new D.Categorical({ logits: p }), {
        componentDistribution: new D.Normal(l, s),
      });
      const outs = [d.logProb(x), d.cdf(x), d.mean, d.variance];
      backwardSum(outs);
      return [...outs.map((o) => o.detach()), p.grad, l.grad, s.grad];
    },
  );
  // vector components (Independent Normal, event (2,)), a mixture without batch dimensions
  const IL = [[0.0, 1.0], [2.0, -1.0], [0.5, 0.5]], IS = [[1.0, 0.5], [0.3, 2.0], [1.0, 1.0]];
  const IX = [[0.0, 0.0], [2.0, -1.0], [1.0, 3.0]];
  const ind = `D.MixtureSameFamily(D.Categorical(logits=${pt([0.1, -0.5, 1.0], dt)}), D.Independent(D.Normal(${
    pt(IL, dt)
  }, ${pt(IS, dt)}), 1))`;
  const mkInd = () =>
    new D.MixtureSameFamily(
      new D.Categorical(null, tt([0.1, -0.5, 1], dt)),
      new D.Independent(new D.Normal(tt(IL, dt), tt(IS, dt)), 1),
    );
  add(
    `D = torch.distributions; d = ${ind}; r = (d.mean, d.variance, d.log_prob(${
      pt(IX, dt)
    }), str((d, d.batch_shape, d.event_shape, d.support)))`,
    () => {
      const d = mkInd();
      return [
        d.mean,
        d.variance,
        d.logProb(tt(IX, dt)),
        `(${d}, ${size(d.batchShape)}, ${size(d.eventShape)}, ${d.support})`,
      ];
    },
  );
  addExact(
    `D = torch.distributions; d = ${ind}; torch.manual_seed(4); r = (d.sample(), d.sample((5,)), d.expand((2,)).sample((2,)))`,
    () => {
      const d = mkInd();
      torch.manualSeed(4);
      return [d.sample(), d.sample([5]), d.expand([2]).sample([2])];
    },
  );
  // a mixture with no batch dimension over components batched (2, 3), and one batched (3,) against them: PyTorch's
  // padding rule for the moments
  for (const [mp, label] of [[[1.0, 2.0, 3.0], "()"], [[[1.0, 2.0], [3.0, 1.0], [1.0, 1.0]], "(3,)"]] as const) {
    const NL = [[[-1.0, 0.0], [2.0, 0.5], [0.5, -3.0]], [[0.0, 1.0], [1.0, 1.0], [2.0, 2.0]]];
    add(
      `D = torch.distributions; d = D.MixtureSameFamily(D.Categorical(${pt(mp, dt)}), D.Normal(${pt(NL, dt)}, 1.5))
r = (d.mean, d.variance, d.log_prob(${pt([[0.5], [1.0]], dt)}), str(d.batch_shape)) # mixture batch ${label}`,
      () => {
        const d = new D.MixtureSameFamily(new D.Categorical(tt(mp, dt)), new D.Normal(tt(NL, dt), 1.5));
        return [d.mean, d.variance, d.logProb(tt([[0.5], [1]], dt)), size(d.batchShape)];
      },
    );
  }
  // LowRankMultivariateNormal components
  const CL = [[0.0, 0.0], [1.0, -1.0], [3.0, 2.0]], CW = [[[1.0], [0.5]], [[0.0], [1.0]], [[0.2], [0.2]]];
  const lr = `D.MixtureSameFamily(D.Categorical(${pt([0.2, 0.5, 0.3], dt)}), D.LowRankMultivariateNormal(${
    pt(CL, dt)
  }, ${pt(CW, dt)}, ${pt([0.5, 1.0], dt)}))`;
  const mkLr = () =>
    new D.MixtureSameFamily(
      new D.Categorical(tt([0.2, 0.5, 0.3], dt)),
      new D.LowRankMultivariateNormal(tt(CL, dt), tt(CW, dt), tt([0.5, 1], dt)),
    );
  add(
    `D = torch.distributions; d = ${lr}; torch.manual_seed(6); r = (d.mean, d.variance, d.log_prob(${
      pt(IX, dt)
    }), d.sample((3,)), str(d))`,
    () => {
      const d = mkLr();
      torch.manualSeed(6);
      return [d.mean, d.variance, d.logProb(tt(IX, dt)), d.sample([3]), String(d)];
    },
  );
}

// ---- the relaxed distributions: values, seeded draws, gradients (temperature included)
const RP = [[0.1, 0.5, 0.9], [0.3, 0.02, 0.7]], RL = [[-1.5, 0.0, 2.0], [0.4, 3.0, -0.2]];
const RX = [[0.05, 0.5, 0.99], [0.3, 0.7, 0.2]], RLX = [[-2.0, 0.0, 1.5], [0.3, 4.0, -0.7]];
const CP = [[1.0, 2.0, 3.0], [0.5, 0.2, 0.3]], CLG = [[0.0, -1.0, 2.0], [1.0, 1.0, 1.0]];
const CX = [[0.2, 0.3, 0.5], [0.7, 0.1, 0.2]], CLX = [[-1.6, -1.2, -0.7], [-0.4, -2.3, -1.6]];
// the two classes PyTorch keeps in their modules only
const PY: Record<string, string> = {
  LogitRelaxedBernoulli: "D.relaxed_bernoulli.LogitRelaxedBernoulli",
  ExpRelaxedCategorical: "D.relaxed_categorical.ExpRelaxedCategorical",
};
for (const dt of DT) {
  const specs: [string, string, (t: T, v: T) => Dist, unknown, unknown][] = [
    [
      "LogitRelaxedBernoulli",
      "probs",
      (t, v) => new D.LogitRelaxedBernoulli(t, v),
      RP,
      RLX,
    ],
    ["LogitRelaxedBernoulli", "logits", (t, v) => new D.LogitRelaxedBernoulli(t, { logits: v }), RL, RLX],
    ["RelaxedBernoulli", "probs", (t, v) => new D.RelaxedBernoulli({ temperature: t, probs: v }), RP, RX],
    ["RelaxedBernoulli", "logits", (t, v) => new D.RelaxedBernoulli(t, null, v), RL, RX],
    ["ExpRelaxedCategorical", "probs", (t, v) => new D.ExpRelaxedCategorical(t, v), CP, CLX],
    ["ExpRelaxedCategorical", "logits", (t, v) => new D.ExpRelaxedCategorical(t, { logits: v }), CLG, CLX],
    [
      "RelaxedOneHotCategorical",
      "probs",
      (t, v) => new D.RelaxedOneHotCategorical(t, v, { validateArgs: true }),
      CP,
      CX,
    ],
    ["RelaxedOneHotCategorical", "logits", (t, v) => new D.RelaxedOneHotCategorical(t, { logits: v }), CLG, CX],
  ];
  for (const [name, kw, mk, v, x] of specs) {
    const T0 = 0.7;
    const setup = `D = torch.distributions; d = ${PY[name] ?? `D.${name}`}(${pt(T0, dt)}, ${kw}=${pt(v, dt)})`;
    const make = () =>
      mk(tt(T0, dt), tt(v, dt)) as Dist & { probs: T; logits: T; temperature: T; paramShape?: number[] };
    add(
      `${setup}; r = (d.probs, d.logits, d.temperature, d.log_prob(${
        pt(x, dt)
      }), str((d, d.batch_shape, d.event_shape, d.support)))`,
      () => {
        const d = make();
        return [
          d.probs,
          d.logits,
          d.temperature,
          d.logProb(tt(x, dt)),
          `(${d}, ${size(d.batchShape)}, ${size(d.eventShape)}, ${d.support})`,
        ];
      },
    );
    // the same uniform draws as PyTorch, but its vectorized log / exp may round the transformed values differently in
    // the last bit: compared within float tolerance
    const expand = [4, ...make().batchShape];
    add(
      `${setup}; torch.manual_seed(3); e = d.expand(${
        JSON.stringify(expand)
      }); r = (d.sample(), d.sample((4,)), d.rsample((2,)), e.sample(), e.rsample(), str(e.batch_shape))`,
      () => {
        const d = make();
        torch.manualSeed(3);
        const e = d.expand(expand);
        return [d.sample(), d.sample([4]), d.rsample([2]), e.sample(), e.rsample(), size(e.batchShape)];
      },
    );
    add(
      `D = torch.distributions; t = ${ptg(T0, dt)}; p = ${ptg(v, dt)}; d = ${
        PY[name] ?? `D.${name}`
      }(t, ${kw}=p); torch.manual_seed(7)
outs = [d.rsample((3,)), d.log_prob(${pt(x, dt)})]; ${PYSUM}; r = (outs[0].detach(), outs[1].detach(), t.grad, p.grad)`,
      () => {
        const t = ttg(T0, dt), p = ttg(v, dt), d = mk(t, p);
        torch.manualSeed(7);
        const outs = [d.rsample([3]), d.logProb(tt(x, dt))];
        backwardSum(outs);
        return [outs[0].detach(), outs[1].detach(), t.grad, p.grad];
      },
    );
  }
  // a batched temperature broadcasts against the parameters (the samples take its shape too, as in PyTorch)
  add(
    `D = torch.distributions; torch.manual_seed(2); t = ${pt([[0.5], [2.0]], dt)}
a = D.RelaxedBernoulli(t, ${pt([0.2, 0.6, 0.9], dt)}); b = D.RelaxedOneHotCategorical(t, ${pt([0.2, 0.6, 0.2], dt)})
r = (a.rsample(), a.log_prob(${pt([0.3, 0.5, 0.8], dt)}), b.rsample(), b.log_prob(${pt([0.3, 0.5, 0.2], dt)}))`,
    () => {
      torch.manualSeed(2);
      const t = tt([[0.5], [2]], dt);
      const a = new D.RelaxedBernoulli(t, tt([0.2, 0.6, 0.9], dt));
      const b = new D.RelaxedOneHotCategorical(t, tt([0.2, 0.6, 0.2], dt));
      return [a.rsample(), a.logProb(tt([0.3, 0.5, 0.8], dt)), b.rsample(), b.logProb(tt([0.3, 0.5, 0.2], dt))];
    },
  );
}
// numbers as parameters (the default dtype, batch shape ())
add(
  `D = torch.distributions; torch.manual_seed(5); a = D.RelaxedBernoulli(torch.tensor(2.0), 0.3); b = D.relaxed_bernoulli.LogitRelaxedBernoulli(torch.tensor(0.5), logits=-1.0)
r = (a.sample(), a.log_prob(0.25), b.rsample((2,)), b.log_prob(0.5), str((a, b, a.batch_shape, b.batch_shape)))`,
  () => {
    torch.manualSeed(5);
    const a = new D.RelaxedBernoulli(2, 0.3), b = new D.LogitRelaxedBernoulli(0.5, { logits: -1 });
    return [
      a.sample(),
      a.logProb(0.25),
      b.rsample([2]),
      b.logProb(0.5),
      `(${a}, ${b}, ${size(a.batchShape)}, ${size(b.batchShape)})`,
    ];
  },
);

// ---- validation errors: class and PyTorch's message
const E = (py: string, ts: () => unknown) => add(`D = torch.distributions; r = ${py}`, ts);
const f32 = (v: unknown) => torch.tensor(v as number[], { dtype: "float32" });
const cat2 = () => new D.Categorical(f32([1, 1]));
E(
  `D.MixtureSameFamily(D.Normal(0.0, 1.0), D.Normal(torch.zeros(2), 1.0))`,
  () => new D.MixtureSameFamily(new D.Normal(0, 1) as never, new D.Normal(torch.zeros([2]), 1)),
);
E(
  `D.MixtureSameFamily(D.Categorical(torch.ones(2)), torch.ones(2))`,
  () => new D.MixtureSameFamily(cat2(), torch.ones([2]) as never),
);
E(
  `D.MixtureSameFamily(D.Categorical(torch.ones(2, 2)), D.Normal(torch.zeros(3, 2), 1.0))`,
  () => new D.MixtureSameFamily(new D.Categorical(torch.ones([2, 2])), new D.Normal(torch.zeros([3, 2]), 1)),
);
E(
  `D.MixtureSameFamily(D.Categorical(torch.ones(2)), D.Normal(torch.zeros(3), 1.0))`,
  () => new D.MixtureSameFamily(cat2(), new D.Normal(torch.zeros([3]), 1)),
);
E(
  `D.MixtureSameFamily(D.Categorical(torch.ones(2)), D.Exponential(torch.ones(2))).log_prob(torch.tensor([1.0, -1.0]))`,
  () => new D.MixtureSameFamily(cat2(), new D.Exponential(torch.ones([2]))).logProb(f32([1, -1])),
);
E(
  `D.MixtureSameFamily(D.Categorical(torch.ones(2)), D.Independent(D.Normal(torch.zeros(2, 3), 1.0), 1)).log_prob(torch.zeros(2))`,
  () =>
    new D.MixtureSameFamily(cat2(), new D.Independent(new D.Normal(torch.zeros([2, 3]), 1), 1)).logProb(
      torch.zeros([2]),
    ),
);
E(
  `D.LowRankMultivariateNormal(torch.tensor(0.0), torch.ones(1, 1), torch.ones(1))`,
  () => new D.LowRankMultivariateNormal(torch.tensor(0), torch.ones([1, 1]), torch.ones([1])),
);
E(
  `D.LowRankMultivariateNormal(torch.zeros(2), torch.ones(2), torch.ones(2))`,
  () => new D.LowRankMultivariateNormal(torch.zeros([2]), torch.ones([2]), torch.ones([2])),
);
E(
  `D.LowRankMultivariateNormal(torch.zeros(2), torch.ones(3, 1), torch.ones(2))`,
  () => new D.LowRankMultivariateNormal(torch.zeros([2]), torch.ones([3, 1]), torch.ones([2])),
);
E(
  `D.LowRankMultivariateNormal(torch.zeros(2), torch.ones(2, 1), torch.ones(3))`,
  () => new D.LowRankMultivariateNormal(torch.zeros([2]), torch.ones([2, 1]), torch.ones([3])),
);
E(
  `D.LowRankMultivariateNormal(torch.zeros(2, 2), torch.ones(3, 2, 1), torch.ones(2))`,
  () => new D.LowRankMultivariateNormal(torch.zeros([2, 2]), torch.ones([3, 2, 1]), torch.ones([2])),
);
E(
  `D.LowRankMultivariateNormal(torch.zeros(2), torch.zeros(2, 1), torch.tensor([1.0, -1.0]))`,
  () => new D.LowRankMultivariateNormal(torch.zeros([2]), torch.zeros([2, 1]), f32([1, -1])),
);
E(
  `D.LowRankMultivariateNormal(torch.tensor([0.0, float("nan")]), torch.zeros(2, 1), torch.ones(2))`,
  () => new D.LowRankMultivariateNormal(f32([0, NaN]), torch.zeros([2, 1]), torch.ones([2])),
);
E(
  `D.LowRankMultivariateNormal(torch.zeros(2), torch.ones(2, 1), torch.ones(2)).log_prob(torch.zeros(3))`,
  () =>
    new D.LowRankMultivariateNormal(torch.zeros([2]), torch.ones([2, 1]), torch.ones([2])).logProb(torch.zeros([3])),
);
E(
  `D.kl_divergence(D.LowRankMultivariateNormal(torch.zeros(2), torch.ones(2, 1), torch.ones(2)), D.LowRankMultivariateNormal(torch.zeros(3), torch.ones(3, 1), torch.ones(3)))`,
  () =>
    D.klDivergence(
      new D.LowRankMultivariateNormal(torch.zeros([2]), torch.ones([2, 1]), torch.ones([2])),
      new D.LowRankMultivariateNormal(torch.zeros([3]), torch.ones([3, 1]), torch.ones([3])),
    ),
);
E(
  `D.kl_divergence(D.MultivariateNormal(torch.zeros(2), torch.eye(2)), D.LowRankMultivariateNormal(torch.zeros(3), torch.ones(3, 1), torch.ones(3)))`,
  () =>
    D.klDivergence(
      new D.MultivariateNormal(torch.zeros([2]), torch.eye(2)),
      new D.LowRankMultivariateNormal(torch.zeros([3]), torch.ones([3, 1]), torch.ones([3])),
    ),
);
E(
  `D.kl_divergence(D.LowRankMultivariateNormal(torch.zeros(3), torch.ones(3, 1), torch.ones(3)), D.MultivariateNormal(torch.zeros(2), torch.eye(2)))`,
  () =>
    D.klDivergence(
      new D.LowRankMultivariateNormal(torch.zeros([3]), torch.ones([3, 1]), torch.ones([3])),
      new D.MultivariateNormal(torch.zeros([2]), torch.eye(2)),
    ),
);
E(
  `D.RelaxedBernoulli(torch.tensor(1.0), torch.tensor([0.5]), torch.tensor([0.5]))`,
  () => new D.RelaxedBernoulli(f32(1 as never), f32([0.5]), f32([0.5])),
);
E(`D.relaxed_bernoulli.LogitRelaxedBernoulli(torch.tensor(1.0))`, () => new D.LogitRelaxedBernoulli(f32(1 as never)));
E(
  `D.RelaxedBernoulli(torch.tensor(1.0), torch.tensor([0.5, 1.5]))`,
  () => new D.RelaxedBernoulli(f32(1 as never), f32([0.5, 1.5])),
);
E(
  `D.RelaxedBernoulli(torch.tensor(1.0), torch.tensor([0.5, 1.5]), validate_args=False)`,
  () => new D.RelaxedBernoulli(f32(1 as never), f32([0.5, 1.5]), { validateArgs: false }),
);
E(
  `D.relaxed_bernoulli.LogitRelaxedBernoulli(torch.tensor(1.0), logits=torch.tensor([float("nan")]))`,
  () => new D.LogitRelaxedBernoulli(f32(1 as never), { logits: f32([NaN]) }),
);
E(
  `D.RelaxedBernoulli(torch.tensor(1.0), torch.tensor([0.5])).log_prob(torch.tensor([1.5]))`,
  () => new D.RelaxedBernoulli(f32(1 as never), f32([0.5])).logProb(f32([1.5])),
);
E(
  `D.RelaxedOneHotCategorical(torch.tensor(1.0), torch.tensor([0.5, -0.5]))`,
  () => new D.RelaxedOneHotCategorical(f32(1 as never), f32([0.5, -0.5])),
);
E(`D.relaxed_categorical.ExpRelaxedCategorical(torch.tensor(1.0))`, () => new D.ExpRelaxedCategorical(f32(1 as never)));
E(
  `D.RelaxedOneHotCategorical(torch.tensor(1.0), torch.tensor([0.5, 0.5])).log_prob(torch.tensor([0.5, 0.6]))`,
  () => new D.RelaxedOneHotCategorical(f32(1 as never), f32([0.5, 0.5])).logProb(f32([0.5, 0.6])),
);
E(
  `D.relaxed_categorical.ExpRelaxedCategorical(torch.tensor(1.0), torch.tensor([0.5, 0.5])).log_prob(torch.tensor([0.5]))`,
  () => new D.ExpRelaxedCategorical(f32(1 as never), f32([0.5, 0.5])).logProb(f32([0.5])),
);
// with default validation off, an explicitly validated transformed distribution checks probs and logits itself
for (
  const [py, ts] of [
    [
      "D.RelaxedBernoulli(torch.tensor(1.0), torch.tensor([0.5, 1.5]), validate_args=True)",
      () => new D.RelaxedBernoulli(f32(1 as never), f32([0.5, 1.5]), { validateArgs: true }),
    ],
    [
      "D.RelaxedOneHotCategorical(torch.tensor(1.0), torch.tensor([0.5, -0.5]), validate_args=True)",
      () => new D.RelaxedOneHotCategorical(f32(1 as never), f32([0.5, -0.5]), { validateArgs: true }),
    ],
  ] as const
) {
  add(
    `D = torch.distributions; D.Distribution.set_default_validate_args(False)
try:
    r = ${py}
finally:
    D.Distribution.set_default_validate_args(True)`,
    () => {
      D.Distribution.setDefaultValidateArgs(false);
      try {
        return ts();
      } finally {
        D.Distribution.setDefaultValidateArgs(true);
      }
    },
  );
}

const results = await numpy([...cases, ...exact].map(([py]) => ({ torch: true, setup: py, expr: "r" })));

Deno.test("distributions (batch 4): values, gradients, KL, reprs and errors match PyTorch", () => {
  assert.deepEqual(caseFailures(cases, results.slice(0, cases.length)), []);
});

Deno.test("distributions (batch 4): seeded samples equal PyTorch's bit for bit", () => {
  assert.deepEqual(caseFailures(exact, results.slice(cases.length), { tol: { rtol: 0, atol: 0 } }), []);
});

Deno.test("distributions (batch 4): what PyTorch leaves unimplemented, hasRsample", () => {
  const mix = new D.MixtureSameFamily(new D.Categorical(torch.ones([2])), new D.Normal(torch.zeros([2]), 1));
  assert.throws(() => mix.mode, torch.RuntimeError);
  assert.throws(() => mix.entropy(), torch.RuntimeError);
  assert.throws(() => mix.rsample(), torch.RuntimeError);
  // a component batch without the components' dimension (PyTorch: IndexError)
  assert.throws(() => new D.MixtureSameFamily(new D.Categorical(torch.ones([2])), new D.Normal(0, 1)), RangeError);
  const lrb = new D.LogitRelaxedBernoulli(1, torch.tensor([0.5]));
  assert.throws(() => lrb.mean, torch.RuntimeError);
  assert.throws(() => lrb.entropy(), torch.RuntimeError);
  assert.throws(() => new D.RelaxedBernoulli(1, torch.tensor([0.5])).mean, torch.RuntimeError);
  assert.throws(() => new D.ExpRelaxedCategorical(1, torch.tensor([0.5, 0.5])).variance, torch.RuntimeError);
  assert.throws(() => new D.RelaxedOneHotCategorical(1, torch.tensor([0.5, 0.5])).entropy(), torch.RuntimeError);
  // PyTorch's class attributes (LogitRelaxedBernoulli has rsample without declaring it)
  const flags = [
    D.MixtureSameFamily,
    D.LowRankMultivariateNormal,
    D.LogitRelaxedBernoulli,
    D.RelaxedBernoulli,
    D.ExpRelaxedCategorical,
    D.RelaxedOneHotCategorical,
  ].map((C) => C.hasRsample);
  assert.deepEqual(flags, [false, true, false, true, true, true]);
  assert.equal(new D.RelaxedBernoulli(1, torch.tensor([0.5])).hasRsample, true);
  assert.equal(new D.RelaxedOneHotCategorical(1, torch.tensor([0.5, 0.5])).hasRsample, true);
});

Deno.test("distributions (batch 4): call forms (positional, options object, mixed) bind alike", () => {
  const f64 = (v: unknown) => torch.tensor(v as number[], { dtype: "float64" });
  const loc = f64([0, 1]), w = f64([[1], [0.5]]), g = f64([1, 2]), x = f64([0.5, -0.5]);
  const want = new D.LowRankMultivariateNormal(loc, w, g).logProb(x).item();
  assert.equal(new D.LowRankMultivariateNormal({ loc, covFactor: w, covDiag: g }).logProb(x).item(), want);
  assert.equal(
    new D.LowRankMultivariateNormal(loc, { covFactor: w, covDiag: g, validateArgs: false }).logProb(x).item(),
    want,
  );
  assert.equal(new D.LowRankMultivariateNormal(loc, w, g, { validateArgs: true }).logProb(x).item(), want);
  assert.throws(
    () => new D.LowRankMultivariateNormal(loc, w, { covDiag: g, foo: 1 } as never),
    /unexpected keyword argument 'foo'/,
  );
  assert.throws(() => new D.LowRankMultivariateNormal(loc, { covDiag: g }), /missing required argument 'covFactor'/);
  assert.throws(() => new D.LowRankMultivariateNormal(loc, w, g, { loc }), /multiple values for argument 'loc'/);

  const mix = new D.Categorical(f64([1, 3])), comp = new D.Normal(f64([-1, 1]), 1), m = f64([0.3]);
  const mWant = new D.MixtureSameFamily(mix, comp).logProb(m).tolist();
  assert.deepEqual(
    new D.MixtureSameFamily({ mixtureDistribution: mix, componentDistribution: comp }).logProb(m).tolist(),
    mWant,
  );
  assert.deepEqual(
    new D.MixtureSameFamily(mix, { componentDistribution: comp, validateArgs: false }).logProb(m).tolist(),
    mWant,
  );
  assert.deepEqual(new D.MixtureSameFamily(mix, comp, false).logProb(m).tolist(), mWant);
  assert.throws(() => new D.MixtureSameFamily(mix, comp, { bar: 1 } as never), /unexpected keyword argument 'bar'/);

  const p = f64([0.2, 0.7]), t = f64(0.5 as never);
  for (const C of [D.LogitRelaxedBernoulli, D.RelaxedBernoulli, D.ExpRelaxedCategorical, D.RelaxedOneHotCategorical]) {
    const Cx = C as unknown as new (...a: unknown[]) => Dist;
    const v = C === D.RelaxedBernoulli
      ? f64([0.3, 0.6])
      : C === D.RelaxedOneHotCategorical
      ? f64([0.3, 0.7])
      : f64([0.3, -0.6]);
    const want = new Cx(t, p).logProb(v).tolist();
    assert.deepEqual(new Cx({ temperature: t, probs: p }).logProb(v).tolist(), want);
    assert.deepEqual(new Cx(t, { probs: p, validateArgs: false }).logProb(v).tolist(), want);
    assert.deepEqual(new Cx(t, p, null, true).logProb(v).tolist(), want);
    assert.deepEqual(
      new Cx(t, null, { logits: (new Cx(t, p) as unknown as { logits: T }).logits }).logProb(v).tolist().length,
      want.length,
    );
    assert.throws(() => new Cx({ probs: p }), /missing required argument 'temperature'/);
    assert.throws(() => new Cx(t, { probs: p, foo: 1 }), /unexpected keyword argument 'foo'/);
    assert.throws(() => new Cx(t, p, { probs: p }), /multiple values for argument 'probs'/);
  }
});
