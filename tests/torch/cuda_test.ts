/**
 * torch.cuda and "cuda" tensors through torch's API: the queries without a
 * GPU, and a small forward/backward on the host emulation of a CUDA device
 * (tests/backend/cuda_emulator.ts: the real kernel sources run on the CPU)
 * registered as cuda:0, checked against the same steps on the CPU.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { registerBackend } from "../../src/backend/backend.ts";
import { cudaBackend } from "../../src/backend/cuda.ts";
import { emulatedCuda } from "../backend/cuda_emulator.ts";

const realGpu = torch.cuda.isAvailable();

Deno.test({
  name: "torch.cuda without a GPU: queries answer, moving a tensor there throws PyTorch's RuntimeError",
  ignore: realGpu,
  fn() {
    assert.equal(torch.cuda.deviceCount(), 0);
    assert.equal(torch.cuda.memoryAllocated(), 0);
    assert.ok(torch.cuda.unavailableReason().length > 0);
    assert.throws(
      () => torch.ones(2).to("cuda"),
      (e: Error) => e.name === "RuntimeError" && /NVIDIA|CUDA/.test(e.message),
    );
    assert.throws(() => torch.cuda.currentDevice(), /NVIDIA|CUDA/);
  },
});

const emulated = realGpu ? "a real GPU is present" : await emulatedCuda();

Deno.test({
  name: "cuda tensors (emulated device): ops, reductions, matmul and backward agree with the CPU",
  ignore: typeof emulated === "string",
  fn() {
    if (typeof emulated !== "string") registerBackend(cudaBackend(emulated));
    const run = (device: string) => {
      torch.manualSeed(0);
      const x = torch.randn(4, 3).to(device);
      const w = torch.randn(3, 2).to(device).requiresGrad_();
      const y = x.matmul(w).mul(2).add(1).relu();
      const loss = y.sum(1).pow(2).mean();
      loss.backward();
      assert.equal(y.device, device === "cpu" ? "cpu" : "cuda:0");
      assert.equal(w.grad!.device, y.device);
      return { y: y.cpu().tolist() as number[][], g: w.grad!.cpu().tolist() as number[][], loss: Number(loss.item()) };
    };
    const cpu = run("cpu"), gpu = run("cuda");
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-5 * (1 + Math.abs(b));
    assert.ok(close(gpu.loss, cpu.loss), `${gpu.loss} vs ${cpu.loss}`);
    assert.ok(gpu.y.flat().every((v, i) => close(v, cpu.y.flat()[i])));
    assert.ok(gpu.g.flat().every((v, i) => close(v, cpu.g.flat()[i])));
    assert.throws(() => torch.ones(2).add(torch.ones(2, { device: "cuda" })), /same device/);
  },
});
