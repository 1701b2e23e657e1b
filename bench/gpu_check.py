"""PyTorch's side of bench/gpu_check.sh: the cases of bench/gpu_check.ts on
cuda:0, timed the same way (CUDA events around repeated calls after a
warm-up; the small add by wall clock). Prints one JSON object."""

import json
import time

import torch

assert not torch.backends.cuda.matmul.allow_tf32, "TF32 is off by default, as in dendrite"


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


N = 4096
a = torch.rand(N, N, device="cuda") * 2 - 1
b = torch.rand(N, N, device="cuda") * 2 - 1
c = torch.empty(N, N, device="cuda")
sgemm_ms = gpu_time(lambda: torch.matmul(a, b, out=c), 3, 20)

M = 2**26
x = torch.rand(M, device="cuda")
y = torch.rand(M, device="cuda")
z = torch.empty(M, device="cuda")
add_ms = gpu_time(lambda: torch.add(x, y, out=z), 3, 50)

s = torch.rand(1024, device="cuda")
t = torch.empty(1024, device="cuda")
for _ in range(1000):
    torch.add(s, s, out=t)
torch.cuda.synchronize()
t0 = time.perf_counter()
for _ in range(10000):
    torch.add(s, s, out=t)
torch.cuda.synchronize()
small_us = (time.perf_counter() - t0) * 1e6 / 10000

print(json.dumps({
    "device": torch.cuda.get_device_name(0),
    "torch": torch.__version__,
    "sgemm_tflops": 2 * N**3 / (sgemm_ms / 1e3) / 1e12,
    "add_gbs": 3 * 4 * M / (add_ms / 1e3) / 1e9,
    "small_add_us": small_us,
}))
