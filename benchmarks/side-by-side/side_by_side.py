#!/usr/bin/env python3
"""The engine and llama-server side by side on the same workload (issue 17); standard library only.

For each workload (the tiny fixture, and a mid-size random LLaVA-shaped pair made by make_midsize_llava.py) it runs
`eibench bench --mode user` and llama-server (native/build/current-server, built from the same pinned, patched
llama.cpp by `native/build.sh --server`) with scripts/device/tools/client.py in alternating pairs (engine first in
even pairs, server first in odd ones), each on 127.0.0.1 with the same model, mmproj, N slots, threads, context per
sequence, flash attention off, `--cache-ram 0`, the same prompts (the vicuna layout of eibench's `user` mode; the
prompt positions of both sides are printed and compared) and exactly --max-tokens generated tokens (ignore-eos,
greedy). It prints each pair's ratio (eibench samples/s over server requests/s) with the load average beside it,
the median, and writes everything as JSON.

Java time: `java s` of eibench bench is wall time of its decode thread's steps outside native calls (the step loop's
Java and admission's; image file reading, mtmd_tokenize's preprocessing and encoding are native and are timed apart,
see `phases` in its --json; it still includes any time the thread waited for a core); --jfr adds a CPU-time figure
per decode call from JFR's CPU-time sampler (jfr_phases.py prints it per phase).

usage: benchmarks/side-by-side/side_by_side.py [--workload tiny,midsize] [--pairs 3] [--jfr] [--json FILE]
"""
import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CACHE = os.path.join(os.path.expanduser("~"), ".cache", "eibench", "side-by-side")
SERVER = os.path.join(REPO, "native", "build", "current-server", "bin", "llama-server")
CLIENT = os.path.join(REPO, "scripts", "device", "tools", "client.py")
GGUF_PY = os.path.join(REPO, "native", "src", "llama.cpp-de3ff815", "gguf-py")
TINY = os.path.join(REPO, "data", "fixtures", "tiny-llava")


def workloads(cache):
    mid = os.path.join(cache, "midsize")
    return {
        "tiny": dict(model=os.path.join(TINY, "tiny-llava-f16.gguf"),
                     mmproj=os.path.join(TINY, "mmproj-tiny-llava-f16.gguf"), samples=64, make=None),
        "midsize": dict(model=os.path.join(mid, "midsize-llava-f16.gguf"),
                        mmproj=os.path.join(mid, "mmproj-midsize-llava-f16.gguf"), samples=8,
                        make=[sys.executable, os.path.join(HERE, "make_midsize_llava.py"), mid]),
    }


def load():
    return os.getloadavg()[0]


def log(msg):
    print(f"[side-by-side {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def ensure_inputs(w, cache, samples):
    if w["make"] and not (os.path.exists(w["model"]) and os.path.exists(w["mmproj"])):
        log("generating " + os.path.dirname(w["model"]))
        subprocess.run(w["make"], check=True, env=dict(os.environ, PYTHONPATH=GGUF_PY))
    data = os.path.join(cache, f"bench{samples}")
    if not os.path.exists(os.path.join(data, "user.jsonl")):
        subprocess.run([sys.executable, os.path.join(REPO, "scripts", "device", "make_bench_dataset.py"), data,
                        str(samples)], check=True)
    return data


def run_engine(w, data, a, tag):
    out = os.path.join(a.work, f"{tag}-eibench.json")
    cmd = [os.path.join(REPO, "eibench"), "bench", "-m", w["model"], "--mmproj", w["mmproj"], "--eibench", data,
           "--images", data, "--mode", "user", "--persona", "emotion-expert", "--chat-template", "vicuna",
           "--max-tokens", str(a.max_tokens), "--ignore-eos", "--sampling", "greedy", "-ngl", "0", "-t",
           str(a.threads), "--parallel", str(a.parallel), "--ctx-per-seq", str(a.ctx_per_seq), "-fa", "off",
           "--warmup", str(a.engine_warmup), "--json", out]
    env = dict(os.environ)
    recording = os.path.join(a.work, f"{tag}.jfr")
    if a.jfr:
        env["EIBENCH_JAVA_OPTS"] = (env.get("EIBENCH_JAVA_OPTS", "") + " -XX:StartFlightRecording=filename="
                                    + recording + ",settings=profile,jdk.CPUTimeSample#enabled=true,"
                                    "jdk.CPUTimeSample#throttle=5ms").strip()
    before = load()
    t = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit(f"eibench bench failed ({p.returncode}):\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}")
    r = json.load(open(out))["results"][0]
    profile = None
    if a.jfr:
        phases = os.path.join(a.work, f"{tag}-phases.json")
        text = subprocess.run([sys.executable, os.path.join(HERE, "jfr_phases.py"), recording, "--json", phases],
                              capture_output=True, text=True, check=True).stdout
        with open(os.path.join(a.work, f"{tag}-phases.txt"), "w") as f:
            f.write(text)
        groups = json.load(open(phases))["groups"]
        cpu_java = (groups.get("decode thread/cpu-java") or {}).get("cpu_s") or 0
        # the recording covers the whole process: model load and warm-up are part of its decode-thread samples
        profile = dict(decode_thread_java_cpu_s=cpu_java, java_cpu_us_per_decode=1e6 * cpu_java / max(1, r["decodeCalls"]),
                       phases=phases)
    return dict(profile=profile, samples_per_s=r["samples"] / r["wallSeconds"], wall_s=r["wallSeconds"], samples=r["samples"],
                failed=r["failed"], prompt_positions=r["promptTokens"], generated=r["generatedTokens"],
                decode_calls=r["decodeCalls"], native_s=r["nativeSeconds"], java_s=r["javaSeconds"],
                java_us_per_decode=1e6 * r["javaSeconds"] / max(1, r["decodeCalls"]), phases=r.get("phases"),
                reused_positions=r["reusedPositions"], process_s=time.time() - t, load_before=before,
                load_after=load())


def run_server(w, data, a, tag, port):
    out = os.path.join(a.work, f"{tag}-server.json")
    server_log = open(os.path.join(a.work, f"{tag}-server.log"), "w")
    before = load()
    server = subprocess.Popen([SERVER, "-m", w["model"], "--mmproj", w["mmproj"], "-ngl", "0", "-np",
                               str(a.parallel), "-c", str(a.parallel * a.ctx_per_seq), "-t", str(a.threads), "-tb",
                               str(a.threads), "-fa", "off", "--cache-ram", "0", "--host", "127.0.0.1", "--port",
                               str(port)], stdout=server_log, stderr=subprocess.STDOUT)
    try:
        p = subprocess.run([sys.executable, CLIENT, "--port", str(port), "--threads", str(a.parallel), "--dataset",
                            data, "--n-predict", str(a.max_tokens), "--out", out, "--label", tag],
                           capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"client failed ({p.returncode}):\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}")
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        server_log.close()
    s = json.load(open(out))["summary"]
    if not s["all_exact"] or s["n_err"]:
        sys.exit(f"llama-server did not give exactly {a.max_tokens} tokens for every request: {s}")
    return dict(req_per_s=s["req_per_s"], wall_s=s["wall_s"], requests=s["n_ok"],
                prompt_positions=s["sum_tokens_evaluated"], generated=s["gen_tokens"],
                text_prompt_tokens=s["text_prompt_tokens"], load_before=before, load_after=load())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workload", default="tiny,midsize", help="comma-separated: tiny, midsize (default: both)")
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--parallel", type=int, default=4)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-tokens", type=int, default=64)
    ap.add_argument("--ctx-per-seq", type=int, default=1024)
    ap.add_argument("--samples", type=int, help="images per run (default: 64 tiny, 8 midsize)")
    ap.add_argument("--cache", default=CACHE, help="generated models and datasets (default: %(default)s)")
    ap.add_argument("--json", help="output file (default: benchmarks/results/side-by-side-<UTC>.json)")
    ap.add_argument("--jfr", action="store_true",
                    help="record a JFR profile (with JDK 25 CPU-time sampling) of every engine run, and print the"
                         " decode thread's Java CPU time per decode call from it (jfr_phases.py; work folder)")
    ap.add_argument("--engine-warmup", type=int, default=1,
                    help="untimed warm-up requests of eibench bench (default 1, as the client sends llama-server)")
    ap.add_argument("--port", type=int, default=18617)
    a = ap.parse_args()
    if not os.access(SERVER, os.X_OK):
        sys.exit(f"no llama-server at {SERVER}: build it with native/build.sh --server")
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
    a.json = a.json or os.path.join(REPO, "benchmarks", "results", f"side-by-side-{stamp}.json")
    a.work = tempfile.mkdtemp(prefix="side-by-side-")
    log(f"work folder {a.work}; {os.cpu_count()} CPUs; load {load():.2f}")
    all_w = workloads(a.cache)
    report = dict(date=stamp, cpus=os.cpu_count(), uname=" ".join(os.uname()), settings=dict(
        parallel=a.parallel, threads=a.threads, max_tokens=a.max_tokens, ctx_per_seq=a.ctx_per_seq, pairs=a.pairs,
        engine_warmup=a.engine_warmup),
        workloads={})
    for name in a.workload.split(","):
        w = all_w[name]
        samples = a.samples or w["samples"]
        data = ensure_inputs(w, a.cache, samples)
        pairs = []
        for i in range(a.pairs):
            tag = f"{name}-{i}"
            runs = {}
            for side in (("engine", "server") if i % 2 == 0 else ("server", "engine")):
                runs[side] = run_engine(w, data, a, tag) if side == "engine" else run_server(w, data, a, tag,
                                                                                            a.port + i)
            e, s = runs["engine"], runs["server"]
            pair = dict(engine=e, server=s, ratio=e["samples_per_s"] / s["req_per_s"], order=list(runs))
            pairs.append(pair)
            log(f"{name} pair {i + 1}: eibench {e['samples_per_s']:.3f} samples/s (wall {e['wall_s']:.2f} s, load "
                f"{e['load_before']:.1f}->{e['load_after']:.1f}), llama-server {s['req_per_s']:.3f} req/s (wall "
                f"{s['wall_s']:.2f} s, load {s['load_before']:.1f}->{s['load_after']:.1f}): ratio {pair['ratio']:.3f};"
                f" prompt positions {e['prompt_positions']} vs {s['prompt_positions']}, generated {e['generated']} vs"
                f" {s['generated']}; Java {e['java_s']:.3f} s = {e['java_us_per_decode']:.0f} us per decode call"
                f" ({e['decode_calls']} calls), {100 * e['java_s'] / e['wall_s']:.1f} % of wall"
                + (f"; JFR: decode-thread Java CPU {e['profile']['decode_thread_java_cpu_s']:.3f} s ="
                   f" {e['profile']['java_cpu_us_per_decode']:.0f} us per decode call" if e["profile"] else ""))
        ratios = [p["ratio"] for p in pairs]
        report["workloads"][name] = dict(model=w["model"], mmproj=w["mmproj"], samples=samples, pairs=pairs,
                                         median_ratio=statistics.median(ratios),
                                         same_prompt_positions=all(p["engine"]["prompt_positions"]
                                                                   == p["server"]["prompt_positions"] for p in pairs))
    os.makedirs(os.path.dirname(a.json), exist_ok=True)
    with open(a.json, "w") as f:
        json.dump(report, f, indent=1)
    print()
    print(f"Side by side ({stamp}, {os.cpu_count()} CPUs, N={a.parallel}, -t {a.threads}, {a.max_tokens} tokens,"
          f" ctx {a.ctx_per_seq}/seq):")
    print(f"{'workload':9} {'samples':>7} {'eibench/s':>10} {'server/s':>9} {'ratio':>6} {'load':>5} {'java us/dec':>11}"
          f" {'java %wall':>10} {'prompt pos (eib/srv)':>22}")
    for name, r in report["workloads"].items():
        for p in r["pairs"]:
            e, s = p["engine"], p["server"]
            print(f"{name:9} {r['samples']:7d} {e['samples_per_s']:10.3f} {s['req_per_s']:9.3f} {p['ratio']:6.3f}"
                  f" {max(e['load_before'], s['load_before']):5.1f} {e['java_us_per_decode']:11.0f}"
                  f" {100 * e['java_s'] / e['wall_s']:10.1f} {e['prompt_positions']:>11}/{s['prompt_positions']:<10}")
        print(f"{name:9} median ratio {r['median_ratio']:.3f} (goal >= 1.1); same prompt positions on both sides:"
              f" {r['same_prompt_positions']}")
    print(f"JSON: {a.json}")


if __name__ == "__main__":
    main()
