#!/usr/bin/env python3
"""Per-phase profile of an `eibench` JFR recording (standard library only): each sample is charged to the innermost
frame of its stack that names a phase below, counted per thread group (decode thread, sample threads, other).

Kinds: `java`/`native` = jdk.ExecutionSample / jdk.NativeMethodSample (wall-clock sampling of threads running Java /
inside a native call); `cpu-java`/`cpu-native` = jdk.CPUTimeSample (JDK 25, CPU-time sampling; `native` when the
stack is inside a llama.cpp/libmtmd downcall). Record the latter with
  EIBENCH_JAVA_OPTS="-XX:StartFlightRecording=filename=F.jfr,settings=profile,jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=5ms"
and the CPU time of a group is samples x the sampling period (printed).

usage: jfr_phases.py RECORDING.jfr [--per-thread] [--jfr PATH_TO_JDK_jfr_TOOL] [--json OUT]
"""
import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys

# (phase, frame pattern): the first pattern matched from the innermost frame outwards names the phase
PHASES = [
    ("decode: llama_decode (native)", r"LlamaNative\.llama_decode\b"),
    ("decode: checks before llama_decode", r"LlamaContext\.decode\b"),
    ("vision: image decode into KV (native)", r"MtmdContext\.decodeImage"),
    ("vision: encode (native)", r"MtmdContext\.encode"),
    ("image: tokenize+preprocess (mtmd_tokenize)", r"MtmdContext\.tokenize"),
    ("image: read+decode file", r"MtmdContext\.bitmapFrom|ImageBytes\."),
    ("tokenize: text", r"LlamaVocab\.tokenize"),
    ("prepare: render, sampler, other", r"PromptPreparer\."),
    ("sampling", r"SamplerChain\.sample"),
    ("detokenize: token piece", r"LlamaVocab\.tokenToPiece"),
    ("end-of-generation check", r"LlamaVocab\.isEndOfGeneration"),
    ("stop strings + text", r"Slot\.text|BatchGenerator\.sample"),
    ("batch building", r"LlamaBatch\.|BatchGenerator\.fillBatch"),
    ("KV bookkeeping (seq_rm/cp)", r"LlamaContext\.seq"),
    ("finish + result hand-over", r"BatchGenerator\.(finish|report|fail|release)"),
    ("admission + planning", r"BatchGenerator\.(admit|startOrFail|takePrefix|startWaitingSlots)|PrefixPlanner\."),
    ("step loop, other", r"BatchGenerator\.|ContinuousBatchingService\."),
    ("record writing", r"RunFolder\.|RecordLog\."),
    ("runner: prompts, modes", r"EvaluationRunner\.|ModeExecutor\."),
]


def group(thread, thread_id, per_thread):
    if thread.startswith("decode-"):
        # eibench bench loads the model again per --parallel value: each timed run has its own decode thread
        return f"decode thread #{thread_id}" if per_thread else "decode thread"
    if thread in ("prepare-ahead", "vision-encode"):
        return "prepare-ahead thread"
    if thread.startswith("sample-") or "ForkJoinPool" in thread:
        return "sample threads"
    return "other"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("recording")
    ap.add_argument("--json")
    ap.add_argument("--per-thread", action="store_true",
                    help="one group per decode thread (one per timed run of `eibench bench --parallel 4,4`)")
    ap.add_argument("--jfr", default=shutil.which("jfr") or os.path.join(os.environ.get("JAVA_HOME", ""), "bin", "jfr"))
    a = ap.parse_args()
    text = subprocess.run([a.jfr, "print", "--stack-depth", "96", "--events",
                           "jdk.ExecutionSample,jdk.NativeMethodSample,jdk.CPUTimeSample", a.recording],
                          capture_output=True, text=True, check=True).stdout
    counts = collections.Counter()
    totals = collections.Counter()
    cpu_ms = collections.Counter()  # CPU-time samples weigh their own period (JFR adapts it under load)
    period_ms = None
    for event in re.split(r"\n(?=jdk\.(?:ExecutionSample|NativeMethodSample|CPUTimeSample) \{)", text):
        if not event.startswith("jdk."):
            continue
        frames = re.findall(r"^\s+([\w.$<>]+\.[\w$<>]+)\(", event, re.M)
        if event.startswith("jdk.CPUTimeSample"):
            if "failed = true" in event:
                continue
            kind = "cpu-native" if any(re.match(r"org\.eibench\.kernels\.llama\.(LlamaNative|MtmdNative)\.", f)
                                       for f in frames) else "cpu-java"
            m = re.search(r"samplingPeriod = ([\d.]+) ms", event)
            period_ms = float(m.group(1)) if m else period_ms
        else:
            kind = "java" if event.startswith("jdk.ExecutionSample") else "native"
        m = re.search(r'(?:sampledThread|eventThread) = "([^"]*)" \(javaThreadId = (\d+)\)', event)
        thread = group(m.group(1) if m else "?", m.group(2) if m else "?", a.per_thread)
        phase = "other"
        for frame in frames:
            hit = next((p for p, pat in PHASES if re.search(pat, frame)), None)
            if hit:
                phase = hit
                break
        counts[(thread, kind, phase)] += 1
        totals[(thread, kind)] += 1
        if kind.startswith("cpu"):
            cpu_ms[(thread, kind)] += period_ms or 0
            cpu_ms[(thread, kind, phase)] += period_ms or 0
    report = {}
    for (thread, kind), total in sorted(totals.items()):
        cpu = kind.startswith("cpu")
        print(f"{thread}, {kind} samples: {total}" + (f" = {cpu_ms[(thread, kind)] / 1000:.3f} s of CPU" if cpu else ""))
        report[f"{thread}/{kind}"] = dict(samples=total, cpu_s=cpu_ms[(thread, kind)] / 1000 if cpu else None,
                                          phases={p: n for (t, k, p), n in counts.items() if t == thread and k == kind},
                                          phase_cpu_s={p: cpu_ms[(t, k, p)] / 1000 for (t, k, p) in counts
                                                       if t == thread and k == kind} if cpu else None)
        for (t, k, phase), n in counts.most_common():
            if t == thread and k == kind:
                ms = f" {cpu_ms[(t, k, phase)]:8.0f} ms" if k.startswith("cpu") else ""
                print(f"  {n:6d} {100 * n / total:5.1f}%{ms}  {phase}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(dict(recording=a.recording, period_ms=period_ms, groups=report), f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
