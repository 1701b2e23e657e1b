"""PyTorch's side of bench/vision_bench.ts: torchvision's ResNet18 forward (eval, no_grad) on a 16x3x224x224
batch, one timed pass per request. stdin: one line per pass; stdout: "ready", then one line per pass, the seconds.
torchvision's CUDA build is imported as in bench/data_bench.py (torch.library.register_fake wrapped)."""
import sys
import time

import torch

_register_fake = torch.library.register_fake


def _safe(*args, **kwargs):
    try:
        dec = _register_fake(*args, **kwargs)
    except Exception:  # noqa: BLE001
        return lambda f: f

    def wrap(f):
        try:
            return dec(f)
        except Exception:  # noqa: BLE001
            return f

    return wrap


torch.library.register_fake = _safe
from torchvision import models  # noqa: E402

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
torch.manual_seed(0)
model = models.resnet18().eval()
x = torch.randn(16, 3, 224, 224)
with torch.no_grad():
    model(x)  # warm-up
    print("ready", flush=True)
    for _ in sys.stdin:
        t = time.perf_counter()
        y = model(x)
        print(time.perf_counter() - t, flush=True)
        del y
