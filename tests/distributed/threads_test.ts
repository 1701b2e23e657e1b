/**
 * Ranks sharing a machine split its cores between their kernel threads
 * (unless OMP_NUM_THREADS is set), as torchrun's default does.
 */
import assert from "node:assert/strict";
import { mpirun, NO_MPIRUN } from "./mpirun.ts";

/** mpirun binds each of 2 ranks to one core by default: turned off, each rank sees every core. */
const UNBOUND = { OMPI_MCA_hwloc_base_binding_policy: "none" };

async function threads(env: Record<string, string>): Promise<{ before: number; after: number; cores: number }> {
  const r = await mpirun(2, "./children/threads_child.ts", [], { ...UNBOUND, ...env });
  assert.equal(r.code, 0, `mpirun failed:\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!);
}

Deno.test({
  name: "initProcessGroup: 2 ranks on one machine take half its cores each; OMP_NUM_THREADS wins",
  ignore: NO_MPIRUN !== "",
  async fn() {
    const plain = await threads({});
    assert.equal(plain.before, plain.cores); // OpenMP's default: every core
    assert.equal(plain.after, Math.max(1, Math.floor(plain.cores / 2)));
    const set = await threads({ OMP_NUM_THREADS: "3" });
    assert.deepEqual([set.before, set.after], [3, 3]);
  },
});
