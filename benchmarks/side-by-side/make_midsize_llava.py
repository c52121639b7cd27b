#!/usr/bin/env python3
"""Writes the side-by-side harness's mid-size random LLaVA-shaped pair with gguf-py (numpy, no torch), deterministic.

Text model: LLaMA architecture, f16, vocab 32000, hidden 1536, 14 layers, ffn 4096, 12 heads: 0.49 B parameters
(0.99 GB), made by scripts/device/tools/make_text_gguf.py (random N(0, 0.02) weights from a seeded pool).
mmproj: a CLIP vision tower in the layout the legacy LLaVA converter writes (the tiny fixture's
mmproj-tiny-llava-f16.gguf has the same tensors and keys): 112 px, patch 14 (64 image tokens), hidden 256, 4 blocks,
and an MLP projector 256 -> 1536 -> 1536 sized to the text model. Tower and image are kept small on purpose: on two
CPU cores this text model prefills about 25 tokens/s (f16, no llamafile), so LLaVA-1.5's 576 image tokens would
take 25 s per image and bury the decode steps whose overhead the side-by-side run is about (on a GPU prefill is
the cheap part).

usage: PYTHONPATH=<llama.cpp>/gguf-py make_midsize_llava.py OUT_DIR [--seed 1234]
writes OUT_DIR/midsize-llava-f16.gguf and OUT_DIR/mmproj-midsize-llava-f16.gguf (skips files already there)
"""
import argparse
import os
import subprocess
import sys
import time

import gguf
import numpy as np

TEXT = dict(vocab=32000, hidden=1536, layers=14, ffn=4096, heads=12)
VISION = dict(image=112, patch=14, hidden=256, ffn=1024, heads=4, blocks=4)


def write_mmproj(path, seed, text_hidden):
    rng = np.random.default_rng(seed)
    v = VISION
    h, f = v["hidden"], v["ffn"]
    patches = (v["image"] // v["patch"]) ** 2

    def weight(*shape):  # numpy shape (rows, cols): ggml sees it reversed, as the legacy converter writes it
        return (rng.standard_normal(shape, dtype=np.float32) * 0.02).astype(np.float16)

    def vector(n, value=None):
        return np.full(n, value, dtype=np.float32) if value is not None else \
            (rng.standard_normal(n, dtype=np.float32) * 0.02)

    w = gguf.GGUFWriter(path, "clip")
    w.add_bool("clip.has_text_encoder", False)
    w.add_bool("clip.has_vision_encoder", True)
    w.add_bool("clip.has_llava_projector", True)
    w.add_file_type(1)
    w.add_name("midsize-vit")
    w.add_description("image encoder for LLaVA (random weights, side-by-side benchmark)")
    w.add_string("clip.projector_type", "mlp")
    w.add_uint32("clip.vision.image_size", v["image"])
    w.add_uint32("clip.vision.patch_size", v["patch"])
    w.add_uint32("clip.vision.embedding_length", h)
    w.add_uint32("clip.vision.feed_forward_length", f)
    w.add_uint32("clip.vision.projection_dim", text_hidden)
    w.add_uint32("clip.vision.attention.head_count", v["heads"])
    w.add_float32("clip.vision.attention.layer_norm_epsilon", 1e-5)
    w.add_uint32("clip.vision.block_count", v["blocks"])
    w.add_array("clip.vision.image_mean", [0.48145466, 0.4578275, 0.40821073])
    w.add_array("clip.vision.image_std", [0.26862954, 0.26130258, 0.27577711])
    w.add_bool("clip.use_gelu", False)
    w.add_tensor("mm.0.weight", weight(text_hidden, h))
    w.add_tensor("mm.0.bias", vector(text_hidden))
    w.add_tensor("mm.2.weight", weight(text_hidden, text_hidden))
    w.add_tensor("mm.2.bias", vector(text_hidden))
    w.add_tensor("v.class_embd", vector(h))
    w.add_tensor("v.patch_embd.weight", weight(h, 3, v["patch"], v["patch"]))
    w.add_tensor("v.position_embd.weight", weight(patches + 1, h))
    w.add_tensor("v.pre_ln.weight", vector(h, 1.0))
    w.add_tensor("v.pre_ln.bias", vector(h, 0.0))
    for b in range(v["blocks"]):
        for name in ("attn_k", "attn_v", "attn_q", "attn_out"):
            w.add_tensor(f"v.blk.{b}.{name}.weight", weight(h, h))
            w.add_tensor(f"v.blk.{b}.{name}.bias", vector(h))
        w.add_tensor(f"v.blk.{b}.ln1.weight", vector(h, 1.0))
        w.add_tensor(f"v.blk.{b}.ln1.bias", vector(h, 0.0))
        # the legacy converter's names: "ffn_down" is fc1 (hidden -> ffn), "ffn_up" is fc2 (ffn -> hidden)
        w.add_tensor(f"v.blk.{b}.ffn_down.weight", weight(f, h))
        w.add_tensor(f"v.blk.{b}.ffn_down.bias", vector(f))
        w.add_tensor(f"v.blk.{b}.ffn_up.weight", weight(h, f))
        w.add_tensor(f"v.blk.{b}.ffn_up.bias", vector(h))
        w.add_tensor(f"v.blk.{b}.ln2.weight", vector(h, 1.0))
        w.add_tensor(f"v.blk.{b}.ln2.bias", vector(h, 0.0))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1234)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    text = os.path.join(a.out, "midsize-llava-f16.gguf")
    mmproj = os.path.join(a.out, "mmproj-midsize-llava-f16.gguf")
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if not os.path.exists(text):
        t0 = time.time()
        maker = os.path.join(repo, "scripts", "device", "tools", "make_text_gguf.py")
        args = [f"--{k}={v}" for k, v in TEXT.items()]
        subprocess.run([sys.executable, maker, text + ".part", *args], check=True)
        os.replace(text + ".part", text)
        print(f"text model {text} ({os.path.getsize(text) / 1e9:.2f} GB) in {time.time() - t0:.1f} s")
    if not os.path.exists(mmproj):
        write_mmproj(mmproj + ".part", a.seed, TEXT["hidden"])
        os.replace(mmproj + ".part", mmproj)
        print(f"mmproj {mmproj} ({os.path.getsize(mmproj) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
