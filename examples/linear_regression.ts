/**
 * Linear regression three ways, as in the tutorial: by hand with autograd
 * (w.grad, an update under noGrad, zeroing the gradients), with nn.Linear,
 * nn.MSELoss and optim.SGD, and in closed form with torch.linalg.solve;
 * all three find y = 3x + 0.5.
 *
 *   deno run -A examples/linear_regression.ts
 */
import { nn, optim, torch } from "../mod.ts";
import { quick } from "./quick.ts";

const STEPS = quick ? 100 : 500;
torch.manualSeed(0);
const X = torch.randn(100, 1);
const Y = X.mul(3).add(0.5).add(torch.randn(100, 1).mul(0.1));

// 1. by hand: the gradient from autograd, the update outside the graph
const w = torch.zeros(1, 1, { requiresGrad: true }), b = torch.zeros(1, { requiresGrad: true });
for (let step = 0; step < STEPS; step++) {
  torch.tidy(() => {
    const loss = X.mm(w).add(b).sub(Y).pow(2).mean();
    loss.backward();
    torch.noGrad(() => {
      w.sub_(w.grad!.mul(0.1));
      b.sub_(b.grad!.mul(0.1));
    });
    w.grad!.zero_(); // gradients accumulate otherwise
    b.grad!.zero_();
    if (step % 50 === 0) console.log(`step ${step}: loss ${(loss.item() as number).toFixed(4)}`);
  });
}
console.log(`by hand: w ${(w.item() as number).toFixed(3)}, b ${(b.item() as number).toFixed(3)}`);

// 2. the same with nn and optim
const model = new nn.Linear(1, 1);
const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
const mse = new nn.MSELoss();
for (let step = 0; step < STEPS; step++) {
  torch.tidy(() => {
    opt.zeroGrad();
    mse.forward(model.forward(X), Y).backward();
    opt.step();
  });
}
console.log(
  `nn.Linear + SGD: w ${(model.weight.item() as number).toFixed(3)}, b ${(model.bias!.item() as number).toFixed(3)}`,
);

// 3. closed form: the normal equations of least squares on [x, 1], (A^T A) sol = A^T y
const A = torch.cat([X, torch.onesLike(X)], 1);
const sol = torch.linalg.solve(A.t().mm(A), A.t().mm(Y));
console.log(
  `normal equations: w ${(sol.get("0, 0").item() as number).toFixed(3)}, b ${
    (sol.get("1, 0").item() as number).toFixed(3)
  }`,
);
