"""Evaluates test cases with the real NumPy (or PyTorch with "torch": true): the oracle the TS tests compare against.

stdin: JSON list of {"expr": str, "setup": str?, "torch": bool?, "inputs": {name: {"data": [...], "dtype": str, "shape": [...], "view": str?}}}
stdout: JSON list of results: {"value": encoded} or {"error": exception class name, "message": str}
"""
import inspect
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
    if isinstance(r, np.dtype):
        return {"str": str(r)}
    if type(r).__module__ == "torch" and type(r).__name__ == "dtype":
        return {"str": str(r).removeprefix("torch.")}
    if type(r).__module__.startswith("torch") and hasattr(r, "detach"):
        r = r.detach().numpy()
    if isinstance(r, (tuple, list)):
        return {"tuple": [encode(x) for x in r]}
    if isinstance(r, str):
        return {"str": r}
    a = np.asarray(r)
    return {"dtype": str(a.dtype), "shape": list(a.shape), "data": [enc_scalar(x) for x in a.ravel().tolist()]}


_SIGNATURES = {}


def _params(f):
    """f's parameters (None when Python cannot tell, as for torch's builtins), cached per function."""
    owner = getattr(f, "__self__", None)
    key = (type(owner), f.__name__) if owner is not None and not inspect.ismodule(owner) else f
    if key not in _SIGNATURES:
        try:
            _SIGNATURES[key] = list(inspect.signature(f).parameters.values())
        except (TypeError, ValueError):
            _SIGNATURES[key] = None
    return _SIGNATURES[key]


def _placed(f, args, kwargs, order):
    """Moves keyword arguments that `f` takes only by position (positional-only or `*args` parameters) to their
    positions; `order` names the caller's positional parameters (the registry test translates dendrite's call forms
    this way, so a name NumPy accepts by keyword is still checked by keyword)."""
    params = _params(f)
    if params is None:
        return list(args), dict(kwargs)
    args, kwargs = list(args), dict(kwargs)
    var = next((i for i, p in enumerate(params) if p.kind == p.VAR_POSITIONAL), None)
    for name in order[len(args):]:
        i = len(args)
        p = params[min(i, var)] if var is not None else params[i] if i < len(params) else None
        if name not in kwargs or p is None or p.kind not in (p.POSITIONAL_ONLY, p.VAR_POSITIONAL):
            break
        args.append(kwargs.pop(name))
    return args, kwargs


def invoke(f, args, kwargs, order):
    """Calls f(*args, **kwargs), with the keywords f takes only by position placed (see _placed)."""
    a, k = _placed(f, args, kwargs, order)
    return f(*a, **k)


def invoke_method(self, name, module, args, kwargs, order):
    """self.name(...) when the class has the method, else module.name(self, ...)."""
    if hasattr(type(self), name):
        return invoke(getattr(self, name), args, kwargs, order[1:])
    return invoke(getattr(module, name), [self, *args], kwargs, order)


def main():
    cases = json.load(sys.stdin)
    out = []
    for c in cases:
        env = {"np": np, "invoke": invoke, "invoke_method": invoke_method}
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
