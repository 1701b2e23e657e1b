"""NumPy side of `deno task bench`: the cases of bench/numpy_bench.ts, timed one at a time on request (see serve)."""
import json
import sys
import time

import numpy as np


def measure(fn, min_time=1.0):
    """Median and best per-call seconds of back-to-back calls, the same rule as bench/timing.ts's measure."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 0.2:  # warm-up, as bench/timing.ts
        fn()
    k = 1
    while True:
        t = time.perf_counter()
        for _ in range(k):
            fn()
        if time.perf_counter() - t >= 2e-5:
            break
        k *= 2
    samples = []
    end = time.perf_counter() + min_time
    while len(samples) < 5 or (time.perf_counter() < end and len(samples) < 20000):
        t = time.perf_counter()
        for _ in range(k):
            fn()
        samples.append((time.perf_counter() - t) / k)
    samples.sort()
    return {"median": samples[len(samples) // 2], "best": samples[0]}


def cases():
    rng = np.random.default_rng(0)
    out = {}
    for n in (10**6, 10**7):
        a = rng.random(n, dtype=np.float32)
        b = rng.random(n, dtype=np.float32)
        tag = f"{n:.0e}"
        # NumPy frees each result when its last reference goes: the same call serves the released rows
        for form in ("", ", released"):
            out[f"add f32 {tag}{form}"] = lambda a=a, b=b: np.add(a, b)
            out[f"multiply f32 {tag}{form}"] = lambda a=a, b=b: np.multiply(a, b)
            out[f"exp f32 {tag}{form}"] = lambda a=a: np.exp(a)
    big = rng.random(10**7, dtype=np.float32)
    out["sum f32 1e7"] = lambda: big.sum()
    out["mean f32 1e7"] = lambda: big.mean()
    m = rng.random((4096, 4096), dtype=np.float32)
    out["sum axis=0 4096x4096"] = lambda: m.sum(axis=0)
    out["sum axis=1 4096x4096"] = lambda: m.sum(axis=1)
    t1 = rng.random((2048, 2048), dtype=np.float32)
    t2 = rng.random((2048, 2048), dtype=np.float32)
    out["add a.T + b 2048^2"] = lambda: np.add(t1.T, t2)
    for n in (64, 256, 1024, 2048):
        x = rng.random((n, n), dtype=np.float32)
        y = rng.random((n, n), dtype=np.float32)
        out[f"matmul f32 {n}"] = lambda x=x, y=y: np.matmul(x, y)
    s1 = np.arange(10, dtype=np.float32)
    s2 = np.arange(10, dtype=np.float32)
    out["np.add 10 elements"] = lambda: np.add(s1, s2)
    out["a few small ops"] = lambda: np.add(np.multiply(s1, s2), s1).sum()
    out["a few small ops in a scope"] = out["a few small ops"]
    return out


def serve(table):
    """Times one case per request: reads a case name per line, answers its median and best seconds as JSON."""
    for line in sys.stdin:
        print(json.dumps(measure(table[line.rstrip("\n")])), flush=True)


if __name__ == "__main__":
    serve(cases())
