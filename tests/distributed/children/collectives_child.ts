/**
 * Run by tests/distributed/collectives_test.ts under mpirun (2 or 3
 * ranks): every collective and message, every dtype, contiguous and not
 * (a transposed tensor, a view at an offset), blocking and `asyncOp`,
 * checked against values computed here. Any
 * failed check throws, which ends the job with an error. Rank 0 prints
 * "checks: N" at the end.
 */
import assert from "node:assert/strict";
import type { DType } from "../../../src/core/dtype.ts";
import * as dist from "../../../src/distributed/mod.ts";
import { torch } from "../../../src/torch/mod.ts";
import type { Tensor } from "../../../src/torch/tensor.ts";

type V = number | boolean | bigint;
const DTYPES: DType[] = ["bool", "uint8", "int32", "int64", "float32", "float64"];
const NUMEL = 6;

await assert.rejects(async () => await dist.allReduce(torch.ones(1)), {
  message: "Default process group has not been initialized, please make sure to call init_process_group.",
});
dist.initProcessGroup("mpi");
assert.throws(() => dist.initProcessGroup("mpi"), /initialize the default process group twice/);
const rank = dist.getRank(), n = dist.getWorldSize();
assert.equal(dist.getBackend(), "mpi");
assert.equal(dist.isInitialized(), true);
let checks = 0;

/** Rank r's value of element i (small, so every op's result is exact). */
function value(r: number, i: number, dtype: DType): V {
  const k = (r + 1) * (i + 2) + i;
  switch (dtype) {
    case "bool":
      return (i + r) % 3 === 0;
    case "uint8":
      return k % 7 + 1;
    case "int64":
      return BigInt(k - 9);
    case "int32":
      return k - 9;
    default:
      return (k - 9) / 4;
  }
}
const values = (r: number, dtype: DType) => Array.from({ length: NUMEL }, (_, i) => value(r, i, dtype));

/** Wraps a JS result into the dtype's range (uint8 and int32 products wrap as in C). */
function wrap(v: V, dtype: DType): V {
  if (dtype === "uint8") return Number(v) & 0xff;
  if (dtype === "int32") return Number(v) | 0;
  if (dtype === "int64") return BigInt.asIntN(64, v as bigint);
  return v;
}

function combine(op: dist.ReduceOp, dtype: DType, xs: V[]): V {
  if (dtype === "bool") {
    const b = xs as boolean[];
    if (op === "SUM" || op === "MAX" || op === "BOR") return b.some(Boolean);
    if (op === "BXOR") return b.filter(Boolean).length % 2 === 1;
    return b.every(Boolean); // PRODUCT, MIN, BAND
  }
  const big = dtype === "int64";
  const num = (x: V) => (big ? BigInt(x as bigint) : Number(x));
  // deno-lint-ignore no-explicit-any
  const f: Record<string, (a: any, b: any) => any> = {
    SUM: (a, b) => a + b,
    AVG: (a, b) => a + b,
    PRODUCT: (a, b) => (dtype === "int32" ? Math.imul(a, b) : a * b),
    MIN: (a, b) => (a < b ? a : b),
    MAX: (a, b) => (a > b ? a : b),
    BAND: (a, b) => a & b,
    BOR: (a, b) => a | b,
    BXOR: (a, b) => a ^ b,
  };
  let acc = num(xs[0]);
  for (const x of xs.slice(1)) acc = wrap(f[op](acc, num(x)), dtype) as number;
  if (op !== "AVG") return acc;
  if (big) return (acc as unknown as bigint) / BigInt(xs.length);
  const mean = (acc as number) / xs.length;
  if (dtype === "float32") return Math.fround(mean);
  return dtype === "float64" ? mean : Math.trunc(mean);
}

function opsFor(dtype: DType): dist.ReduceOp[] {
  const all = Object.values(dist.ReduceOp);
  if (dtype === "bool") return all.filter((o) => o !== "AVG");
  if (dtype === "float32" || dtype === "float64") return all.filter((o) => !o.startsWith("B"));
  return all;
}

type Layout = "contiguous" | "transposed" | "offset";
// `--contiguous`: memory layouts do not depend on the number of ranks, so the 3-rank job skips the other two
const LAYOUTS: Layout[] = Deno.args.includes("--contiguous") ? ["contiguous"] : ["contiguous", "transposed", "offset"];

/** A [2, 3] tensor of `vals` in the given memory layout; `pad` is the buffer around an offset view. */
function make(vals: V[], dtype: DType, layout: Layout): { t: Tensor; pad: Tensor | null } {
  const logical = torch.tensor(vals as number[], { dtype }).reshape(2, 3);
  if (layout === "contiguous") return { t: logical, pad: null };
  if (layout === "transposed") {
    const t = logical.t().contiguous().t();
    assert.equal(t.isContiguous(), false);
    return { t, pad: null };
  }
  const pad = torch.zeros([NUMEL + 4], { dtype });
  const t = pad.narrow(0, 2, NUMEL).view(2, 3);
  t.copy_(logical);
  return { t, pad };
}

const flat = (t: Tensor) => t.flatten().tolist() as V[];

const norm = (v: V) => (typeof v === "bigint" ? Number(v) : v);

function same(got: Tensor, want: V[], what: string): void {
  assert.deepEqual(flat(got).map(norm), want.map(norm), `rank ${rank}: ${what}`);
  checks++;
}

function padIntact(pad: Tensor | null, dtype: DType, what: string): void {
  if (!pad) return;
  const p = flat(pad), zero = dtype === "bool" ? false : 0;
  assert.deepEqual([p[0], p[1], p[NUMEL + 2], p[NUMEL + 3]], [zero, zero, zero, zero], `rank ${rank}: ${what} pad`);
}

/** Runs `f` blocking (awaited) or with asyncOp (a Work, awaited through wait()). */
async function both(f: (asyncOp: boolean) => Promise<void> | dist.Work | Promise<number>, asyncOp: boolean) {
  const r = f(asyncOp);
  if (r instanceof dist.Work) {
    assert.equal(await r.wait(), true);
    assert.equal(r.isCompleted(), true);
  } else await r;
}

const ranks = [...Array(n).keys()];
for (const dtype of DTYPES) {
  const all = ranks.map((r) => values(r, dtype));
  const mine = all[rank];
  for (const asyncOp of [false, true]) {
    for (const layout of LAYOUTS) {
      const tag = `${dtype} ${layout} ${asyncOp ? "async" : "sync"}`;
      // allReduce, every op the dtype takes
      for (const op of opsFor(dtype)) {
        const { t, pad } = make(mine, dtype, layout);
        const want = mine.map((_, i) => combine(op, dtype, all.map((v) => v[i])));
        await both((a) => (a ? dist.allReduce(t, op, null, true) : dist.allReduce(t, { op })), asyncOp);
        same(t, want, `allReduce ${op} ${tag}`);
        padIntact(pad, dtype, `allReduce ${op} ${tag}`);
      }
      // broadcast from every rank
      for (const src of ranks) {
        const { t } = make(mine, dtype, layout);
        await both((a) => (a ? dist.broadcast(t, { src, asyncOp: true }) : dist.broadcast(t, src)), asyncOp);
        same(t, all[src], `broadcast from ${src} ${tag}`);
      }
      // reduce into the last rank: the others keep their values
      {
        const { t } = make(mine, dtype, layout), dst = n - 1, op = dtype === "bool" ? "MAX" : "SUM";
        await both((a) => (a ? dist.reduce(t, dst, op, null, true) : dist.reduce(t, { dst, op })), asyncOp);
        same(t, rank === dst ? mine.map((_, i) => combine(op, dtype, all.map((v) => v[i]))) : mine, `reduce ${tag}`);
      }
      // allGather into a list (the outputs in this layout too)
      {
        const { t } = make(mine, dtype, layout);
        const outs = ranks.map(() => make(values(0, dtype), dtype, layout).t);
        await both((a) => (a ? dist.allGather(outs, t, { asyncOp: true }) : dist.allGather(outs, t)), asyncOp);
        outs.forEach((o, r) => same(o, all[r], `allGather[${r}] ${tag}`));
        same(t, mine, `allGather input unchanged ${tag}`);
      }
      // gather into the last rank, scatter from rank 0
      {
        const { t } = make(mine, dtype, layout), dst = n - 1;
        const list = rank === dst ? ranks.map(() => make(mine, dtype, layout).t) : null;
        await both((a) => dist.gather(t, { gatherList: list, dst, asyncOp: a } as never), asyncOp);
        list?.forEach((o, r) => same(o, all[r], `gather[${r}] ${tag}`));
        const out = make(mine, dtype, layout).t;
        const src = rank === 0 ? ranks.map((r) => make(all[r], dtype, layout).t) : null;
        await both((a) => (a ? dist.scatter(out, src, 0, null, true) : dist.scatter(out, src, 0)), asyncOp);
        same(out, all[rank], `scatter ${tag}`);
      }
    }
    // reduceScatter / reduceScatterTensor / allGatherIntoTensor (flat tensors)
    {
      const tag = `${dtype} ${asyncOp ? "async" : "sync"}`;
      const op = dtype === "bool" ? "MAX" : "SUM";
      // rank r's block b is values(r)[(b + i) % NUMEL]
      const blockOf = (r: number, b: number) => all[r].map((_, i) => all[r][(b + i) % NUMEL]);
      const inputs = ranks.map((b) => torch.tensor(blockOf(rank, b) as number[], { dtype }));
      const want = mine.map((_, i) => combine(op, dtype, ranks.map((r) => blockOf(r, rank)[i])));
      const out = torch.zeros([NUMEL], { dtype });
      await both(
        (a) => (a ? dist.reduceScatter(out, inputs, op, null, true) : dist.reduceScatter(out, inputs, op)),
        asyncOp,
      );
      same(out, want, `reduceScatter ${tag}`);
      const out2 = torch.zeros([NUMEL], { dtype });
      const cat = torch.cat(inputs);
      await both((a) => dist.reduceScatterTensor(out2, cat, { op, asyncOp: a } as never), asyncOp);
      same(out2, want, `reduceScatterTensor ${tag}`);
      const gathered = torch.zeros([n, 2, 3], { dtype });
      const t = torch.tensor(mine as number[], { dtype }).reshape(2, 3);
      await both((a) => dist.allGatherIntoTensor(gathered, t, { asyncOp: a } as never), asyncOp);
      same(gathered, all.flat(), `allGatherIntoTensor ${tag}`);
    }
    // send / recv around the ring, with a tag; irecv from any rank
    {
      const tag = `${dtype} ${asyncOp ? "async" : "sync"}`;
      const next = (rank + 1) % n, prev = (rank + n - 1) % n;
      const out = torch.tensor(mine as number[], { dtype }), got = torch.zeros([NUMEL], { dtype });
      if (asyncOp) {
        const ws = [dist.isend(out, next, { tag: 5 }), dist.irecv(got, prev, null, 5)];
        for (const w of ws) await w.wait();
        assert.equal(ws[1].sourceRank(), prev);
      } else if (rank % 2 === 0) {
        await dist.send(out, next, { tag: 5 });
        assert.equal(await dist.recv(got, prev, { tag: 5 }), prev);
      } else {
        assert.equal(await dist.recv(got, prev, { tag: 5 }), prev);
        await dist.send(out, next, { tag: 5 });
      }
      same(got, all[prev], `send/recv ${tag}`);
    }
  }
}

// two asyncOp all-reduces in flight at once on one group
{
  const a = torch.full([100000], rank + 1.0), b = torch.full([1000], 2.0 * (rank + 1));
  const wa = dist.allReduce(a, { asyncOp: true }), wb = dist.allReduce(b, { asyncOp: true });
  const s = (n * (n + 1)) / 2;
  await Promise.all([wa.wait(), wb.wait()]);
  assert.equal(a.min().item(), s);
  assert.equal(a.max().item(), s);
  assert.equal(b.min().item(), 2 * s);
  checks++;
  // a blocking call after queued async ones runs after them
  const c = torch.full([10], 1.0), wc = dist.allReduce(c, { asyncOp: true });
  const d = torch.full([10], 1.0);
  await dist.allReduce(d);
  await wc.wait();
  assert.equal(Number(c.sum().item()) + Number(d.sum().item()), 20 * n);
  checks++;
}

// recv from any rank: rank 0 collects one message from each other rank
if (rank === 0) {
  const from = new Set<number>();
  for (let i = 1; i < n; i++) {
    const t = torch.zeros([1]);
    const src = await dist.recv(t);
    assert.equal(t.item(), src * 10);
    from.add(src);
  }
  assert.equal(from.size, n - 1);
  checks++;
} else await dist.send(torch.full([1], rank * 10, { dtype: "float32" }), 0);

// barrier, blocking and async
await dist.barrier();
await dist.barrier({ asyncOp: true }).wait();

// a subgroup of the first and last ranks: world ranks as src, group ranks through groupSrc
{
  const g = dist.newGroup([n - 1, 0]);
  assert.deepEqual(dist.getProcessGroupRanks(g), [0, n - 1]);
  const member = rank === 0 || rank === n - 1;
  assert.equal(dist.getRank(g), member ? (rank === 0 ? 0 : 1) : -1);
  assert.equal(dist.getWorldSize(g), member ? 2 : -1);
  const t = torch.full([3], rank + 1.0);
  await dist.allReduce(t, { group: g });
  same(t, member ? [n + 1, n + 1, n + 1] : [rank + 1, rank + 1, rank + 1], "subgroup allReduce");
  const u = torch.full([2], rank * 1.0);
  await dist.broadcast(u, n - 1, g);
  same(u, member ? [n - 1, n - 1] : [rank, rank], "subgroup broadcast (world src)");
  const v = torch.full([2], rank * 1.0);
  await dist.broadcast(v, { group: g, groupSrc: 0 });
  same(v, member ? [0, 0] : [rank, rank], "subgroup broadcast (groupSrc)");
  if (member) {
    assert.throws(() => dist.broadcast(u, 7, g), /invalid root rank: 7/);
    if (n === 3) assert.throws(() => dist.broadcast(u, 1, g), /Global rank 1 is not part of group/);
    assert.equal(dist.getGroupRank(g, n - 1), 1);
    assert.equal(dist.getGlobalRank(g, 1), n - 1);
  }
  dist.destroyProcessGroup(g);
  assert.throws(() => dist.allReduce(t, { group: g }), /Invalid process group/);
}

// misuse: PyTorch's errors, before any rank communicates
{
  const t = torch.ones(4);
  assert.throws(() => dist.allReduce(t, { op: "AVG" as const, grp: null } as never), /unknown option 'grp'/);
  assert.throws(() => dist.reduce(t, 5), /invalid root rank: 5/);
  assert.throws(() => dist.broadcast(t, -1), /invalid root rank: -1/);
  assert.throws(() => dist.allGather([torch.ones(4)], t), /Incorrect output list size 1/);
  if (n === 2) assert.throws(() => dist.allGather([torch.ones(4), torch.ones(3)], t), /invalid tensor size at index 1/);
  assert.throws(
    () => dist.allGather(ranks.map(() => torch.ones(4, { dtype: "float64" })), t),
    /different dtypes/,
  );
  assert.throws(() => dist.allGatherIntoTensor(torch.ones(4 * n + 1), t), /world_size times input tensor size/);
  assert.throws(() => dist.reduceScatter(t, [t]), /invalid input tensor list size, must be world size/);
  assert.throws(() => dist.send(t, rank), /destination rank should not be the same/);
  assert.throws(() => dist.allReduce(torch.tensor([true]), { op: "AVG" }), /ReduceOp.AVG with boolean/);
  assert.throws(() => dist.allReduce(t, { op: "BAND" }), /ReduceOp.BAND with non-integral/);
  assert.throws(
    () => dist.gather(t, rank === 0 ? null : [t], 0),
    rank === 0 ? /must be specified on destination/ : /must NOT be specified on non-destination/,
  );
  assert.throws(() => dist.allReduce(torch.ones(4).expand(2, 4)), /more than one element/);
  checks += 13;
}

// a tensor disposed while its asyncOp call runs keeps its memory until the call ends
{
  const t = torch.full([50000], 1.0), storage = t.storage, w = dist.allReduce(t, { asyncOp: true });
  t.dispose();
  assert.equal(storage.isLive, true);
  await w.wait();
  assert.equal(storage.isLive, false);
  checks++;
}

// destroy, then use: the default-group error; a new default group works
dist.destroyProcessGroup();
assert.equal(dist.isInitialized(), false);
assert.throws(() => dist.allReduce(torch.ones(1)), /Default process group has not been initialized/);
dist.initProcessGroup("mpi", { worldSize: n, rank });
const again = torch.ones(2);
await dist.allReduce(again);
same(again, [n, n], "allReduce after re-init");
dist.destroyProcessGroup();

if (rank === 0) console.log(`checks: ${checks}`);
