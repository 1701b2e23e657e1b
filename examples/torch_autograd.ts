/**
 * Autograd, as in the tutorial: requiresGrad, building a graph, backward,
 * gradients accumulating, noGrad, and autograd.grad for higher order.
 *
 *   deno run -A examples/torch_autograd.ts
 */
import { torch } from "../mod.ts";

const x = torch.ones(2, 2, { requiresGrad: true });
const y = x.add(2);
console.log(y, y.gradFn?.name); // AddBackward0
const z = y.mul(y).mul(3);
const out = z.mean();
console.log(z, out);
out.backward();
console.log(x.grad); // d(out)/dx = 4.5 everywhere

// a non-scalar output needs the gradient of something with respect to it
const v = torch.randn(3, { requiresGrad: true });
let w = v.mul(2);
while ((w.norm().item() as number) < 1000) w = w.mul(2);
w.backward(torch.tensor([0.1, 1.0, 0.0001], { dtype: torch.float32 }));
console.log(v.grad);

// no graph recorded for evaluation code
console.log(v.requiresGrad, v.pow(2).requiresGrad, torch.noGrad(() => v.pow(2)).requiresGrad);

// higher-order gradients
const s = torch.tensor([1.0, 2.0, 3.0], { requiresGrad: true });
const [g] = torch.autograd.grad(s.pow(3).sum(), s, { createGraph: true });
const [gg] = torch.autograd.grad(g!.sum(), s);
console.log(g, gg); // 3x^2 and 6x

// a linear regression trained by hand
torch.manualSeed(0);
const X = torch.randn(100, 1), Y = X.mul(3).add(0.5).add(torch.randn(100, 1).mul(0.1));
const wgt = torch.zeros(1, 1, { requiresGrad: true }), bias = torch.zeros(1, { requiresGrad: true });
for (let step = 0; step < 200; step++) {
  const loss = X.mm(wgt).add(bias).sub(Y).pow(2).mean();
  loss.backward();
  torch.noGrad(() => {
    wgt.sub_(wgt.grad!.mul(0.1));
    bias.sub_(bias.grad!.mul(0.1));
  });
  wgt.grad = null;
  bias.grad = null;
  if (step % 50 === 0) console.log(`step ${step}: loss ${(loss.item() as number).toFixed(4)}`);
}
console.log("w", wgt.item(), "b", bias.item());
