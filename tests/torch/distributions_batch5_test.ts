/**
 * torch.distributions batch 5 against PyTorch 2.13: Wishart (every method for the three matrix forms, seeded
 * Bartlett samples with PyTorch's correction pass, gradients of rsample / logProb / entropy w.r.t. df and the
 * matrix), LKJCholesky (seeded onion-method samples, logProb and its gradients), CorrCholeskyTransform, CatTransform
 * and StackTransform (values, inverses, log-determinants and their gradients, domains, shapes), the corr_cholesky,
 * cat and stack constraints, validation errors (class and message), reprs and the call forms, for float32 and
 * float64. One Python process runs every case.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

type T = torch.Tensor;
const D = torch.distributions;
const tr = D.transforms;
type Transform = InstanceType<typeof tr.Transform>;
const DT = ["float32", "float64"] as const;
type Dt = (typeof DT)[number];

const cases: [string, () => unknown][] = [];
const add = (py: string, ts: () => unknown) =>
  cases.push([`torch.set_num_threads(1); D = torch.distributions; TR = D.transforms\n${py}`, ts]);
const pt = (v: unknown, dt: string) => `torch.tensor(${JSON.stringify(v)}, dtype=torch.${dt})`;
const tt = (v: unknown, dt: Dt) => torch.tensor(v as number[], { dtype: dt });
const ptg = (v: unknown, dt: string) => `${pt(v, dt)}.requires_grad_()`;
const ttg = (v: unknown, dt: Dt) => tt(v, dt).requiresGrad_();
const size = (s: readonly number[]) => `torch.Size([${s.join(", ")}])`;
const pyBool = (b: boolean) => (b ? "True" : "False");
// (a.sum() + b.sum() + ...).backward()
const backwardSum = (ts: T[]) => ts.map((t) => t.sum()).reduce((a, b) => a.add(b)).backward();
// PyTorch's AssertionErrors (no JS twin in the oracle's table) come back as "AssertionError: message" strings
const assertionCase = (py: string, ts: () => unknown) =>
  add(`try:\n    ${py}\n    r = "no error"\nexcept AssertionError as e:\n    r = "AssertionError: " + str(e)`, () => {
    try {
      ts();
      return "no error";
    } catch (e) {
      assert.ok(e instanceof RangeError || e instanceof TypeError, String(e));
      return `AssertionError: ${(e as Error).message}`;
    }
  });

// ---------------------------------------------------------------- Wishart
const COV = [[[2.0, 0.3, -0.4], [0.3, 1.5, 0.2], [-0.4, 0.2, 1.0]], [[1.0, -0.5, 0.1], [-0.5, 2.5, 0.6], [
  0.1,
  0.6,
  1.8,
]]];
const TRIL = [[[1.5, 0.0, 0.0], [0.3, 1.2, 0.0], [-0.4, 0.2, 0.9]], [[1.0, 0.0, 0.0], [-0.5, 2.0, 0.0], [
  0.1,
  0.6,
  0.7,
]]];
const DF = [3.5, 6.0];
// positive definite values of the support, one per batch member
const WX = [[[3.0, 0.5, 0.2], [0.5, 2.0, -0.3], [0.2, -0.3, 1.5]], [[1.2, 0.1, 0.0], [0.1, 0.8, 0.2], [
  0.0,
  0.2,
  2.2,
]]];
const FORMS = [
  ["covariance_matrix", "covarianceMatrix", COV],
  ["precision_matrix", "precisionMatrix", COV],
  ["scale_tril", "scaleTril", TRIL],
] as const;

for (const dt of DT) {
  for (const [py, key, m] of FORMS) {
    // every method's value and repr; a tensor df of the batch shape
    add(
      `d = D.Wishart(${pt(DF, dt)}, ${py}=${pt(m, dt)}); x = ${pt(WX, dt)}
r = (d.mean, d.mode, d.variance, d.log_prob(x), d.entropy(), d.scale_tril, d.covariance_matrix, d.precision_matrix, str((d, d.batch_shape, d.event_shape, d.support)))`,
      () => {
        const d = new D.Wishart(tt(DF, dt), { [key]: tt(m, dt) });
        return [
          d.mean,
          d.mode,
          d.variance,
          d.logProb(tt(WX, dt)),
          d.entropy(),
          d.scaleTril,
          d.covarianceMatrix,
          d.precisionMatrix,
          `(${d}, ${size(d.batchShape)}, ${size(d.eventShape)}, ${d.support})`,
        ];
      },
    );
    // seeded samples (with PyTorch's correction pass), also after expand
    add(
      `d = D.Wishart(${pt(DF, dt)}, ${py}=${pt(m, dt)}); torch.manual_seed(4); e = d.expand((3, 2))
r = (d.sample(), d.rsample((2,)), d.rsample(max_try_correction=0), e.sample(), str(e.batch_shape), e.log_prob(${
        pt(WX, dt)
      }))`,
      () => {
        const d = new D.Wishart(tt(DF, dt), { [key]: tt(m, dt) });
        torch.manualSeed(4);
        const e = d.expand([3, 2]);
        return [
          d.sample(),
          d.rsample([2]),
          d.rsample({ maxTryCorrection: 0 }),
          e.sample(),
          size(e.batchShape),
          e.logProb(tt(WX, dt)),
        ];
      },
    );
    // gradients w.r.t. df, the matrix and the value through rsample, logProb, entropy, mean, variance
    add(
      `df = ${ptg(DF, dt)}; m = ${ptg(m, dt)}; x = ${ptg(WX, dt)}; d = D.Wishart(df, ${py}=m)
torch.manual_seed(9); outs = [d.rsample(), d.rsample((2,), max_try_correction=0), d.log_prob(x), d.entropy(), d.mean, d.variance, d.precision_matrix]
sum(o.sum() for o in outs).backward(); r = tuple(o.detach() for o in outs) + (df.grad, m.grad, x.grad)`,
      () => {
        const df = ttg(DF, dt), m2 = ttg(m, dt), x = ttg(WX, dt), d = new D.Wishart(df, { [key]: m2 });
        torch.manualSeed(9);
        const outs = [d.rsample(), d.rsample([2], 0), d.logProb(x), d.entropy(), d.mean, d.variance, d.precisionMatrix];
        backwardSum(outs);
        return [...outs.map((o) => o.detach()), df.grad, m2.grad, x.grad];
      },
    );
  }
  // a number df, one matrix broadcast against a batch of df, the mode's NaN where df <= p + 1
  add(
    `a = D.Wishart(4.5, scale_tril=${pt(TRIL[0], dt)}); b = D.Wishart(${pt([[2.5], [5.0]], dt)}, ${
      pt(COV[1], dt)
    }); torch.manual_seed(2)
r = (a.sample(), a.mean, a.entropy(), a.log_prob(${
      pt(WX[0], dt)
    }), str((a, a.batch_shape, b, b.batch_shape)), b.mode, b.sample((2,)), b.entropy())`,
    () => {
      const a = new D.Wishart(4.5, { scaleTril: tt(TRIL[0], dt) }),
        b = new D.Wishart(tt([[2.5], [5]], dt), tt(COV[1], dt));
      torch.manualSeed(2);
      return [
        a.sample(),
        a.mean,
        a.entropy(),
        a.logProb(tt(WX[0], dt)),
        `(${a}, ${size(a.batchShape)}, ${b}, ${size(b.batchShape)})`,
        b.mode,
        b.sample([2]),
        b.entropy(),
      ];
    },
  );
}

// Wishart's errors
const ERRS: [string, () => unknown][] = [
  [`D.Wishart(1.5, torch.eye(3))`, () => new D.Wishart(1.5, torch.eye(3))],
  [
    `D.Wishart(torch.tensor([4.0, 1.0]), torch.eye(3))`,
    () => new D.Wishart(torch.tensor([4, 1], { dtype: "float32" }), torch.eye(3)),
  ],
  [`D.Wishart(3.0, torch.ones(3))`, () => new D.Wishart(3, torch.ones(3))],
  [
    `D.Wishart(3.0, torch.tensor([[1.0, 2.0], [2.0, 1.0]]))`,
    () => new D.Wishart(3, torch.tensor([[1, 2], [2, 1]], { dtype: "float32" })),
  ],
  [
    `D.Wishart(3.0, scale_tril=torch.tensor([[1.0, 1.0], [0.0, 1.0]]))`,
    () => new D.Wishart(3, { scaleTril: torch.tensor([[1, 1], [0, 1]], { dtype: "float32" }) }),
  ],
  [
    `D.Wishart(3.0, precision_matrix=torch.tensor([[1.0, 0.5], [0.4, 1.0]]))`,
    () => new D.Wishart(3, { precisionMatrix: torch.tensor([[1, 0.5], [0.4, 1]]) }),
  ],
  [
    `D.Wishart(3.0, torch.eye(2)).log_prob(-torch.eye(2))`,
    () => new D.Wishart(3, torch.eye(2)).logProb(torch.eye(2).neg()),
  ],
  [`D.Wishart(3.0, torch.eye(2)).log_prob(torch.eye(3))`, () => new D.Wishart(3, torch.eye(2)).logProb(torch.eye(3))],
  [
    `D.Wishart(3.0, torch.eye(2), validate_args=False).log_prob(-torch.eye(2))`,
    () => new D.Wishart(3, torch.eye(2), { validateArgs: false }).logProb(torch.eye(2).neg()),
  ],
];
for (const [py, ts] of ERRS) add(`r = ${py}`, ts);
assertionCase(`D.Wishart(3.0)`, () => new D.Wishart(3));
assertionCase(
  `D.Wishart(3.0, torch.eye(2), scale_tril=torch.eye(2))`,
  () => new D.Wishart(3, torch.eye(2), { scaleTril: torch.eye(2) }),
);

// ---------------------------------------------------------------- LKJCholesky
for (const dt of DT) {
  for (const dim of [2, 3, 5]) {
    const conc = [[0.5], [1.0], [3.0]];
    add(
      `d = D.LKJCholesky(${dim}, ${pt(conc, dt)}); torch.manual_seed(${dim}); s = d.sample(); e = d.expand((2, 3, 1))
r = (s, d.sample((2,)), e.sample(), d.log_prob(s), str((d, d.batch_shape, d.event_shape, d.support, e.batch_shape)))`,
      () => {
        const d = new D.LKJCholesky(dim, tt(conc, dt));
        torch.manualSeed(dim);
        const s = d.sample(), e = d.expand([2, 3, 1]);
        return [
          s,
          d.sample([2]),
          e.sample(),
          d.logProb(s),
          `(${d}, ${size(d.batchShape)}, ${size(d.eventShape)}, ${d.support}, ${size(e.batchShape)})`,
        ];
      },
    );
  }
  // logProb's gradients w.r.t. the concentration and the value (a fixed Cholesky factor of a correlation matrix)
  add(
    `c = ${ptg([0.7, 2.0], dt)}; t = TR.CorrCholeskyTransform(); v = t(${pt([0.4, -0.8, 0.3], dt)}).requires_grad_()
l = D.LKJCholesky(3, c).log_prob(v); l.sum().backward(); r = (l.detach(), c.grad, v.grad)`,
    () => {
      const c = ttg([0.7, 2], dt), v = new tr.CorrCholeskyTransform().call(tt([0.4, -0.8, 0.3], dt)).requiresGrad_();
      const l = new D.LKJCholesky(3, c).logProb(v);
      l.sum().backward();
      return [l.detach(), c.grad, v.grad];
    },
  );
}
// numbers and defaults: the default dtype, batch shape ()
add(
  `# default dtype torch.float32
torch.manual_seed(1); a = D.LKJCholesky(4); b = D.LKJCholesky(3, 0.25); r = (a.sample(), b.sample((3,)), str((a, b, a.batch_shape)), b.log_prob(TR.CorrCholeskyTransform()(torch.tensor([0.3, -0.5, 0.8]))), b.sample())`,
  () => {
    torch.manualSeed(1);
    const a = new D.LKJCholesky(4), b = new D.LKJCholesky({ dim: 3, concentration: 0.25 });
    return [
      a.sample(),
      b.sample([3]),
      `(${a}, ${b}, ${size(a.batchShape)})`,
      b.logProb(new tr.CorrCholeskyTransform().call(torch.tensor([0.3, -0.5, 0.8], { dtype: "float32" }))),
      b.sample(),
    ];
  },
);
const LKJ_ERRS: [string, () => unknown][] = [
  [`D.LKJCholesky(1)`, () => new D.LKJCholesky(1)],
  [`D.LKJCholesky(3, -1.0)`, () => new D.LKJCholesky(3, -1)],
  [
    `D.LKJCholesky(2, torch.tensor([1.0, 0.0]))`,
    () => new D.LKJCholesky(2, torch.tensor([1, 0], { dtype: "float32" })),
  ],
  [
    `D.LKJCholesky(2).log_prob(torch.tensor([[1.0, 0.0], [0.6, 0.6]]))`,
    () => new D.LKJCholesky(2).logProb(torch.tensor([[1, 0], [0.6, 0.6]])),
  ],
  [`D.LKJCholesky(2).log_prob(torch.eye(3))`, () => new D.LKJCholesky(2).logProb(torch.eye(3))],
  [`D.LKJCholesky(2).mean`, () => new D.LKJCholesky(2).mean],
  [`D.LKJCholesky(2).entropy()`, () => new D.LKJCholesky(2).entropy()],
  [`D.LKJCholesky(2).rsample()`, () => new D.LKJCholesky(2).rsample()],
];
for (const [py, ts] of LKJ_ERRS) add(`r = ${py}`, ts);

// ---------------------------------------------------------------- transforms
interface Spec {
  py: string;
  ts: () => Transform;
  x: unknown;
  shape: number[];
  checks?: false;
}
const X24 = [[0.3, -1.2, 2.0, 0.4], [0.7, 0.05, -0.4, 1.1]];
const SPECS: Spec[] = [
  {
    py: "TR.CorrCholeskyTransform()",
    ts: () => new tr.CorrCholeskyTransform(),
    x: [[0.3, -1.2, 2.0], [0.7, 0.05, -0.4]],
    shape: [4, 6],
  },
  {
    py: "TR.CorrCholeskyTransform()",
    ts: () => new tr.CorrCholeskyTransform(),
    x: [0.3, -1.2, 2.0, 0.4, 0.1, -0.6],
    shape: [3],
  },
  { py: "TR.CorrCholeskyTransform()", ts: () => new tr.CorrCholeskyTransform(), x: [[[0.9]], [[-2.5]]], shape: [1] },
  {
    py: "TR.CatTransform([TR.ExpTransform(), TR.AffineTransform(1.0, 2.0), TR.SigmoidTransform()], -1, [1, 2, 1])",
    ts: () =>
      new tr.CatTransform([new tr.ExpTransform(), new tr.AffineTransform(1, 2), new tr.SigmoidTransform()], -1, [
        1,
        2,
        1,
      ]),
    x: X24,
    shape: [5, 4],
  },
  {
    py: "TR.CatTransform([TR.TanhTransform(), TR.ExpTransform()], dim=0)",
    ts: () => new tr.CatTransform({ tseq: [new tr.TanhTransform(), new tr.ExpTransform()], dim: 0 }),
    x: X24,
    shape: [2, 4],
  },
  {
    // parts of event dim 1 and 0, joined along the batch dimension: log-determinants concatenated
    py:
      "TR.CatTransform([TR.IndependentTransform(TR.ExpTransform(), 1), TR.AffineTransform(0.0, 3.0)], 0, lengths=[1, 2])",
    ts: () =>
      new tr.CatTransform([new tr.IndependentTransform(new tr.ExpTransform(), 1), new tr.AffineTransform(0, 3)], 0, {
        lengths: [1, 2],
      }),
    x: [[0.3, -1.2], [2.0, 0.4], [0.7, 0.05]],
    shape: [3, 2],
    // the parts' checks have different shapes: torch.cat cannot join them (in PyTorch either)
    checks: false,
  },
  {
    // joined along the event dimension: log-determinants summed
    py:
      "TR.CatTransform([TR.IndependentTransform(TR.SigmoidTransform(), 1), TR.AffineTransform(0.0, 3.0, event_dim=1)], 1, [3, 2], cache_size=1)",
    ts: () =>
      new tr.CatTransform(
        [new tr.IndependentTransform(new tr.SigmoidTransform(), 1), new tr.AffineTransform(0, 3, 1)],
        1,
        [3, 2],
        { cacheSize: 1 },
      ),
    x: [[0.2, 0.3, 0.5, 1.0, -2.0], [0.6, 0.1, 0.3, 0.5, 0.25]],
    shape: [2, 5],
    checks: false,
  },
  {
    py: "TR.StackTransform([TR.ExpTransform(), TR.SigmoidTransform(), TR.AffineTransform(1.0, -2.0)], 1)",
    ts: () =>
      new tr.StackTransform([new tr.ExpTransform(), new tr.SigmoidTransform(), new tr.AffineTransform(1, -2)], 1),
    x: [[0.3, -1.2, 2.0], [0.7, 0.05, -0.4]],
    shape: [4, 3],
  },
  {
    py: "TR.StackTransform([TR.ExpTransform(), TR.TanhTransform()], dim=-1)",
    ts: () => new tr.StackTransform({ tseq: [new tr.ExpTransform(), new tr.TanhTransform()], dim: -1 }),
    x: [[0.3, -1.2], [2.0, 0.7]],
    shape: [3, 2],
  },
  {
    py: "TR.StackTransform([TR.IndependentTransform(TR.ExpTransform(), 1), TR.AffineTransform(0.0, 2.0, 1)], 0)",
    ts: () =>
      new tr.StackTransform(
        [new tr.IndependentTransform(new tr.ExpTransform(), 1), new tr.AffineTransform(0, 2, 1)],
        0,
      ),
    x: [[0.3, -1.2, 2.0], [0.7, 0.05, -0.4]],
    shape: [2, 3],
  },
];

for (const dt of DT) {
  for (const s of SPECS) {
    // forward, inverse of the output and log-determinant: values and gradients w.r.t. x
    add(
      `t = ${s.py}; x = ${ptg(s.x, dt)}; y = t(x); w = y.detach().clone().requires_grad_(); z = t.inv(w)
l = t.log_abs_det_jacobian(x, y); lz = t.inv.log_abs_det_jacobian(w, z); out = [y, z, l, lz]
sum(o.sum() for o in out).backward(); r = tuple(o.detach() for o in out) + (x.grad, w.grad)`,
      () => {
        const t = s.ts(), x = ttg(s.x, dt), y = t.call(x), w = y.detach().clone().requiresGrad_(), z = t.inv.call(w);
        const out = [y, z, t.logAbsDetJacobian(x, y), t.inv.logAbsDetJacobian(w, z)];
        backwardSum(out);
        return [...out.map((o) => o.detach()), x.grad, w.grad];
      },
    );
  }
}
// structure: reprs, domains, codomains, event dims, bijectivity, shapes, domain checks
for (const s of SPECS) {
  const corr = s.py.includes("Corr"), fwdIn = corr ? [...s.shape.slice(0, -1), 6] : s.shape;
  const invIn = corr ? [2, 4, 4] : s.shape, checks = s.checks !== false;
  add(
    `t = ${s.py}; x = ${pt(s.x, "float64")}; y = t(x)
r = "|".join(str(v) for v in (t, t.inv, t.domain, t.codomain, t.bijective, t.domain.event_dim, t.codomain.event_dim, t.event_dim if t.domain.event_dim == t.codomain.event_dim else "-", t.forward_shape(torch.Size(${
      JSON.stringify(fwdIn)
    })), t.inverse_shape(torch.Size(${JSON.stringify(invIn)}))${
      checks ? ", t.domain.check(x).tolist(), t.codomain.check(y).tolist()" : ""
    }))`,
    () => {
      const t = s.ts(), x = tt(s.x, "float64"), y = t.call(x);
      return [
        t,
        t.inv,
        t.domain,
        t.codomain,
        pyBool(t.bijective),
        t.domain.eventDim,
        t.codomain.eventDim,
        t.domain.eventDim === t.codomain.eventDim ? t.eventDim : "-",
        size(t.forwardShape(fwdIn)),
        size(t.inverseShape(invIn)),
        ...(checks ? [pyList(t.domain.check(x).tolist()), pyList(t.codomain.check(y).tolist())] : []),
      ].join("|");
    },
  );
}
function pyList(v: unknown): string {
  return Array.isArray(v) ? `[${v.map(pyList).join(", ")}]` : typeof v === "boolean" ? pyBool(v) : String(v);
}

// the constraints on their own
for (const dt of DT) {
  add(
    `C = D.constraints; v = ${
      pt([[[1.0, 0.0], [0.6, 0.8]], [[1.0, 0.0], [0.6, -0.8]], [[1.0, 0.0], [0.7, 0.7]], [[1.0, 0.1], [0.0, 1.0]]], dt)
    }
c = C.cat([C.positive, C.real, C.unit_interval], -1, [1, 1, 2]); s = C.stack([C.positive, C.real], 0); w = ${
      pt([[1.0, -2.0, 0.5, 2.0], [-1.0, 0.0, 0.0, 1.0]], dt)
    }
r = (C.corr_cholesky.check(v), c.check(w), s.check(w), str((C.corr_cholesky, C.corr_cholesky.event_dim, c, c.event_dim, s.event_dim)))`,
    () => {
      const C = D.constraints,
        v = tt([[[1, 0], [0.6, 0.8]], [[1, 0], [0.6, -0.8]], [[1, 0], [0.7, 0.7]], [[1, 0.1], [0, 1]]], dt);
      const c = C.cat([C.positive, C.real, C.unitInterval], -1, [1, 1, 2]), s = C.stack([C.positive, C.real], 0);
      const w = tt([[1, -2, 0.5, 2], [-1, 0, 0, 1]], dt);
      return [
        C.corrCholesky.check(v),
        c.check(w),
        s.check(w),
        `(${C.corrCholesky}, ${C.corrCholesky.eventDim}, ${c}, ${c.eventDim}, ${s.eventDim})`,
      ];
    },
  );
}

// transform errors: PyTorch's ValueErrors and AssertionErrors
const TR_ERRS: [string, () => unknown][] = [
  [`TR.CorrCholeskyTransform().forward_shape(torch.Size([4]))`, () => new tr.CorrCholeskyTransform().forwardShape([4])],
  [`TR.CorrCholeskyTransform().forward_shape(torch.Size([]))`, () => new tr.CorrCholeskyTransform().forwardShape([])],
  [
    `TR.CorrCholeskyTransform().inverse_shape(torch.Size([3, 4]))`,
    () => new tr.CorrCholeskyTransform().inverseShape([3, 4]),
  ],
  [`TR.CorrCholeskyTransform().inverse_shape(torch.Size([3]))`, () => new tr.CorrCholeskyTransform().inverseShape([3])],
  [`TR.CorrCholeskyTransform()(torch.zeros(4))`, () => new tr.CorrCholeskyTransform().call(torch.zeros([4]))],
  [`TR.CatTransform([TR.ExpTransform()]).sign`, () => new tr.CatTransform([new tr.ExpTransform()]).sign],
];
for (const [py, ts] of TR_ERRS) add(`r = ${py}`, ts);
const cat2 = () => new tr.CatTransform([new tr.ExpTransform(), new tr.ExpTransform()], 0, [1, 2]);
const stack2 = () => new tr.StackTransform([new tr.ExpTransform(), new tr.ExpTransform()], 1);
const CAT2 = "TR.CatTransform([TR.ExpTransform(), TR.ExpTransform()], 0, [1, 2])";
const STACK2 = "TR.StackTransform([TR.ExpTransform(), TR.ExpTransform()], 1)";
assertionCase(`${CAT2}(torch.zeros(4))`, () => cat2().call(torch.zeros([4])));
assertionCase(`${CAT2}.inv(torch.zeros(2))`, () => cat2().inv.call(torch.zeros([2])));
assertionCase(
  `TR.CatTransform([TR.ExpTransform()], 2)(torch.zeros(4))`,
  () => new tr.CatTransform([new tr.ExpTransform()], 2).call(torch.zeros([4])),
);
assertionCase(
  `${CAT2}.log_abs_det_jacobian(torch.zeros(3), torch.zeros(2))`,
  () => cat2().logAbsDetJacobian(torch.zeros([3]), torch.zeros([2])),
);
assertionCase(
  `TR.CatTransform([TR.ExpTransform()], 0, [1, 2])`,
  () => new tr.CatTransform([new tr.ExpTransform()], 0, [1, 2]),
);
assertionCase(
  `TR.CatTransform([TR.ExpTransform(), 3])`,
  () => new tr.CatTransform([new tr.ExpTransform(), 3 as never]),
);
assertionCase(`${STACK2}(torch.zeros(2, 3))`, () => stack2().call(torch.zeros([2, 3])));
assertionCase(`${STACK2}.inv(torch.zeros(2))`, () => stack2().inv.call(torch.zeros([2])));
assertionCase(
  `${STACK2}.log_abs_det_jacobian(torch.zeros(2, 2), torch.zeros(2, 3))`,
  () => stack2().logAbsDetJacobian(torch.zeros([2, 2]), torch.zeros([2, 3])),
);

const results = await numpy(cases.map(([py]) => ({ torch: true, setup: py, expr: "r" })));

Deno.test("batch 5: Wishart, LKJCholesky, Corr/Cat/Stack transforms and constraints match PyTorch", () => {
  const f32 = (py: string) => py.includes("torch.float32");
  const part = (keep: (py: string) => boolean) =>
    [cases.filter(([py]) => keep(py)), results.filter((_, i) => keep(cases[i][0]))] as const;
  // PyTorch's NotImplementedErrors carry no message
  const check = { anyMessage: ["NotImplementedError"] };
  assert.deepEqual(caseFailures(...part((py) => !f32(py)), { ...check, tol: { rtol: 1e-10, atol: 1e-10 } }), []);
  // float32: matrix products, solves and sums of a few terms, ulps apart in their order of summation
  assert.deepEqual(caseFailures(...part(f32), { ...check, tol: { rtol: 2e-5, atol: 2e-5 } }), []);
});

Deno.test("batch 5: call forms bind alike; unknown options are named", () => {
  const m = torch.eye(2, { dtype: "float64" }), x = tt([[2, 0.3], [0.3, 1]], "float64");
  const want = new D.Wishart(3, m).logProb(x).item();
  assert.equal(new D.Wishart({ df: 3, covarianceMatrix: m }).logProb(x).item(), want);
  assert.equal(new D.Wishart(3, null, null, m, { validateArgs: true }).logProb(x).item(), want);
  assert.equal(new D.Wishart(3, { scaleTril: m }).logProb(x).item(), want);
  assert.throws(
    () => new D.Wishart(3, m, { foo: 1 } as never),
    /Wishart\.__init__\(\) got an unexpected keyword argument 'foo'/,
  );
  assert.throws(
    () => new D.Wishart(3, m).rsample([], { sampleShape: [2] } as never),
    /multiple values for argument 'sampleShape'/,
  );
  torch.manualSeed(0);
  const a = new D.Wishart(3, m).rsample({ sampleShape: [2], maxTryCorrection: 1 });
  torch.manualSeed(0);
  assert.deepEqual(new D.Wishart(3, m).rsample([2], 1).tolist(), a.tolist());
  const c = torch.tensor([0.5, 2], { dtype: "float64" }), v = new tr.CorrCholeskyTransform().call(tt([0.2], "float64"));
  const lp = new D.LKJCholesky(2, c).logProb(v).tolist();
  assert.deepEqual(new D.LKJCholesky({ dim: 2, concentration: c }).logProb(v).tolist(), lp);
  assert.deepEqual(new D.LKJCholesky(2, { concentration: c, validateArgs: false }).logProb(v).tolist(), lp);
  assert.throws(() => new D.LKJCholesky(2, { eta: 1 } as never), /unexpected keyword argument 'eta'/);
  assert.throws(() => new D.LKJCholesky({} as never), /missing required argument 'dim'/);
  const y = tt([[0, 1, 2]], "float64");
  const want2 = new tr.CatTransform([new tr.ExpTransform(), new tr.ExpTransform()], 1, [1, 2]).call(y).tolist();
  assert.deepEqual(
    new tr.CatTransform({ tseq: [new tr.ExpTransform(), new tr.ExpTransform()], dim: 1, lengths: [1, 2] }).call(y)
      .tolist(),
    want2,
  );
  assert.deepEqual(
    new tr.CatTransform([new tr.ExpTransform(), new tr.ExpTransform()], { dim: 1, lengths: [1, 2] }).call(y).tolist(),
    want2,
  );
  assert.throws(
    () => new tr.CatTransform([], { size: 1 } as never),
    /CatTransform\.__init__\(\) got an unexpected keyword/,
  );
  assert.throws(
    () => Reflect.construct(tr.StackTransform, [[], 0, 0, 1]),
    /takes 3 positional arguments but 4 were given/,
  );
  // caching: the inverse of the latest output is the input itself
  const t = new tr.StackTransform([new tr.ExpTransform()], 0, 1), x1 = tt([[1, 2]], "float64");
  assert.equal(t.inv.call(t.call(x1)), x1);
  assert.equal(t.withCache(1), t);
  assert.notEqual(new tr.CatTransform([new tr.ExpTransform()]).withCache(1), undefined);
});
