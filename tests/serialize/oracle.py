"""PyTorch / safetensors side of the serialization tests. Reads a JSON list
of requests on stdin:
  {"op": "write", "path": p}: writes a state dict with every dtype dendrite has
      (and metadata) with safetensors.torch.save_file; returns its values.
  {"op": "read", "path": p}: reads a file with safetensors.torch.load_file and
      safe_open(...).metadata(); returns its tensors and metadata.
  {"op": "linear", "path": p}: saves torch.nn.Linear(4, 3)'s state dict.
"""
import json
import sys

import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file


def enc(t):
    flat = t.reshape(-1)
    if t.dtype == torch.int64:
        data = [str(v) for v in flat.tolist()]
    elif t.dtype.is_floating_point:
        data = [v if v == v and abs(v) != float("inf") else str(v) for v in flat.tolist()]
    else:
        data = flat.tolist()
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "data": data}


def sample():
    g = torch.Generator().manual_seed(0)
    return {
        "b": torch.tensor([[True, False, True], [False, False, True]]),
        "u8": torch.tensor([0, 1, 127, 128, 255], dtype=torch.uint8),
        "i32": torch.tensor([-(2**31), -1, 0, 1, 2**31 - 1], dtype=torch.int32).reshape(5, 1),
        "i64": torch.tensor([-(2**63), -(2**53) - 1, 0, 2**53 + 1, 2**63 - 1], dtype=torch.int64),
        "f32": torch.randn(2, 3, 4, generator=g),
        "f64": torch.randn(7, generator=g, dtype=torch.float64),
        "scalar": torch.tensor(3.5),
        "empty": torch.zeros(0, 3),
        "special": torch.tensor([float("inf"), float("-inf"), -0.0, 1e-45], dtype=torch.float32),
    }


def main():
    out = []
    for r in json.load(sys.stdin):
        try:
            if r["op"] == "write":
                sd = sample()
                save_file(sd, r["path"], metadata={"format": "pt", "note": "from python ✓"})
                out.append({k: enc(v) for k, v in sd.items()})
            elif r["op"] == "read":
                sd = load_file(r["path"])
                with safe_open(r["path"], framework="pt") as f:
                    meta = f.metadata()
                out.append({"tensors": {k: enc(v) for k, v in sd.items()}, "metadata": meta})
            elif r["op"] == "linear":
                torch.manual_seed(0)
                m = torch.nn.Linear(4, 3)
                save_file(m.state_dict(), r["path"])
                x = torch.arange(4, dtype=torch.float32)
                out.append({"y": m(x).tolist(), "x": x.tolist()})
        except Exception as e:
            out.append({"error": f"{type(e).__name__}: {e}"})
    json.dump(out, sys.stdout, allow_nan=True)


if __name__ == "__main__":
    main()
