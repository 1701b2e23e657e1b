"""PyTorch side of bench/nn_bench.ts: the same models, data shapes and optimizers, one training step per call
(CPU, 2 threads), timed on request with bench/numpy_bench.py's rule."""

import torch
import torch.nn as nn
import torch.nn.functional as F

from numpy_bench import serve

torch.set_num_threads(2)
N, B = 60000, 64
STEPS = N // B + (N % B > 0)


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256)
        self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, 10)

    def forward(self, x):
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 4 * 4, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.flatten(1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


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


def trainer(model, opt, images):
    loss_fn = nn.CrossEntropyLoss()
    state = {"i": 0}

    def step():
        i = state["i"]
        state["i"] = (i + 1) % STEPS
        x, y = images[i * B:(i + 1) * B], labels[i * B:(i + 1) * B]
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    def epoch():
        state["i"] = 0
        for _ in range(STEPS):
            step()

    return step, epoch


torch.manual_seed(0)
data = torch.rand(N, 784)
labels = torch.randint(0, 10, (N,))


def cases():
    out = {}
    mlp = MLP()
    step, epoch = trainer(mlp, torch.optim.SGD(mlp.parameters(), lr=0.01, momentum=0.9), data)
    out["MLP 784-256-128-10 step (SGD momentum)"] = step
    out["MLP epoch (938 steps)"] = epoch
    lenet = LeNet()
    step, _ = trainer(lenet, torch.optim.SGD(lenet.parameters(), lr=0.01, momentum=0.9), data.view(N, 1, 28, 28))
    out["LeNet-5 step (SGD momentum)"] = step
    cnn = CNN()
    step, _ = trainer(cnn, torch.optim.Adam(cnn.parameters(), lr=1e-3), data.view(N, 1, 28, 28))
    out["CNN conv32-conv64-fc128 step (Adam)"] = step
    conv = nn.Conv2d(3, 64, 3, padding=1)
    x = torch.randn(64, 3, 32, 32, requires_grad=True)
    g = torch.randn(64, 64, 32, 32)

    def conv_step():
        x.grad = None
        conv.weight.grad = None
        conv.bias.grad = None
        conv(x).backward(g)

    out["Conv2d 64x3x32x32 k64 3x3 p1 fwd+bwd"] = conv_step
    return out


if __name__ == "__main__":
    serve(cases())
