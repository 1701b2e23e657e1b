"""How far PyTorch's own float32 loss curve moves when its initial weights move by one ulp.

tests/nn/training_test.ts holds dendrite's curve to PyTorch's within 1e-3 over 100 steps. That bound means something
only for a run whose curve PyTorch itself keeps under rounding-sized changes: in a run where a 1e-7 change of one
activation flips a ReLU or a max-pool choice and the later steps amplify it, two correct float32 implementations
that sum in different orders part, as PyTorch does from itself here. For each configuration this script trains the
test's models on the test's data (the same seeds: dendrite's generators give PyTorch's numbers) once as they are and
once per seed with every initial weight moved one ulp up or down at random, and prints the largest relative loss
difference from the unmoved run over all steps.

    python3 tools/training_conditioning.py [--seeds 8] [--steps 100]
"""
import argparse
import os
import statistics
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "nn"))
from train_oracle import CNN, MLP, train  # noqa: E402

# (model, optimizer, lr, batch): the test's four runs, then the CNN with SGD at the larger rates tried before
CONFIGS = [
    ("mlp", "sgd", 0.05, 32),
    ("mlp", "adam", 2e-3, 32),
    ("cnn", "sgd", 0.005, 16),
    ("cnn", "adam", 2e-3, 16),
    ("cnn", "sgd", 0.01, 16),
    ("cnn", "sgd", 0.02, 16),
    ("cnn", "sgd", 0.05, 16),
]


def dataset(n):
    """training_test.ts's dataset(): noise around one random prototype image per class."""
    g = torch.Generator().manual_seed(42)
    prototypes = torch.rand(10, 784, generator=g)
    y = torch.randint(0, 10, (n,), generator=g)
    return torch.rand(n, 784, generator=g) * 0.8 + prototypes[y] * 0.2, y


def curve(kind, opt, lr, batch, steps, seed):
    x, y = dataset(steps * batch)
    torch.manual_seed(7 if kind == "mlp" else 8)
    model = MLP() if kind == "mlp" else CNN()
    if seed is not None:
        g = torch.Generator().manual_seed(seed)
        with torch.no_grad():
            for p in model.parameters():
                up = torch.rand(p.shape, generator=g) < 0.5
                p.copy_(torch.nextafter(p, torch.where(up, torch.inf, -torch.inf)))
    return train(model, opt, lr, x, y, steps, batch)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=8)
    ap.add_argument("--steps", type=int, default=100)
    a = ap.parse_args()
    print(f"| run | loss (first -> last) | PyTorch vs PyTorch one ulp away: median | max | runs over 1e-3 |")
    print("|---|---|---:|---:|---:|")
    for kind, opt, lr, batch in CONFIGS:
        base = curve(kind, opt, lr, batch, a.steps, None)
        drift = []
        for seed in range(a.seeds):
            moved = curve(kind, opt, lr, batch, a.steps, seed)
            drift.append(max(abs(p - q) / abs(q) for p, q in zip(moved, base)))
        print(f"| {kind} + {opt}, lr {lr}, batch {batch} | {base[0]:.4f} -> {base[-1]:.4f} | "
              f"{statistics.median(drift):.2e} | {max(drift):.2e} | {sum(d > 1e-3 for d in drift)}/{a.seeds} |",
              flush=True)


if __name__ == "__main__":
    main()
