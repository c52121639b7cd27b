#!/usr/bin/env bash
# The GPU checks of issues 2, 3 and 5, run ON the lent GPU machine (no Java, Maven, npm or internet there) from the
# pack that scripts/device/pack.sh made here. Each stage fits one device call (≤ 10 min); a warm machine keeps
# /tmp/eib between calls, so later stages reuse the build and the models. Results go to $OUT (or /tmp/eib/out).
#
#   bash scripts/device/gpu-checks.sh build      # unpack runtime + source, native/build.sh --cuda (~3-5 min)
#   bash scripts/device/gpu-checks.sh generate   # issue 2: tiny LLaVA greedy ids on the GPU vs the CPU, CUDA in logs
#   bash scripts/device/gpu-checks.sh run        # issue 3: eibench run cfsa on data/mini-eibench on the GPU
#   bash scripts/device/gpu-checks.sh models     # random LLaVA-1.5-7B-shaped pair + 256 noise images (needs torch)
#   bash scripts/device/gpu-checks.sh bench-user # issue 5: P1, user mode, 256 x 256 tokens, N = 16,32,64
#   bash scripts/device/gpu-checks.sh bench-cfsa # issue 5: cfsa vs user at one N (the CFSA ratio)
#   bash scripts/device/gpu-checks.sh server     # issue 5: llama-server (same source) at P = 64 on bench-user's load
#   bash scripts/device/gpu-checks.sh server-build  # only its build (the server stage runs it first when needed)
#
# EIBENCH_DEVICE_CPU=1 rehearses every stage on a machine without a GPU (CPU build, -ngl 0, small sizes).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
pack="$repo/target/device-pack"
work="${EIBENCH_DEVICE_WORK:-/tmp/eib}"
out="${OUT:-$work/out}"
cpu="${EIBENCH_DEVICE_CPU:-0}"
mkdir -p "$work" "$out"
log() { echo "[gpu-checks $(date -u +%H:%M:%S)] $*" | tee -a "$out/summary.txt" >&2; }

ngl=999; variant=--cuda; n_images=256; max_tokens=256; parallel_list=16,32,64; cfsa_parallel=32; server_np=64
if [ "$cpu" = 1 ]; then ngl=0; variant=--cpu; n_images=8; max_tokens=8; parallel_list=1,4; cfsa_parallel=4; server_np=4; fi
export PATH="/usr/local/cuda/bin:$PATH"

jre="$work/jre"
eibench() {
  # shellcheck disable=SC2086
  "$jre/bin/java" --enable-native-access=ALL-UNNAMED -Xss8m -Deibench.home="$repo" ${EIBENCH_JAVA_OPTS:-} \
    -Deibench.native.dir="$repo/native/build/current" -cp "$pack/lib/*" org.eibench.engine.cli.Main "$@"
}
tiny=(-m "$repo/data/fixtures/tiny-llava/tiny-llava-f16.gguf" --mmproj "$repo/data/fixtures/tiny-llava/mmproj-tiny-llava-f16.gguf")
big=(-m "$work/models/rl7b.gguf" --mmproj "$work/models/mmproj/mmproj-model-f16.gguf" --chat-template vicuna)

stage_build() {
  [ -f "$pack/jre.tgz" ] || { echo "no $pack: run scripts/device/pack.sh on the workstation and carry target/device-pack" >&2; exit 1; }
  [ -x "$jre/bin/java" ] || tar -xzf "$pack/jre.tgz" -C "$work"
  [ -f "$work/llama-src/.eibench-source-commit" ] || tar -xzf "$pack/llama-src.tgz" -C "$work"
  { nvidia-smi || true; nvcc --version || true; cmake --version | head -1; nproc; } > "$out/machine.txt" 2>&1
  local t=$SECONDS
  EIBENCH_BUILD_JOBS="$(nproc)" bash "$repo/native/build.sh" "$variant" --source "$work/llama-src" 2>&1 | tail -5 | tee -a "$out/summary.txt"
  log "native build ($variant) in $((SECONDS - t)) s: $(cat "$repo/native/build/current/build-info.properties" | tr '\n' ' ')"
}

stage_generate() {
  local q=(--image "$repo/data/fixtures/tiny-llava/test.png" -p "Describe the image." -n 32 --temp 0 --ignore-eos)
  # llama.cpp's info lines (devices, offloaded layers, buffers) are debug in our logging; show them here
  EIBENCH_JAVA_OPTS="-Dorg.slf4j.simpleLogger.log.llama.cpp=debug -Dorg.slf4j.simpleLogger.log.mtmd=debug" \
    eibench generate "${tiny[@]}" -ngl "$ngl" "${q[@]}" > "$out/generate-gpu.txt" 2> "$out/generate-gpu.log"
  eibench generate "${tiny[@]}" -ngl 0 "${q[@]}" > "$out/generate-cpu.txt" 2> "$out/generate-cpu.log"
  log "generate -ngl $ngl, device lines: $(grep -aiE 'CUDA|offloaded|using device' "$out/generate-gpu.log" | head -6 | tr '\n' '|')"
  log "generate timings: GPU $(tail -1 "$out/generate-gpu.log") / CPU $(tail -1 "$out/generate-cpu.log")"
  if cmp -s "$out/generate-gpu.txt" "$out/generate-cpu.txt"; then
    log "greedy answer (32 tokens): GPU and CPU identical"
  else
    log "greedy answer (32 tokens): GPU and CPU DIFFER (see generate-gpu.txt, generate-cpu.txt)"
  fi
}

stage_run() {
  for ahead in off on; do
    rm -rf "$work/run-cfsa-$ahead"
    local t=$SECONDS
    eibench run "${tiny[@]}" -ngl "$ngl" --vision-ahead "$ahead" --benchmark basic --mode cfsa \
      --eibench "$repo/data/mini-eibench" --images "$repo/data/mini-eibench" --out "$work/run-cfsa-$ahead" \
      --parallel 4 --max-tokens 32 > "$out/run-$ahead.log" 2>&1 || true
    cp "$work/run-cfsa-$ahead/records.jsonl" "$out/records-$ahead.jsonl" 2>/dev/null || true
    cp "$work/run-cfsa-$ahead/run.json" "$out/run-$ahead.json" 2>/dev/null || true
    log "eibench run cfsa (tiny, -ngl $ngl, N=4, --vision-ahead $ahead) in $((SECONDS - t)) s: $(tail -2 "$out/run-$ahead.log" | tr '\n' ' ')"
  done
  if cmp -s "$work/run-cfsa-off/predictions.jsonl" "$work/run-cfsa-on/predictions.jsonl"; then
    log "predictions with and without the vision stage: identical"
  else
    log "predictions with and without the vision stage: DIFFER (greedy answers may depend on batch shape on a GPU)"
  fi
}

stage_models() {
  export PYTHONPATH="$work/llama-src/gguf-py"
  mkdir -p "$work/models"
  if [ "$cpu" = 1 ]; then
    ln -sf "$repo/data/fixtures/tiny-llava/tiny-llava-f16.gguf" "$work/models/rl7b.gguf"
    mkdir -p "$work/models/mmproj"
    ln -sf "$repo/data/fixtures/tiny-llava/mmproj-tiny-llava-f16.gguf" "$work/models/mmproj/mmproj-model-f16.gguf"
  else
    [ -f "$work/models/rl7b.gguf" ] || python3 "$here/tools/make_text_gguf.py" "$work/models/rl7b.gguf" > "$out/models.log" 2>&1
    if [ ! -f "$work/models/mmproj/mmproj-model-f16.gguf" ]; then
      python3 "$here/tools/make_vit_l14.py" "$work/models/vit" >> "$out/models.log" 2>&1
      (cd "$work/llama-src" && python3 "$repo/data/fixtures/tiny-llava/recipe/convert_mmproj_compat.py" \
        tools/mtmd/legacy-models/convert_image_encoder_to_gguf.py -m "$work/models/vit" \
        --llava-projector "$work/models/vit/llava.projector" --output-dir "$work/models/mmproj" --clip-model-is-vision) >> "$out/models.log" 2>&1
    fi
  fi
  [ -f "$work/bench/user.jsonl" ] || python3 "$here/make_bench_dataset.py" "$work/bench" "$n_images" >> "$out/models.log"
  log "models: $(ls -la "$work/models" "$work/models/mmproj" | grep -E 'gguf' | awk '{print $5, $NF}' | tr '\n' ' ')"
}

bench() { # mode parallel-list name context-per-sequence
  eibench bench "${big[@]}" -ngl "$ngl" --eibench "$work/bench" --images "$work/bench" --mode "$1" \
    --ctx-per-seq "$4" --max-tokens "$max_tokens" --ignore-eos --parallel "$2" --json "$out/bench-$3.json" \
    > "$out/bench-$3.txt" 2>&1 \
    || { tail -20 "$out/bench-$3.txt" >&2; return 1; }
  cp "$out/bench-$3.json" "$work/" # $OUT is fresh per device call; the server stage compares with this copy
  log "bench $3: $(grep -E '^ +(N|[0-9]+) ' "$out/bench-$3.txt" | tr -s ' ' | tr '\n' '|')"
}

# KV cells per sequence: 637 prompt + 256 answer fit 1024 (as the llama-server anchor ran); CFSA's summary prompt
# carries every earlier answer, so 4096 there. 7B f16 holds 512 KiB of KV per cell: 64 x 1024 cells = 32 GiB.
stage_bench_user() { bench user "$parallel_list" user 1024; }
stage_bench_cfsa() {
  bench user "$cfsa_parallel" user-at-cfsa-n 1024
  bench cfsa "$cfsa_parallel" cfsa 4096
}

# llama.cpp's own llama-server, built from the same trimmed source with the same patch, flags and ccache layout as
# native/build.sh (so a warm ccache reuses the objects of ggml and llama), in its own folder under $work.
server_src="$work/server-src"
server_bin="$server_src/_build/bin/llama-server"
stage_server_build() {
  [ -f "$work/llama-src/.eibench-source-commit" ] || { echo "no $work/llama-src: run the build stage first" >&2; exit 1; }
  local stamp
  stamp="$(cat "$work/llama-src/.eibench-source-commit") $(cat "$repo"/native/patches/*.patch | sha256sum | cut -c1-12) $variant"
  if [ -x "$server_bin" ] && [ "$(cat "$server_src/.eibench-server-built" 2>/dev/null)" = "$stamp" ]; then
    log "llama-server up to date: $stamp"; return 0
  fi
  rm -rf "$server_src"
  cp -a "$work/llama-src/." "$server_src/"
  git -C "$server_src" init --quiet # as native/build.sh: git apply needs a repository of its own here
  local p
  for p in "$repo"/native/patches/*.patch; do
    [ -e "$p" ] || continue
    (cd "$server_src" && git apply --whitespace=nowarn "$p") || { echo "patch $(basename "$p") does not apply" >&2; exit 1; }
    (cd "$server_src" && git apply --reverse --check "$p" 2>/dev/null) \
      || { echo "patch $(basename "$p") reported success but is not in the tree" >&2; exit 1; }
  done
  local flags=(-DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON -DGGML_NATIVE=OFF
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON -DLLAMA_BUILD_APP=OFF
    -DLLAMA_BUILD_COMMON=ON -DLLAMA_BUILD_TOOLS=ON -DLLAMA_OPENSSL=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_UI=OFF
    -DCMAKE_BUILD_RPATH_USE_ORIGIN=ON -DCMAKE_POLICY_VERSION_MINIMUM=3.5)
  command -v ninja >/dev/null 2>&1 && flags+=(-G Ninja)
  local cc=none
  if command -v ccache >/dev/null 2>&1; then
    cc=ccache
    export CCACHE_BASEDIR="$work" CCACHE_NOHASHDIR=true
    flags+=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DGGML_CCACHE=OFF)
    [ "$cpu" = 1 ] || flags+=(-DCMAKE_CUDA_COMPILER_LAUNCHER=ccache)
  fi
  [ "$cpu" = 1 ] || flags+=(-DGGML_CUDA=ON "-DCMAKE_CUDA_ARCHITECTURES=${CMAKE_CUDA_ARCHITECTURES:-native}")
  local t=$SECONDS
  cmake -S "$server_src" -B "$server_src/_build" "${flags[@]}" > "$out/server-configure.log" 2>&1 \
    || { tail -20 "$out/server-configure.log" >&2; exit 1; }
  cmake --build "$server_src/_build" -j "$(nproc)" --target llama-server > "$out/server-build.log" 2>&1 \
    || { grep -m3 -A8 -E 'error|Error' "$out/server-build.log" >&2; exit 1; }
  echo "$stamp" > "$server_src/.eibench-server-built"
  log "llama-server build ($variant, $(nproc) jobs, launcher $cc) in $((SECONDS - t)) s: $(tail -1 "$out/server-build.log")"
}

stage_server() {
  stage_server_build
  [ -f "$work/bench/user.jsonl" ] && [ -e "$work/models/rl7b.gguf" ] || { echo "run the models stage first" >&2; exit 1; }
  local np=$server_np port extra=() spid mpid="" crc=0 rss mem=n/a
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  [ "$cpu" = 1 ] && extra=(-fa off) # as eibench's -fa auto on the CPU; on a GPU both leave it to llama.cpp
  # --cache-ram 0: the server's host-RAM prompt cache stalls this load (../shared/tools/gpu/README.md)
  "$server_bin" "${big[@]}" -ngl "$ngl" -np "$np" -c $((np * 1024)) -t "$(nproc)" "${extra[@]}" --cache-ram 0 \
    --host 127.0.0.1 --port "$port" > "$work/server.log" 2>&1 &
  spid=$!
  if command -v nvidia-smi >/dev/null 2>&1; then
    nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 500 > "$work/server-mem.csv" 2>&1 &
    mpid=$!
  fi
  python3 "$here/tools/client.py" --port "$port" --threads "$np" --dataset "$work/bench" --n-predict "$max_tokens" \
    --health-limit 300 --out "$out/server-np$np.json" --label "server-np$np" > "$out/server-client.txt" 2>&1 || crc=$?
  rss="$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$spid/status" 2>/dev/null || echo n/a)"
  kill "$spid" 2>/dev/null || true
  local i
  for i in $(seq 1 20); do kill -0 "$spid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$spid" 2>/dev/null || true
  [ -n "$mpid" ] && { kill "$mpid" 2>/dev/null || true; mem="$(sort -n "$work/server-mem.csv" | tail -1) MiB"; }
  wait 2>/dev/null || true
  grep -aE 'n_slots|n_threads|flash_attn|buffer size|CUDA|offloaded|loaded multimodal|no usable GPU' \
    "$work/server.log" | head -20 > "$out/server-keylines.txt" || true
  gzip -c "$work/server.log" > "$out/server.log.gz"
  [ "$crc" = 0 ] || { tail -20 "$out/server-client.txt" >&2; tail -20 "$work/server.log" >&2; exit 1; }
  cp "$out/server-np$np.json" "$work/"
  log "server P=$np (-c $((np * 1024)), --cache-ram 0): $(python3 - "$out/server-np$np.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
print(f"{s['n_ok']} req ({s['n_err']} errors) in {s['wall_s']} s: {s['req_per_s']} req/s, {s['gen_tok_per_s']} gen tok/s,"
      f" exactly {s['n_predict']} tokens each: {s['all_exact']}, tokens_evaluated {s['tokens_evaluated']},"
      f" text prompt {s['text_prompt_tokens']} tokens")
PY
)"
  log "server P=$np peak GPU memory $mem, server peak RSS $rss MiB"
  [ -f "$work/bench-user.json" ] && log "eibench vs llama-server at N=$np: $(python3 - "$work/bench-user.json" "$out/server-np$np.json" "$np" <<'PY'
import json, sys
runs = [r for r in json.load(open(sys.argv[1]))["results"] if r["parallel"] == int(sys.argv[3])]
s = json.load(open(sys.argv[2]))["summary"]
if not runs:
    print("bench-user has no run at this N")
else:
    b = runs[-1]
    sps, tps = b["samples"] / b["wallSeconds"], b["generatedTokens"] / b["wallSeconds"]
    print(f"eibench {sps:.3f} samples/s, {tps:.1f} gen tok/s; llama-server {s['req_per_s']} req/s,"
          f" {s['gen_tok_per_s']} gen tok/s; ratio {sps / s['req_per_s']:.2f}x (issue 5 asks >= 1.2x, same session)")
PY
)"
  return 0
}

case "${1:-}" in
  build) stage_build ;;
  generate) stage_generate ;;
  run) stage_run ;;
  models) stage_models ;;
  bench-user) stage_bench_user ;;
  bench-cfsa) stage_bench_cfsa ;;
  server-build) stage_server_build ;;
  server) stage_server ;;
  *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
