"""PyTorch's side of the nn parity tests (tests/nn/harness.ts).

Reads a JSON request on stdin: {"inputs": path, "output": path, "cases": [...]}.
The inputs file (safetensors) holds, per case id, its inputs ("<id>.in.<i>")
and the module's state dict from dendrite ("<id>.state.<name>"). Each case
builds the module from a Python expression (or a function), optionally
under a seed to compare the initial weights ("<id>.init.<name>"), loads
dendrite's state dict, runs forward in train or eval mode (seeded), and
backward from sum_k (out_k * w_k) with w_k = cos(0.37 i + k). Results go to
the output file: outputs "<id>.out.<k>", input gradients "<id>.gin.<i>",
parameter gradients "<id>.gparam.<name>", buffers after the forward
"<id>.buf.<name>". Prints {id: error} for cases PyTorch rejected.
"""
import json
import sys
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import load_file, save_file

warnings.filterwarnings("ignore")
torch.set_num_threads(2)


def flat(o):
    if isinstance(o, torch.Tensor):
        return [o]
    if isinstance(o, (list, tuple)):
        return [t for x in o for t in flat(x)]
    return []


def weights(t, k):
    n = t.numel()
    return torch.cos(torch.arange(n, dtype=torch.float64) * 0.37 + k).to(t.dtype).reshape(t.shape)


def run(c, tin, out):
    cid = c["id"]
    ins = [tin[f"{cid}.in.{i}"].clone() for i in range(c["nin"])]
    ins = [x.requires_grad_(True) if g else x for x, g in zip(ins, c["grad"])]
    env = {f"x{i}": x for i, x in enumerate(ins)}
    m = None
    if c["kind"] == "module":
        if c.get("initSeed") is not None:
            torch.manual_seed(c["initSeed"])
        m = eval(c["py"])
        if c.get("double"):
            m = m.double()
        if c.get("initSeed") is not None:
            for k, v in m.state_dict().items():
                out[f"{cid}.init.{k}"] = v.detach().clone().contiguous()
        prefix = f"{cid}.state."
        sd = {k[len(prefix):]: v for k, v in tin.items() if k.startswith(prefix)}
        m.load_state_dict(sd, strict=True)
        m.train(c["train"])
        env["m"] = m
        call = c.get("call") or "m(" + ", ".join(f"x{i}" for i in range(len(ins))) + ")"
        torch.manual_seed(c.get("seed", 0))
        o = eval(call, globals(), env)
    else:
        f = eval(c["py"])
        torch.manual_seed(c.get("seed", 0))
        o = f(*ins)
    outs = flat(o)
    loss = None
    for k, t in enumerate(outs):
        out[f"{cid}.out.{k}"] = t.detach().clone().contiguous()
        if t.requires_grad:
            term = (t * weights(t, k)).sum()
            loss = term if loss is None else loss + term
    if loss is not None:
        loss.backward()
        for i, x in enumerate(ins):
            if x.grad is not None:
                out[f"{cid}.gin.{i}"] = x.grad.contiguous()
        if m is not None:
            for n, p in m.named_parameters():
                if p.grad is not None:
                    out[f"{cid}.gparam.{n}"] = p.grad.contiguous()
    if m is not None:
        for n, b in m.named_buffers():
            out[f"{cid}.buf.{n}"] = b.detach().clone().contiguous()


def main():
    req = json.load(sys.stdin)
    tin = load_file(req["inputs"])
    out = {}
    errors = {}
    for c in req["cases"]:
        try:
            run(c, tin, out)
        except Exception as e:  # reported to the test, which fails the case
            errors[c["id"]] = f"{type(e).__name__}: {e}"
    save_file(out, req["output"])
    print(json.dumps(errors))


main()
