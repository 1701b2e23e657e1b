/**
 * torch.func (grad, gradAndValue, vjp, jvp, jacrev, jacfwd, hessian, vmap, functionalCall) and
 * nn.utils.stateless.functionalCall against PyTorch 2.13's torch.func, evaluated in one Python process: values and
 * gradients in float32 and float64, pytrees, argnums forms, hasAux, nesting, vmap's inDims / outDims forms,
 * randomness modes and PyTorch's errors; the messages that name a Python type are checked with the JS type's name.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

type T = torch.Tensor;
// deno-lint-ignore no-explicit-any
type Any = any;
const fn = torch.func;

const SETUP = `
import torch.nn as nn
from torch.func import grad, grad_and_value, vjp, jvp, jacrev, jacfwd, hessian, vmap, functional_call
from torch.nn.utils import stateless
DT = {'float32': torch.float32, 'float64': torch.float64}
t = lambda v, dt='float64': torch.tensor(v, dtype=DT[dt])
X3 = [0.5, -1.2, 2.0]
Y3 = [1.5, 0.3, -0.7]
W = [[0.2, -0.4, 1.0], [0.7, 0.1, -0.3]]
B = [0.1, -0.2]
XS = [[0.5, -1.2, 2.0], [1.5, 0.3, -0.7], [-0.4, 0.9, 0.2], [1.1, -0.6, 0.8]]
YS = [[1.0, 0.0], [0.0, 1.0], [0.5, -0.5], [-1.0, 2.0]]
P = lambda dt: {'w': t(W, dt), 'b': t(B, dt)}
def loss(p, x, y): return ((x @ p['w'].T + p['b'] - y) ** 2).sum()
def f2(x, y): return (x.sin() * y).sum() + (x * x * y).sum()
def vec(x, y): return torch.stack([(x * y).sum(), (x.exp() * y).sum()])
def add(x, y): return x + y
def dl(d): return tuple(d[k] for k in sorted(d))
def seeded(s, f):
    torch.manual_seed(s)
    r = f()
    return (r, torch.rand(1))
`;

const t = (v: number[] | number[][], dt: "float32" | "float64" = "float64"): T => torch.tensor(v, { dtype: dt });
const X3 = [0.5, -1.2, 2.0], Y3 = [1.5, 0.3, -0.7];
const W = [[0.2, -0.4, 1.0], [0.7, 0.1, -0.3]], B = [0.1, -0.2];
const XS = [[0.5, -1.2, 2.0], [1.5, 0.3, -0.7], [-0.4, 0.9, 0.2], [1.1, -0.6, 0.8]];
const YS = [[1.0, 0.0], [0.0, 1.0], [0.5, -0.5], [-1.0, 2.0]];
const P = (dt: "float32" | "float64") => ({ w: t(W, dt), b: t(B, dt) });
const loss = (p: { w: T; b: T }, x: T, y: T) => x.matmul(p.w.t()).add(p.b).sub(y).pow(2).sum();
const f2 = (x: T, y: T) => x.sin().mul(y).sum().add(x.mul(x).mul(y).sum());
const vec = (x: T, y: T) => torch.stack([x.mul(y).sum(), x.exp().mul(y).sum()]);
function add(x: T, y: T): T {
  return x.add(y);
}
/** A dict of tensors as a tuple in sorted key order (the oracle encodes tuples, not dicts). */
const dl = (d: Record<string, unknown>) => Object.keys(d).sort().map((k) => d[k]);
const seeded = (s: number, f: () => unknown) => {
  torch.manualSeed(s);
  const r = f();
  return [r, torch.rand(1)];
};

const CASES: [string, () => unknown][] = [];
for (const dt of ["float32", "float64"] as const) {
  const x = () => t(X3, dt), y = () => t(Y3, dt);
  const py = (s: string) => s.replaceAll("DT_", `'${dt}'`);
  CASES.push(
    // grad: argnums forms, pytrees, hasAux, unused inputs, gradAndValue
    [py("grad(f2)(t(X3, DT_), t(Y3, DT_))"), () => fn.grad(f2)(x(), y())],
    [py("grad(f2, 1)(t(X3, DT_), t(Y3, DT_))"), () => fn.grad(f2, 1)(x(), y())],
    [py("grad(f2, argnums=-1)(t(X3, DT_), t(Y3, DT_))"), () => fn.grad(f2, { argnums: -1 })(x(), y())],
    [py("grad(f2, argnums=(0, 1))(t(X3, DT_), t(Y3, DT_))"), () => fn.grad(f2, [0, 1])(x(), y())],
    [py("grad(f2, argnums=(1, 0))(t(X3, DT_), t(Y3, DT_))"), () => fn.grad(f2, { argnums: [1, 0] })(x(), y())],
    [
      py("grad(lambda x, y: (x ** 2).sum(), argnums=1)(t(X3, DT_), t(Y3, DT_))"),
      () => fn.grad((a: T, _b: T) => a.pow(2).sum(), 1)(x(), y()),
    ],
    [py("dl(grad(loss)(P(DT_), t(XS, DT_), t(YS, DT_)))"), () => dl(fn.grad(loss)(P(dt), t(XS, dt), t(YS, dt)))],
    [
      py("grad(lambda ps: (ps[0] * ps[1][0]).sum() * ps[1][1].sum())([t(X3, DT_), (t(Y3, DT_), t(B, DT_))])"),
      () => fn.grad((ps: Any) => ps[0].mul(ps[1][0]).sum().mul(ps[1][1].sum()))([x(), [y(), t(B, dt)]]),
    ],
    [
      py("grad(lambda x, y: ((x * y).sum(), x.cos() * 2), has_aux=True)(t(X3, DT_), t(Y3, DT_))"),
      () => fn.grad((a: T, b: T) => [a.mul(b).sum(), a.cos().mul(2)], 0, true)(x(), y()),
    ],
    [
      py(
        "grad(lambda x, y: ((x * y).sum(), {'c': x.cos()}), argnums=(0, 1), has_aux=True)(t(X3, DT_), t(Y3, DT_))[1]['c']",
      ),
      () => fn.grad((a: T, b: T) => [a.mul(b).sum(), { c: a.cos() }], [0, 1], { hasAux: true })(x(), y())[1].c,
    ],
    [py("grad_and_value(f2)(t(X3, DT_), t(Y3, DT_))"), () => fn.gradAndValue(f2)(x(), y())],
    [
      py("grad_and_value(lambda x: ((x ** 3).sum(), x + 1), has_aux=True)(t(X3, DT_))"),
      () => fn.gradAndValue((a: T) => [a.pow(3).sum(), a.add(1)], { hasAux: true })(x()),
    ],
    // nesting: second derivatives, a closure over an outer grad's input
    [
      py("grad(lambda x: grad(lambda y: (y.sin() * y).sum())(x).sum())(t(X3, DT_))"),
      () => fn.grad((a: T) => (fn.grad((b: T) => b.sin().mul(b).sum())(a) as T).sum())(x()),
    ],
    [
      py("grad(lambda x: grad(lambda y: (x * y ** 2).sum())(x).sum())(t(X3, DT_))"),
      () => fn.grad((a: T) => (fn.grad((b: T) => a.mul(b.pow(2)).sum())(a) as T).sum())(x()),
    ],
    [
      py("grad(lambda x: grad(lambda y: (x.exp() * y ** 2).sum())(t(Y3, DT_)).sum())(t(X3, DT_))"),
      () => fn.grad((a: T) => (fn.grad((b: T) => a.exp().mul(b.pow(2)).sum())(y()) as T).sum())(x()),
    ],
    // vjp: several primals and outputs, the vjp function called twice, hasAux
    [
      py(
        "(lambda r: (r[0], r[1]((t(B, DT_), t(X3, DT_))), r[1]((t([1., 1.], DT_), t(Y3, DT_)))))(vjp(lambda x, y: (vec(x, y), x * y), t(X3, DT_), t(Y3, DT_)))",
      ),
      () => {
        const [o, f] = fn.vjp((a: T, b: T) => [vec(a, b), a.mul(b)], x(), y());
        return [o, f([t(B, dt), x()]), f([t([1, 1], dt), y()])];
      },
    ],
    [
      py("(lambda r: (r[0], r[1](t(B, DT_)), r[2]))(vjp(lambda x: (vec(x, x), x.tanh()), t(X3, DT_), has_aux=True))"),
      () => {
        const [o, f, aux] = fn.vjp((a: T) => [vec(a, a), a.tanh()], x(), { hasAux: true });
        return [o, f(t(B, dt)), aux];
      },
    ],
    [
      py("vjp(lambda p: loss(p, t(XS, DT_), t(YS, DT_)), P(DT_))[1](t(2., DT_))[0]['w']"),
      () => fn.vjp((p: Any) => loss(p, t(XS, dt), t(YS, dt)), P(dt))[1](torch.tensor(2, { dtype: dt }))[0].w,
    ],
    // jvp
    [
      py("jvp(lambda x, y: (vec(x, y), x * y), (t(X3, DT_), t(Y3, DT_)), (t(Y3, DT_), t(X3, DT_)))"),
      () => fn.jvp((a: T, b: T) => [vec(a, b), a.mul(b)], [x(), y()], [y(), x()]),
    ],
    [
      py("jvp(lambda x: (x.sin(), x.cos()), (t(X3, DT_),), (t(Y3, DT_),), has_aux=True)"),
      () => fn.jvp((a: T) => [a.sin(), a.cos()], [x()], [y()], { hasAux: true }),
    ],
    [
      py("jvp(lambda x: x.sum() * 0 + 3, (t(X3, DT_),), (t(Y3, DT_),))"),
      () => fn.jvp((a: T) => a.sum().mul(0).add(3), [x()], [y()]),
    ],
    // jacrev / jacfwd / hessian
    [py("jacrev(vec)(t(X3, DT_), t(Y3, DT_))"), () => fn.jacrev(vec)(x(), y())],
    [py("jacrev(vec, argnums=(0, 1))(t(X3, DT_), t(Y3, DT_))"), () => fn.jacrev(vec, [0, 1])(x(), y())],
    [
      py("jacrev(lambda x, y: (vec(x, y), x * y), 1, chunk_size=1)(t(X3, DT_), t(Y3, DT_))"),
      () => fn.jacrev((a: T, b: T) => [vec(a, b), a.mul(b)], 1, { chunkSize: 1 })(x(), y()),
    ],
    [
      py("jacrev(lambda x: (x.sin(), x.cos()), has_aux=True)(t(X3, DT_))"),
      () => fn.jacrev((a: T) => [a.sin(), a.cos()], 0, { hasAux: true, chunkSize: null })(x()),
    ],
    [
      py("dl(jacrev(lambda p: p['w'] @ t(X3, DT_) + p['b'])(P(DT_)))"),
      () => dl(fn.jacrev((p: Any) => p.w.matmul(x()).add(p.b))(P(dt))),
    ],
    [py("jacfwd(vec, argnums=(0, 1))(t(X3, DT_), t(Y3, DT_))"), () => fn.jacfwd(vec, { argnums: [0, 1] })(x(), y())],
    [
      py("jacfwd(lambda x: (x.sin(), x.cos()), 0, True, randomness='same')(t(X3, DT_))"),
      () => fn.jacfwd((a: T) => [a.sin(), a.cos()], 0, true, { randomness: "same" })(x()),
    ],
    [py("hessian(f2)(t(X3, DT_), t(Y3, DT_))"), () => fn.hessian(f2)(x(), y())],
    [py("hessian(f2, argnums=(0, 1))(t(X3, DT_), t(Y3, DT_))"), () => fn.hessian(f2, [0, 1])(x(), y())],
    [py("jacrev(jacrev(f2))(t(X3, DT_), t(Y3, DT_))"), () => fn.jacrev(fn.jacrev(f2))(x(), y())],
    [py("jacrev(jacrev(f2, 1), 0)(t(X3, DT_), t(Y3, DT_))"), () => fn.jacrev(fn.jacrev(f2, 1), 0)(x(), y())],
    // vmap: inDims / outDims forms
    [py("vmap(torch.dot)(t(XS, DT_), t(XS, DT_))"), () => fn.vmap((a: T, b: T) => a.dot(b))(t(XS, dt), t(XS, dt))],
    [
      py("vmap(lambda a, b: a * b.sum(), in_dims=(1, None))(t(XS, DT_), t(Y3, DT_))"),
      () => fn.vmap((a: T, b: T) => a.mul(b.sum()), [1, null])(t(XS, dt), y()),
    ],
    [
      py("vmap(lambda a: a.cumsum(0), in_dims=-1, out_dims=1)(t(XS, DT_))"),
      () => fn.vmap((a: T) => a.cumsum(0), { inDims: -1, outDims: 1 })(t(XS, dt)),
    ],
    [
      py("vmap(lambda ab: ab[0] * ab[1], in_dims=((0, 1),))((t(XS, DT_)[:3], t(XS, DT_)[:3].T))"),
      () =>
        fn.vmap((ab: T[]) => ab[0].mul(ab[1]), [[0, 1]])([t(XS, dt).narrow(0, 0, 3), t(XS, dt).narrow(0, 0, 3).t()]),
    ],
    [
      py("vmap(lambda d: d['a'] + d['b'], in_dims=({'a': 0, 'b': None},))({'a': t(XS, DT_), 'b': t(X3, DT_)})"),
      () => fn.vmap((d: Any) => d.a.add(d.b), [{ a: 0, b: null }])({ a: t(XS, dt), b: x() }),
    ],
    [
      py("vmap(lambda a: (a * 2, a.sum()), out_dims=(1, 0))(t(XS, DT_))"),
      () => fn.vmap((a: T) => [a.mul(2), a.sum()], { outDims: [1, 0] })(t(XS, dt)),
    ],
    [
      py("vmap(lambda a, c: (a.sum(), c), in_dims=(0, None), out_dims=(0, None))(t(XS, DT_), t(X3, DT_))"),
      () => fn.vmap((a: T, c: T) => [a.sum(), c], [0, null], [0, null])(t(XS, dt), x()),
    ],
    [
      py("vmap(vmap(lambda a, b: a * b), in_dims=(0, None))(t(XS, DT_), t(X3, DT_))"),
      () => fn.vmap(fn.vmap((a: T, b: T) => a.mul(b)), [0, null])(t(XS, dt), x()),
    ],
    [
      py("vmap(lambda a: a * 2, chunk_size=3)(t(XS, DT_))"),
      () => fn.vmap((a: T) => a.mul(2), 0, 0, "error", { chunkSize: 3 })(t(XS, dt)),
    ],
    [
      py("vmap(lambda a: a @ t(W, DT_).T)(t(XS, DT_)[:0])"),
      () => fn.vmap((a: T) => a.matmul(t(W, dt).t()))(t(XS, dt).narrow(0, 0, 0)),
    ],
    [
      py("vmap(lambda a: (a.sum(), a * 2), out_dims=(0, 1))(t(XS, DT_)[:0])"),
      () => fn.vmap((a: T) => [a.sum(), a.mul(2)], { outDims: [0, 1] })(t(XS, dt).narrow(0, 0, 0)),
    ],
    // per-sample gradients: vmap of grad
    [
      py("dl(vmap(grad(loss), in_dims=(None, 0, 0))(P(DT_), t(XS, DT_), t(YS, DT_)))"),
      () => dl(fn.vmap(fn.grad(loss), { inDims: [null, 0, 0] })(P(dt), t(XS, dt), t(YS, dt))),
    ],
    [
      py("vmap(jacrev(vec), in_dims=(0, None))(t(XS, DT_)[:, :3], t(Y3, DT_))"),
      () => fn.vmap(fn.jacrev(vec), [0, null])(t(XS, dt).narrow(1, 0, 3), y()),
    ],
    // gradients through a transform's result (the inputs require grad: results keep their history)
    [
      py("(lambda x: (grad(f2)(x, t(Y3, DT_)).pow(2).sum().backward(), x.grad)[1])(t(X3, DT_).requires_grad_())"),
      () => {
        const a = x().requiresGrad_();
        (fn.grad(f2)(a, y()) as T).pow(2).sum().backward();
        return a.grad;
      },
    ],
    [
      py(
        "(lambda x: (vmap(lambda r: (r * x).sum())(t(XS, DT_)).pow(2).sum().backward(), x.grad)[1])(t(X3, DT_).requires_grad_())",
      ),
      () => {
        const a = x().requiresGrad_();
        (fn.vmap((r: T) => r.mul(a).sum())(t(XS, dt).narrow(1, 0, 3)) as T).pow(2).sum().backward();
        return a.grad;
      },
    ],
  );
}
CASES.push(
  // randomness modes: each entry's draws and the generator's state after (the next draw)
  [
    "seeded(0, lambda: vmap(lambda x: x + torch.rand(2), randomness='same')(torch.zeros(3, 2)))",
    () => seeded(0, () => fn.vmap((a: T) => a.add(torch.rand(2)), { randomness: "same" })(torch.zeros(3, 2))),
  ],
  [
    "seeded(0, lambda: vmap(lambda x: x + torch.rand(2), randomness='different')(torch.zeros(3, 2)))",
    () => seeded(0, () => fn.vmap((a: T) => a.add(torch.rand(2)), 0, 0, "different")(torch.zeros(3, 2))),
  ],
  [
    "vmap(lambda x: x + torch.rand(2))(torch.zeros(3, 2))",
    () => fn.vmap((a: T) => a.add(torch.rand(2)))(torch.zeros(3, 2)),
  ],
  ["vmap(lambda x: x, randomness='x')", () => fn.vmap((a: T) => a, { randomness: "x" as "same" })],
  ["jacfwd(lambda x: x, randomness='x')(t(X3))", () => fn.jacfwd((a: T) => a, { randomness: "x" as "same" })(t(X3))],
  // PyTorch's errors
  ["grad(lambda x: x.sin())(t(X3))", () => fn.grad((a: T) => a.sin())(t(X3))],
  ["grad(lambda x: x.sum(), has_aux=True)(t(X3))", () => fn.grad((a: T) => a.sum(), { hasAux: true })(t(X3))],
  ["grad(lambda x: (x.sum(),), has_aux=True)(t(X3))", () => fn.grad((a: T) => [a.sum()], 0, true)(t(X3))],
  ["grad(lambda x, y: x.sum(), argnums=2)(t(X3))", () => fn.grad((a: T) => a.sum(), 2)(t(X3))],
  ["grad(lambda x, y: x.sum(), argnums=-3)(t(X3), t(X3))", () => fn.grad((a: T) => a.sum(), -3)(t(X3), t(X3))],
  ["grad(lambda x: x.sum())()", () => fn.grad((a: T) => a.sum())()],
  ["grad(lambda x, y: x.sum(), argnums=())(t(X3), t(X3))", () => fn.grad((a: T) => a.sum(), [])(t(X3), t(X3))],
  ["grad(lambda x: x.sum(), argnums=(0, 0))(t(X3))", () => fn.grad((a: T) => a.sum(), [0, 0])(t(X3))],
  ["grad(lambda x: x.sum())(torch.tensor([1, 2]))", () => fn.grad((a: T) => a.sum())(torch.tensor([1, 2]))],
  [
    "vjp(lambda x: x.sum(), t(X3))[1]((t(1.), t(1.)))",
    () =>
      fn.vjp((a: T) => a.sum(), t(X3))[1]([
        torch.tensor(1, { dtype: "float64" }),
        torch.tensor(1, { dtype: "float64" }),
      ]),
  ],
  ["vjp(lambda x: (x, x), t(X3))[1](t(X3))", () => fn.vjp((a: T) => [a, a], t(X3))[1](t(X3))],
  ["vjp(lambda x: x, t(X3), has_aux=True)", () => fn.vjp((a: T) => a, t(X3), { hasAux: true })],
  ["jvp(lambda x: x.sum(), (t(X3),), (t(B),))", () => fn.jvp((a: T) => a.sum(), [t(X3)], [t(B)])],
  ["jvp(lambda x: x.sum(), (t(X3),), (t(X3), t(X3)))", () => fn.jvp((a: T) => a.sum(), [t(X3)], [t(X3), t(X3)])],
  ["jvp(lambda x: x.sum(), (), ())", () => fn.jvp((a: T) => a.sum(), [], [])],
  ["jvp(lambda x: x, (t(X3),), (t(X3),), has_aux=True)", () => fn.jvp((a: T) => a, [t(X3)], [t(X3)], { hasAux: true })],
  ["jacrev(lambda x: x, chunk_size=0)", () => fn.jacrev((a: T) => a, { chunkSize: 0 })],
  ["jacrev(lambda x: x, has_aux=True)(t(X3))", () => fn.jacrev((a: T) => a, { hasAux: true })(t(X3))],
  ["jacrev(lambda x: x, argnums=1)(t(X3))", () => fn.jacrev((a: T) => a, 1)(t(X3))],
  ["vmap(add)(torch.ones(3), torch.ones(2))", () => fn.vmap(add)(torch.ones(3), torch.ones(2))],
  [
    "vmap(add, in_dims=(0, 2))(torch.ones(3, 2), torch.ones(3, 2))",
    () => fn.vmap(add, [0, 2])(torch.ones(3, 2), torch.ones(3, 2)),
  ],
  [
    "vmap(add, in_dims=(0, -3))(torch.ones(3, 2), torch.ones(3, 2))",
    () => fn.vmap(add, [0, -3])(torch.ones(3, 2), torch.ones(3, 2)),
  ],
  [
    "vmap(add, in_dims=(0, 0, 0))(torch.ones(3, 2), torch.ones(3, 2))",
    () => fn.vmap(add, [0, 0, 0])(torch.ones(3, 2), torch.ones(3, 2)),
  ],
  [
    "vmap(lambda x: x, in_dims=((0, 0, 0),))((t(X3), t(X3)))",
    () => fn.vmap((a: T) => a, [[0, 0, 0]])([t(X3), t(X3)]),
  ],
  [
    "vmap(add, in_dims=(None, None))(torch.ones(3, 2), torch.ones(2))",
    () => fn.vmap(add, [null, null])(torch.ones(3, 2), torch.ones(2)),
  ],
  ["vmap(lambda x: x)()", () => fn.vmap((a: T) => a)()],
  ["vmap(lambda x: x)(torch.ones(()))", () => fn.vmap((a: T) => a)(torch.ones([]))],
  ["vmap(lambda x: x, chunk_size=0)", () => fn.vmap((a: T) => a, { chunkSize: 0 })],
  [
    "vmap(lambda x: x, out_dims=(0, 1))(torch.ones(3, 2))",
    () => fn.vmap((a: T) => a, { outDims: [0, 1] })(torch.ones(3, 2)),
  ],
  ["vmap(lambda x: x, out_dims=2)(torch.ones(3, 2))", () => fn.vmap((a: T) => a, { outDims: 2 })(torch.ones(3, 2))],
  [
    "vmap(lambda x: x, out_dims='a')(torch.ones(3, 2))",
    () => fn.vmap((a: T) => a, { outDims: "a" as never })(torch.ones(3, 2)),
  ],
  ["vmap(lambda x: x.sum(), out_dims=None)(t(XS))", () => fn.vmap((a: T) => a.sum(), { outDims: null })(t(XS))],
  ["vmap(lambda x: x, out_dims=(0,))(t(XS))", () => fn.vmap((a: T) => a, { outDims: [0] })(t(XS))],
);

// functionalCall: PyTorch's modules built with the same seed, so their initial weights are the same
const MODS = `
torch.manual_seed(0)
lin = nn.Linear(3, 2)
torch.manual_seed(1)
seq = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
bn = nn.BatchNorm1d(3)
`;
const mods = () => {
  torch.manualSeed(0);
  const lin = new nn.Linear(3, 2);
  torch.manualSeed(1);
  const seq = new nn.Sequential(new nn.Linear(3, 4), new nn.Tanh(), new nn.Linear(4, 2));
  return { lin, seq, bn: new nn.BatchNorm1d(3) };
};
const FC: [string, () => unknown][] = [
  [
    "functional_call(lin, {'weight': t(W, 'float32'), 'bias': t(B, 'float32')}, t(XS, 'float32'))",
    () => fn.functionalCall(mods().lin, { weight: t(W, "float32"), bias: t(B, "float32") }, t(XS, "float32")),
  ],
  ["(functional_call(lin.double(), {'weight': t(W)}, (t(XS),)), lin.weight)", () => {
    const { lin } = mods();
    lin.double();
    return [fn.functionalCall(lin, { weight: t(W) }, [t(XS)]), lin.weight];
  }],
  [
    "dl(grad(lambda p, x: functional_call(lin.double(), p, x).pow(2).sum())({'weight': t(W), 'bias': t(B)}, t(XS)))",
    () =>
      dl(
        fn.grad((p: Any, x: T) => (fn.functionalCall(mods().lin.double(), p, x) as T).pow(2).sum())({
          weight: t(W),
          bias: t(B),
        }, t(XS)),
      ),
  ],
  [
    "(lambda p: functional_call(seq, p, t(XS, 'float32')))({'0.weight': torch.ones(4, 3), '2.bias': t(B, 'float32')})",
    () =>
      nn.utils.stateless.functionalCall(
        mods().seq,
        { "0.weight": torch.ones(4, 3), "2.bias": t(B, "float32") },
        t(XS, "float32"),
      ),
  ],
  [
    "functional_call(seq, [{'0.weight': torch.ones(4, 3)}, {'2.bias': t(B, 'float32')}], args=t(XS, 'float32'), strict=False)",
    () =>
      fn.functionalCall(mods().seq, [{ "0.weight": torch.ones(4, 3) }, { "2.bias": t(B, "float32") }], {
        args: t(XS, "float32"),
        strict: false,
      }),
  ],
  ["list(seq.state_dict().keys())", () => Object.keys(mods().seq.stateDict())],
  [
    "(lambda m: (functional_call(bn, {'running_mean': m}, t(XS, 'float32')), m, bn.running_mean))(torch.ones(3))",
    () => {
      const { bn } = mods(), m = torch.ones(3);
      return [fn.functionalCall(bn, { running_mean: m }, t(XS, "float32")), m, bn.runningMean];
    },
  ],
  [
    "functional_call(lin, {'weight': torch.zeros(2, 3), 'foo': torch.zeros(2)}, t(XS, 'float32'), strict=True)",
    () =>
      fn.functionalCall(mods().lin, { weight: torch.zeros(2, 3), foo: torch.zeros(2) }, t(XS, "float32"), null, {
        strict: true,
      }),
  ],
  [
    "functional_call(seq, {'0.weight': torch.zeros(4, 3)}, t(XS, 'float32'), strict=True)",
    () => fn.functionalCall(mods().seq, { "0.weight": torch.zeros(4, 3) }, { args: t(XS, "float32"), strict: true }),
  ],
  [
    "functional_call(lin, [{'weight': torch.zeros(2, 3)}, {'weight': torch.zeros(2, 3)}], t(XS, 'float32'))",
    () =>
      fn.functionalCall(mods().lin, [{ weight: torch.zeros(2, 3) }, { weight: torch.zeros(2, 3) }], t(XS, "float32")),
  ],
  [
    "functional_call(lin, [{'weight': torch.zeros(2, 3)}, 3], t(XS, 'float32'))",
    () => fn.functionalCall(mods().lin, [{ weight: torch.zeros(2, 3) }, 3 as never], t(XS, "float32")),
  ],
];

const results = await numpy(
  [...CASES, ...FC].map(([py], i) => ({ torch: true, setup: i < CASES.length ? SETUP : SETUP + MODS, expr: py })),
);

Deno.test("torch.func transforms match PyTorch: values, gradients, pytrees, nesting, vmap forms, errors", () => {
  assert.deepEqual(caseFailures(CASES, results.slice(0, CASES.length)), []);
});

Deno.test("functionalCall matches PyTorch: parameters and buffers by stateDict name, dict lists, strict errors", () => {
  assert.deepEqual(caseFailures(FC, results.slice(CASES.length)), []);
});

Deno.test("messages that name a Python type name the JS type; anonymous functions are <lambda>", () => {
  const x = t(X3);
  const thing = "Thing passed to transform API must be Tensor, got <class 'number'>";
  assert.throws(() => fn.grad((a: T) => a.sum())(1.5), (e: Error) => e instanceof RangeError && e.message === thing);
  assert.throws(() => fn.grad((a: Any) => a[0].sum())([x, 2]), { message: thing });
  assert.throws(() => fn.grad((a: Any) => a.a.sum())({ a: x, b: "h" }), {
    message: "Thing passed to transform API must be Tensor, got <class 'string'>",
  });
  assert.throws(() => fn.grad((a: T) => a.sum(), 1.5 as never)(x), {
    message: "argnums must be int or Tuple[int, ...], got: <class 'number'>",
  });
  assert.throws(() => fn.grad(() => 3)(x), {
    message: "grad_and_value(f)(*args): Expected f(*args) to return a Tensor, got <class 'number'>",
  });
  assert.throws(() => fn.vjp(() => 3, x), (e: Error) =>
    e instanceof torch.RuntimeError &&
    e.message ===
      "vjp(f, *primals): expected f(*primals) to return only tensors, got unsupported type <class 'number'>");
  assert.throws(() => fn.jvp((a: T) => a, [3], [x]), {
    message: "jvp(f, primals, tangents): Expected primals to only contain Tensors, got <class 'number'>",
  });
  assert.throws(() => fn.jvp((a: T) => a, x as never, [x]), {
    message: "jvp(f, primals, tangents): Expected primals to be a tuple. E.g. it should be valid to call f(*primals).",
  });
  assert.throws(() => fn.vmap(add, [0, 0])(torch.ones(3, 2), 1), (e: Error) =>
    e instanceof RangeError &&
    e.message ===
      "vmap(add, in_dims=(0, 0), ...)(<inputs>): Got in_dim=0 for an input but the input is of type <class 'number'>. " +
        "We cannot vmap over non-Tensor arguments, please use None as the respective in_dim");
  assert.throws(() => fn.vmap((_a: T) => 1)(torch.ones(3, 2)), {
    message: "vmap(<lambda>, ...): `<lambda>` must only return Tensors, got type <class 'number'>. Did you mean to " +
      "set out_dims= to None for output?",
  });
  function named(a: T) {
    return [a, 1];
  }
  assert.throws(() => fn.vmap(named)(torch.ones(3, 2)), {
    message: "vmap(named, ...): `named` must only return Tensors, got type <class 'number'>. Did you mean to set " +
      "out_dims= to None for output?",
  });
  // a non-Tensor output with out_dims null is returned once
  const [o, one] = fn.vmap(named, { outDims: [0, null] })(torch.ones(3, 2));
  assert.deepEqual([o.shape, one], [[3, 2], 1]);
  assert.throws(() => fn.vmap(add, [0, "a" as never])(torch.ones(3, 2), torch.ones(3, 2)), {
    message: "vmap(add, in_dims=(0, 'a'), ...)(<inputs>): Got in_dim=a for an input but in_dim must be either an " +
      "integer dimension or None.",
  });
  assert.throws(() => fn.vmap(add, null)(torch.ones(3, 2), torch.ones(3, 2)), {
    message: "vmap(add, in_dims=None, ...)(<inputs>): expected `in_dims` to be int or a (potentially nested) tuple " +
      "matching the structure of inputs, got: <class 'NoneType'>.",
  });
  // an output that depends on the batch cannot have out_dims null
  assert.throws(() => fn.vmap((a: T) => a.sum(), { outDims: null })(t(XS)), {
    message: "vmap(<lambda>, ...): `<lambda>` can not return a BatchedTensor when out_dim is None",
  });
  assert.throws(() => fn.grad(1 as never), TypeError);
});

Deno.test("top-level results carry no history; inputs that require grad keep it; vjpFn may be called again", () => {
  const x = t(X3), y = t(Y3);
  const g = fn.grad(f2)(x, y) as T;
  assert.equal(g.requiresGrad, false);
  assert.equal(g.gradFn, null);
  const [v, f] = fn.vjp(f2, x, y);
  assert.equal(v.requiresGrad, false);
  assert.deepEqual(
    f(torch.tensor(1, { dtype: "float64" }))[0].tolist(),
    f(torch.tensor(1, { dtype: "float64" }))[0].tolist(),
  );
  const xr = t(X3).requiresGrad_();
  assert.equal((fn.grad(f2)(xr, y) as T).requiresGrad, true);
  assert.equal((fn.jacrev(vec)(xr, y) as T).requiresGrad, true);
  // the inputs are not modified and get no .grad
  fn.grad(f2)(xr, y);
  assert.equal(xr.grad, null);
  // a function whose output does not use its input at all: zero gradient
  assert.deepEqual((fn.grad((_a: T) => torch.tensor(2, { dtype: "float64" }))(x) as T).tolist(), [0, 0, 0]);
});

Deno.test("call forms: positional, options object and mixed give the same; unknown options are named", () => {
  const x = t(X3), y = t(Y3);
  const want = JSON.stringify((fn.grad(f2, [0, 1], false)(x, y) as T[]).map((g) => g.tolist()));
  for (const g of [fn.grad(f2, { argnums: [0, 1] }), fn.grad(f2, [0, 1], { hasAux: false }), fn.grad(f2, [0, 1])]) {
    assert.equal(JSON.stringify((g(x, y) as T[]).map((r) => r.tolist())), want);
  }
  const J = JSON.stringify((fn.jacrev(vec, 1)(x, y) as T).tolist());
  assert.equal(JSON.stringify(fn.jacrev(vec, { argnums: 1 })(x, y).tolist()), J);
  assert.equal(JSON.stringify(fn.jacfwd(vec, 1, false)(x, y).tolist()), J);
  assert.equal(JSON.stringify(fn.jacfwd(vec, 1, { randomness: "different" })(x, y).tolist()), J);
  const m = (a: T, b: T) => a.mul(b.sum());
  const V = JSON.stringify(fn.vmap(m, [1, null], 1)(t(XS), y).tolist());
  assert.equal(JSON.stringify(fn.vmap(m, { inDims: [1, null], outDims: 1 })(t(XS), y).tolist()), V);
  assert.equal(JSON.stringify(fn.vmap(m, [1, null], { outDims: 1, chunkSize: 2 })(t(XS), y).tolist()), V);
  assert.equal(JSON.stringify(torch.vmap(m, [1, null], 1, "same")(t(XS), y).tolist()), V);
  assert.equal(
    JSON.stringify(fn.hessian(f2, { argnums: 1 })(x, y).tolist()),
    JSON.stringify(fn.hessian(f2, 1)(x, y).tolist()),
  );
  assert.equal(
    JSON.stringify(fn.jvp((a: T) => a.sin(), [x], [y], { strict: false })[1].tolist()),
    JSON.stringify(fn.jvp((a: T) => a.sin(), [x], [y])[1].tolist()),
  );
  assert.throws(
    () => fn.grad(f2, { argnum: 1 } as never),
    (e: Error) => e instanceof TypeError && /argnum/.test(e.message),
  );
  assert.throws(
    () => fn.vmap(f2, { inDim: 1 } as never),
    (e: Error) => e instanceof TypeError && /inDim/.test(e.message),
  );
  // keyword-only in PyTorch: jacrev's hasAux, vmap's chunkSize, jacfwd's randomness
  assert.throws(() => fn.jacrev(vec, 0, true as never), TypeError);
  assert.throws(() => fn.vmap(m, 0, 0, "error", 2 as never), TypeError);
  assert.throws(() => fn.jacfwd(vec, 0, false, "same" as never), TypeError);
  // a plain object primal is a dict pytree, not options
  const [, vf] = fn.vjp((p: Any) => p.hasAux.sum(), { hasAux: x });
  assert.deepEqual(vf(torch.tensor(1, { dtype: "float64" }))[0].hasAux.tolist(), [1, 1, 1]);
});

Deno.test("vmap's randomness: error mode leaves the generator as it was; same / different", () => {
  torch.manualSeed(3);
  const before = torch.getRngState().tolist();
  assert.throws(() => fn.vmap((a: T) => a.add(torch.randn(2)))(torch.zeros(3, 2)), torch.RuntimeError);
  assert.deepEqual(torch.getRngState().tolist(), before);
  const same = fn.vmap((a: T) => a.add(torch.randn(2)), { randomness: "same" })(torch.zeros(3, 2)) as T;
  assert.deepEqual(same.get(0).tolist(), same.get(2).tolist());
  const diff = fn.vmap((a: T) => a.add(torch.randn(2)), { randomness: "different" })(torch.zeros(3, 2)) as T;
  assert.notDeepEqual(diff.get(0).tolist(), diff.get(2).tolist());
  // no draw: error mode is fine
  assert.deepEqual(fn.vmap((a: T) => a.add(1))(torch.zeros(2, 1)).tolist(), [[1], [1]]);
});

class Tied extends nn.Module {
  a = new nn.Linear(2, 2, { bias: false });
  b = new nn.Linear(2, 2, { bias: false });
  constructor() {
    super();
    this.b.weight = this.a.weight;
  }
  override forward(x: T): T {
    return this.b.forward(this.a.forward(x));
  }
}

class Counter extends nn.Module {
  constructor() {
    super();
    this.registerBuffer("count", torch.zeros([]));
  }
  override forward(x: T, opts: { scale?: number } = {}): T {
    const self = this as unknown as { count: T };
    self.count = self.count.add(1);
    return x.mul(opts.scale ?? 1);
  }
}

Deno.test("functionalCall: tied weights, restoring on throw, write-back, call forms, errors", () => {
  const x = torch.ones(1, 2);
  const m = new Tied(), w0 = m.a.weight;
  assert.deepEqual(m.namedParameters().map(([k]) => k), ["a.weight"]);
  const eye2 = torch.eye(2).mul(2);
  // tied: giving a.weight replaces b.weight too (2 * 2 * x)
  assert.deepEqual(fn.functionalCall(m, { "a.weight": eye2 }, x).tolist(), [[4, 4]]);
  assert.deepEqual(fn.functionalCall(m, { "a.weight": eye2 }, x, null, { strict: true }).tolist(), [[4, 4]]);
  // untied: b keeps the original weight
  const want = m.b.forward(x.mul(2)).tolist();
  assert.deepEqual(fn.functionalCall(m, { "a.weight": eye2 }, x, { tieWeights: false }).tolist(), want);
  assert.throws(
    () => fn.functionalCall(m, { "a.weight": eye2, "b.weight": torch.eye(2) }, x),
    (e: Error) =>
      e instanceof RangeError &&
      e.message ===
        "functional_call got multiple values for keys ['a.weight', 'b.weight'], which are tied. Consider using " +
          "tie_weights=False",
  );
  assert.deepEqual(fn.functionalCall(m, { "a.weight": eye2, "b.weight": eye2 }, x).tolist(), [[4, 4]]);
  assert.equal(m.a.weight, w0);
  assert.equal(m.b.weight, w0);

  // originals come back when forward throws
  const lin = new nn.Linear(3, 2), w = lin.weight;
  assert.throws(() => fn.functionalCall(lin, { weight: torch.zeros(5, 5) }, torch.ones(1, 3)));
  assert.equal(lin.weight, w);
  assert.throws(
    () => fn.functionalCall(lin, { "a.b": torch.zeros(2) }, torch.ones(1, 3)),
    (e: Error) => e instanceof nn.AttributeError && e.message === "Linear has no attribute `a`",
  );
  assert.throws(() => fn.functionalCall(lin, { weight: 3 as never }, torch.ones(1, 3)), {
    name: "TypeError",
    message: "3 is not an instance of torch.Tensor",
  });
  assert.throws(() => fn.functionalCall(lin, 3 as never, torch.ones(1, 3)), {
    message: "Expected parameter_and_buffer_dicts to be a dict, or a list/tuple of dicts, but got number",
  });
  assert.throws(() => fn.functionalCall(lin, {}, torch.ones(1, 3), null, { strcit: true } as never), /strcit/);
  assert.throws(() => fn.functionalCall(lin, {}, torch.ones(1, 3), { args: torch.ones(1, 3) }), /multiple values/);
  assert.throws(() => fn.functionalCall(new nn.DataParallel(lin), {}, torch.ones(1, 3)), {
    message: "The stateless API can't be used with nn.DataParallel module",
  });

  // a forward that reassigns a buffer: the new value lands in the given dict, the module keeps its own; kwargs
  const c = new Counter(), given = { count: torch.tensor(5) };
  const y = fn.functionalCall(c, given, [torch.ones(2)], { scale: 3 });
  assert.deepEqual([y.tolist(), given.count.item(), (c as unknown as { count: T }).count.item()], [[3, 3], 6, 0]);
  assert.deepEqual(fn.functionalCall(c, {}, { args: torch.ones(2), kwargs: { scale: 2 } }).tolist(), [2, 2]);
  assert.deepEqual(fn.functionalCall(c, {}, torch.ones(2), undefined, { kwargs: { scale: 4 } }).tolist(), [4, 4]);
  // no args: forward()
  assert.throws(() => fn.functionalCall(c, {}), TypeError);
  assert.equal(nn.utils.stateless.functionalCall, torch.nn.utils.stateless.functionalCall);
});
