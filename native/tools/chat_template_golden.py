#!/usr/bin/env python3
"""Writes the golden chat-template outputs from llama.cpp itself.

For every golden input (models/src/test/resources/org/eibench/models/chat/golden/inputs/*.inp) and every
built-in template that names a llama.cpp template ("llamaCpp" in templates/*.json), calls
llama_chat_apply_template(name, ...) of the native build and writes golden/<template>/<case>.out.
The Java tests then check ChatTemplates against these bytes.

usage: python3 native/tools/chat_template_golden.py [native/build/current/lib]
"""
import ctypes
import json
import pathlib
import sys

repo = pathlib.Path(__file__).resolve().parents[2]
lib_dir = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else repo / "native" / "build" / "current" / "lib"
chat = repo / "models" / "src"
templates_dir = chat / "main" / "resources" / "org" / "eibench" / "models" / "chat" / "templates"
golden = chat / "test" / "resources" / "org" / "eibench" / "models" / "chat" / "golden"


class ChatMessage(ctypes.Structure):
    _fields_ = [("role", ctypes.c_char_p), ("content", ctypes.c_char_p)]


llama = ctypes.CDLL(str(lib_dir / "libllama.so"))
llama.llama_chat_apply_template.restype = ctypes.c_int32
llama.llama_chat_apply_template.argtypes = [ctypes.c_char_p, ctypes.POINTER(ChatMessage), ctypes.c_size_t,
                                            ctypes.c_bool, ctypes.c_char_p, ctypes.c_int32]


def apply(template, messages, add_ass):
    arr = (ChatMessage * max(1, len(messages)))(
        *[ChatMessage(m["role"].encode(), m["content"].encode("utf-8")) for m in messages])
    n = llama.llama_chat_apply_template(template.encode(), arr, len(messages), add_ass, None, 0)
    if n < 0:
        raise SystemExit(f"llama.cpp does not know template {template!r}")
    buf = ctypes.create_string_buffer(n + 1)
    llama.llama_chat_apply_template(template.encode(), arr, len(messages), add_ass, buf, n + 1)
    return buf.raw[:n]


for spec_file in sorted(templates_dir.glob("*.json")):
    spec = json.loads(spec_file.read_text(encoding="utf-8"))
    name = spec["name"]
    native_name = spec.get("llamaCpp") or json.loads((templates_dir / (spec["sameAs"] + ".json")).read_text())["llamaCpp"]
    out_dir = golden / name
    out_dir.mkdir(parents=True, exist_ok=True)
    for inp in sorted((golden / "inputs").glob("*.inp")):
        case = json.loads(inp.read_text(encoding="utf-8"))
        (out_dir / (inp.stem + ".out")).write_bytes(apply(native_name, case["messages"], case["addGenerationPrompt"]))
    print(f"{name}: llama.cpp '{native_name}'")
