"""PyTorch's side of tests/nn/training_test.ts: trains the same model from the same initial weights on the same
batches and prints the loss of every step. Requests (a JSON list on stdin; a list of loss curves printed) are each
{"file": safetensors path with "init.<key>", "x", "y"; "model": "mlp" | "cnn"; "opt": "sgd" | "adam"; "lr"; "steps",
"batch"; "float64": train in float64}. tools/training_conditioning.py imports the models and `train` from here."""
import json
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(2)


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 64)
        self.fc3 = nn.Linear(64, 10)

    def forward(self, x):
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.dropout = nn.Dropout(0.25)
        self.fc1 = nn.Linear(16 * 7 * 7, 32)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = self.dropout(x.flatten(1))
        return self.fc2(F.relu(self.fc1(x)))


def train(model, opt_name, lr, x, y, steps, batch):
    """The loss of every step; dropout draws from torch.manual_seed(1), as the test's side does."""
    if opt_name == "sgd":
        opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, nesterov=True, weight_decay=1e-4)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    if isinstance(model, CNN):
        x = x.view(-1, 1, 28, 28)
    torch.manual_seed(1)
    losses = []
    for s in range(steps):
        opt.zero_grad()
        loss = loss_fn(model(x[s * batch:(s + 1) * batch]), y[s * batch:(s + 1) * batch])
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def run(req):
    """The loss curve of one request (see the module's doc)."""
    from safetensors.torch import load_file

    t = load_file(req["file"])
    model = MLP() if req["model"] == "mlp" else CNN()
    model.load_state_dict({k[5:]: v for k, v in t.items() if k.startswith("init.")})
    x = t["x"]
    if req.get("float64"):
        model.double()
        x = x.double()
    return train(model, req["opt"], req["lr"], x, t["y"], req["steps"], req["batch"])


if __name__ == "__main__":
    # one process for all the test's runs: importing torch costs more than a run
    print(json.dumps([run(req) for req in json.load(sys.stdin)]))
