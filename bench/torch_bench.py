"""PyTorch side of `deno task bench`: the cases of bench/torch_bench.ts, timed one at a time on request."""

import torch
import torch.nn.functional as F

from numpy_bench import serve

torch.set_num_threads(2)


def cases():
    out = {}
    a, b = torch.rand(10), torch.rand(10)
    out["a.add(b) 10 elements"] = lambda: a.add(b)
    ag, bg = torch.rand(10, requires_grad=True), torch.rand(10, requires_grad=True)
    out["a.add(b) 10 elements, grad"] = lambda: ag.add(bg)
    x = torch.rand(64, 784)
    y = torch.randint(0, 10, (64,))
    w1 = (torch.randn(784, 256) * 0.05).requires_grad_()
    b1 = torch.zeros(256, requires_grad=True)
    w2 = (torch.randn(256, 10) * 0.05).requires_grad_()
    b2 = torch.zeros(10, requires_grad=True)
    onehot = torch.nn.functional.one_hot(y, 10).float()

    def step():
        h = (x @ w1 + b1).relu()
        logits = h @ w2 + b2
        loss = -(logits.log_softmax(1) * onehot).sum(1).mean()
        for p in (w1, b1, w2, b2):
            p.grad = None
        loss.backward()

    out["MLP 784-256-10 fwd+bwd, batch 64"] = step
    big, big2 = torch.rand(10**7), torch.rand(10**7)
    out["add 1e7 f32"] = lambda: big.add(big2)
    out["exp 1e7 f32"] = lambda: big.exp()
    out["sum 1e7 f32"] = lambda: big.sum()
    m = torch.rand(4096, 4096)
    out["sum dim=0 4096x4096"] = lambda: m.sum(0)
    mid, mid2 = torch.rand(10**6), torch.rand(10**6)
    out["add_ 1e6 f32 (in place)"] = lambda: mid.add_(mid2)
    out["mul_ 1e6 f32 (in place)"] = lambda: mid.mul_(1.0000001)
    out["mul 1e6 f32"] = lambda: mid.mul(mid2)
    sq, sq2 = torch.randn(64, 64), torch.randn(64, 64)
    out["matmul 64x64 f32"] = lambda: sq.matmul(sq2)
    leaf, g1 = torch.rand(2 * 10**6, requires_grad=True), torch.ones(10**6)
    idx = torch.randint(0, 2 * 10**6, (10**6,))

    def slice_back():
        leaf.grad = None
        leaf[::2].backward(g1)

    def gather_back():
        leaf.grad = None
        leaf.gather(0, idx).backward(g1)

    out["slice backward 1e6"] = slice_back
    out["gather backward 1e6"] = gather_back
    logits, picks = torch.rand(64, 10, requires_grad=True), torch.randint(0, 10, (64, 1))
    table, rows = torch.rand(1000, 64), torch.randint(0, 1000, (64,))

    def pick_back():
        logits.grad = None
        logits.gather(1, picks).sum().backward()

    out["gather 64x10 dim 1"] = lambda: logits.detach().gather(1, picks)
    out["gather 64x10 dim 1 + backward"] = pick_back
    out["indexSelect 64 rows of 1000x64"] = lambda: table.index_select(0, rows)
    out["scatter_ one-hot 64x10"] = lambda: torch.zeros(64, 10).scatter_(1, picks, 1)
    out["randn 64x128"] = lambda: torch.randn(64, 128)
    img, img_g = torch.rand(8, 3, 64, 64), torch.rand(8, 3, 64, 64, requires_grad=True)
    grid = torch.rand(8, 64, 64, 2) * 2.2 - 1.1
    grid_g = grid.clone().requires_grad_()

    def resample_cases(mode):
        name = f"interpolate {mode} 8x3x64x64 -> 128x128"

        def back():
            img_g.grad = None
            F.interpolate(img_g, size=[128, 128], mode=mode).sum().backward()

        out[name] = lambda: F.interpolate(img, size=[128, 128], mode=mode)
        out[f"{name} + backward"] = back

    def grid_back():
        img_g.grad = grid_g.grad = None
        F.grid_sample(img_g, grid_g, align_corners=False).sum().backward()

    for mode in ["bilinear", "nearest"]:
        resample_cases(mode)
    out["gridSample bilinear 8x3x64x64"] = lambda: F.grid_sample(img, grid, align_corners=False)
    out["gridSample bilinear 8x3x64x64 + backward"] = grid_back
    return out


if __name__ == "__main__":
    serve(cases())
