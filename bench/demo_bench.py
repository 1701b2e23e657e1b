"""PyTorch side of bench/demo_bench.ts: the demo's loop (torchvision FashionMNIST with ToTensor + Normalize,
a shuffled DataLoader of 64, the conv32-conv64-fc128 CNN with dropout, Adam) on CPU with 2 threads, one step
per call, timed on request with bench/numpy_bench.py's rule.
torchvision from the local wheel store is a CUDA build whose compiled ops fail to load next to the CPU torch:
torch.library.register_fake is made to ignore that failure (the datasets and transforms are plain Python)."""

import gzip
import os
import shutil
import sys
import tempfile

import torch
import torch.nn as nn

from nn_bench import CNN  # the demo's model, as bench/nn_bench.py times it
from numpy_bench import serve

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import torchvision_cpu  # noqa: E402,F401 - torchvision's CUDA build beside the CPU torch
from torchvision import datasets, transforms  # noqa: E402

torch.set_num_threads(2)
SYSTEM = "/usr/share/datasets/fashion-mnist"


def fashion_root():
    """torchvision wants root/FashionMNIST/raw/<uncompressed files>: unpack Debian's files into a temp folder."""
    root = tempfile.mkdtemp(prefix="demo-bench-")
    raw = os.path.join(root, "FashionMNIST", "raw")
    os.makedirs(raw)
    for f in os.listdir(SYSTEM):
        with gzip.open(os.path.join(SYSTEM, f)) as src, open(os.path.join(raw, f[:-3]), "wb") as dst:
            shutil.copyfileobj(src, dst)
    return root


def cases():
    root = fashion_root()
    tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.2860,), (0.3530,))])
    train = datasets.FashionMNIST(root, train=True, transform=tf)
    test = datasets.FashionMNIST(root, train=False, transform=tf)
    shutil.rmtree(root)  # the datasets hold the tensors in memory
    torch.manual_seed(0)
    model = CNN()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    loader = torch.utils.data.DataLoader(train, batch_size=64, shuffle=True)
    state = {"it": iter(loader)}

    def train_step():
        try:
            x, y = next(state["it"])
        except StopIteration:
            state["it"] = iter(loader)
            x, y = next(state["it"])
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        loss.item()

    test_x = torch.stack([test[i][0] for i in range(1000)])

    def test_batch():
        model.eval()
        with torch.no_grad():
            model(test_x).argmax(1).tolist()
        model.train()

    return {
        "demo train step (batch 64: DataLoader + transforms, CNN fwd+bwd, Adam)": train_step,
        "demo test batch (1000 images, noGrad)": test_batch,
    }


if __name__ == "__main__":
    serve(cases())
