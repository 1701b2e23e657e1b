"""PyTorch's side of bench/vision_bench.ts: torchvision's ResNet18 forward (eval, no_grad) on a 16x3x224x224
batch, one timed pass per request. stdin: one line per pass; stdout: "ready", then one line per pass, the seconds.
torchvision's CUDA build is imported as in bench/data_bench.py (torch.library.register_fake wrapped)."""
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import torchvision_cpu  # noqa: E402,F401 - torchvision's CUDA build beside the CPU torch
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
