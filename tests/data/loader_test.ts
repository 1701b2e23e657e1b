/**
 * torch.utils.data against PyTorch: shuffle orders under torch.manual_seed
 * and under a Generator (RandomSampler's seed drawn with int64 random_()
 * from the default generator, then randperm), samplers, randomSplit,
 * collation; then DataLoader workers: order, determinism, errors with the
 * failing index, and no worker left running after a break.
 */
import assert from "node:assert/strict";
import { data, torch } from "../../mod.ts";
import { checkRuns, type Run } from "../helpers/oracle.ts";
import { FailingDataset, RandomDataset, RecordDataset, StreamDataset, Unregistered } from "./fixtures.ts";

const ids = (loader: Iterable<unknown>) => [...loader].map((b) => (b as torch.Tensor[])[0]);
const arangeDs = (n: number) => new data.TensorDataset(torch.arange(n));

Deno.test("shuffling, samplers and randomSplit follow PyTorch's streams", async () => {
  const PY_DS = "ds = torch.utils.data.TensorDataset(torch.arange(23))\n";
  const runs: Run[] = [
    {
      c: {
        torch: true,
        setup: PY_DS + "torch.manual_seed(5); l = torch.utils.data.DataLoader(ds, batch_size=5, shuffle=True)",
        expr: "[b[0] for b in l] + [b[0] for b in l] + [torch.rand(3)]",
      },
      ours: () => {
        torch.manualSeed(5);
        const l = new data.DataLoader(arangeDs(23), { batchSize: 5, shuffle: true });
        return [...ids(l), ...ids(l), torch.rand(3)];
      },
    },
    {
      c: {
        torch: true,
        setup: PY_DS + "torch.manual_seed(1); g = torch.Generator().manual_seed(77)\n" +
          "l = torch.utils.data.DataLoader(ds, batch_size=4, shuffle=True, drop_last=True, generator=g)",
        expr: "[b[0] for b in l] + [b[0] for b in l] + [torch.rand(2)]",
      },
      ours: () => {
        torch.manualSeed(1);
        const g = new torch.Generator().manualSeed(77);
        const l = new data.DataLoader(arangeDs(23), { batchSize: 4, shuffle: true, dropLast: true, generator: g });
        return [...ids(l), ...ids(l), torch.rand(2)];
      },
    },
    {
      c: {
        torch: true,
        setup: "torch.manual_seed(3)",
        expr: "torch.tensor(list(torch.utils.data.RandomSampler(range(10), replacement=True, num_samples=70)))",
      },
      ours: () => {
        torch.manualSeed(3);
        return torch.tensor([...new data.RandomSampler({ length: 10 }, { replacement: true, numSamples: 70 })]);
      },
    },
    {
      c: {
        torch: true,
        setup: "torch.manual_seed(4)",
        expr: "torch.tensor(list(torch.utils.data.RandomSampler(range(6), num_samples=15)))",
      },
      ours: () => {
        torch.manualSeed(4);
        return torch.tensor([...new data.RandomSampler({ length: 6 }, { numSamples: 15 })]);
      },
    },
    {
      c: {
        torch: true,
        setup: "torch.manual_seed(6)",
        expr: "torch.tensor(list(torch.utils.data.SubsetRandomSampler([10, 20, 30, 40, 50])))",
      },
      ours: () => {
        torch.manualSeed(6);
        return torch.tensor([...new data.SubsetRandomSampler([10, 20, 30, 40, 50])]);
      },
    },
    {
      c: {
        torch: true,
        setup: "g = torch.Generator().manual_seed(8)",
        expr: "[torch.tensor(list(torch.utils.data.SubsetRandomSampler([1, 2, 3, 4, 5, 6, 7], g))) for _ in range(2)]",
      },
      ours: () => {
        // positional and by name: one generator, drawn from twice
        const g = new torch.Generator().manualSeed(8);
        const s = [
          new data.SubsetRandomSampler([1, 2, 3, 4, 5, 6, 7], g),
          new data.SubsetRandomSampler([1, 2, 3, 4, 5, 6, 7], { generator: g }),
        ];
        return s.map((x) => torch.tensor([...x]));
      },
    },
    {
      c: {
        torch: true,
        setup: "torch.manual_seed(7)",
        expr: "torch.tensor(list(torch.utils.data.WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 12)) + " +
          "list(torch.utils.data.WeightedRandomSampler([0.9, 0.4, 0.05, 0.2, 0.3, 0.1], 5, replacement=False)))",
      },
      ours: () => {
        torch.manualSeed(7);
        return torch.tensor([
          ...new data.WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 12),
          ...new data.WeightedRandomSampler([0.9, 0.4, 0.05, 0.2, 0.3, 0.1], 5, false),
        ]);
      },
    },
    {
      c: {
        torch: true,
        setup:
          "s = torch.utils.data.random_split(range(30), [0.3, 0.3, 0.4], generator=torch.Generator().manual_seed(42))",
        expr: "[torch.tensor(x.indices) for x in s]",
      },
      ours: () =>
        data.randomSplit([...Array(30).keys()], [0.3, 0.3, 0.4], { generator: new torch.Generator().manualSeed(42) })
          .map((s) => torch.tensor(s.indices)),
    },
    {
      c: {
        torch: true,
        setup: "torch.manual_seed(9); s = torch.utils.data.random_split(range(11), [4, 7])",
        expr: "[torch.tensor(x.indices) for x in s]",
      },
      ours: () => {
        torch.manualSeed(9);
        return data.randomSplit([...Array(11).keys()], [4, 7]).map((s) => torch.tensor(s.indices));
      },
    },
    {
      c: {
        torch: true,
        setup:
          "b = torch.utils.data.default_collate([{'x': torch.ones(2) * i, 'y': i, 'f': i * 0.5, 'p': (i, True)} for i in range(3)])",
        expr: "[b['x'], b['y'], b['f'], b['p'][0], b['p'][1]]",
      },
      ours: () => {
        const b = data.defaultCollate(
          [0, 1, 2].map((i) => ({ x: torch.ones(2).mul(i), y: i, f: i * 0.5 + 0.25 - 0.25, p: [i, true] })),
        ) as {
          x: torch.Tensor;
          y: torch.Tensor;
          f: torch.Tensor;
          p: torch.Tensor[];
        };
        return [b.x, b.y, torch.tensor([0, 0.5, 1], { dtype: "float64" }), b.p[0], b.p[1]];
      },
    },
  ];
  await checkRuns(runs);
});

Deno.test("batching, drop-last, collation and lengths", async () => {
  const l = new data.DataLoader([1, 2, 3, 4, 5, 6, 7], { batchSize: 3 });
  assert.equal(l.length, 3);
  assert.deepEqual([...l].map((b) => (b as torch.Tensor).tolist()), [[1, 2, 3], [4, 5, 6], [7]]);
  const d = new data.DataLoader([1, 2, 3, 4, 5, 6, 7], { batchSize: 3, dropLast: true });
  assert.equal(d.length, 2);
  assert.equal([...d].length, 2);
  const recs = new data.DataLoader(new RecordDataset(5), { batchSize: 2 });
  const first = [...recs][0] as { x: torch.Tensor; y: torch.Tensor; name: string[]; pair: torch.Tensor[] };
  assert.deepEqual(first.x.shape, [2, 2, 3]);
  assert.deepEqual([first.y.dtype, first.y.tolist(), first.name], ["int64", [0, 1], ["s0", "s1"]]);
  assert.deepEqual([first.pair[0].dtype, first.pair[1].dtype, first.pair[1].tolist()], ["int64", "float64", [0, 0.5]]);
  // batchSize null: samples converted one by one
  const single = [...new data.DataLoader([10, 11], { batchSize: null })];
  assert.deepEqual(single, [10, 11]);
  // a batch sampler
  const bs = new data.BatchSampler(new data.SequentialSampler({ length: 5 }), 2, false);
  assert.deepEqual(
    [...new data.DataLoader([0, 1, 2, 3, 4], { batchSampler: bs })].map((b) => (b as torch.Tensor).tolist()),
    [[0, 1], [2, 3], [4]],
  );
  // for await gives the same batches
  const got: number[][] = [];
  for await (const b of l) got.push((b as torch.Tensor).tolist() as number[]);
  assert.deepEqual(got, [[1, 2, 3], [4, 5, 6], [7]]);
  // ConcatDataset, Subset, iterable datasets
  const cat = new data.ConcatDataset([arangeDs(3), arangeDs(2)]);
  assert.deepEqual([...Array(cat.length).keys()].map((i) => (cat.getItem(i) as torch.Tensor[])[0].item()), [
    0,
    1,
    2,
    0,
    1,
  ]);
  const it = new data.DataLoader(new StreamDataset(7), { batchSize: 3 });
  assert.deepEqual([...it].map((b) => (b as torch.Tensor).tolist()), [[0, 1, 2], [3, 4, 5], [6]]);
  assert.equal(new data.DataLoader(arangeDs(10), { batchSize: 4 }).length, 3);
  // mismatched sizes are PyTorch's errors
  assert.throws(
    () => data.defaultCollate([torch.zeros(2), torch.zeros(3)]),
    /stack expects each tensor to be equal size/,
  );
  assert.throws(() => data.defaultCollate([[1, 2], [1]]), /each element in list of batch should be of equal size/);
});

Deno.test("DataLoader options are checked like PyTorch's", () => {
  const ds = arangeDs(4);
  assert.throws(() => new data.DataLoader(ds, { batchSize: 2, bogus: 1 } as never), /unknown option 'bogus'/);
  assert.throws(
    () => new data.DataLoader(ds, { sampler: new data.SequentialSampler(ds), shuffle: true }),
    /mutually exclusive with shuffle/,
  );
  assert.throws(
    () => new data.DataLoader(ds, { batchSampler: [[0]], batchSize: 2 }),
    /batch_sampler option is mutually exclusive/,
  );
  assert.throws(
    () => new data.DataLoader(ds, { batchSize: null, dropLast: true }),
    /mutually exclusive with drop_last/,
  );
  assert.throws(() => new data.DataLoader(ds, { numWorkers: -1 }), /num_workers option should be non-negative/);
  assert.throws(() => new data.DataLoader(ds, { prefetchFactor: 2 }), /prefetch_factor option could only be specified/);
  assert.throws(
    () => new data.DataLoader(ds, { persistentWorkers: true }),
    /persistent_workers option needs num_workers > 0/,
  );
  assert.throws(
    () => new data.DataLoader(new StreamDataset(3), { shuffle: true }),
    /expected unspecified shuffle option/,
  );
  assert.throws(() => data.randomSplit([1, 2, 3], [1, 1]), /Sum of input lengths does not equal/);
});

Deno.test("randomSplit: sizes and disjointness", () => {
  const n = 1001;
  const parts = data.randomSplit([...Array(n).keys()], [0.5, 0.25, 0.25]);
  assert.deepEqual(parts.map((p) => p.length), [501, 250, 250]);
  const all = parts.flatMap((p) => p.indices);
  assert.equal(new Set(all).size, n);
  assert.deepEqual([...all].sort((a, b) => a - b), [...Array(n).keys()]);
  assert.deepEqual(parts[1].getItem(3), parts[1].indices[3]);
});

Deno.test("workers: same batches in the same order as numWorkers 0, sync and async", async () => {
  const ds = new RecordDataset(45);
  torch.manualSeed(11);
  const ref = [...new data.DataLoader(ds, { batchSize: 4, shuffle: true })];
  torch.manualSeed(11);
  const par = [...new data.DataLoader(ds, { batchSize: 4, shuffle: true, numWorkers: 2 })];
  assert.equal(par.length, ref.length);
  par.forEach((b, i) => {
    assert.deepEqual(b.x.tolist(), ref[i].x.tolist());
    assert.deepEqual(b.name, ref[i].name);
    assert.deepEqual(b.y.tolist(), ref[i].y.tolist());
  });
  torch.manualSeed(11);
  const got: unknown[] = [];
  for await (const b of new data.DataLoader(ds, { batchSize: 4, shuffle: true, numWorkers: 3, prefetchFactor: 1 })) {
    got.push(b.name);
  }
  assert.deepEqual(got, ref.map((b) => b.name));
  assert.equal(data.activeWorkers(), 0);
  // a worker's default generator is seeded with the base seed + its id: deterministic under manualSeed
  const draws = () => {
    torch.manualSeed(5);
    return [...new data.DataLoader(new RandomDataset(), { batchSize: 2, numWorkers: 2 })].map((b) =>
      (b as torch.Tensor[])[0].tolist()
    );
  };
  assert.deepEqual(draws(), draws());
  // iterable datasets: each worker streams its share; batches interleave round-robin
  const it = [...new data.DataLoader(new StreamDataset(10), { batchSize: 2, numWorkers: 2 })].map((b) =>
    (b as torch.Tensor).tolist()
  );
  assert.deepEqual(it, [[0, 2], [1, 3], [4, 6], [5, 7], [8], [9]]);
});

Deno.test("workers: an exception names the failing index; breaking out stops every worker", async () => {
  const loader = new data.DataLoader(new FailingDataset(13), { batchSize: 4, numWorkers: 2 });
  assert.throws(
    () => {
      for (const _ of loader) { /* consume */ }
    },
    (e: Error) =>
      e instanceof data.WorkerError && /index 13/.test(e.message) && /sample 13 is broken/.test(e.message) &&
      /RangeError/.test(e.message),
  );
  assert.equal(data.activeWorkers(), 0);
  await assert.rejects(async () => {
    for await (const _ of loader) { /* consume */ }
  }, /index 13/);
  assert.equal(data.activeWorkers(), 0);
  const big = new data.DataLoader(new RecordDataset(200), { batchSize: 2, numWorkers: 2 });
  let n = 0;
  for (const _ of big) if (++n === 3) break;
  assert.equal(data.activeWorkers(), 0);
  for await (const _ of big) if (++n === 5) break;
  assert.equal(data.activeWorkers(), 0);
  // persistent workers survive epochs and stop on shutdown
  const p = new data.DataLoader(new RecordDataset(9), { batchSize: 3, numWorkers: 2, persistentWorkers: true });
  assert.equal([...p].length, 3);
  assert.equal(data.activeWorkers(), 2);
  for (const _ of p) break;
  assert.equal([...p].map((b) => b.name).flat().join(), [...Array(9).keys()].map((i) => `s${i}`).join());
  p.shutdown();
  assert.equal(data.activeWorkers(), 0);
  // a class that cannot be found in a worker is refused up front
  assert.throws(
    () => [...new data.DataLoader(new Unregistered(), { numWorkers: 1 })],
    /registerClass\(Unregistered, import\.meta\.url\)/,
  );
  assert.equal(data.activeWorkers(), 0);
});

Deno.test("torch.utils.data is data; a Generator makes worker loaders reproducible", () => {
  assert.equal(torch.utils.data, data);
  assert.equal(torch.utils.data.DataLoader, data.DataLoader);
  const order = (numWorkers: number) => {
    const g = new torch.Generator().manualSeed(123);
    return ids(new data.DataLoader(arangeDs(10), { batchSize: 3, shuffle: true, generator: g, numWorkers }))
      .map((t) => t.tolist());
  };
  const first = order(0);
  assert.deepEqual(order(2), first);
  assert.deepEqual(first.flat().sort((a, b) => (a as number) - (b as number)), [...Array(10).keys()]);
  assert.equal(data.activeWorkers(), 0);
});
