/**
 * Every collective and message on 2 and 3 processes (the checks are in
 * children/collectives_child.ts, run under mpirun).
 */
import assert from "node:assert/strict";
import { mpirun, NO_MPIRUN } from "./mpirun.ts";

// memory layouts do not depend on the number of ranks: 3 ranks check contiguous tensors only
for (const [np, args, min] of [[2, [], 500], [3, ["--contiguous"], 250]] as const) {
  Deno.test({
    name: `distributed: every collective and dtype, blocking and asyncOp, on ${np} processes` +
      (args.length ? "" : " (contiguous, transposed and offset tensors)"),
    ignore: NO_MPIRUN !== "",
    async fn() {
      const r = await mpirun(np, "./children/collectives_child.ts", [...args]);
      assert.equal(r.code, 0, `mpirun failed:\n${r.stdout}\n${r.stderr}`);
      const checks = Number(/checks: (\d+)/.exec(r.stdout)?.[1]);
      assert.ok(checks > min, `too few checks ran:\n${r.stdout}`);
    },
  });
}
