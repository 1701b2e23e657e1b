/**
 * torch.autograd's anomaly mode (detectAnomaly / setDetectAnomaly, torch.isAnomalyEnabled), gradgradcheck and the
 * grad-mode aliases, against PyTorch 2.13's behaviour (messages and which cases pass are PyTorch's).
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";

type T = torch.Tensor;

Deno.test("detectAnomaly: a NaN in a backward result names the node and the output (PyTorch's message)", () => {
  const x = torch.tensor([0, 1], { requiresGrad: true });
  // DivBackward0's 0th output (1 / x) is [inf, 1]: no NaN; its 1th (-x / x^2) has one
  assert.throws(
    () => torch.autograd.detectAnomaly(() => x.div(x).sum().backward()),
    { name: "RuntimeError", message: "Function 'DivBackward0' returned nan values in its 1th output." },
  );
  assert.equal(torch.isAnomalyEnabled(), false);
  // an inf is no anomaly
  torch.autograd.detectAnomaly(() => x.sqrt().sum().backward());
  assert.deepEqual(x.grad!.tolist(), [Infinity, 0.5]);
  // off: the NaN reaches the leaf
  x.grad = null;
  x.div(x).sum().backward();
  assert.ok(Number.isNaN(x.grad!.tolist()[0] as number));
});

Deno.test("detectAnomaly / setDetectAnomaly as using guards, checkNan off, the query functions", () => {
  const x = torch.tensor([0, 1], { requiresGrad: true });
  {
    using _ = torch.autograd.detectAnomaly();
    assert.equal(torch.isAnomalyEnabled(), true);
    assert.equal(torch.isAnomalyCheckNanEnabled(), true);
    assert.throws(() => x.div(x).sum().backward(), /returned nan values/);
  }
  for (
    const guard of [() => torch.autograd.detectAnomaly(false), () => torch.autograd.detectAnomaly({ checkNan: false })]
  ) {
    using _ = guard();
    assert.equal(torch.isAnomalyEnabled(), true);
    assert.equal(torch.isAnomalyCheckNanEnabled(), false);
    x.grad = null;
    x.div(x).sum().backward(); // as PyTorch with check_nan=False: no error
  }
  assert.equal(torch.isAnomalyEnabled(), false);
  assert.equal(torch.isAnomalyCheckNanEnabled(), true);
  for (
    const set of [
      () => torch.autograd.setDetectAnomaly(true, false),
      () => torch.autograd.setDetectAnomaly(true, { checkNan: false }),
      () => torch.autograd.setDetectAnomaly({ mode: true, checkNan: false }),
    ]
  ) {
    const g = set();
    assert.equal(torch.isAnomalyEnabled(), true);
    assert.equal(torch.isAnomalyCheckNanEnabled(), false);
    g[Symbol.dispose]();
    assert.equal(torch.isAnomalyEnabled(), false);
  }
  assert.throws(() => torch.autograd.setDetectAnomaly("yes" as unknown as boolean), TypeError);
  assert.throws(() => torch.autograd.detectAnomaly({ check: true } as unknown as boolean), /unknown option 'check'/);
  assert.equal(torch.isAnomalyEnabled(), false);
});

Deno.test("detectAnomaly: a failing node reports the forward call that made it", () => {
  class Broken extends torch.autograd.Function {
    static override forward(_ctx: torch.autograd.FunctionCtx, x: T): T {
      return x.mul(2);
    }
    static override backward(): T {
      throw new Error("broken backward");
    }
  }
  const x = torch.tensor([1, 2], { requiresGrad: true });
  const warned: string[] = [];
  const warn = console.warn;
  console.warn = (m: string) => void warned.push(m);
  try {
    const makeBroken = () => Broken.apply(x).sum();
    assert.throws(() => torch.autograd.detectAnomaly(() => makeBroken().backward()), /broken backward/);
  } finally {
    console.warn = warn;
  }
  assert.equal(warned.length, 1);
  assert.match(warned[0], /^Error detected in BrokenBackward\. Traceback of forward call that caused the error:/);
  assert.match(warned[0], /makeBroken/);
});

/** A square with a correct, twice-differentiable backward, and one whose backward is cut from the graph. */
class Square extends torch.autograd.Function {
  static override forward(ctx: torch.autograd.FunctionCtx, x: T): T {
    ctx.saveForBackward(x);
    return x.mul(x);
  }
  static override backward(ctx: torch.autograd.FunctionCtx, g: T): T {
    return g.mul(ctx.savedTensors[0]!).mul(2);
  }
}
class DetachedSquare extends Square {
  static override backward(ctx: torch.autograd.FunctionCtx, g: T): T {
    return g.mul(ctx.savedTensors[0]!.detach()).mul(2);
  }
}

Deno.test("gradgradcheck: second derivatives of built-in ops and a custom Function pass; a backward cut from the graph fails", () => {
  torch.manualSeed(0);
  const x = torch.tensor([0.5, -1.5, 2], { dtype: "float64", requiresGrad: true });
  const y = torch.tensor([1.5, 0.25, -1], { dtype: "float64", requiresGrad: true });
  assert.equal(torch.autograd.gradgradcheck((a: T, b: T) => a.mul(b).exp(), [x, y]), true);
  assert.equal(torch.autograd.gradgradcheck((a: T) => [a.pow(3), a.sin()], [x]), true);
  assert.equal(torch.autograd.gradgradcheck((a: T) => Square.apply(a), [x]), true);
  assert.throws(
    () => torch.autograd.gradgradcheck((a: T) => DetachedSquare.apply(a), [x]),
    { name: "GradcheckError", message: /^Jacobian mismatch for output 0 with respect to input 0/ },
  );
  assert.equal(torch.autograd.gradgradcheck((a: T) => DetachedSquare.apply(a), [x], { raiseException: false }), false);
});

Deno.test("gradgradcheck: gradOutputs by position or option, non-contiguous random ones, an input not requiring grad", () => {
  const x = torch.tensor([0.5, 1.5], { dtype: "float64", requiresGrad: true });
  const c = torch.tensor([2, 3], { dtype: "float64" });
  const go = torch.tensor([1, -0.5], { dtype: "float64", requiresGrad: true });
  const f = (a: T, b: T) => a.pow(2).mul(b);
  assert.equal(torch.autograd.gradgradcheck(f, [x, c], go), true);
  assert.equal(torch.autograd.gradgradcheck(f, [x, c], [go]), true);
  assert.equal(torch.autograd.gradgradcheck(f, [x, c], { gradOutputs: go }), true);
  assert.equal(torch.autograd.gradgradcheck(f, [x, c], go, { atol: 1e-6, rtol: 1e-4, eps: 1e-6 }), true);
  assert.equal(torch.autograd.gradgradcheck(f, [x, c], { genNonContigGradOutputs: true }), true);
  assert.throws(() => torch.autograd.gradgradcheck(f, [x, c], { tol: 1 } as never), /unknown option 'tol'/);
  assert.throws(() => torch.autograd.gradgradcheck(3 as never, [x]), TypeError);
});

Deno.test("torch.autograd's grad-mode aliases are torch's", () => {
  const x = torch.ones(2, { requiresGrad: true });
  assert.equal(torch.autograd.noGrad(() => x.mul(2)).requiresGrad, false);
  {
    using _ = torch.autograd.noGrad();
    assert.equal(torch.autograd.enableGrad(() => x.mul(2)).requiresGrad, true);
  }
  {
    using _ = torch.autograd.setGradEnabled(false);
    assert.equal(torch.isGradEnabled(), false);
  }
  assert.equal(torch.isGradEnabled(), true);
  assert.equal(torch.autograd.inferenceMode(() => x.mul(2)).isInference(), true);
});
