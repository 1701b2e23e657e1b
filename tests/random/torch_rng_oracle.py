"""Runs random-stream programs with the real PyTorch: the oracle tests/random/torch_generator_test.ts compares against.

stdin: {"programs": [{"seed": int-as-string, "steps": [{"op": ..., args}]}], "randperm_large": [[seed, n]]}
stdout: {"capability": str, "programs": [[{"b64": raw little-endian bytes of the result}]],
         "randperm_large": [b64 of the inside-out shuffle drawn from NumPy's identical MT19937 words]}
Every program starts with torch.manual_seed(seed) on the global generator; arrays travel as base64 bytes.
"""
import base64
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F

DT = {"float32": torch.float32, "float64": torch.float64}


def arr(b64, dtype):
    return torch.from_numpy(np.frombuffer(base64.b64decode(b64), dtype=dtype).copy())


def run(step):
    op, dt = step["op"], DT.get(step.get("dtype"))
    if op == "rand":
        return torch.rand(step["n"], dtype=dt)
    if op == "randn":
        return torch.randn(step["n"], dtype=dt)
    if op == "uniform":
        return torch.empty(step["n"], dtype=dt).uniform_(step["a"], step["b"])
    if op == "normal":
        return torch.empty(step["n"], dtype=dt).normal_(step["mean"], step["std"])
    if op == "normal_t":  # a transposed (non-contiguous) view; the result is its memory
        base = torch.empty(step["rows"], step["cols"], dtype=dt)
        base.t().normal_(step["mean"], step["std"])
        return base
    if op == "randint":
        return torch.randint(int(step["low"]), int(step["high"]), (step["n"],))
    if op == "randperm":
        return torch.randperm(step["n"])
    if op == "bernoulli_t":
        return torch.bernoulli(arr(step["p"], step["dtype"]))
    if op == "bernoulli_s":
        return torch.empty(step["n"], dtype=dt).bernoulli_(step["p"])
    if op == "dropout":
        return F.dropout(arr(step["x"], step["dtype"]), step["p"], training=True)
    if op == "dropout_noise":  # what F.dropout multiplies by, spelled out
        noise = torch.empty(step["n"], dtype=dt).bernoulli_(1 - step["p"])
        return noise.div_(1 - step["p"])
    if op == "exponential":
        return torch.empty(step["n"], dtype=dt).exponential_(step["lam"])
    if op == "multinomial":
        p = arr(step["p"], step["dtype"])
        if step["rows"]:
            p = p.reshape(step["rows"], -1)
        return torch.multinomial(p, step["k"], step["replacement"])
    if op == "get_state":
        return torch.get_rng_state()
    if op == "set_state":
        torch.set_rng_state(torch.from_numpy(np.frombuffer(base64.b64decode(step["state"]), dtype=np.uint8).copy()))
        return torch.get_rng_state()
    if op == "seed":
        torch.manual_seed(int(step["seed"]))
        return torch.get_rng_state()
    if op == "linear":
        lin = torch.nn.Linear(step["in"], step["out"])
        return torch.cat([lin.weight.detach().flatten(), lin.bias.detach()])
    raise ValueError(f"unknown op {op}")


def randperm_large(seed, n):
    """PyTorch's inside-out shuffle (n >= 214748364) at a small n, on NumPy's MT19937 words (same as torch's for seed < 2^32)."""
    words = np.random.RandomState(seed)._bit_generator.random_raw(2 * n)
    p = [0] * n
    for i in range(n):
        z = ((int(words[2 * i]) << 32) | int(words[2 * i + 1])) % (i + 1)
        p[i] = p[z]
        p[z] = i
    return np.array(p, dtype=np.int64)


def main():
    req = json.load(sys.stdin)
    out = []
    for prog in req["programs"]:
        torch.manual_seed(int(prog["seed"]))
        res = []
        for step in prog["steps"]:
            t = run(step).contiguous()
            res.append({"b64": base64.b64encode(t.numpy().tobytes()).decode()})
        out.append(res)
    large = [base64.b64encode(randperm_large(s, n).tobytes()).decode() for s, n in req.get("randperm_large", [])]
    cap = torch.backends.cpu.get_cpu_capability()
    json.dump({"capability": cap, "programs": out, "randperm_large": large}, sys.stdout)


main()
