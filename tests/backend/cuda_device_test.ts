/**
 * CUDA device discovery: importing the backend loads no CUDA library;
 * asking loads cudart only; on a machine without a driver
 * cudaGetDeviceCount answers error 35 and isAvailable() is false, quickly
 * and without throwing; using a device there is PyTorch's error. With a
 * GPU, the same file checks what discovery reports.
 */
import assert from "node:assert/strict";
import { CudaLibraryError } from "../../ffi/cuda/errors.ts";
import { openDriver, openRuntime } from "../../ffi/cuda/libraries.ts";
import { CUDA_ERROR } from "../../ffi/cuda/runtime.ts";
import { cudaDeviceIndex } from "../../src/backend/cuda_context.ts";
import * as cuda from "../../src/backend/cuda_device.ts";
import { RuntimeError } from "../../src/core/errors.ts";

const src = (rel: string) => new URL(rel, import.meta.url).href;

let noRuntime = "";
try {
  openRuntime();
} catch (e) {
  if (!(e instanceof CudaLibraryError)) throw e;
  noRuntime = e.message.split("\n")[0];
  console.log(`cuda_device_test: cudart checks skipped: ${noRuntime}`);
}
let haveDriver = true;
try {
  openDriver();
} catch {
  haveDriver = false;
}

/** Runs code in a fresh Deno with the given permission flags; returns its stdout lines. */
async function child(code: string, flags: string[] = ["-A"]): Promise<string[]> {
  const file = await Deno.makeTempFile({ prefix: "dendrite-cuda-device-", suffix: ".ts" });
  try {
    await Deno.writeTextFile(file, code);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-check", ...flags, file],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    assert.ok(out.success, `child failed:\n${text}\n${new TextDecoder().decode(out.stderr)}`);
    return text.trim().split("\n");
  } finally {
    await Deno.remove(file);
  }
}

/** JS that prints which CUDA libraries the process has mapped. */
const LOADED = `
  const maps = Deno.readTextFileSync("/proc/self/maps");
  const libs = ["libcuda.so", "libcudart", "libnvrtc", "libcublas", "libcudnn"];
  console.log(JSON.stringify(libs.filter((l) => maps.includes(l))));`;

Deno.test("importing the CUDA backend and device modules loads no CUDA library", async () => {
  const code = `
    await import("${src("../../src/backend/cuda.ts")}");
    await import("${src("../../src/backend/cuda_device.ts")}");
    ${LOADED}`;
  assert.deepEqual(JSON.parse((await child(code))[0]), []);
});

Deno.test({
  name: "asking whether CUDA is available loads cudart (and the driver it opens) and nothing else",
  ignore: noRuntime !== "",
  async fn() {
    const code = `
      const cuda = await import("${src("../../src/backend/cuda_device.ts")}");
      const t = performance.now();
      console.log(cuda.isAvailable(), cuda.deviceCount());
      console.log(performance.now() - t);
      ${LOADED}`;
    const [answer, ms, libs] = await child(code);
    if (!haveDriver) {
      assert.equal(answer, "false 0");
      assert.ok(Number(ms) < 2000, `isAvailable took ${ms} ms`);
    }
    assert.deepEqual(JSON.parse(libs), haveDriver ? ["libcuda.so", "libcudart"] : ["libcudart"]);
  },
});

Deno.test("without permission to load libraries, isAvailable() is false and says why", async () => {
  const code = `
    const cuda = await import("${src("../../src/backend/cuda_device.ts")}");
    console.log(cuda.isAvailable(), cuda.deviceCount());
    console.log(cuda.unavailableReason());`;
  const [answer, reason] = await child(code, ["--allow-read", "--allow-env", "--allow-run"]);
  assert.equal(answer, "false 0");
  assert.match(reason, /--allow-ffi/);
});

Deno.test({
  name: "without a driver, cudaGetDeviceCount answers 35 and isAvailable() is false",
  ignore: noRuntime !== "" || haveDriver,
  fn() {
    const n = new Int32Array([-1]);
    assert.equal(openRuntime().library.symbols.cudaGetDeviceCount(n), CUDA_ERROR.INSUFFICIENT_DRIVER);
    assert.equal(cuda.isAvailable(), false);
    assert.equal(cuda.deviceCount(), 0);
    assert.match(cuda.unavailableReason(), /Found no NVIDIA driver/);
  },
});

Deno.test({
  name: "without a GPU, using one is PyTorch's error; statistics are zeros",
  ignore: cuda.isAvailable(),
  async fn() {
    const { useCudaDevice } = await import("../../src/backend/cuda.ts");
    assert.throws(() => useCudaDevice("cuda:0"), RuntimeError);
    assert.throws(() => cuda.getDeviceName(0), RuntimeError);
    assert.throws(() => cuda.memGetInfo(), RuntimeError);
    assert.equal(cuda.memoryAllocated(), 0);
    assert.equal(cuda.maxMemoryAllocated("cuda:0"), 0);
    assert.equal(cuda.memoryReserved(0), 0);
    assert.equal(cuda.memoryStats(), null);
    cuda.synchronize();
    cuda.emptyCache();
  },
});

Deno.test("device keys: 'cuda' is device 0, 'cuda:N' device N, anything else a RangeError", () => {
  assert.equal(cudaDeviceIndex("cuda"), 0);
  assert.equal(cudaDeviceIndex("cuda:3"), 3);
  for (const bad of ["cpu", "cuda:", "cuda:-1", "cuda:x", "CUDA:0"]) {
    assert.throws(() => cudaDeviceIndex(bad), RangeError);
  }
});

Deno.test({
  name: "with a GPU: discovery reports it, and an out-of-range ordinal is an error",
  ignore: !cuda.isAvailable(),
  fn() {
    const n = cuda.deviceCount();
    assert.ok(n > 0);
    for (let i = 0; i < n; i++) assert.match(cuda.getDeviceName(i), /\S/);
    const [major] = cuda.getDeviceCapability(0);
    assert.ok(major >= 7);
    const { free, total } = cuda.memGetInfo(0);
    assert.ok(free > 0 && free <= total);
    assert.throws(() => cuda.getDeviceName(n), /invalid device ordinal/);
  },
});
