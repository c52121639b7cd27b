#!/usr/bin/env python3
"""Writes an EIBench-layout Basic dataset of N random-noise 336x336 PNG images for speed runs (no real images travel
to the GPU machine): CAER-S/train/{Happy,Angry}/NNNN.png and EmoSet-118k/image/{sadness,excitement}/..., user.jsonl
with one question per image (the reference scripts' phrasing), basic_ground_truth.json with a 3-item trigger list.
Pure standard library, deterministic for a seed.

usage: make_bench_dataset.py OUT_DIR N [--seed 1234]
"""
import argparse
import json
import os
import random
import struct
import zlib

FOLDERS = [("CAER-S/train/Happy", "happy"), ("CAER-S/train/Angry", "angry"),
           ("EmoSet-118k/image/sadness", "sad"), ("EmoSet-118k/image/excitement", "excited")]


def png(width, height, rgb):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + rgb[y * width * 3:(y + 1) * width * 3] for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b""))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    queries, truth = [], {}
    for i in range(args.n):
        folder, emotion = FOLDERS[i % len(FOLDERS)]
        key = f"{folder}/{i // len(FOLDERS) + 1:04d}.png"
        path = os.path.join(args.out, key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(png(336, 336, rng.randbytes(336 * 336 * 3)))
        queries.append({key: f"What might have caused the person in the image to feel {emotion}?"})
        truth[key] = "1. The facial expression.\n2. The body posture.\n3. The surroundings."
    with open(os.path.join(args.out, "user.jsonl"), "w") as f:
        f.writelines(json.dumps(q) + "\n" for q in queries)
    with open(os.path.join(args.out, "basic_ground_truth.json"), "w") as f:
        json.dump(truth, f, indent=1)
    print(f"wrote {args.n} images and annotations to {args.out}")


if __name__ == "__main__":
    main()
