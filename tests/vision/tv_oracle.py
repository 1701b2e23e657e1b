"""torchvision as the oracle of the vision tests.

torchvision 0.28 from the local wheel store is a CUDA build whose compiled ops fail to load next to the CPU torch:
torch.library.register_fake is wrapped to ignore that failure before `import torchvision`; datasets, transforms and
utils work as plain Python on top of torch and Pillow.

stdin: JSON list of cases {"setup": str?, "expr": str, "seed": int?, "inputs": {name: encoded}}.
stdout: JSON list of {"value": encoded} or {"error": class name, "message": str}.
Encoded values: {"pil": mode, "w": .., "h": .., "b64": HWC bytes}, {"tensor": dtype, "shape": [...], "b64": bytes},
lists, numbers, strings.
"""
import base64
import json
import os
import sys
import warnings

import numpy as np
import torch

warnings.simplefilter("ignore")

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import torchvision_cpu  # noqa: E402,F401 - torchvision's CUDA build beside the CPU torch
import torchvision  # noqa: E402
import torchvision.transforms as T  # noqa: E402
import torchvision.transforms.functional as F  # noqa: E402
from PIL import Image  # noqa: E402

DT = {"uint8": np.uint8, "float32": np.float32, "float64": np.float64, "int64": np.int64, "int32": np.int32, "bool": np.bool_}


def decode(v):
    if isinstance(v, dict) and "pil" in v:
        a = np.frombuffer(base64.b64decode(v["b64"]), dtype=np.uint8)
        c = {"L": 1, "LA": 2, "RGB": 3, "RGBA": 4}[v["pil"]]
        a = a.reshape(v["h"], v["w"], c) if c > 1 else a.reshape(v["h"], v["w"])
        return Image.fromarray(a.copy(), v["pil"])
    if isinstance(v, dict) and "tensor" in v:
        a = np.frombuffer(base64.b64decode(v["b64"]), dtype=DT[v["tensor"]]).reshape(v["shape"])
        return torch.from_numpy(a.copy())
    if isinstance(v, list):
        return [decode(x) for x in v]
    return v


def encode(r):
    if isinstance(r, Image.Image):
        a = np.asarray(r)
        return {"pil": r.mode, "w": r.width, "h": r.height, "b64": base64.b64encode(a.tobytes()).decode()}
    if isinstance(r, torch.Tensor):
        a = r.detach().contiguous().numpy()
        return {"tensor": str(a.dtype), "shape": list(a.shape), "b64": base64.b64encode(a.tobytes()).decode()}
    if isinstance(r, (list, tuple)):
        return [encode(x) for x in r]
    if isinstance(r, (np.integer,)):
        return int(r)
    if isinstance(r, (np.floating,)):
        return float(r)
    if isinstance(r, dict):
        return {str(k): encode(v) for k, v in r.items()}
    return r


def main():
    cases = json.load(sys.stdin)
    out = []
    for c in cases:
        env = {"np": np, "torch": torch, "torchvision": torchvision, "T": T, "F": F, "Image": Image, "base64": base64}
        try:
            for k, v in c.get("inputs", {}).items():
                env[k] = decode(v)
            if "seed" in c:
                torch.manual_seed(c["seed"])
            exec(c.get("setup", ""), env)
            out.append({"value": encode(eval(c["expr"], env))})
        except Exception as e:  # noqa: BLE001 - the tests compare errors too
            out.append({"error": type(e).__name__, "message": str(e)})
    json.dump(out, sys.stdout)


main()
