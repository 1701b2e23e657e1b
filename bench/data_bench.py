"""PyTorch's side of bench/data_bench.ts: one pass over Fashion-MNIST train (torchvision, ToTensor + Normalize,
batch 64, shuffled) per request. stdin: one line per pass, the number of workers; stdout: one line, the seconds.
torchvision from the local wheel store is a CUDA build whose compiled ops fail to load next to the CPU torch:
torch.library.register_fake is wrapped to ignore that failure (the datasets and transforms are plain Python)."""
import gzip
import os
import shutil
import sys
import tempfile
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import torchvision_cpu  # noqa: E402,F401 - torchvision's CUDA build beside the CPU torch
from torchvision import datasets, transforms  # noqa: E402

SRC = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"


def main():
    torch.set_num_threads(2)
    root = tempfile.mkdtemp()
    try:
        raw = os.path.join(root, "FashionMNIST", "raw")
        os.makedirs(raw)
        for f in os.listdir(SRC):
            if f.startswith("train"):
                with gzip.open(os.path.join(SRC, f)) as a, open(os.path.join(raw, f[:-3]), "wb") as b:
                    shutil.copyfileobj(a, b)
        for f in ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"):
            open(os.path.join(raw, f), "wb").close()
        tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize([0.5], [0.5])])
        ds = datasets.FashionMNIST(root, train=True, transform=tf)
        print("ready", flush=True)
        for line in sys.stdin:
            nw = int(line)
            loader = torch.utils.data.DataLoader(ds, batch_size=64, shuffle=True, num_workers=nw)
            t = time.perf_counter()
            n = 0
            for x, y in loader:
                n += y.shape[0]
            assert n == 60000
            print(time.perf_counter() - t, flush=True)
    finally:
        shutil.rmtree(root)


main()
