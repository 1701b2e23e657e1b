"""PyTorch side of tests/backend/cpu_nn_test.ts: evaluates convolution and pooling cases with torch.nn.functional
and torch.autograd.

stdin: {"dir": str, "cases": [{"id": str, "op": str, "dtype": str, "inputs": {name: shape}, "params": {...}}]}
Inputs are read from <dir>/<id>_<name>.bin (raw little-endian, the case's dtype); each result j is written to
<dir>/<id>_out<j>.bin (float results in the case's dtype, indices as int64).
stdout: JSON list of {"outs": [{"dtype": str, "shape": [...]}]} or {"error": str}
"""
import json
import sys

import numpy as np
import torch

F = torch.nn.functional
torch.set_num_threads(2)


def load(d, cid, name, shape, dtype):
    a = np.fromfile(f"{d}/{cid}_{name}.bin", dtype=dtype).reshape(shape)
    return torch.from_numpy(a.copy())


def run(c, t):
    p = c["params"]
    op = c["op"]
    if op == "conv":
        x, w, gy = t["x"].requires_grad_(), t["w"].requires_grad_(), t["gy"]
        b = t["b"].requires_grad_() if "b" in t else None
        top, left, bottom, right = p["padding"]
        y = F.conv2d(F.pad(x, (left, right, top, bottom)), w, b, p["stride"], 0, p["dilation"], p["groups"])
        y.backward(gy)
        return [y, x.grad, w.grad] + ([b.grad] if b is not None else [])
    if op == "conv_transpose":
        x, w, b, gy = t["x"].requires_grad_(), t["w"].requires_grad_(), t["b"].requires_grad_(), t["gy"]
        y = F.conv_transpose2d(x, w, b, p["stride"], p["padding"], p["output_padding"], p["groups"], p["dilation"])
        y.backward(gy)
        return [y, x.grad, w.grad, b.grad]
    if op == "max_pool":
        x = t["x"].requires_grad_()
        y, idx = F.max_pool2d(x, p["kernel"], p["stride"], p["padding"], p["dilation"], p["ceil"], return_indices=True)
        y.backward(t["gy"])
        return [y, idx, x.grad]
    if op == "avg_pool":
        x = t["x"].requires_grad_()
        y = F.avg_pool2d(x, p["kernel"], p["stride"], p["padding"], p["ceil"], p["count_include_pad"], p["divisor"])
        y.backward(t["gy"])
        return [y, x.grad]
    if op == "adaptive_avg":
        x = t["x"].requires_grad_()
        y = F.adaptive_avg_pool2d(x, p["size"])
        y.backward(t["gy"])
        return [y, x.grad]
    if op == "adaptive_max":
        x = t["x"].requires_grad_()
        y, idx = F.adaptive_max_pool2d(x, p["size"], return_indices=True)
        y.backward(t["gy"])
        return [y, idx, x.grad]
    if op == "batch_norm":
        x, gy = t["x"].requires_grad_(), t["gy"]
        w = t["w"].requires_grad_() if "w" in t else None
        b = t["b"].requires_grad_() if "b" in t else None
        rm, rv = t.get("rm"), t.get("rv")
        y = F.batch_norm(x, rm, rv, w, b, p["training"], p["momentum"], p["eps"])
        y.backward(gy)
        res = [y, x.grad]
        res += [w.grad, b.grad] if w is not None else []
        res += [rm, rv] if rm is not None else []
        return res
    raise ValueError(op)


def main():
    req = json.load(sys.stdin)
    out = []
    for c in req["cases"]:
        try:
            t = {k: load(req["dir"], c["id"], k, s, c["dtype"]) for k, s in c["inputs"].items()}
            res = []
            for j, r in enumerate(run(c, t)):
                a = r.detach().numpy()
                a.tofile(f"{req['dir']}/{c['id']}_out{j}.bin")
                res.append({"dtype": str(a.dtype), "shape": list(a.shape)})
            out.append({"outs": res})
        except Exception as e:  # noqa: BLE001 - reported per case
            out.append({"error": f"{type(e).__name__}: {e}"})
    json.dump(out, sys.stdout)


main()
