/**
 * Six optimizers on one problem: logistic regression on a synthetic,
 * badly scaled dataset, trained with mini-batches from the same starting
 * point. Plots each optimizer's loss per epoch with plot.trainingCurves.
 *
 *   deno run -A examples/optimizers_compared.ts [--out curves.html] [--epochs 30]
 */
import { parseArgs } from "node:util";
import { optim, plot, torch } from "../mod.ts";

const { values: args } = parseArgs({
  args: Deno.args,
  options: { out: { type: "string" }, epochs: { type: "string", default: "30" } },
});
const epochs = Number(args.epochs);

// data: 512 points in 10 dims, features on very different scales (what adaptive methods are for)
torch.manualSeed(0);
const n = 512, d = 10, batch = 32;
const scales = torch.logspace(-1, 1, d);
const X = torch.randn(n, d).mul(scales);
const wTrue = torch.randn(d).div(scales);
const y = X.matmul(wTrue).add(torch.randn(n).mul(0.5)).gt(0).float();
const w0 = torch.zeros(d), b0 = torch.zeros(1);

/** Mean binary cross-entropy of logits z against labels t (a stable softplus form). */
function bce(z: torch.Tensor, t: torch.Tensor): torch.Tensor {
  return z.clamp({ min: 0 }).add(z.abs().neg().exp().log1p()).sub(t.mul(z)).mean();
}

const configs: [string, (p: torch.Tensor[]) => optim.Optimizer][] = [
  ["SGD", (p) => new optim.SGD(p, { lr: 0.05 })],
  ["SGD + momentum", (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9 })],
  ["SGD + Nesterov", (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true })],
  ["Adagrad", (p) => new optim.Adagrad(p, { lr: 0.1 })],
  ["RMSprop", (p) => new optim.RMSprop(p, { lr: 0.01 })],
  ["Adam", (p) => new optim.Adam(p, { lr: 0.05 })],
];

const history: Record<string, number[]> = {};
for (const [name, make] of configs) {
  const w = w0.clone().requiresGrad_(), b = b0.clone().requiresGrad_();
  const opt = make([w, b]);
  const gen = new torch.Generator().manualSeed(1); // the same batches for every optimizer
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = torch.randperm(n, { generator: gen });
    for (let i = 0; i < n; i += batch) {
      torch.tidy(() => {
        const idx = order.narrow(0, i, batch);
        opt.zeroGrad();
        bce(X.indexSelect(0, idx).matmul(w).add(b), y.indexSelect(0, idx)).backward();
        opt.step();
      });
    }
    losses.push(torch.tidy(() => torch.noGrad(() => bce(X.matmul(w).add(b), y).item() as number)));
  }
  history[name] = losses;
}

const fig = plot.trainingCurves(history, { title: `Logistic regression: full-data loss per epoch (batch ${batch})` });
const out = args.out ?? (await Deno.makeTempFile({ prefix: "optimizers_compared-", suffix: ".html" }));
await fig.save(out);
console.table(Object.fromEntries(Object.entries(history).map(([k, v]) => [k, { first: v[0], last: v[v.length - 1] }])));
console.log(`curves saved to ${out}`);
