/**
 * torch.autograd.Function against PyTorch 2.13's behaviour (each expected value and message below is what the same
 * Function gives in PyTorch): both styles (forward(ctx, ...) and forward + setupContext), saved tensors and their
 * version check, needsInputGrad, markDirty (plain and view), markNonDifferentiable, setMaterializeGrads, double
 * backward, gradient dtype casts and the engine's errors.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";

type Ctx = torch.autograd.FunctionCtx;
type T = torch.Tensor;
const list = (t: T | null | undefined) => t!.tolist();

class Exp extends torch.autograd.Function {
  static override forward(ctx: Ctx, x: T, k: number): T {
    const r = x.exp().mul(k);
    ctx.saveForBackward(r);
    ctx.k = k;
    return r;
  }
  static override backward(ctx: Ctx, g: T): [T, null] {
    const [r] = ctx.savedTensors;
    return [g.mul(r!), null];
  }
}

Deno.test("Function: forward(ctx, ...) records <Name>Backward; backward's gradient reaches the leaf", () => {
  const x = torch.tensor([1, 2], { dtype: "float64", requiresGrad: true });
  const y = Exp.apply(x, 2);
  assert.equal(y.gradFn!.name, "ExpBackward");
  assert.equal(String(y.gradFn), "<ExpBackward object>");
  assert.equal(y.requiresGrad, true);
  y.sum().backward();
  assert.deepEqual(list(x.grad), [2 * Math.exp(1), 2 * Math.exp(2)]);
  // forward ran with grad mode off: what it computed inside has no history
  assert.deepEqual(list(y), [2 * Math.exp(1), 2 * Math.exp(2)]);
});

Deno.test("Function: no input requiring grad, or grad mode off: nothing recorded", () => {
  const w = torch.ones(2);
  const a = Exp.apply(w, 1);
  assert.equal(a.requiresGrad, false);
  assert.equal(a.gradFn, null);
  const x = torch.ones(2, { requiresGrad: true });
  const b = torch.noGrad(() => Exp.apply(x, 1));
  assert.equal(b.requiresGrad, false);
});

Deno.test("Function: setupContext style (forward without ctx), needsInputGrad", () => {
  let needs: boolean[] = [];
  class Scale extends torch.autograd.Function {
    static override forward(x: T, k: number): T {
      return x.mul(k);
    }
    static override setupContext(ctx: Ctx, inputs: unknown[]): void {
      ctx.k = inputs[1];
      ctx.saveForBackward(inputs[0] as T);
    }
    static override backward(ctx: Ctx, g: T): [T, null] {
      needs = ctx.needsInputGrad;
      return [g.mul(ctx.k as number), null];
    }
  }
  const x = torch.tensor([1, 2], { requiresGrad: true });
  Scale.apply(x, 3).sum().backward();
  assert.deepEqual(list(x.grad), [3, 3]);
  assert.deepEqual(needs, [true, false]);
});

Deno.test("Function: several outputs, markNonDifferentiable (zeros of its dtype reach backward), integer outputs", () => {
  const seen: unknown[] = [];
  class ND extends torch.autograd.Function {
    static override forward(ctx: Ctx, x: T): [T, T] {
      const a = x.mul(2), b = x.gt(1);
      ctx.markNonDifferentiable(b);
      return [a, b];
    }
    static override backward(_ctx: Ctx, ga: T, gb: T): T {
      seen.push(gb.dtype, gb.tolist());
      return ga.mul(2);
    }
  }
  const x = torch.tensor([1, 2], { requiresGrad: true });
  const [a, b] = ND.apply(x);
  assert.equal(a.requiresGrad, true);
  assert.equal(b.requiresGrad, false);
  a.sum().backward();
  assert.deepEqual(list(x.grad), [2, 2]);
  assert.deepEqual(seen, ["bool", [false, false]]);

  class I extends torch.autograd.Function {
    static override forward(_ctx: Ctx, x: T): [T, T] {
      return [x.argmax(), x.mul(2)];
    }
    static override backward(_ctx: Ctx, gi: T, g: T): T {
      seen.push(gi.dtype, gi.tolist());
      return g.mul(2);
    }
  }
  x.grad = null;
  const [i, o] = I.apply(x);
  assert.equal(i.requiresGrad, false);
  assert.equal(o.requiresGrad, true);
  o.sum().backward();
  assert.deepEqual(seen.slice(2), ["int64", 0]);
});

Deno.test("Function: setMaterializeGrads(false) passes null for outputs without a gradient", () => {
  const seen: unknown[] = [];
  class Mat extends torch.autograd.Function {
    static override forward(ctx: Ctx, x: T): [T, T] {
      ctx.setMaterializeGrads(false);
      return [x.mul(2), x.mul(3)];
    }
    static override backward(_ctx: Ctx, ga: T | null, gb: T | null): T {
      seen.push(ga!.tolist(), gb);
      return ga!.mul(2);
    }
  }
  const x = torch.tensor([1, 2], { requiresGrad: true });
  Mat.apply(x)[0].sum().backward();
  assert.deepEqual(seen, [[1, 1], null]);
  assert.deepEqual(list(x.grad), [2, 2]);
});

Deno.test("Function: an input returned as it is comes back as a new tensor with the Function's history", () => {
  class Id extends torch.autograd.Function {
    static override forward(_ctx: Ctx, x: T): T {
      return x;
    }
    static override backward(_ctx: Ctx, g: T): T {
      return g.mul(3);
    }
  }
  const x = torch.tensor([1, 2], { requiresGrad: true });
  const z = x.mul(1);
  const o = Id.apply(z);
  assert.notEqual(o, z);
  assert.equal(o.gradFn!.name, "IdBackward");
  o.sum().backward();
  assert.deepEqual(list(x.grad), [3, 3]);
});

class Dirty extends torch.autograd.Function {
  static override forward(ctx: Ctx, x: T): T {
    x.mul_(2);
    ctx.markDirty(x);
    return x;
  }
  static override backward(_ctx: Ctx, g: T): T {
    return g.mul(2);
  }
}

Deno.test("Function: markDirty moves the modified input's history to the Function (a leaf requiring grad is refused)", () => {
  const x = torch.tensor([1, 2], { requiresGrad: true });
  const z = x.mul(1);
  const o = Dirty.apply(z);
  assert.equal(o, z);
  assert.equal(z.gradFn!.name, "DirtyBackward");
  assert.deepEqual(list(z), [2, 4]);
  z.sum().backward();
  assert.deepEqual(list(x.grad), [2, 2]);
  assert.throws(
    () => Dirty.apply(x),
    { name: "RuntimeError", message: "a leaf Variable that requires grad is being used in an in-place operation." },
  );
});

Deno.test("Function: markDirty on a view rebases its base (CopySlices), as an in-place op on a view does", () => {
  const x = torch.tensor([1, 2, 3, 4], { requiresGrad: true });
  const base = x.mul(1);
  const v = base.narrow(0, 1, 2);
  Dirty.apply(v);
  assert.deepEqual(list(base), [1, 4, 6, 4]);
  assert.equal(base.gradFn!.name, "CopySlices");
  base.mul(torch.tensor([1, 10, 100, 1000])).sum().backward();
  assert.deepEqual(list(x.grad), [1, 20, 200, 1000]);
});

Deno.test("Function: double backward through backward's own ops (createGraph)", () => {
  class Cube extends torch.autograd.Function {
    static override forward(ctx: Ctx, x: T): T {
      ctx.saveForBackward(x);
      return x.pow(3);
    }
    static override backward(ctx: Ctx, g: T): T {
      const [x] = ctx.savedTensors;
      return g.mul(3).mul(x!.pow(2));
    }
  }
  const x = torch.tensor([1, 2], { requiresGrad: true });
  const [gx] = torch.autograd.grad(Cube.apply(x).sum(), x, { createGraph: true });
  assert.deepEqual(list(gx), [3, 12]);
  gx!.sum().backward();
  assert.deepEqual(list(x.grad), [6, 12]);
});

Deno.test("Function: a gradient of another dtype is cast to its input's", () => {
  class Dt extends torch.autograd.Function {
    static override forward(_ctx: Ctx, x: T): T {
      return x.mul(2);
    }
    static override backward(_ctx: Ctx, g: T): T {
      return g.double();
    }
  }
  const x = torch.tensor([1, 2], { requiresGrad: true });
  Dt.apply(x).sum().backward();
  assert.equal(x.grad!.dtype, "float32");
});

Deno.test("Function: PyTorch's errors (gradient count, a gradient for a non-tensor, shape, missing backward, saved tensor changed)", () => {
  const x = torch.tensor([1, 2], { requiresGrad: true });
  const fn = (backward: (g: T) => unknown, name: string) => {
    const cls = class extends torch.autograd.Function {
      static override forward(_ctx: Ctx, x: T, k: number): T {
        return x.mul(k);
      }
      static override backward(_ctx: Ctx, g: T): unknown {
        return backward(g);
      }
    };
    Object.defineProperty(cls, "name", { value: name });
    return cls;
  };
  assert.throws(() => fn((g) => g, "Bad").apply(x, 2).sum().backward(), {
    name: "RuntimeError",
    message: "function BadBackward returned an incorrect number of gradients (expected 2, got 1)",
  });
  assert.throws(() => fn((g) => [g, g], "Bad2").apply(x, 2).sum().backward(), {
    name: "RuntimeError",
    message:
      "function Bad2Backward returned a gradient different than None at position 2, but the corresponding forward input was not a Variable",
  });
  assert.throws(() => fn((g: T) => [g.sum(), null], "Wrong").apply(x, 2).sum().backward(), {
    name: "RuntimeError",
    message:
      "Function WrongBackward returned an invalid gradient at index 0 - got [] but expected shape compatible with [2]",
  });
  assert.throws(() => fn(() => [3, null], "Num").apply(x, 2).sum().backward(), TypeError);
  class NoBack extends torch.autograd.Function {
    static override forward(_ctx: Ctx, x: T): T {
      return x.mul(2);
    }
  }
  assert.throws(() => NoBack.apply(x).sum().backward(), {
    name: "RuntimeError",
    message:
      "You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.",
  });
  class Saves extends torch.autograd.Function {
    static override forward(ctx: Ctx, x: T): T {
      ctx.saveForBackward(x);
      return x.mul(2);
    }
    static override backward(ctx: Ctx, g: T): T {
      return g.mul(ctx.savedTensors[0]!);
    }
  }
  const x2 = x.mul(1);
  const o = Saves.apply(x2);
  x2.add_(1);
  assert.throws(() => o.sum().backward(), /modified by an inplace operation: .* is at version 1; expected version 0/);
  assert.throws(() => new torch.autograd.FunctionCtx().saveForBackward(3 as unknown as T), TypeError);
  // a second backward without retainGraph: the node's saved tensors are freed
  const y = Saves.apply(x.mul(1)).sum();
  y.backward();
  assert.throws(() => y.backward(), /Trying to backward through the graph a second time/);
});

Deno.test("Function: forward, setupContext and backward run as the class's static methods (`this` is the class)", () => {
  class Twice extends torch.autograd.Function {
    static factor = 2;
    static override forward(ctx: Ctx, x: T): T {
      ctx.saveForBackward(x);
      return x.mul(this.factor);
    }
    static override backward(_ctx: Ctx, g: T): T {
      return g.mul(this.factor);
    }
  }
  class Thrice extends Twice {
    static override factor = 3;
  }
  const x = torch.tensor([1, 2], { requiresGrad: true });
  const y = Thrice.apply(x);
  assert.deepEqual(list(y), [3, 6]);
  assert.equal(y.gradFn!.name, "ThriceBackward");
  y.sum().backward();
  assert.deepEqual(list(x.grad), [3, 3]);
});
