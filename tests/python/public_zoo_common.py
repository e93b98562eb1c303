"""The public model zoos' CNN-s / CNN3 (module_list layout) and Fashion-MNIST, for ZooScope's interop tests.

Run with Debian's /usr/bin/python3 (python3-torch 1.13, python3-numpy).
"""
import gzip
import os

import numpy as np
import torch
import torch.nn as nn


def nonlinearity(name):
    return {"tanh": nn.Tanh, "relu": nn.ReLU, "sigmoid": nn.Sigmoid, "gelu": nn.GELU}[name]()


class CNN(nn.Module):
    """CNN-s as in the public zoos: dropout modules after each activation except the last conv's."""

    def __init__(self, channels_in=1, nlin="tanh", dropout=0.0, init_type="uniform"):
        super().__init__()
        self.module_list = nn.ModuleList()
        self.module_list.append(nn.Conv2d(channels_in, 8, 5))
        self.module_list.append(nn.MaxPool2d(2, 2))
        self.module_list.append(nonlinearity(nlin))
        if dropout > 0:
            self.module_list.append(nn.Dropout(dropout))
        self.module_list.append(nn.Conv2d(8, 6, 5))
        self.module_list.append(nn.MaxPool2d(2, 2))
        self.module_list.append(nonlinearity(nlin))
        if dropout > 0:
            self.module_list.append(nn.Dropout(dropout))
        self.module_list.append(nn.Conv2d(6, 4, 2))
        self.module_list.append(nonlinearity(nlin))
        self.module_list.append(nn.Flatten())
        self.module_list.append(nn.Linear(3 * 3 * 4, 20))
        self.module_list.append(nonlinearity(nlin))
        if dropout > 0:
            self.module_list.append(nn.Dropout(dropout))
        self.module_list.append(nn.Linear(20, 10))
        for m in self.module_list:
            if isinstance(m, (nn.Linear, nn.Conv2d)):
                if init_type == "uniform":
                    torch.nn.init.uniform_(m.weight)
                elif init_type == "normal":
                    torch.nn.init.normal_(m.weight)
                elif init_type == "kaiming_uniform":
                    torch.nn.init.kaiming_uniform_(m.weight)
                elif init_type == "kaiming_normal":
                    torch.nn.init.kaiming_normal_(m.weight)
                m.bias.data.fill_(0.01)

    def forward(self, x):
        for layer in self.module_list:
            x = layer(x)
        return x


class CNN3(nn.Module):
    """The public CNN3: dropout modules after every activation, whatever the rate."""

    def __init__(self, channels_in=3, nlin="tanh", dropout=0.0):
        super().__init__()
        ml = nn.ModuleList()
        ml.append(nn.Conv2d(channels_in, 16, 3)); ml.append(nn.MaxPool2d(2, 2)); ml.append(nonlinearity(nlin)); ml.append(nn.Dropout(dropout))
        ml.append(nn.Conv2d(16, 32, 3)); ml.append(nn.MaxPool2d(2, 2)); ml.append(nonlinearity(nlin)); ml.append(nn.Dropout(dropout))
        ml.append(nn.Conv2d(32, 15, 3)); ml.append(nn.MaxPool2d(2, 2)); ml.append(nonlinearity(nlin)); ml.append(nn.Dropout(dropout))
        ml.append(nn.Flatten())
        ml.append(nn.Linear(15 * 2 * 2, 20)); ml.append(nonlinearity(nlin)); ml.append(nn.Dropout(dropout))
        ml.append(nn.Linear(20, 10))
        self.module_list = ml


def flat_weights(model):
    """[W0, b0, W1, b1, ...] row-major: the order of state_dict() for these module lists."""
    return torch.cat([t.detach().reshape(-1) for t in model.state_dict().values()]).numpy().astype(np.float32)


def _idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def fashion(split, directory="/usr/share/datasets/fashion-mnist", count=None):
    """Images normalised like the public F-MNIST zoos ((x/255 - 0.5)/0.5), NCHW float32, and labels."""
    prefix = "train" if split == "train" else "t10k"
    x = _idx(os.path.join(directory, prefix + "-images-idx3-ubyte.gz"))
    y = _idx(os.path.join(directory, prefix + "-labels-idx1-ubyte.gz"))
    if count is not None:
        x, y = x[:count], y[:count]
    x = (torch.from_numpy(x.astype(np.float32) / 255.0) - 0.5) / 0.5
    return x.unsqueeze(1), torch.from_numpy(y.astype(np.int64))


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        return float((model(x).argmax(dim=1) == y).float().mean().item())


def loss(model, x, y):
    model.eval()
    with torch.no_grad():
        return float(nn.functional.cross_entropy(model(x), y).item())
