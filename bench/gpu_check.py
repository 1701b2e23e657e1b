"""PyTorch's side of bench/gpu_check.sh: `python3 bench/gpu_check.py dendrite.json`.

Recomputes every case of bench/gpu_check.ts (its inputs are in the JSON
dendrite printed) with PyTorch on cuda:0 and compares outputs and
gradients; times the same perf rows (CUDA events for the kernels, wall
clock between synchronizations for the training step and the forward).
Prints one JSON object: perf, compare (per case: max error, ok) and
errors (per row: one failure never loses the others).

TF32 is off for matmul and cuDNN (dendrite's float32 stays IEEE unless
setAllowTF32 is called), so both sides do the same arithmetic.
DENDRITE_GPU_CHECK_DRY=1: compares on the CPU and skips the timings.
"""

import json
import os
import sys
import time
import traceback

import torch
import torch.nn.functional as F

DRY = os.environ.get("DENDRITE_GPU_CHECK_DRY") == "1"
DEV = "cpu" if DRY else "cuda"
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False

perf, compare, errors = {}, {}, {}


def row(name, fn):
    try:
        fn()
    except Exception:  # noqa: BLE001 - a failed row is reported, the others still run
        errors[name] = traceback.format_exc()[-2000:]


def gpu_time(fn, warmup, iters):
    for _ in range(warmup):
        fn()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    for _ in range(iters):
        fn()
    end.record()
    end.synchronize()
    return start.elapsed_time(end) / iters


def wall_time(fn, warmup, iters):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    for _ in range(iters):
        fn()
    torch.cuda.synchronize()
    return (time.perf_counter() - t0) * 1e3 / iters


def sgemm():
    n = 4096
    a, b = torch.rand(n, n, device="cuda") * 2 - 1, torch.rand(n, n, device="cuda") * 2 - 1
    c = torch.empty(n, n, device="cuda")
    perf["sgemm_tflops"] = 2 * n**3 / (gpu_time(lambda: torch.matmul(a, b, out=c), 3, 20) / 1e3) / 1e12


def add():
    m = 2**26
    x, y, z = torch.rand(m, device="cuda"), torch.rand(m, device="cuda"), torch.empty(m, device="cuda")
    perf["add_gbs"] = 3 * 4 * m / (gpu_time(lambda: torch.add(x, y, out=z), 3, 50) / 1e3) / 1e9
    s, t = torch.rand(1024, device="cuda"), torch.empty(1024, device="cuda")
    perf["small_add_us"] = wall_time(lambda: torch.add(s, s, out=t), 1000, 10000) * 1e3


class FashionCNN(torch.nn.Module):
    """examples/fashion_mnist_cnn.ts's model."""

    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 32, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(32, 64, 3, padding=1)
        self.dropout1 = torch.nn.Dropout(0.25)
        self.fc1 = torch.nn.Linear(64 * 7 * 7, 128)
        self.dropout2 = torch.nn.Dropout(0.5)
        self.fc2 = torch.nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = self.dropout1(torch.flatten(x, 1))
        x = self.dropout2(F.relu(self.fc1(x)))
        return self.fc2(x)


def cnn_step():
    torch.manual_seed(0)
    model = FashionCNN().cuda().train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x, y = torch.randn(256, 1, 28, 28, device="cuda"), torch.randint(0, 10, (256,), device="cuda")

    def step():
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        opt.step()

    perf["cnn_step_ms"] = wall_time(step, 10, 50)


def resnet18_fwd():
    import torchvision  # noqa: PLC0415 - optional: only this row needs it

    model = torchvision.models.resnet18().cuda().eval()
    x = torch.randn(64, 3, 224, 224, device="cuda")
    with torch.no_grad():
        perf["resnet18_fwd_ms"] = wall_time(lambda: model(x), 3, 10)


CASES = {
    "add_broadcast": lambda t: t["a"] + t["b"],
    "mul_exp_tanh": lambda t: t["a"].exp() * t["a"].tanh(),
    "sigmoid": lambda t: t["a"].sigmoid(),
    "sum_dim1": lambda t: t["a"].sum(1),
    "mean_all": lambda t: t["a"].mean(),
    "amax_dim0": lambda t: t["a"].amax(0),
    "cumsum_dim1": lambda t: t["a"].cumsum(1),
    "softmax_dim1": lambda t: t["a"].softmax(1),
    "log_softmax_dim1": lambda t: t["a"].log_softmax(1),
    "matmul": lambda t: t["a"] @ t["b"],
    "bmm": lambda t: t["a"] @ t["b"],
    "conv2d": lambda t: F.conv2d(t["x"], t["w"], t["b"], padding=1),
    "conv2d_stride_groups": lambda t: F.conv2d(t["x"], t["w"], None, stride=2, groups=2),
    "max_pool2d": lambda t: F.max_pool2d(t["x"], 2),
    "avg_pool2d": lambda t: F.avg_pool2d(t["x"], 3, stride=2, padding=1),
    "adaptive_avg_pool2d": lambda t: F.adaptive_avg_pool2d(t["x"], (3, 4)),
    "batch_norm_train": lambda t: F.batch_norm(t["x"], None, None, weight=t["w"], bias=t["b"], training=True),
    "cross_entropy": lambda t: F.cross_entropy(t["x"], t["y"]),
    "sort_values": lambda t: t["a"].sort(1)[0],
    "argsort": lambda t: t["a"].argsort(1, descending=True),
    "gather": lambda t: t["a"].gather(1, t["i"]),
    "index_select": lambda t: t["a"].index_select(0, t["i"]),
}
TOL = 1e-4


def max_err(got, want):
    """Largest |got - want| / (1 + |want|) over the elements."""
    g = torch.tensor(got, dtype=torch.float64)
    w = want.detach().double().cpu().flatten()
    if g.numel() != w.numel():
        return float("inf")
    if g.numel() == 0:
        return 0.0
    return float(((g - w).abs() / (1 + w.abs())).max())


def check_case(c):
    name = c["name"]
    ins = {}
    for k, v in c["inputs"].items():
        dtype = torch.int64 if v["dtype"] == "int64" else torch.float32
        ins[k] = torch.tensor(v["data"], dtype=dtype).reshape(v["shape"]).to(DEV)
        if "grads" in c and dtype == torch.float32:
            ins[k].requires_grad_()
    out = CASES[name](ins)
    errs = {"out": max_err(c["out"]["data"], out)}
    if "grads" in c:
        out.backward(torch.tensor(c["gout"], dtype=out.dtype).reshape(out.shape).to(DEV))
        for k, g in c["grads"].items():
            errs[f"grad {k}"] = max_err(g, ins[k].grad)
    worst = max(errs.values())
    compare[name] = {"max_err": worst, "ok": worst <= TOL, "errors": errs}


def main():
    ours = json.load(open(sys.argv[1])) if len(sys.argv) > 1 else {"cases": []}
    if not DRY:
        for name, fn in [("sgemm", sgemm), ("add", add), ("cnn_step", cnn_step), ("resnet18_fwd", resnet18_fwd)]:
            row(name, fn)
    for c in ours.get("cases", []):
        row(f"case {c['name']}", lambda c=c: check_case(c))
    device = "cpu (dry run)" if DRY else torch.cuda.get_device_name(0)
    print(json.dumps({"device": device, "torch": torch.__version__, "perf": perf, "compare": compare, "errors": errors}))


main()
