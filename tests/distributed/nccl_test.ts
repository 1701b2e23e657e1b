/**
 * NCCL: the library binds (it loads without a GPU), initProcessGroup
 * ("nccl") without a GPU is a clear error, and on a machine with GPUs the
 * collectives run on CUDA tensors (children/nccl_child.ts under mpirun).
 */
import assert from "node:assert/strict";
import { deviceCount } from "../../src/backend/cuda_device.ts";
import * as dist from "../../src/distributed/mod.ts";
import { ncclVersion, openNccl } from "../../src/distributed/nccl_ffi.ts";
import { mpirun, NO_MPIRUN } from "./mpirun.ts";

const GPUS = deviceCount();
const NCCL = dist.isNcclAvailable();
if (!NCCL) {
  console.warn("tests/distributed: NCCL not found (pip install nvidia-nccl-cu13): its binding test is skipped");
}
if (GPUS === 0) console.warn("tests/distributed: no CUDA GPU: the NCCL collective tests are skipped");

Deno.test({
  name: "NCCL: libnccl.so.2 binds every symbol and reports its version",
  ignore: !NCCL,
  fn() {
    const v = ncclVersion(openNccl());
    assert.ok(v >= 21000, `NCCL version ${v}`);
  },
});

Deno.test({
  name: "NCCL: initProcessGroup('nccl') without a GPU says so",
  ignore: GPUS > 0,
  fn() {
    assert.throws(
      () => dist.initProcessGroup("nccl"),
      (e: Error) =>
        e instanceof dist.DistBackendError && /ProcessGroupNCCL is only supported with GPUs/.test(e.message) &&
        /initProcessGroup\("mpi"\)/.test(e.message),
    );
    assert.equal(dist.isInitialized(), false);
  },
});

Deno.test({
  name: "NCCL: collectives on CUDA tensors (1 rank per GPU, at most 2)",
  ignore: GPUS === 0 || !NCCL || NO_MPIRUN !== "",
  async fn() {
    const r = await mpirun(Math.min(GPUS, 2), "./children/nccl_child.ts");
    assert.equal(r.code, 0, `mpirun failed:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /nccl ok/);
  },
});
