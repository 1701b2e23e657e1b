"""PyTorch side of bench/nn_kernels_bench.ts: the same convolution and pooling calls, timed on request.

Protocol: one request per stdin line, "<seconds> <warm 0|1> <case name>"; answers the list of per-call seconds as a
JSON line.
"""
import json
import os
import sys
import time

import torch

torch.set_num_threads(int(os.environ.get("THREADS", "2")))
F = torch.nn.functional
A = torch.ops.aten

# name, N, C, H, W, K, R, S, padH, padW (stride 1): mirrors bench/nn_kernels_bench.ts; H = 1 runs as conv1d
LAYERS = [
    ("conv 64x3x32x32 k64 3x3 p1", 64, 3, 32, 32, 64, 3, 3, 1, 1),
    ("LeNet conv1 64x1x28x28 k6 5x5", 64, 1, 28, 28, 6, 5, 5, 0, 0),
    ("LeNet conv2 64x6x12x12 k16 5x5", 64, 6, 12, 12, 16, 5, 5, 0, 0),
    ("CNN conv1 64x1x28x28 k32 3x3 p1", 64, 1, 28, 28, 32, 3, 3, 1, 1),
    ("CNN conv2 64x32x14x14 k64 3x3 p1", 64, 32, 14, 14, 64, 3, 3, 1, 1),
    ("conv1d 64x16x256 k32 5 p2", 64, 16, 1, 256, 32, 1, 5, 0, 2),
]
POOLS = [
    ("LeNet pool1 64x6x24x24", 64, 6, 24, 24),
    ("LeNet pool2 64x16x8x8", 64, 16, 8, 8),
    ("CNN pool1 64x32x28x28", 64, 32, 28, 28),
    ("CNN pool2 64x64x14x14", 64, 64, 14, 14),
]


def call_times(fn, min_time, warm):
    """Seconds of calls run back to back for min_time (at least 5), each timed alone; warm: run 0.1 s first.

    Starts after a pause that lets the other side's OpenMP workers stop spinning."""
    time.sleep(0.03)
    t0 = time.perf_counter()
    while warm and time.perf_counter() - t0 < 0.1:
        fn()
    times = []
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < min_time or len(times) < 5:
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def cases():
    out = {}
    for dt, tag in ((torch.float32, "f32"), (torch.float64, "f64")):
        for name, n, c, h, w, k, r, s, ph, pw in LAYERS:
            if h == 1:
                x, wt = torch.randn(n, c, w, dtype=dt), torch.randn(k, c, s, dtype=dt)
                pad, ones, conv = [pw], [1], F.conv1d
            else:
                x, wt = torch.randn(n, c, h, w, dtype=dt), torch.randn(k, c, r, s, dtype=dt)
                pad, ones, conv = [ph, pw], [1, 1], F.conv2d
            b = torch.randn(k, dtype=dt)
            gy = torch.randn_like(conv(x, wt, b, padding=pad))

            def bwd(mask, x=x, wt=wt, gy=gy, k=k, pad=pad, ones=ones):
                return A.convolution_backward(gy, x, wt, [k], ones, pad, ones, False, [0] * len(ones), 1, mask)

            out[f"{name} fwd {tag}"] = lambda x=x, wt=wt, b=b, pad=pad, conv=conv: conv(x, wt, b, padding=pad)
            out[f"{name} bwd input {tag}"] = lambda bwd=bwd: bwd([True, False, False])
            out[f"{name} bwd weight+bias {tag}"] = lambda bwd=bwd: bwd([False, True, True])

            def step(x=x, wt=wt, b=b, pad=pad, bwd=bwd, conv=conv):
                conv(x, wt, b, padding=pad)
                bwd([True, True, True])

            out[f"{name} fwd+bwd {tag}"] = step
        for name, n, c, h, w in POOLS:
            x = torch.randn(n, c, h, w, dtype=dt)
            win = ([2, 2], [2, 2], [0, 0], [1, 1], False)  # kernel, stride, padding, dilation, ceil_mode
            y, idx = A.max_pool2d_with_indices(x, *win)
            gy = torch.randn_like(y)
            out[f"{name} max fwd {tag}"] = lambda x=x, win=win: A.max_pool2d_with_indices(x, *win)
            out[f"{name} max bwd {tag}"] = lambda x=x, gy=gy, idx=idx, win=win: A.max_pool2d_with_indices_backward(
                gy, x, *win, idx
            )
            out[f"{name} avg fwd {tag}"] = lambda x=x: F.avg_pool2d(x, 2)
            out[f"{name} adaptive avg 5x5 fwd {tag}"] = lambda x=x: F.adaptive_avg_pool2d(x, 5)
    return out


def main():
    table = cases()
    for line in sys.stdin:
        secs, warm, name = line.rstrip("\n").split(" ", 2)
        print(json.dumps(call_times(table[name], float(secs), warm == "1")), flush=True)


main()
