"""NumPy side of `deno task bench`: the cases of bench/numpy_bench.ts, timed one at a time on request (see serve)."""
import json
import sys
import time

import numpy as np


def timeit(fn, min_time=1.0):
    """Best per-call seconds; the same rule as bench/timing.ts (many short batches)."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 0.2:  # warm-up, as bench/timing.ts
        fn()
    n, best = 1, float("inf")
    while True:
        t = time.perf_counter()
        for _ in range(n):
            fn()
        dt = time.perf_counter() - t
        if dt > 0.01:
            break
        n *= 2
    reps = max(3, int(min_time / dt))
    for _ in range(reps):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - t) / n)
    return best


def cases():
    rng = np.random.default_rng(0)
    out = {}
    for n in (10**6, 10**7):
        a = rng.random(n, dtype=np.float32)
        b = rng.random(n, dtype=np.float32)
        out[f"add f32 {n:.0e}"] = lambda a=a, b=b: np.add(a, b)
        out[f"multiply f32 {n:.0e}"] = lambda a=a, b=b: np.multiply(a, b)
        out[f"exp f32 {n:.0e}"] = lambda a=a: np.exp(a)
    big = rng.random(10**7, dtype=np.float32)
    out["sum f32 1e7"] = lambda: big.sum()
    out["mean f32 1e7"] = lambda: big.mean()
    m = rng.random((4096, 4096), dtype=np.float32)
    out["sum axis=0 4096x4096"] = lambda: m.sum(axis=0)
    out["sum axis=1 4096x4096"] = lambda: m.sum(axis=1)
    t1 = rng.random((2048, 2048), dtype=np.float32)
    t2 = rng.random((2048, 2048), dtype=np.float32)
    out["add a.T + b 2048^2"] = lambda: np.add(t1.T, t2)
    for n in (256, 1024, 2048):
        x = rng.random((n, n), dtype=np.float32)
        y = rng.random((n, n), dtype=np.float32)
        out[f"matmul f32 {n}"] = lambda x=x, y=y: np.matmul(x, y)
    s1 = np.arange(10, dtype=np.float32)
    s2 = np.arange(10, dtype=np.float32)
    out["np.add 10 elements"] = lambda: np.add(s1, s2)
    return out


def serve(table):
    """Times one case per request: reads a case name per line, answers its best seconds as one JSON line."""
    for line in sys.stdin:
        print(json.dumps(timeit(table[line.rstrip("\n")])), flush=True)


if __name__ == "__main__":
    serve(cases())
