/**
 * Failures end jobs with clear errors: a rank that throws ends the whole
 * job (no rank waits forever), and a missing Open MPI names what to
 * install.
 */
import assert from "node:assert/strict";
import { mpirun, NO_MPIRUN } from "./mpirun.ts";

Deno.test({
  name: "distributed: a rank that throws ends the job with an error, without a hang",
  ignore: NO_MPIRUN !== "",
  async fn() {
    const r = await mpirun(2, "./children/throw_child.ts");
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /rank 1 failed on purpose/);
    assert.doesNotMatch(r.stdout, /unreachable/);
    // mpirun's own --timeout is 120 s: ending well before it means the failure ended the job
    assert.ok(r.seconds < 60, `the job took ${r.seconds} s to end`);
  },
});

Deno.test("distributed: without Open MPI, initProcessGroup says what to install", async () => {
  const code = `import * as dist from "${new URL("../../src/distributed/mod.ts", import.meta.url).href}";
    console.log(dist.isMpiAvailable());
    dist.initProcessGroup("mpi");`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-lock", code],
    env: { DENDRITE_MPI_LIB: "/nonexistent/libmpi.so.40" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout), stderr = new TextDecoder().decode(out.stderr);
  assert.notEqual(out.code, 0);
  assert.match(stdout, /false/);
  assert.match(
    stderr,
    /DistBackendError: torch.distributed: cannot load Open MPI's library \/nonexistent\/libmpi.so.40/,
  );
  assert.match(stderr, /apt-get install libopenmpi-dev openmpi-bin/);
});
