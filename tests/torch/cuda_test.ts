/**
 * torch.cuda and "cuda" tensors through torch's API: the queries without a
 * GPU, and a small forward/backward on the host emulation of a CUDA device
 * (tests/backend/cuda_emulator.ts: the real kernel sources run on the CPU)
 * registered as cuda:0, checked against the same steps on the CPU.
 */
import assert from "node:assert/strict";
import { data, nn, optim, torch } from "../../mod.ts";
import { backendFor, registerBackend } from "../../src/backend/backend.ts";
import { cudaBackend } from "../../src/backend/cuda.ts";
import { emulatedCuda } from "../backend/cuda_emulator.ts";
import type { CachingAllocator } from "../../src/backend/cuda_allocator.ts";

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
    assert.throws(() => torch.ones(2).pinMemory(), /Cannot access accelerator device when none is available/);
    assert.equal(torch.ones(2).isPinned(), false);
    // DataLoader warns (as PyTorch) and loads unpinned batches
    const loader = new data.DataLoader(new data.TensorDataset(torch.ones(2, 3)), { batchSize: 2, pinMemory: true });
    const warn = console.warn, warned: string[] = [];
    console.warn = (m: string) => void warned.push(m);
    try {
      for (const [b] of loader) assert.equal(b.isPinned(), false);
    } finally {
      console.warn = warn;
    }
    assert.match(warned.join(), /no accelerator is found, then device pinned memory won't be used/);
  },
});

const emulated = realGpu ? "a real GPU is present" : await emulatedCuda();
/** Why the device tests cannot run (""), registering the emulated device as cuda:0 where there is no GPU. */
const noDevice = realGpu ? "" : typeof emulated === "string" ? emulated : "";
function useDevice(): void {
  if (!realGpu && typeof emulated !== "string") registerBackend(cudaBackend(emulated));
}

Deno.test({
  name: "cuda tensors (real or emulated device): ops, reductions, matmul and backward agree with the CPU",
  ignore: noDevice !== "",
  fn() {
    useDevice();
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

Deno.test({
  name:
    "a CNN training step on cuda (real or emulated device): conv, batch norm, pools, cross entropy, SGD agree with the CPU",
  ignore: noDevice !== "",
  fn() {
    useDevice();
    const run = (device: string) => {
      torch.manualSeed(1);
      const model = new nn.Sequential(
        new nn.Conv2d(1, 4, 3, { padding: 1 }),
        new nn.BatchNorm2d(4),
        new nn.ReLU(),
        new nn.MaxPool2d(2),
        new nn.Conv2d(4, 6, 3, { padding: 1, stride: 2 }),
        new nn.AvgPool2d(2, { ceilMode: true }),
        new nn.AdaptiveAvgPool2d(1),
        new nn.Flatten(),
        new nn.Linear(6, 3),
      ).to(device);
      const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
      const x = torch.randn(4, 1, 8, 8).to(device), y = torch.tensor([0, 2, 1, 2]).to(device);
      const losses: number[] = [];
      for (let step = 0; step < 2; step++) {
        opt.zeroGrad();
        const loss = nn.F.crossEntropy(model.forward(x), y);
        loss.backward();
        opt.step();
        losses.push(Number(loss.item()));
      }
      const params = model.parameters().map((p) => (p.cpu().flatten().tolist() as number[]));
      const bn = model.at(1) as nn.BatchNorm2d;
      return { losses, params, runningVar: bn.runningVar!.cpu().tolist() as number[] };
    };
    const cpu = run("cpu"), gpu = run("cuda");
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-4 * (1 + Math.abs(b));
    cpu.losses.forEach((l, i) => assert.ok(close(gpu.losses[i], l), `loss ${i}: ${gpu.losses[i]} vs ${l}`));
    cpu.params.forEach((p, i) => p.forEach((v, j) => assert.ok(close(gpu.params[i][j], v), `param ${i}[${j}]`)));
    cpu.runningVar.forEach((v, i) => assert.ok(close(gpu.runningVar[i], v), `running_var[${i}]`));
  },
});

Deno.test({
  name:
    "indexing and sorting on cuda (real or emulated device): gather, scatter_add, boolean masks, sort, topk, index_select agree with the CPU",
  ignore: noDevice !== "",
  fn() {
    useDevice();
    const run = (device: string) => {
      torch.manualSeed(2);
      const x = torch.randn(5, 6).to(device);
      const idx = torch.tensor([[0, 1], [2, 3], [4, 5], [1, 1], [0, 5]]).to(device);
      const out: unknown[] = [];
      out.push(x.gather(1, idx).cpu().tolist());
      out.push(torch.zeros(5, 6).to(device).scatterAdd(1, idx, torch.ones(5, 2).to(device)).cpu().tolist());
      out.push(x.get([x.gt(0)]).cpu().tolist());
      out.push(x.get([torch.tensor([4, 0, 2]).to(device)]).cpu().tolist());
      const [v, i] = x.sort(1, true);
      out.push(v.cpu().tolist(), i.cpu().tolist());
      out.push(x.argsort(0).cpu().tolist());
      out.push(x.topk(2, 1)[1].cpu().tolist());
      out.push(torch.nonzero(x.gt(0.5)).cpu().tolist());
      // index_select's bounds check reads the index on the host: a copy of it from the device
      const leaf = torch.randn(5, 6).to(device).requiresGrad_(), rows = torch.tensor([4, 0, 4]).to(device);
      out.push(leaf.indexSelect(0, rows).cpu().tolist());
      leaf.indexSelect(0, rows).sum().backward();
      out.push(leaf.grad!.cpu().tolist());
      assert.throws(() => leaf.indexSelect(0, torch.tensor([5]).to(device)), /index out of range in self/);
      return out;
    };
    const cpu = run("cpu"), gpu = run("cuda");
    assert.deepEqual(gpu, cpu);
  },
});

Deno.test({
  name:
    "dropout on cuda (real or emulated device): noise drawn on the device, seeded by torch.manualSeed and torch.cuda's generator functions",
  ignore: noDevice !== "",
  fn() {
    useDevice();
    const values = (t: torch.Tensor) => t.cpu().tolist() as number[];
    for (const [dtype, n, p] of [["float32", 20001, 0.3], ["float64", 10001, 0.5]] as const) {
      const x = torch.ones(n, { dtype }).to("cuda").requiresGrad_();
      torch.manualSeed(0);
      const y = nn.F.dropout(x, p);
      const v = values(y), scale = dtype === "float32" ? Math.fround(1 / (1 - p)) : 1 / (1 - p);
      assert.ok(v.every((e) => e === 0 || e === scale), `${dtype}: only 0 and 1/(1-p)`);
      // the dropped fraction within 4 standard deviations of p; the last (odd) element drawn too
      const dropped = v.filter((e) => e === 0).length / n;
      assert.ok(Math.abs(dropped - p) < 4 * Math.sqrt((p * (1 - p)) / n), `${dtype}: dropped ${dropped}, p ${p}`);
      y.sum().backward();
      assert.deepEqual(values(x.grad!), v, "the gradient is the noise");
      // the seed decides the draw; the next draw differs
      torch.manualSeed(0);
      assert.deepEqual(values(nn.F.dropout(x, p)), v);
      assert.notDeepEqual(values(nn.F.dropout(x, p)), v);
      torch.cuda.manualSeed(0);
      assert.deepEqual(values(nn.F.dropout(x, p)), v);
      const state = torch.cuda.getRngState();
      const again = values(nn.F.dropout(x, p));
      torch.cuda.setRngState(state);
      assert.deepEqual(values(nn.F.dropout(x, p)), again);
    }
    torch.cuda.manualSeedAll(42);
    assert.equal(torch.cuda.initialSeed(), 42n);
    torch.cuda.seed();
    assert.notEqual(torch.cuda.initialSeed(), 42n);
    assert.throws(() => torch.cuda.setRngState(torch.zeros(3, { dtype: "uint8" })), RangeError);
    assert.throws(() => torch.cuda.manualSeed(1.5), TypeError);
  },
});

Deno.test({
  name:
    "a training step on cuda in torch.tidy (real or emulated device): device memory stays flat, internal temporaries included",
  ignore: noDevice !== "",
  fn() {
    useDevice();
    // allocated bytes of cuda:0's allocator
    const allocated = () =>
      realGpu ? torch.cuda.memoryStats(0)!.allocated : (emulated as { allocator: CachingAllocator }).allocator.stats()
        .allocated;
    torch.manualSeed(3);
    const model = new nn.Sequential(
      new nn.Conv2d(1, 4, 3, { padding: 1 }),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Flatten(),
      new nn.Dropout(0.25),
      new nn.Linear(64, 10),
    ).to("cuda");
    const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
    // a transposed weight (matmul copies it), scalars moved to the device, gather/scatter offsets: ops' own temporaries
    const x = torch.randn(4, 1, 8, 8).to("cuda"), y = torch.tensor([1, 0, 3, 9]).to("cuda");
    const step = () =>
      torch.tidy(() => {
        opt.zeroGrad();
        nn.F.crossEntropy(model.forward(x), y).mul(2).add(1).backward();
        opt.step();
      });
    step();
    const after1 = allocated();
    for (let i = 0; i < 3; i++) step();
    assert.equal(allocated(), after1);
  },
});

Deno.test({
  name: "SGD and Adam on cuda (real or emulated device): one fused launch per parameter, the CPU's fused steps' values",
  ignore: noDevice !== "",
  fn() {
    useDevice();
    const be = backendFor("cuda:0");
    let fused = 0;
    for (const k of ["sgdStep", "adamStep"] as const) {
      const f = be[k]!.bind(be) as (...a: unknown[]) => void;
      (be as unknown as Record<string, unknown>)[k] = (...a: unknown[]) => (fused++, f(...a));
    }
    const configs: [string, (ps: torch.Tensor[]) => optim.Optimizer][] = [
      ["sgd", (ps) => new optim.SGD(ps, { lr: 0.1 })],
      ["sgd nesterov", (ps) => new optim.SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-2 })],
      [
        "sgd dampening maximize",
        (ps) => new optim.SGD(ps, { lr: 0.05, momentum: 0.5, dampening: 0.3, maximize: true }),
      ],
      ["adam", (ps) => new optim.Adam(ps, { lr: 1e-2 })],
      ["adam amsgrad wd", (ps) => new optim.Adam(ps, { lr: 1e-2, amsgrad: true, weightDecay: 0.1, maximize: true })],
      ["adamw", (ps) => new optim.AdamW(ps, { lr: 1e-2, betas: [0.3, 0.9] })],
    ];
    for (const dtype of ["float32", "float64"] as const) {
      for (const [name, make] of configs) {
        const run = (device: string) => {
          torch.manualSeed(4);
          const w = torch.randn(7, 5, { dtype }).to(device).requiresGrad_();
          const b = torch.randn(5, { dtype }).to(device).requiresGrad_();
          const opt = make([w, b]);
          for (let i = 0; i < 3; i++) {
            opt.zeroGrad();
            w.mul(w).sum().add(b.exp().sum()).backward();
            opt.step();
          }
          return [...(w.cpu().flatten().tolist() as number[]), ...(b.cpu().tolist() as number[])];
        };
        const before = fused;
        const cpu = run("cpu"), gpu = run("cuda");
        assert.equal(fused - before, 6, `${name}: one fused step per parameter and step`);
        const tol = dtype === "float32" ? 1e-5 : 1e-12;
        cpu.forEach((v, i) => assert.ok(Math.abs(gpu[i] - v) <= tol * (1 + Math.abs(v)), `${name} ${dtype}[${i}]`));
      }
    }
  },
});

Deno.test({
  name:
    "pinned memory (real or emulated device): pinMemory, isPinned, copies to the device blocking or not, DataLoader's pinMemory",
  ignore: noDevice !== "",
  fn() {
    useDevice();
    const x = torch.arange(12, { dtype: "float32" }).reshape(3, 4), values = x.tolist();
    const p = x.pinMemory();
    assert.equal(x.isPinned(), false);
    assert.equal(p.isPinned(), true);
    assert.equal(p.device, "cpu");
    assert.deepEqual(p.tolist(), values);
    assert.equal(p.pinMemory(), p, "pinning a pinned tensor returns it");
    assert.equal(x.t().pinMemory().isPinned(), true, "a view is pinned as a contiguous copy");
    assert.deepEqual(x.t().pinMemory().tolist(), x.t().tolist());
    assert.deepEqual(p.to("cuda", { nonBlocking: true }).cpu().tolist(), values);
    assert.deepEqual(p.cuda({ nonBlocking: true }).cpu().tolist(), values);
    // a blocking copy is done when it returns: writing the pinned source afterwards does not reach it
    const d = p.to("cuda");
    p.fill_(-1);
    assert.deepEqual(d.cpu().tolist(), values);
    assert.throws(() => d.pinMemory(), /only dense CPU tensors can be pinned/);
    const loader = new data.DataLoader(new data.TensorDataset(x, torch.tensor([0, 1, 2])), {
      batchSize: 2,
      pinMemory: true,
    });
    let batches = 0;
    for (const [xb, yb] of loader) {
      assert.ok(xb.isPinned() && yb.isPinned());
      batches++;
    }
    assert.equal(batches, 2);
  },
});
