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

ngl=999; variant=--cuda; n_images=256; max_tokens=256; parallel_list=16,32,64; cfsa_parallel=32
if [ "$cpu" = 1 ]; then ngl=0; variant=--cpu; n_images=8; max_tokens=8; parallel_list=1,4; cfsa_parallel=4; fi
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
      (cd "$work/llama-src" && python3 "$here/tools/convert_mmproj_compat.py" \
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
  log "bench $3: $(grep -E '^ +(N|[0-9]+) ' "$out/bench-$3.txt" | tr -s ' ' | tr '\n' '|')"
}

# KV cells per sequence: 637 prompt + 256 answer fit 1024 (as the llama-server anchor ran); CFSA's summary prompt
# carries every earlier answer, so 4096 there. 7B f16 holds 512 KiB of KV per cell: 64 x 1024 cells = 32 GiB.
stage_bench_user() { bench user "$parallel_list" user 1024; }
stage_bench_cfsa() {
  bench user "$cfsa_parallel" user-at-cfsa-n 1024
  bench cfsa "$cfsa_parallel" cfsa 4096
}

case "${1:-}" in
  build) stage_build ;;
  generate) stage_generate ;;
  run) stage_run ;;
  models) stage_models ;;
  bench-user) stage_bench_user ;;
  bench-cfsa) stage_bench_cfsa ;;
  *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
