/**
 * torch.distributions.transforms against PyTorch 2.13: each transform's forward map, inverse and log |det J| for
 * float32 and float64, the gradients of all three w.r.t. the input and the transform's parameters, domains,
 * codomains, reprs, signs, shapes, caching, and the error cases. One Python process runs every case.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

type T = torch.Tensor;
const tr = torch.distributions.transforms;
type Transform = InstanceType<typeof tr.Transform>;
const DT = ["float32", "float64"] as const;
type Dt = (typeof DT)[number];

const cases: [string, () => unknown][] = [];
const add = (py: string, ts: () => unknown) => cases.push([py, ts]);
const pt = (v: unknown, dt: string) => `torch.tensor(${JSON.stringify(v)}, dtype=torch.${dt})`;
const tt = (v: unknown, dt: Dt) => torch.tensor(v as number[], { dtype: dt });
const ptg = (v: unknown, dt: string) => `${pt(v, dt)}.requires_grad_()`;
const ttg = (v: unknown, dt: Dt) => tt(v, dt).requiresGrad_();
const pyBool = (b: boolean) => (b ? "True" : "False");
const size = (s: readonly number[]) => `torch.Size([${s.join(", ")}])`;

/**
 * One transform: `py` / `ts` build it from `p` (a parameter tensor that records gradients, when `param` is given);
 * x is a point of the domain, w one of the codomain.
 */
interface Spec {
  name: string;
  py: string;
  ts: (p: T | undefined) => Transform;
  x: unknown;
  w: unknown;
  param?: unknown;
  lad?: boolean;
  shape: number[];
}

const X = [[0.3, -1.2, 2.0], [0.7, 0.05, -0.4]];
const POS = [[0.3, 1.2, 2.0], [0.7, 0.05, 4.0]];
const UNIT = [[0.3, 0.9, 0.5], [0.01, 0.6, 0.999]];
const SIMPLEX3 = [[0.2, 0.3, 0.5], [0.6, 0.1, 0.3]];
const SIMPLEX4 = [[0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.4, 0.1]];
const SPECS: Spec[] = [
  { name: "exp", py: "D.ExpTransform()", ts: () => new tr.ExpTransform(), x: X, w: POS, shape: [2, 3] },
  {
    name: "power",
    py: "D.PowerTransform(p)",
    ts: (p) => new tr.PowerTransform(p!),
    x: POS,
    w: POS,
    param: [2.5, -0.5, 1.5],
    shape: [2, 3],
  },
  { name: "power-number", py: "D.PowerTransform(3.0)", ts: () => new tr.PowerTransform(3), x: POS, w: POS, shape: [3] },
  { name: "sigmoid", py: "D.SigmoidTransform()", ts: () => new tr.SigmoidTransform(), x: X, w: UNIT, shape: [2] },
  {
    name: "tanh",
    py: "D.TanhTransform()",
    ts: () => new tr.TanhTransform(),
    x: [[0.3, -1.2, 20.0], [0.7, 0.05, -0.4]],
    w: [[0.3, -0.9, 0.5], [0.01, 0.6, -0.99]],
    shape: [2],
  },
  { name: "abs", py: "D.AbsTransform()", ts: () => new tr.AbsTransform(), x: X, w: POS, lad: false, shape: [1] },
  {
    name: "affine-numbers",
    py: "D.AffineTransform(1.5, -2.0)",
    ts: () => new tr.AffineTransform(1.5, -2),
    x: X,
    w: X,
    shape: [2, 3],
  },
  {
    name: "affine-tensor-event",
    py: "D.AffineTransform(0.5, p, event_dim=1)",
    ts: (p) => new tr.AffineTransform(0.5, p!, { eventDim: 1 }),
    x: X,
    w: X,
    param: [2.0, -0.5, 3.0],
    shape: [4, 3],
  },
  {
    name: "affine-tensor-loc",
    py: "D.AffineTransform(p, 0.25)",
    ts: (p) => new tr.AffineTransform({ loc: p!, scale: 0.25 }),
    x: X,
    w: X,
    param: [[1.0], [-2.0]],
    shape: [3],
  },
  { name: "softplus", py: "D.SoftplusTransform()", ts: () => new tr.SoftplusTransform(), x: X, w: POS, shape: [2] },
  {
    name: "softmax",
    py: "D.SoftmaxTransform()",
    ts: () => new tr.SoftmaxTransform(),
    x: X,
    w: SIMPLEX3,
    lad: false,
    shape: [2, 3],
  },
  {
    name: "stick-breaking",
    py: "D.StickBreakingTransform()",
    ts: () => new tr.StickBreakingTransform(),
    x: X,
    w: SIMPLEX4,
    shape: [5, 3],
  },
  {
    name: "lower-cholesky",
    py: "D.LowerCholeskyTransform()",
    ts: () => new tr.LowerCholeskyTransform(),
    x: [[[0.3, 5.0], [-1.2, 2.0]], [[0.7, 0.1], [0.05, -0.4]]],
    w: [[[1.3, 0.0], [-1.2, 2.0]], [[0.7, 0.0], [0.05, 0.4]]],
    lad: false,
    shape: [2, 2],
  },
  {
    name: "compose",
    py: "D.ComposeTransform([D.AffineTransform(0.5, 2.0), D.ExpTransform(), D.PowerTransform(p)])",
    ts: (p) =>
      new tr.ComposeTransform([new tr.AffineTransform(0.5, 2), new tr.ExpTransform(), new tr.PowerTransform(p!)]),
    x: X,
    w: POS,
    param: [0.5],
    shape: [2, 3],
  },
  {
    name: "compose-event",
    py: "D.ComposeTransform([D.ExpTransform(), D.StickBreakingTransform(), D.AffineTransform(0.0, 2.0, 1)])",
    ts: () =>
      new tr.ComposeTransform({
        parts: [new tr.ExpTransform(), new tr.StickBreakingTransform(), new tr.AffineTransform(0, 2, 1)],
      }),
    x: X,
    w: [[0.4, 0.6, 0.6, 0.4], [0.5, 0.5, 0.8, 0.2]],
    shape: [2, 3],
  },
  {
    name: "independent",
    py: "D.IndependentTransform(D.SigmoidTransform(), 1)",
    ts: () => new tr.IndependentTransform(new tr.SigmoidTransform(), { reinterpretedBatchNdims: 1 }),
    x: X,
    w: UNIT,
    shape: [2, 3],
  },
  {
    name: "reshape",
    py: "D.ReshapeTransform((2, 3), (3, 2))",
    ts: () => new tr.ReshapeTransform([2, 3], [3, 2]),
    x: [X, X],
    w: [[[1, 2], [3, 4], [5, 6]]],
    shape: [4, 2, 3],
  },
  {
    name: "inverse-of-sigmoid",
    py: "D.SigmoidTransform().inv",
    ts: () => new tr.SigmoidTransform().inv,
    x: UNIT,
    w: X,
    shape: [2],
  },
  {
    name: "identity",
    py: "D.identity_transform",
    ts: () => tr.identityTransform,
    x: X,
    w: X,
    shape: [2],
  },
];

for (const dt of DT) {
  for (const s of SPECS) {
    const lad = s.lad !== false;
    const pInit = s.param === undefined ? "p = None" : `p = ${ptg(s.param, dt)}`;
    const tsP = () => (s.param === undefined ? undefined : ttg(s.param, dt));
    // values and gradients of the forward map, the inverse and both log-determinants
    add(
      `D = torch.distributions.transforms; ${pInit}; t = ${s.py}; x = ${ptg(s.x, dt)}; w = ${ptg(s.w, dt)}
y = t(x); z = t.inv(w); out = [y, z]
${lad ? "l = t.log_abs_det_jacobian(x, y); lz = t.inv.log_abs_det_jacobian(w, z); out += [l, lz]" : ""}
sum(o.sum() for o in out).backward(); r = tuple(o.detach() for o in out) + (x.grad, w.grad) + ((p.grad,) if p is not None else ())`,
      () => {
        const p = tsP(), t = s.ts(p), x = ttg(s.x, dt), w = ttg(s.w, dt);
        const y = t.call(x), z = t.inv.call(w), out = [y, z];
        if (lad) out.push(t.logAbsDetJacobian(x, y), t.inv.logAbsDetJacobian(w, z));
        out.reduce((acc: T | undefined, o) => (acc ? acc.add(o.sum()) : o.sum()), undefined)!.backward();
        return [...out.map((o) => o.detach()), x.grad, w.grad, ...(p ? [p.grad] : [])];
      },
    );
  }
}

// ---- structure: reprs, domains, codomains, bijectivity, event dims, shapes (float64 parameters)
for (const s of SPECS) {
  const pInit = s.param === undefined ? "p = None" : `p = ${pt(s.param, "float64")}`;
  add(
    `D = torch.distributions.transforms; ${pInit}; t = ${s.py}
r = "|".join(str(v) for v in (t, t.inv, t.domain, t.codomain, t.bijective, t.inv.bijective, t.domain.event_dim, t.codomain.event_dim, t.forward_shape(torch.Size(${
      JSON.stringify(s.shape)
    })), t.inverse_shape(torch.Size(${JSON.stringify(s.shape)})), t.inv.forward_shape(torch.Size(${
      JSON.stringify(s.shape)
    }))))`,
    () => {
      const t = s.ts(s.param === undefined ? undefined : tt(s.param, "float64"));
      return [
        t,
        t.inv,
        t.domain,
        t.codomain,
        pyBool(t.bijective),
        pyBool(t.inv.bijective),
        t.domain.eventDim,
        t.codomain.eventDim,
        size(t.forwardShape(s.shape)),
        size(t.inverseShape(s.shape)),
        size(t.inv.forwardShape(s.shape)),
      ].join("|");
    },
  );
}

// ---- signs: numbers for the monotone univariate transforms, tensors for parametrised ones, errors otherwise
const signCase = (py: string, ts: () => Transform) =>
  add(`D = torch.distributions.transforms; r = ${py}.sign`, () => ts().sign);
signCase("D.ExpTransform()", () => new tr.ExpTransform());
signCase("D.AffineTransform(0.0, -3.0)", () => new tr.AffineTransform(0, -3));
signCase("D.AffineTransform(0.0, 0.0)", () => new tr.AffineTransform(0, 0));
signCase(
  `D.AffineTransform(0.0, ${pt([2, -1, 0], "float32")})`,
  () => new tr.AffineTransform(0, tt([2, -1, 0], "float32")),
);
signCase(`D.PowerTransform(${pt([2, -1], "float64")})`, () => new tr.PowerTransform(tt([2, -1], "float64")));
signCase(
  `D.ComposeTransform([D.ExpTransform(), D.AffineTransform(1.0, -2.0), D.TanhTransform().inv])`,
  () => new tr.ComposeTransform([new tr.ExpTransform(), new tr.AffineTransform(1, -2), new tr.TanhTransform().inv]),
);
signCase(
  `D.ComposeTransform([D.SigmoidTransform(), D.AffineTransform(0.0, ${pt([-1, 2], "float64")})])`,
  () => new tr.ComposeTransform([new tr.SigmoidTransform(), new tr.AffineTransform(0, tt([-1, 2], "float64"))]),
);
signCase("D.IndependentTransform(D.TanhTransform(), 1)", () => new tr.IndependentTransform(new tr.TanhTransform(), 1));

// ---- caching: with cache_size=1, the inverse of the latest output is the input itself (and vice versa)
add(
  `D = torch.distributions.transforms; x = torch.tensor([0.5, 2.0]); t = D.ExpTransform(cache_size=1); y = t(x)
t0 = D.ExpTransform(); c = D.ComposeTransform([D.AffineTransform(1.0, 2.0), D.ExpTransform()], cache_size=1); yc = c(x)
r = str((t.inv(y) is x, t(x) is y, t0.inv(t0(x)) is x, c.inv(yc) is x, t.with_cache(1) is t, t0.with_cache(0) is t0))`,
  () => {
    const x = torch.tensor([0.5, 2]), t = new tr.ExpTransform(1), y = t.call(x), t0 = new tr.ExpTransform();
    const c = new tr.ComposeTransform([new tr.AffineTransform(1, 2), new tr.ExpTransform()], { cacheSize: 1 });
    const yc = c.call(x);
    const r = [t.inv.call(y) === x, t.call(x) === y, t0.inv.call(t0.call(x)) === x, c.inv.call(yc) === x];
    r.push(t.withCache(1) === t, t0.withCache(0) === t0);
    return `(${r.map(pyBool).join(", ")})`;
  },
);
// with_cache keeps the parameters; inverses of inverses and equality
add(
  `D = torch.distributions.transforms; a = D.AffineTransform(1.0, 2.0); b = a.with_cache(1); x = torch.tensor([0.5, 2.0])
r = (b(x), str((a == b, a == D.AffineTransform(1.0, 2.0), a == D.AffineTransform(1.0, 3.0), a.inv.inv is a, D.ExpTransform() == D.ExpTransform(), D.ExpTransform().inv == D.ExpTransform().inv, D.ExpTransform() == D.SigmoidTransform(), D.ComposeTransform([D.ExpTransform()]) == D.ComposeTransform([D.ExpTransform()]), D.PowerTransform(2.0) == D.PowerTransform(2.0))))`,
  () => {
    const a = new tr.AffineTransform(1, 2), b = a.withCache(1), x = torch.tensor([0.5, 2]);
    const r = [
      a.equals(b),
      a.equals(new tr.AffineTransform(1, 2)),
      a.equals(new tr.AffineTransform(1, 3)),
      a.inv.inv === a,
      new tr.ExpTransform().equals(new tr.ExpTransform()),
      new tr.ExpTransform().inv.equals(new tr.ExpTransform().inv),
      new tr.ExpTransform().equals(new tr.SigmoidTransform()),
      new tr.ComposeTransform([new tr.ExpTransform()]).equals(new tr.ComposeTransform([new tr.ExpTransform()])),
      new tr.PowerTransform(2).equals(new tr.PowerTransform(2)),
    ];
    return [b.call(x), `(${r.map(pyBool).join(", ")})`];
  },
);
// identity: zero log-determinant of x's shape
add(
  `x = torch.tensor([[1.0, 2.0]]); t = torch.distributions.transforms.identity_transform; r = (t(x), t.log_abs_det_jacobian(x, x))`,
  () => {
    const x = torch.tensor([[1, 2]], { dtype: "float32" }), t = tr.identityTransform;
    return [t.call(x), t.logAbsDetJacobian(x, x)];
  },
);
// event_dim: a transform whose domain and codomain differ in event dims, through composition
add(
  `D = torch.distributions.transforms; t = D.ComposeTransform([D.ReshapeTransform((4,), (2, 2)), D.ExpTransform()]); r = "|".join(str(v) for v in (t.domain, t.codomain, t.domain.event_dim, t.codomain.event_dim))`,
  () => {
    const t = new tr.ComposeTransform([new tr.ReshapeTransform([4], [2, 2]), new tr.ExpTransform()]);
    return [t.domain, t.codomain, t.domain.eventDim, t.codomain.eventDim].join("|");
  },
);

// ---- errors
const E = (py: string, ts: () => unknown) => add(`D = torch.distributions.transforms; r = ${py}`, ts);
E(`D.ExpTransform(cache_size=2)`, () => new tr.ExpTransform({ cacheSize: 2 }));
E(`D.ReshapeTransform((2, 3), (4,))`, () => new tr.ReshapeTransform([2, 3], [4]));
E(
  `D.ReshapeTransform((2, 3), (6,)).forward_shape(torch.Size([3, 2]))`,
  () => new tr.ReshapeTransform([2, 3], [6]).forwardShape([3, 2]),
);
E(
  `D.ReshapeTransform((2, 3), (6,)).inverse_shape(torch.Size([]))`,
  () => new tr.ReshapeTransform([2, 3], [6]).inverseShape([]),
);
E(`D.StickBreakingTransform().forward_shape(torch.Size([]))`, () => new tr.StickBreakingTransform().forwardShape([]));
E(`D.SoftmaxTransform().inverse_shape(torch.Size([]))`, () => new tr.SoftmaxTransform().inverseShape([]));
E(`D.ReshapeTransform((4,), (2, 2)).event_dim`, () => new tr.ReshapeTransform([4], [2, 2]).eventDim);
E(
  `D.IndependentTransform(D.ExpTransform(), 2)(torch.zeros(3))`,
  () => new tr.IndependentTransform(new tr.ExpTransform(), 2).call(torch.zeros([3])),
);
E(
  `D.IndependentTransform(D.ExpTransform(), 2).inv(torch.zeros(3))`,
  () => new tr.IndependentTransform(new tr.ExpTransform(), 2).inv.call(torch.zeros([3])),
);

const results = await numpy(cases.map(([py]) => ({ torch: true, setup: py, expr: "r" })));

Deno.test("transforms: values, gradients, structure, signs, caching and errors match PyTorch", () => {
  // float32 gradients of logit-type maps near 0 and 1 cancel large terms (100 - 99): a few ulps of those apart
  const f32 = (py: string) => py.includes("torch.float32");
  const part = (keep: (py: string) => boolean) =>
    [cases.filter(([py]) => keep(py)), results.filter((_, i) => keep(cases[i][0]))] as const;
  assert.deepEqual(caseFailures(...part((py) => !f32(py))), []);
  assert.deepEqual(caseFailures(...part(f32), { tol: { rtol: 1e-5, atol: 1e-6 } }), []);
});

Deno.test("transforms: what PyTorch leaves unimplemented is a RuntimeError naming the transform", () => {
  assert.throws(() => new tr.AbsTransform().sign, /AbsTransform\.sign is not implemented/);
  assert.throws(
    () => new tr.LowerCholeskyTransform().logAbsDetJacobian(torch.eye(2), torch.eye(2)),
    torch.RuntimeError,
  );
  assert.throws(
    () => new tr.SoftmaxTransform().logAbsDetJacobian(torch.zeros([2]), torch.zeros([2])),
    torch.RuntimeError,
  );
});

Deno.test("transforms: call forms (positional, options object, mixed) bind alike; unknown options are named", () => {
  const x = torch.tensor([0.5, -1], { dtype: "float64" });
  const want = new tr.AffineTransform(1, 2, 0, 1).call(x).tolist();
  assert.deepEqual(new tr.AffineTransform({ loc: 1, scale: 2, eventDim: 0, cacheSize: 1 }).call(x).tolist(), want);
  assert.deepEqual(new tr.AffineTransform(1, { scale: 2 }).call(x).tolist(), want);
  assert.deepEqual(new tr.PowerTransform({ exponent: 2 }).call(x).tolist(), new tr.PowerTransform(2).call(x).tolist());
  assert.deepEqual(
    new tr.ReshapeTransform({ inShape: [2], outShape: [2, 1] }).call(x).shape,
    new tr.ReshapeTransform([2], [2, 1]).call(x).shape,
  );
  assert.throws(
    () => new tr.ExpTransform({ size: 1 } as never),
    /ExpTransform\.__init__\(\) got an unexpected keyword argument 'size'/,
  );
  assert.throws(() => new tr.AffineTransform(1, 2, { loc: 3 } as never), /multiple values for argument 'loc'/);
  assert.throws(() => new tr.AffineTransform({ loc: 1 } as never), /missing required argument 'scale'/);
  assert.throws(() => new tr.ComposeTransform([1 as never]), TypeError);
  assert.ok(tr.identityTransform instanceof tr.ComposeTransform);
});
