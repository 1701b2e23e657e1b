/**
 * Autograd, as in the tutorial: requiresGrad, the graph (gradFn), scalar
 * backward, gradients accumulating over calls, backward twice with
 * retainGraph, non-scalar backward with a gradient argument, detach and
 * noGrad for evaluation, requiresGrad_, and autograd.grad for higher order.
 *
 *   deno run -A examples/autograd_basics.ts
 */
import { torch } from "../mod.ts";

// scalar backward: out = mean(3 (x + 2)^2), d(out)/dx = 1.5 (x + 2) = 4.5
const x = torch.ones(2, 2, { requiresGrad: true });
const y = x.add(2);
console.log(y.gradFn?.name, x.isLeaf, y.isLeaf); // AddBackward0 true false
const out = y.mul(y).mul(3).mean();
out.backward();
console.log(x.grad);

// gradients accumulate: a second graph adds its gradient to x.grad; zero it between steps
x.sum().mul(2).backward();
console.log("accumulated:", x.grad); // 4.5 + 2
x.grad = null;

// a graph is freed by backward; retainGraph keeps it for a second backward
const w = torch.tensor([1.0, 2.0, 3.0], { requiresGrad: true });
const loss = w.pow(2).sum();
loss.backward({ retainGraph: true });
console.log(w.grad); // 2w
loss.backward(); // possible because the graph was retained
console.log(w.grad); // 4w
try {
  loss.backward(); // the graph is gone now
} catch (e) {
  console.log("third backward:", (e as Error).message.split("\n")[0]);
}

// non-scalar backward: pass the vector v of the vector-Jacobian product v^T J
const v = torch.randn(3, { requiresGrad: true });
const z = v.mul(2).pow(2); // J = diag(8v)
z.backward(torch.tensor([0.1, 1.0, 0.0001]));
console.log(v.grad, v.detach().mul(8).mul(torch.tensor([0.1, 1.0, 0.0001])));

// no graph for evaluation: noGrad, detach, requiresGrad_
console.log(v.pow(2).requiresGrad, torch.noGrad(() => v.pow(2)).requiresGrad, v.detach().requiresGrad);
const plain = torch.randn(2);
console.log(plain.requiresGrad, plain.requiresGrad_().requiresGrad);

// higher-order gradients: createGraph makes the gradient itself differentiable
const s = torch.tensor([1.0, 2.0, 3.0], { requiresGrad: true });
const [g] = torch.autograd.grad(s.pow(3).sum(), s, { createGraph: true });
const [gg] = torch.autograd.grad(g!.sum(), s);
console.log(g, gg); // 3s^2 and 6s
