#!/usr/bin/env python3
"""Reads a TensorBoard log directory with TensorBoard's own reader and prints what it found as JSON.

  python3 read-events.py <logdir>

Uses tensorboard.backend.event_processing.event_accumulator.EventAccumulator (every event kept), the reader behind
`tensorboard --logdir`. Prints { files, tags, scalars: {tag: [[step, value], ...]}, images: {tag: [[step, width,
height, png_bytes_hex_prefix, png_length]]}, texts: {tag: [[step, text]]} }.
"""
import json
import os
import sys

from tensorboard.backend.event_processing import event_accumulator


def main():
    logdir = sys.argv[1]
    acc = event_accumulator.EventAccumulator(logdir, size_guidance={"scalars": 0, "images": 0, "tensors": 0})
    acc.Reload()
    tags = acc.Tags()
    out = {
        "files": sorted(f for f in os.listdir(logdir) if "tfevents" in f),
        "tags": {k: sorted(v) for k, v in tags.items() if isinstance(v, list)},
        "scalars": {t: [[e.step, e.value] for e in acc.Scalars(t)] for t in tags["scalars"]},
        "images": {
            t: [[e.step, e.width, e.height, e.encoded_image_string[:8].hex(), len(e.encoded_image_string)] for e in acc.Images(t)]
            for t in tags["images"]
        },
        "texts": {
            t: [[e.step, e.tensor_proto.string_val[0].decode("utf-8")] for e in acc.Tensors(t)]
            for t in tags["tensors"]
            if acc.SummaryMetadata(t).plugin_data.plugin_name == "text"
        },
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
