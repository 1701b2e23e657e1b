/**
 * All-reduce of float32 between 2 processes: dendrite (`dist.allReduce`,
 * blocking and `asyncOp`) against a C program making the same MPI calls
 * (bench/allreduce_bench.c, compiled with mpicc into a temp dir).
 *
 *   deno run -A bench/allreduce_bench.ts [--rounds 3] [--np 2]
 *
 * Each round runs the C job then the dendrite job back to back for every
 * size, so a slow stretch of a shared machine lands on both sides; a
 * side's time for a size is the median over all its iterations of all
 * rounds (each iteration: a barrier, then one timed all-reduce on rank 0).
 * Run under mpirun with `--worker`, this file is the dendrite side.
 */
import * as dist from "../src/distributed/mod.ts";
import { ALLREDUCE_CHUNK_BYTES } from "../src/distributed/mpi_comm.ts";
import { torch } from "../src/torch/mod.ts";

const SIZES = [1e6, 1e7];
/** Iterations per job: enough for a stable median, few enough that 1e7 stays quick. */
const ITERS: Record<number, number> = { 1e6: 40, 1e7: 8 };
const WARMUP = 3;

function flag(name: string, fallback: number): number {
  const i = Deno.args.indexOf(name);
  return i >= 0 ? Number(Deno.args[i + 1]) : fallback;
}

/** The dendrite side, under mpirun: prints `<mode> <ms> <ms> ...` lines on rank 0. */
async function worker(n: number, iters: number): Promise<void> {
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function driver(): Promise<void> {
  const rounds = flag("--rounds", 3), np = flag("--np", 2);
  const dir = await Deno.makeTempDir({ prefix: "dendrite-allreduce-" });
  const exe = `${dir}/allreduce_bench`;
  await run("mpicc", ["-O2", "-o", exe, new URL("./allreduce_bench.c", import.meta.url).pathname]);
  const mpirun = ["-np", String(np), "--oversubscribe", ...(Deno.uid() === 0 ? ["--allow-run-as-root"] : [])];
  const self = new URL(import.meta.url).pathname;
  const chunk = ALLREDUCE_CHUNK_BYTES / 4;
  const c: Record<number, number[]> = {},
    blocking: Record<number, number[]> = {},
    asyncOp: Record<number, number[]> = {};
  for (let r = 0; r < rounds; r++) {
    for (const n of SIZES) {
      const it = String(ITERS[n]);
      const cOut = await run("mpirun", [...mpirun, exe, String(n), String(chunk), String(WARMUP), it]);
      (c[n] ??= []).push(...cOut.trim().split(/\s+/).map(Number));
      const dOut = await run("mpirun", [
        ...mpirun,
        Deno.execPath(),
        "run",
        "-A",
        "--no-lock",
        self,
        "--worker",
        String(n),
        it,
      ]);
      for (const line of dOut.trim().split("\n")) {
        const [mode, ...ms] = line.trim().split(/\s+/);
        ((mode === "blocking" ? blocking : asyncOp)[n] ??= []).push(...ms.map(Number));
      }
      console.error(`round ${r + 1}/${rounds}, ${n} elements done`);
    }
  }
  await Deno.remove(dir, { recursive: true });
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

if (import.meta.main) {
  const w = Deno.args.indexOf("--worker");
  if (w >= 0) await worker(Number(Deno.args[w + 1]), Number(Deno.args[w + 2]));
  else await driver();
}
