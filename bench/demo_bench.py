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
import torch.nn.functional as F

from numpy_bench import serve

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import torchvision_cpu  # noqa: E402,F401 - torchvision's CUDA build beside the CPU torch
from torchvision import datasets, transforms  # noqa: E402

torch.set_num_threads(2)
SYSTEM = "/usr/share/datasets/fashion-mnist"


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.dropout1 = nn.Dropout(0.25)
        self.fc1 = nn.Linear(64 * 7 * 7, 128)
        self.dropout2 = nn.Dropout(0.5)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = self.dropout1(x.flatten(1))
        x = self.dropout2(F.relu(self.fc1(x)))
        return self.fc2(x)


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
