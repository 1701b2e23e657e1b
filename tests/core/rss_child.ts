/**
 * Memory scenarios for lifetime_test.ts, each in a process of its own:
 * prints `{ grown }` (RSS growth in MiB over the measured part) and, for
 * the training loop, its first and last losses.
 */
import { np, torch } from "../../mod.ts";
import { poolStats, setPoolLimit } from "../../src/core/host_pool.ts";

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

/**
 * Results left to the GC: their blocks come back through the native
 * allocator and are reused, while arrays still alive (filled with their
 * index) keep their values and zeroed arrays made from reused blocks are zero;
 * a zero pool limit empties what the GC gave back.
 */
function gcReuse(): object {
  const x = np.ones([1e6], { dtype: "float32" });
  const live: np.NDArray[] = [];
  const start = poolStats().collected;
  const r0 = rss();
  let zeroed = true;
  for (let i = 0; i < 600; i++) {
    np.add(x, x); // a dead result of twos, for the GC to give back
    if (i % 30 === 0) live.push(np.full([1e6], live.length, { dtype: "float32" }));
    if (i % 10 === 0) {
      zeroed &&= (np.zeros([1e6], { dtype: "float32" }).storage.data as Float32Array).every((v) => v === 0);
    }
  }
  const end = poolStats().collected;
  const intact = live.every((a, k) => (a.storage.data as Float32Array).every((v) => v === k));
  const grown = rss() - r0, held = end?.bytes ?? 0;
  setPoolLimit(0); // nothing fits: the free lists are emptied, and a block the GC frees now goes to the system
  const emptied = poolStats().collected?.bytes === 0;
  setPoolLimit(2 ** 30);
  return { native: end !== null, reused: (end?.hits ?? 0) - (start?.hits ?? 0), intact, zeroed, grown, held, emptied };
}

const SCENARIOS: Record<string, () => object> = { "no-release": noRelease, mlp, "gc-reuse": gcReuse };
const run = SCENARIOS[Deno.args[0]];
if (!run) throw new TypeError(`rss_child.ts: unknown scenario ${Deno.args[0]}`);
console.log(JSON.stringify(run()));
