/**
 * The optimizer base: stateDict / loadStateDict round trips (in memory and
 * through torch.save) continuing bit for bit, option checking, param
 * groups, zeroGrad, and state lifetimes under torch.tidy.
 */
import assert from "node:assert/strict";
import { optim, torch } from "../../mod.ts";
import { normals, values } from "./helpers.ts";

// deno-lint-ignore no-explicit-any
type AnyOptimizer = new (params: any, opts?: any) => optim.Optimizer;
const C = optim as unknown as Record<string, AnyOptimizer>;

const RICH: [string, Record<string, unknown>][] = [
  ["SGD", { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 }],
  ["Adam", { lr: 0.01, amsgrad: true }],
  ["AdamW", { lr: 0.01, weightDecay: 0.1 }],
  ["Adamax", { lr: 0.01 }],
  ["NAdam", { lr: 0.01, decoupledWeightDecay: true, weightDecay: 0.1 }],
  ["RAdam", { lr: 0.01 }],
  ["Adagrad", { lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1 }],
  ["RMSprop", { lr: 0.01, centered: true, momentum: 0.5 }],
  ["Adadelta", { lr: 1.0 }],
];

function setup(seed: number) {
  const next = normals(seed);
  const init = [values(next, 6, "float32"), values(next, 3, "float32")];
  const grads = Array.from({ length: 20 }, () => [values(next, 6, "float32"), values(next, 3, "float32")]);
  const params = () => [torch.tensor(init[0]).reshape(2, 3).requiresGrad_(), torch.tensor(init[1]).requiresGrad_()];
  const run = (opt: optim.Optimizer, ps: torch.Tensor[], from: number, to: number) => {
    for (let s = from; s < to; s++) {
      torch.tidy(() => {
        opt.zeroGrad();
        ps.forEach((p, i) => (p.grad = torch.tensor(grads[s][i]).reshape(p.shape)));
        opt.step();
      });
    }
  };
  return { params, run };
}

for (const [name, kwargs] of RICH) {
  Deno.test(`${name}: stateDict -> torch.save -> torch.load -> loadStateDict continues bit for bit`, async () => {
    const { params, run } = setup(name.length * 7);
    const ref = params();
    const a = new C[name]([{ params: [ref[0]] }, { params: [ref[1]], lr: (kwargs.lr as number) / 2 }], kwargs);
    run(a, ref, 0, 20);

    const first = params();
    const b = new C[name]([{ params: [first[0]] }, { params: [first[1]], lr: (kwargs.lr as number) / 2 }], kwargs);
    run(b, first, 0, 10);
    const path = await Deno.makeTempFile({ suffix: ".safetensors" });
    await torch.save(b.stateDict(), path);
    const loaded = await torch.load<optim.StateDict>(path);
    await Deno.remove(path);

    const resumed = first.map((p) => p.detach().clone().requiresGrad_());
    const c = new C[name]([{ params: [resumed[0]] }, { params: [resumed[1]] }], kwargs);
    c.loadStateDict(loaded);
    assert.equal(c.paramGroups[1].lr, (kwargs.lr as number) / 2, "group options come from the state dict");
    run(c, resumed, 10, 20);
    resumed.forEach((p, i) => assert.deepEqual(p.tolist(), ref[i].tolist(), `${name}: param ${i}`));
  });
}

Deno.test("stateDict: indices over all groups, options per group, state by index; in-memory round trip", () => {
  const w = torch.ones(2, { requiresGrad: true }), b = torch.zeros(1, { requiresGrad: true });
  const opt = new optim.Adam([{ params: [w] }, { params: [b], lr: 0.1 }], { lr: 0.01, betas: [0.8, 0.9] });
  w.grad = torch.ones(2);
  opt.step();
  const sd = opt.stateDict();
  assert.deepEqual(sd.paramGroups.map((g) => g.params), [[0], [1]]);
  assert.deepEqual(sd.paramGroups.map((g) => g.lr), [0.01, 0.1]);
  assert.deepEqual(sd.paramGroups[1].betas, [0.8, 0.9]);
  assert.deepEqual(Object.keys(sd.state), ["0"], "b had no gradient: no state");
  assert.equal(sd.state["0"].step, 1);
  assert.ok(sd.state["0"].expAvg instanceof torch.Tensor);

  const w2 = torch.ones(2, { requiresGrad: true }), b2 = torch.zeros(1, { requiresGrad: true });
  const opt2 = new optim.Adam([{ params: [w2] }, { params: [b2] }]);
  opt2.loadStateDict(sd);
  const st = opt2.state.get(w2)!;
  assert.notEqual(st.expAvg, sd.state["0"].expAvg, "loaded tensors are copies");
  assert.deepEqual((st.expAvg as torch.Tensor).tolist(), (sd.state["0"].expAvg as torch.Tensor).tolist());
  assert.equal(opt2.paramGroups[0].params[0], w2);

  assert.throws(() => new optim.Adam([w2]).loadStateDict(sd), /different number of parameter groups/);
  const opt3 = new optim.Adam([{ params: [w2, b2] }, { params: [torch.zeros(1, { requiresGrad: true })] }]);
  assert.throws(() => opt3.loadStateDict(sd), /doesn't match the size/);
});

Deno.test("loadStateDict casts state to the parameter's dtype", () => {
  const w = torch.ones(2, { requiresGrad: true });
  const opt = new optim.SGD([w], { lr: 0.1, momentum: 0.9 });
  w.grad = torch.ones(2);
  opt.step();
  const w64 = torch.ones(2, { dtype: "float64", requiresGrad: true });
  const opt64 = new optim.SGD([w64], { lr: 0.1, momentum: 0.9 });
  opt64.loadStateDict(opt.stateDict());
  assert.equal((opt64.state.get(w64)!.momentumBuffer as torch.Tensor).dtype, "float64");
});

Deno.test("unknown or misspelled options are TypeErrors naming them", () => {
  const p = torch.ones(2, { requiresGrad: true });
  for (const name of Object.keys(C).filter((k) => /^[A-Z]/.test(k) && k !== "Optimizer")) {
    assert.throws(
      () => new C[name]([p], { lrr: 0.1 }),
      (e: Error) => e instanceof TypeError && /'lrr'/.test(e.message),
      name,
    );
    assert.throws(() => new C[name]([p], { weight_decay: 0.1 }), /unknown option 'weight_decay'/, name);
  }
  assert.throws(() => new optim.SGD([{ params: [p], momentom: 0.9 }] as never), /unknown option 'momentom'/);
  assert.throws(() => new optim.SGD([p], { lr: "0.1" } as never), /argument 'lr' must be a number/);
  assert.throws(() => new optim.Adam([p], { amsgrad: 1 } as never), /'amsgrad' must be a boolean/);
  assert.throws(() => new optim.LBFGS([p], { lineSearchFn: "wolfe" } as never), /lineSearchFn/);
  const opt = new optim.SGD([p]);
  assert.throws(() => opt.zeroGrad({ setToNull: true } as never), /unknown option 'setToNull'/);
  assert.throws(() => new optim.lrScheduler.StepLR(opt, 2, { gama: 0.5 } as never), /unknown option 'gama'/);
  assert.throws(() => new optim.lrScheduler.OneCycleLR(opt, 0.1, { totalStep: 10 } as never), /'totalStep'/);
  assert.throws(() => new optim.lrScheduler.ReduceLROnPlateau(opt, { mode: "minimum" } as never), /'mode'/);
});

Deno.test("invalid values are RangeErrors with PyTorch's messages", () => {
  const p = torch.ones(2, { requiresGrad: true });
  assert.throws(() => new optim.SGD([p], -0.1), /Invalid learning rate: -0.1/);
  assert.throws(() => new optim.SGD([p], { momentum: 0.9, dampening: 0.1, nesterov: true }), /Nesterov momentum/);
  assert.throws(() => new optim.Adam([p], { betas: [1.0, 0.9] }), /Invalid beta parameter at index 0: 1/);
  assert.throws(() => new optim.Adam([p], { betas: 0.9 } as never), /betas must be a pair/);
  assert.throws(() => new optim.RMSprop([p], { alpha: -1 }), /Invalid alpha value/);
  assert.throws(() => new optim.Adadelta([p], { rho: 1.5 }), /Invalid rho value/);
  assert.throws(() => new optim.SGD([{ params: [p], lr: -1 }]), /Invalid learning rate: -1/);
  assert.throws(() => new optim.Adam([p], { differentiable: true }), /differentiable/);
  assert.throws(
    () => new optim.LBFGS([{ params: [p] }, { params: [torch.ones(1, { requiresGrad: true })] }]),
    /parameter groups/,
  );
});

Deno.test("params: tensors, named tensors, groups; PyTorch's errors", () => {
  const a = torch.ones(2, { requiresGrad: true }), b = torch.ones(3, { requiresGrad: true });
  assert.throws(() => new optim.SGD(a as never), /iterable of Tensors or dicts, but got Tensor/);
  assert.throws(() => new optim.SGD([]), /empty parameter list/);
  assert.throws(() => new optim.SGD(new Set([a]) as never).addParamGroup({ params: new Set([b]) as never }), /ordered/);
  assert.throws(() => new optim.SGD([a.mul(2)]), /non-leaf/);
  assert.throws(() => new optim.SGD([a, 3] as never), /can only optimize Tensors/);
  const opt = new optim.SGD([a], { lr: 0.1, momentum: 0.9 });
  assert.throws(() => opt.addParamGroup({ params: [a] }), /more than one parameter group/);
  opt.addParamGroup({ params: b, lr: 0.01 });
  assert.equal(opt.paramGroups[1].lr, 0.01);
  assert.equal(opt.paramGroups[1].momentum, 0.9, "a new group falls back on the defaults");
  assert.deepEqual(opt.paramGroups[1].params, [b]);
  // named parameters ([name, tensor] pairs, as nn's namedParameters yields them)
  const named = new optim.Adam([["w", a], ["b", b]] as [string, torch.Tensor][]);
  assert.deepEqual(named.paramGroups[0].paramNames, ["w", "b"]);
  assert.deepEqual(named.stateDict().paramGroups[0].paramNames, ["w", "b"]);
  // a generator works (model.parameters() may be one)
  function* gen() {
    yield a;
    yield b;
  }
  assert.equal(new optim.RMSprop(gen()).paramGroups[0].params.length, 2);
});

Deno.test("zeroGrad: to null by default (PyTorch 2), or zeroed in place", () => {
  const a = torch.ones(2, { requiresGrad: true });
  const opt = new optim.SGD([a], 0.1);
  a.sum().backward();
  const g = a.grad!;
  opt.zeroGrad({ setToNone: false });
  assert.equal(a.grad, g);
  assert.deepEqual(g.tolist(), [0, 0]);
  opt.zeroGrad(false);
  assert.equal(a.grad, g);
  opt.zeroGrad();
  assert.equal(a.grad, null);
});

Deno.test("state created inside torch.tidy survives it; the step's temporaries do not leak into it", () => {
  const w = torch.randn(4, 4, { requiresGrad: true });
  const opt = new optim.Adam([w], { lr: 0.01, amsgrad: true });
  for (let i = 0; i < 3; i++) {
    torch.tidy(() => {
      opt.zeroGrad();
      w.pow(2).sum().backward();
      opt.step();
    });
  }
  const st = opt.state.get(w)!;
  for (const k of ["expAvg", "expAvgSq", "maxExpAvgSq"]) assert.ok(!(st[k] as torch.Tensor).isReleased, k);
  assert.ok(!w.grad!.isReleased);
  // an optimizer built inside a scope over parameters from outside keeps its state too
  const m = torch.tidy(() => {
    const o = new optim.SGD([w], { lr: 0.01, momentum: 0.9 });
    o.step();
    return o;
  });
  assert.ok(!(m.state.get(w)!.momentumBuffer as torch.Tensor).isReleased);
});

Deno.test("lr changes in paramGroups take effect at the next step; step returns the closure's loss", () => {
  const w = torch.tensor([1.0], { dtype: "float32", requiresGrad: true });
  const opt = new optim.SGD([w], 0.1);
  w.grad = torch.tensor([1.0], { dtype: "float32" });
  opt.step();
  opt.paramGroups[0].lr = 0.5;
  opt.step();
  assert.ok(Math.abs((w.item() as number) - 0.4) < 1e-6);
  const loss = opt.step(() => {
    opt.zeroGrad();
    const l = w.pow(2).sum();
    l.backward();
    return l;
  });
  assert.ok(loss instanceof torch.Tensor);
  assert.match(String(opt), /^SGD \(\nParameter Group 0\n/);
});

Deno.test("what a closure creates belongs to the caller's scope, not to the step's", () => {
  const w = torch.ones(3, { requiresGrad: true });
  const kept: torch.Tensor[] = [];
  for (const opt of [new optim.Adam([w], { lr: 0.1 }), new optim.LBFGS([w], { maxIter: 3 })]) {
    opt.step(() => {
      opt.zeroGrad();
      const out = w.mul(2);
      kept.push(out);
      const loss = out.pow(2).sum();
      loss.backward();
      return loss;
    });
  }
  for (const t of kept) assert.ok(!t.isReleased);
  assert.equal(kept[0].shape[0], 3);
});

Deno.test("a custom optimizer: subclass Optimizer, implement update(group)", () => {
  class SignSGD extends optim.Optimizer {
    constructor(params: optim.Params, lr = 0.1) {
      super(params, { lr });
    }
    protected override update(group: optim.ParamGroup): void {
      for (const p of group.params) if (p.grad) p.sub_(p.grad.sign(), { alpha: group.lr });
    }
  }
  const w = torch.tensor([1, -1], { dtype: "float32", requiresGrad: true });
  const opt = new SignSGD([w], 0.25);
  w.mul(torch.tensor([3, 5], { dtype: "float32" })).sum().backward();
  opt.step();
  assert.deepEqual(w.tolist(), [0.75, -1.25]);
  assert.throws(() => new (class extends optim.Optimizer {})([w], { lr: 1 }).step(), /does not implement step/);
});
