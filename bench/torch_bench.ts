/**
 * dendrite's torch vs PyTorch (CPU, 2 threads) on the same machine in one run:
 * per-op overhead, an MLP training step, big element-wise ops and reductions,
 * resampling (interpolate, gridSample).
 */
import { nn, torch } from "../mod.ts";
import { report } from "./timing.ts";

const cases: Record<string, () => unknown> = {};
const a = torch.rand(10), b = torch.rand(10);
cases["a.add(b) 10 elements"] = () => a.add(b);
const ag = torch.rand(10, { requiresGrad: true }), bg = torch.rand(10, { requiresGrad: true });
cases["a.add(b) 10 elements, grad"] = () => ag.add(bg);
const x = torch.rand(64, 784);
const y = torch.randint(0, 10, [64]);
const w1 = torch.randn(784, 256).mul(0.05).requiresGrad_(), b1 = torch.zeros(256, { requiresGrad: true });
const w2 = torch.randn(256, 10).mul(0.05).requiresGrad_(), b2 = torch.zeros(10, { requiresGrad: true });
const onehot = torch.zeros(64, 10).scatter(1, y.unsqueeze(1), 1);
cases["MLP 784-256-10 fwd+bwd, batch 64"] = () => {
  const h = x.matmul(w1).add(b1).relu();
  const logits = h.matmul(w2).add(b2);
  const loss = logits.logSoftmax(1).mul(onehot).sum(1).mean().neg();
  for (const p of [w1, b1, w2, b2]) p.grad = null;
  loss.backward();
};
const big = torch.rand(1e7), big2 = torch.rand(1e7);
cases["add 1e7 f32"] = () => big.add(big2);
cases["exp 1e7 f32"] = () => big.exp();
cases["sum 1e7 f32"] = () => big.sum();
const m = torch.rand(4096, 4096);
cases["sum dim=0 4096x4096"] = () => m.sum(0);
const mid = torch.rand(1e6), mid2 = torch.rand(1e6);
cases["add_ 1e6 f32 (in place)"] = () => mid.add_(mid2);
cases["mul_ 1e6 f32 (in place)"] = () => mid.mul_(1.0000001);
cases["mul 1e6 f32"] = () => mid.mul(mid2);
// a small layer's product: the per-call path around the GEMM, not the GEMM, decides this row
const sq = torch.randn(64, 64), sq2 = torch.randn(64, 64);
cases["matmul 64x64 f32"] = () => sq.matmul(sq2);
const leaf = torch.rand(2e6, { requiresGrad: true }), g1 = torch.ones(1e6);
cases["slice backward 1e6"] = () => {
  leaf.grad = null;
  leaf.get("::2").backward(g1);
};
const idx = torch.randint(0, 2e6, [1e6]);
cases["gather backward 1e6"] = () => {
  leaf.grad = null;
  leaf.gather(0, idx).backward(g1);
};

// the small indexing ops of a training step (cross-entropy's pick, an embedding lookup, a one-hot)
const logits = torch.rand(64, 10, { requiresGrad: true }), picks = torch.randint(0, 10, [64, 1]);
const table = torch.rand(1000, 64), rows = torch.randint(0, 1000, [64]);
cases["gather 64x10 dim 1"] = () => logits.detach().gather(1, picks);
cases["gather 64x10 dim 1 + backward"] = () => {
  logits.grad = null;
  logits.gather(1, picks).sum().backward();
};
cases["indexSelect 64 rows of 1000x64"] = () => table.indexSelect(0, rows);
cases["scatter_ one-hot 64x10"] = () => torch.zeros(64, 10).scatter_(1, picks, 1);
cases["randn 64x128"] = () => torch.randn(64, 128);

// resampling (kernels/cpu/resample.c): forward, and forward + backward into the input (and the grid)
const img = torch.rand(8, 3, 64, 64), imgG = torch.rand(8, 3, 64, 64, { requiresGrad: true });
const grid = torch.rand(8, 64, 64, 2).mul(2.2).sub(1.1), gridG = grid.clone().requiresGrad_();
for (const mode of ["bilinear", "nearest"]) {
  const name = `interpolate ${mode} 8x3x64x64 -> 128x128`;
  cases[name] = () => nn.F.interpolate(img, { size: [128, 128], mode });
  cases[`${name} + backward`] = () => {
    imgG.grad = null;
    nn.F.interpolate(imgG, { size: [128, 128], mode }).sum().backward();
  };
}
cases["gridSample bilinear 8x3x64x64"] = () => nn.F.gridSample(img, grid, { alignCorners: false });
cases["gridSample bilinear 8x3x64x64 + backward"] = () => {
  imgG.grad = gridG.grad = null;
  nn.F.gridSample(imgG, gridG, { alignCorners: false }).sum().backward();
};

await report("PyTorch", new URL("./torch_bench.py", import.meta.url).pathname, cases);
