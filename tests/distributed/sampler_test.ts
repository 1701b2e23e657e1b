/**
 * DistributedSampler's index partition against PyTorch's
 * (torch.utils.data.distributed.DistributedSampler, run by the test).
 */
import assert from "node:assert/strict";
import { DistributedSampler } from "../../src/distributed/sampler.ts";
import { python } from "../helpers/python.ts";

interface SamplerCase {
  n: number;
  numReplicas: number;
  rank: number;
  shuffle: boolean;
  seed: number;
  epoch: number;
  dropLast: boolean;
}

const CASES: SamplerCase[] = [];
for (const [n, numReplicas] of [[10, 3], [60000, 4], [7, 2], [2, 5], [17, 17], [1, 3], [1000, 8]]) {
  for (const rank of [0, numReplicas - 1]) {
    for (const shuffle of [true, false]) {
      for (const dropLast of [false, true]) {
        CASES.push({ n, numReplicas, rank, shuffle, seed: 0, epoch: 0, dropLast });
      }
    }
  }
}
CASES.push({ n: 100, numReplicas: 3, rank: 1, shuffle: true, seed: 42, epoch: 5, dropLast: false });
CASES.push({ n: 100, numReplicas: 3, rank: 2, shuffle: true, seed: 2 ** 40, epoch: 1, dropLast: true });

const ORACLE = `
import json, sys, torch
from torch.utils.data.distributed import DistributedSampler
out = []
for c in json.load(sys.stdin):
    s = DistributedSampler(range(c["n"]), num_replicas=c["numReplicas"], rank=c["rank"], shuffle=c["shuffle"],
                           seed=c["seed"], drop_last=c["dropLast"])
    s.set_epoch(c["epoch"])
    out.append(list(s))
print(json.dumps(out))
`;

/** PyTorch's indices for every case, or null where python3 with torch is not available. */
async function pytorch(cases: SamplerCase[]): Promise<number[][] | null> {
  try {
    const o = await python(["-c", ORACLE], { stdin: JSON.stringify(cases) });
    return o.success ? JSON.parse(new TextDecoder().decode(o.stdout)) : null;
  } catch {
    return null;
  }
}

const want = await pytorch(CASES);
if (want === null) {
  console.warn("tests/distributed: DistributedSampler oracle skipped: python3 with torch is not available");
}

Deno.test({
  name: "DistributedSampler: PyTorch's indices for every case (shuffle, padding, dropLast, seed + epoch)",
  ignore: want === null,
  fn() {
    CASES.forEach((c, i) => {
      const s = new DistributedSampler({ length: c.n }, c.numReplicas, c.rank, c.shuffle, c.seed, c.dropLast);
      s.setEpoch(c.epoch);
      const got = [...s];
      assert.equal(s.length, want![i].length, JSON.stringify(c));
      assert.deepEqual(got, want![i], JSON.stringify(c));
    });
  },
});

Deno.test("DistributedSampler: shares are disjoint and cover the dataset; options as in PyTorch", () => {
  const data = { length: 11 };
  const shares = [0, 1, 2].map((rank) => [...new DistributedSampler(data, { numReplicas: 3, rank, seed: 3 })]);
  assert.deepEqual(shares.map((s) => s.length), [4, 4, 4]);
  assert.deepEqual([...new Set(shares.flat())].sort((a, b) => a - b), [...Array(11).keys()]);
  const dropped = [0, 1, 2].map((rank) => [...new DistributedSampler(data, { numReplicas: 3, rank, dropLast: true })]);
  assert.equal(new Set(dropped.flat()).size, 9);
  assert.throws(
    () => new DistributedSampler(data, { numReplicas: 3, rank: 3 }),
    /Invalid rank 3, rank should be in the interval \[0, 2\]/,
  );
  assert.throws(
    () => new DistributedSampler(data, { numReplicas: 2, rank: 0, sufle: true } as never),
    /unknown option 'sufle'/,
  );
  // without numReplicas / rank it asks the default group, which must exist
  assert.throws(() => new DistributedSampler(data), /Default process group has not been initialized/);
});

Deno.test("dendrite's mod.ts exposes torch.distributed, DistributedDataParallel and DistributedSampler", async () => {
  const root = await import("../../mod.ts");
  assert.equal(root.torch.distributed, root.distributed);
  assert.equal(root.distributed.DistributedSampler, DistributedSampler);
  assert.equal(typeof root.distributed.DistributedDataParallel, "function");
  assert.equal(root.distributed.isAvailable(), true);
  assert.equal(root.distributed.isInitialized(), false);
});
