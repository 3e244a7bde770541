#!/usr/bin/env python3
"""Loads SimpleCNN weights written by mnistkit the way a tutorial user would, and prints PyTorch's logits as JSON.

  python3 check-torch-load.py --pth model.pth --safetensors model.safetensors --images mnist_test_100.u8

For each file given: torch.load(PATH, weights_only=True) (or safetensors.torch.load_file), then
SimpleCNN().load_state_dict(...) (strict: every key and shape must match), eval(), logits of the images
(raw uint8 28x28, normalised as the tutorial: x / 255 then (x - 0.5) / 0.5).
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_models import SimpleCNN  # noqa: E402


def logits(state_dict, x):
    model = SimpleCNN()
    model.load_state_dict(state_dict)
    model.eval()
    with torch.no_grad():
        return model(x).tolist()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pth")
    ap.add_argument("--safetensors")
    ap.add_argument("--images", required=True)
    args = ap.parse_args()
    raw = np.fromfile(args.images, dtype=np.uint8).reshape(-1, 1, 28, 28)
    x = (torch.from_numpy(raw.astype(np.float32) / 255.0) - 0.5) / 0.5
    out = {"torch": torch.__version__}
    if args.pth:
        out["pth"] = logits(torch.load(args.pth, weights_only=True), x)
    if args.safetensors:
        from safetensors.torch import load_file
        out["safetensors"] = logits(load_file(args.safetensors), x)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
