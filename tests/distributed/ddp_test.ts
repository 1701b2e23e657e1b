/**
 * DistributedDataParallel on 2 processes against one process on the full
 * batches (the checks are in children/ddp_child.ts, run under mpirun).
 */
import assert from "node:assert/strict";
import { mpirun, NO_MPIRUN } from "./mpirun.ts";

Deno.test({
  name:
    "DistributedDataParallel: 2 ranks on half batches equal 1 process on full batches (noSync, buckets, unused, gradientAsBucketView)",
  ignore: NO_MPIRUN !== "",
  async fn() {
    const r = await mpirun(2, "./children/ddp_child.ts");
    assert.equal(r.code, 0, `mpirun failed:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /ddp checks: 14/);
  },
});
