"""Evaluates test cases with the real NumPy (or PyTorch with "torch": true): the oracle the TS tests compare against.

stdin: JSON list of {"expr": str, "setup": str?, "torch": bool?, "inputs": {name: {"data": [...], "dtype": str, "shape": [...], "view": str?}}}
stdout: JSON list of results: {"value": encoded} or {"error": exception class name, "message": str}
"""
import json
import math
import sys
import warnings

import numpy as np

warnings.simplefilter("ignore")


def decode(v):
    if isinstance(v, str):
        return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}.get(v, None) if v in ("nan", "inf", "-inf") else int(v)
    return v


def make(spec, as_torch):
    flat = [decode(x) for x in spec["data"]]
    a = np.array(flat, dtype=spec["dtype"]).reshape(spec["shape"])
    if as_torch:
        import torch

        a = torch.from_numpy(a.copy())
    if spec.get("view"):
        a = eval(f"a[{spec['view']}]", {"a": a, "np": np})
    return a


def enc_scalar(x):
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        x = int(x)
        return x if abs(x) < 2**53 else str(x)
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def encode(r):
    if type(r).__module__.startswith("torch") and hasattr(r, "detach"):
        r = r.detach().numpy()
    if isinstance(r, (tuple, list)):
        return {"tuple": [encode(x) for x in r]}
    if isinstance(r, str):
        return {"str": r}
    a = np.asarray(r)
    return {"dtype": str(a.dtype), "shape": list(a.shape), "data": [enc_scalar(x) for x in a.ravel().tolist()]}


def main():
    cases = json.load(sys.stdin)
    out = []
    for c in cases:
        env = {"np": np}
        try:
            if c.get("torch"):
                import torch

                env["torch"] = torch
            for k, spec in c.get("inputs", {}).items():
                env[k] = make(spec, c.get("torch", False))
            exec(c.get("setup", ""), env)
            out.append({"value": encode(eval(c["expr"], env))})
        except Exception as e:  # noqa: BLE001 - the test compares error classes
            out.append({"error": type(e).__name__, "message": str(e)})
    json.dump(out, sys.stdout)


main()
