/**
 * Memory scenarios for lifetime_test.ts, each in a process of its own:
 * prints `{ grown }` (RSS growth in MiB over the measured part) and, for
 * the training loop, its first and last losses.
 */
import { np, torch } from "../../mod.ts";

/** Resident memory in MiB. */
const rss = () => Deno.memoryUsage().rss / 2 ** 20;

function noRelease(): { grown: number } {
  const s = torch.ones(8);
  for (let i = 0; i < 1000; i++) s.add(1); // warm-up
  const r0 = rss();
  for (let i = 0; i < 100_000; i++) s.mul(2).add(1);
  const x = np.ones([1e6], { dtype: "float32" });
  for (let i = 0; i < 2000; i++) np.add(x, x);
  return { grown: rss() - r0 };
}

function mlp(): { grown: number; first: number; last: number } {
  torch.manualSeed(0);
  const w1 = torch.randn(64, 128).mul(0.1).requiresGrad_(), w2 = torch.randn(128, 10).mul(0.1).requiresGrad_();
  const x = torch.randn(256, 64), target = torch.randint(0, 10, [256]);
  const step = () =>
    torch.tidy(() => {
      const logits = x.matmul(w1).relu().matmul(w2);
      const loss = logits.logSoftmax(1).gather(1, target.unsqueeze(1)).mean().neg();
      loss.backward();
      torch.noGrad(() => {
        for (const w of [w1, w2]) {
          w.sub_(w.grad!.mul(0.1));
          w.grad!.zero_();
        }
      });
      return loss.item() as number;
    });
  for (let i = 0; i < 100; i++) step();
  const r0 = rss();
  let first = 0, last = 0;
  for (let i = 0; i < 1000; i++) {
    last = step();
    if (i === 0) first = last;
  }
  return { grown: rss() - r0, first, last };
}

const SCENARIOS: Record<string, () => object> = { "no-release": noRelease, mlp };
const run = SCENARIOS[Deno.args[0]];
if (!run) throw new TypeError(`rss_child.ts: unknown scenario ${Deno.args[0]}`);
console.log(JSON.stringify(run()));
