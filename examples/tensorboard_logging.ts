/**
 * The tutorial's tensorboardX section: log a training run, then
 *   tensorboard --logdir=logs --port 6006
 *
 *   deno run -A examples/tensorboard_logging.ts
 */
import { np, progress, SummaryWriter, torch } from "../mod.ts";

using writer = new SummaryWriter("logs/regression", { comment: "linear" });
torch.manualSeed(0);
const X = torch.randn(256, 3);
const trueW = torch.tensor([[2.0], [-1.0], [0.5]]);
const Y = X.mm(trueW).add(torch.randn(256, 1).mul(0.1));
const w = torch.zeros(3, 1, { requiresGrad: true });

const epochs = progress(Array.from({ length: 100 }, (_, i) => i), { desc: "train" });
for (const epoch of epochs) {
  const loss = X.mm(w).sub(Y).pow(2).mean();
  loss.backward();
  torch.noGrad(() => w.sub_(w.grad!.mul(0.1)));
  w.grad = null;
  writer.addScalar("loss", loss.item() as number, epoch);
  writer.addScalars("weights", { w0: w.get("0, 0").item() as number, w1: w.get("1, 0").item() as number }, epoch);
  if (epoch % 20 === 0) writer.addHistogram("w", w.detach(), epoch);
  epochs.setPostfix({ loss: loss.item() });
}
writer.addText("notes", "Linear regression with **dendrite**", 0);
writer.addImage("random", np.random.random([3, 32, 32]) as np.NDArray, 0);
writer.addGraph((x: torch.Tensor) => x.mm(w).sub(Y).pow(2).mean(), X);
writer.addHparams({ lr: 0.1, epochs: 100 }, { "hparam/loss": X.mm(w).sub(Y).pow(2).mean().item() as number });
console.log(`logged to ${writer.logdir}: tensorboard --logdir=logs --port 6006`);
