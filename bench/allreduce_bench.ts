/**
 * torch.distributed's costs between processes on this machine:
 *
 * 1. All-reduce of float32 between 2 processes: dendrite (`dist.allReduce`,
 *    blocking and `asyncOp`) against a C program making the same MPI calls
 *    (bench/allreduce_bench.c, compiled with mpicc into a temp dir). Each
 *    round runs the C job then the dendrite job back to back for every
 *    size, so a slow stretch of a shared machine lands on both sides; a
 *    side's time for a size is the median over all its iterations of all
 *    rounds (each iteration: a barrier, then one timed all-reduce on rank 0).
 * 2. DistributedDataParallel's own cost on an MLP (784-256-10, a global
 *    batch of 128 split over the processes): a DDP step against the same
 *    step without communication plus one blocking all-reduce of all the
 *    gradients; on 1 and 2 processes (the scaling). A second own-cost
 *    column compares with the step ended by a barrier (less a barrier's
 *    own time): on 2 processes a DDP step waits for the slower rank, which
 *    the unsynchronized step does not. Two more rows per library: DDP
 *    with gradientAsBucketView, and that with gradients zeroed in place
 *    (zeroGrad(setToNone: false), PyTorch's recommended pairing: backward
 *    then accumulates into the buckets) against local steps zeroing the
 *    same way. PyTorch's DDP (gloo, bench/ddp_bench.py) is measured the
 *    same way, under the same mpirun.
 *
 *   deno run -A bench/allreduce_bench.ts [--rounds 3] [--np 2]   (--rounds 0: DDP only)
 *
 * Run under mpirun with `--worker`, this file is the dendrite side.
 */
import * as dist from "../src/distributed/mod.ts";
import { ALLREDUCE_CHUNK_BYTES } from "../src/distributed/mpi_comm.ts";
import * as nn from "../src/nn/mod.ts";
import * as optim from "../src/optim/mod.ts";
import { torch } from "../src/torch/mod.ts";
import { median } from "./timing.ts";

const SIZES = [1e6, 1e7];
/** Iterations per job: enough for a stable median, few enough that 1e7 stays quick. */
const ITERS: Record<number, number> = { 1e6: 40, 1e7: 8 };
const WARMUP = 3;
/** DDP: the global batch, split over the processes, and the timed steps per variant. */
const GLOBAL_BATCH = 128, DDP_STEPS = 200;

function flag(name: string, fallback: number): number {
  const i = Deno.args.indexOf(name);
  return i >= 0 ? Number(Deno.args[i + 1]) : fallback;
}

/** The all-reduce side, under mpirun: prints `<mode> <ms> <ms> ...` lines on rank 0. */
async function allReduceWorker(n: number, iters: number): Promise<void> {
  dist.initProcessGroup("mpi");
  const t = torch.ones(n, { dtype: "float32" });
  for (const mode of ["blocking", "asyncOp"] as const) {
    const times: number[] = [];
    for (let it = -WARMUP; it < iters; it++) {
      await dist.barrier();
      const t0 = performance.now();
      if (mode === "blocking") await dist.allReduce(t);
      else await dist.allReduce(t, { asyncOp: true }).wait();
      if (it >= 0) times.push(performance.now() - t0);
    }
    if (dist.getRank() === 0) console.log(`${mode} ${times.map((x) => x.toFixed(4)).join(" ")}`);
  }
  dist.destroyProcessGroup();
}

/**
 * Median ms of each variant over DDP_STEPS rounds after 3 warm-up rounds;
 * the variants take turns (one step each per round, each after a barrier),
 * so a slow stretch of a shared machine lands on all of them. Each
 * variant's time is the slowest rank's median.
 */
async function timeSteps(variants: Record<string, () => Promise<void> | void>): Promise<Record<string, number>> {
  const names = Object.keys(variants), ts: Record<string, number[]> = {};
  for (let i = -3; i < DDP_STEPS; i++) {
    for (const k of names) {
      await dist.barrier();
      const t0 = performance.now();
      await variants[k]();
      if (i >= 0) (ts[k] ??= []).push(performance.now() - t0);
    }
  }
  const m = torch.tensor(names.map((k) => median(ts[k])), { dtype: "float64" });
  await dist.allReduce(m, dist.ReduceOp.MAX);
  const out = m.tolist() as number[];
  return Object.fromEntries(names.map((k, i) => [k, out[i]]));
}

/** The DDP side, under mpirun: prints one JSON line of step times (ms) on rank 0. */
async function ddpWorker(): Promise<void> {
  dist.initProcessGroup("mpi");
  const world = dist.getWorldSize(), batch = GLOBAL_BATCH / world;
  const mlp = () => new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
  torch.manualSeed(dist.getRank());
  const x = torch.randn(batch, 784), y = torch.randint(0, 10, [batch]);
  const lossFn = new nn.CrossEntropyLoss();
  const step = (m: nn.Module, setToNone = true) => {
    const opt = new optim.SGD(m.parameters(), { lr: 0.01 });
    return () => {
      opt.zeroGrad(setToNone);
      lossFn.forward(m.forward(x), y).backward();
      opt.step();
    };
  };
  const local = mlp(), localStep = step(local), synced = step(mlp()), syncedZero = step(mlp(), false);
  const grads = torch.zeros([local.parameters().reduce((s, p) => s + p.numel(), 0)]);
  const times = await timeSteps({
    local: localStep,
    // the same step ended by a barrier: the slower rank's step, as a DDP step waits for it
    localSync: async () => {
      synced();
      await dist.barrier();
    },
    barrier: () => dist.barrier(),
    allReduce: () => dist.allReduce(grads),
    ddp: step(new dist.DistributedDataParallel(mlp())),
    ddpView: step(new dist.DistributedDataParallel(mlp(), { gradientAsBucketView: true })),
    // gradients zeroed in place instead of set to null: with bucket views backward accumulates into the buckets
    localZero: step(mlp(), false),
    localZeroSync: async () => {
      syncedZero();
      await dist.barrier();
    },
    ddpViewZero: step(new dist.DistributedDataParallel(mlp(), { gradientAsBucketView: true }), false),
  });
  if (dist.getRank() === 0) console.log(JSON.stringify({ world, batch, threads: torch.getNumThreads(), ...times }));
  dist.destroyProcessGroup();
}

async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, {
    args,
    env: { OMPI_MCA_btl_vader_single_copy_mechanism: "none" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${text}\n${new TextDecoder().decode(out.stderr)}`);
  }
  return text;
}

/** Why the bench cannot run here ("" when mpirun and mpicc are installed). */
function missingTools(): string {
  for (const tool of ["mpirun", "mpicc"]) {
    try {
      new Deno.Command(tool, { args: ["--version"], stdout: "null", stderr: "null" }).outputSync();
    } catch {
      return `${tool} is not installed (apt-get install libopenmpi-dev openmpi-bin)`;
    }
  }
  return "";
}

function mpirunFlags(np: number): string[] {
  return ["-np", String(np), "--oversubscribe", ...(Deno.uid() === 0 ? ["--allow-run-as-root"] : [])];
}

/** `mpirun ... deno run -A <this file> --worker <args>` */
function workerJob(np: number, args: string[]): Promise<string> {
  const self = new URL(import.meta.url).pathname;
  return run("mpirun", [...mpirunFlags(np), Deno.execPath(), "run", "-A", "--no-lock", self, "--worker", ...args]);
}

async function allReduceTable(rounds: number, np: number): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "dendrite-allreduce-" });
  const exe = `${dir}/allreduce_bench`;
  await run("mpicc", ["-O2", "-o", exe, new URL("./allreduce_bench.c", import.meta.url).pathname]);
  const chunk = ALLREDUCE_CHUNK_BYTES / 4;
  const c: Record<number, number[]> = {},
    blocking: Record<number, number[]> = {},
    asyncOp: Record<number, number[]> = {};
  try {
    for (let r = 0; r < rounds; r++) {
      for (const n of SIZES) {
        const it = String(ITERS[n]);
        const cOut = await run("mpirun", [...mpirunFlags(np), exe, String(n), String(chunk), String(WARMUP), it]);
        (c[n] ??= []).push(...cOut.trim().split(/\s+/).map(Number));
        const dOut = await workerJob(np, ["allreduce", String(n), it]);
        for (const line of dOut.trim().split("\n")) {
          const [mode, ...ms] = line.trim().split(/\s+/);
          ((mode === "blocking" ? blocking : asyncOp)[n] ??= []).push(...ms.map(Number));
        }
        console.error(`all-reduce: round ${r + 1}/${rounds}, ${n} elements done`);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  console.log(`\nAll-reduce (SUM, in place) of float32 between ${np} processes, ${rounds} rounds; median ms`);
  console.log(`(pieces of ${chunk} elements on both sides, as dendrite's allReduce splits them)\n`);
  console.log("| elements | C | dendrite | ratio | dendrite asyncOp | ratio |");
  console.log("|---:|---:|---:|---:|---:|---:|");
  for (const n of SIZES) {
    const mc = median(c[n]), mb = median(blocking[n]), ma = median(asyncOp[n]);
    console.log(
      `| ${n.toExponential(0)} | ${mc.toFixed(3)} | ${mb.toFixed(3)} | ${(mb / mc).toFixed(2)}x | ${ma.toFixed(3)} | ${
        (ma / mc).toFixed(2)
      }x |`,
    );
  }
}

/**
 * PyTorch's DDP on gloo under the same launcher (bench/ddp_bench.py), run by `python` (a full path: mpirun puts
 * its own bin folder first on the PATH, which can hold another python3 than ours); null when it cannot run here.
 */
async function torchDdpJob(np: number, python: string): Promise<string | null> {
  const dir = await Deno.makeTempDir({ prefix: "dendrite-ddp-" });
  try {
    const script = new URL("./ddp_bench.py", import.meta.url).pathname;
    return await run("mpirun", [...mpirunFlags(np), python, script, `${dir}/rendezvous`, String(DDP_STEPS)]);
  } catch (e) {
    console.error(`PyTorch's DDP did not run: ${(e as Error).message.split("\n")[0]}`);
    return null;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function ddpTable(np: number): Promise<void> {
  type Row = {
    who: string;
    world: number;
    batch: number;
    threads: number;
    local: number;
    localSync: number;
    barrier: number;
    allReduce: number;
    ddp: number;
  };
  type Job = Row & { ddpView: number; localZero: number; localZeroSync: number; ddpViewZero: number };
  const rows: Row[] = [];
  const python = (await run("python3", ["-c", "import sys; print(sys.executable)"])).trim();
  // each job also times DDP with gradientAsBucketView (no copy of the averages back into .grad), and that with
  // zeroGrad(setToNone: false) against local steps zeroing the same way (no copy into the buckets either): rows
  // of their own
  const both = (who: string, r: Job) =>
    rows.push({ ...r, who }, { ...r, who: `${who}, bucket views`, ddp: r.ddpView }, {
      ...r,
      who: `${who}, bucket views, grads zeroed in place`,
      ddp: r.ddpViewZero,
      local: r.localZero,
      localSync: r.localZeroSync,
    });
  for (const world of [1, np]) {
    both("dendrite (MPI)", JSON.parse(await workerJob(world, ["ddp"])));
    const theirs = await torchDdpJob(world, python);
    if (theirs) both("PyTorch (gloo)", JSON.parse(theirs));
  }
  console.log(`\nDistributedDataParallel, MLP 784-256-10, SGD, global batch ${GLOBAL_BATCH}; median ms per step`);
  console.log("(DDP's own cost: DDP step - step without communication - one all-reduce of all the gradients;");
  console.log(
    " beyond the slower rank: the same with the step without communication ended by a barrier, less the barrier)\n",
  );
  console.log(
    "| library | processes | batch each | threads each | step, no communication | the same + barrier | all-reduce of " +
      "the gradients | DDP step | DDP step - step without | DDP's own cost | own cost beyond the slower rank | samples/s |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    const own = r.ddp - r.local - r.allReduce, ms = (v: number) => `${v.toFixed(2)} (${(100 * v / r.ddp).toFixed(1)}%)`;
    const beyond = r.ddp - (r.localSync - r.barrier) - r.allReduce;
    const cells = [r.who, r.world, r.batch, r.threads, r.local.toFixed(2), r.localSync.toFixed(2)];
    cells.push(r.allReduce.toFixed(2), r.ddp.toFixed(2));
    cells.push(ms(r.ddp - r.local), ms(own), ms(beyond), (GLOBAL_BATCH / r.ddp * 1000).toFixed(0));
    console.log(`| ${cells.join(" | ")} |`);
  }
}

if (import.meta.main) {
  const w = Deno.args.indexOf("--worker");
  if (w >= 0) {
    if (Deno.args[w + 1] === "ddp") await ddpWorker();
    else await allReduceWorker(Number(Deno.args[w + 2]), Number(Deno.args[w + 3]));
  } else {
    const missing = missingTools();
    if (missing) console.log(`bench/allreduce_bench.ts skipped: ${missing}`);
    else {
      const np = flag("--np", 2);
      const rounds = flag("--rounds", 3);
      if (rounds > 0) await allReduceTable(rounds, np); // --rounds 0: the DDP table alone
      await ddpTable(np);
    }
  }
}
