#!/usr/bin/env bash
# Builds the pinned llama.cpp (libllama + libmtmd + ggml) with the project's patches into a versioned cache.
#
#   native/build.sh [--cuda|--cpu] [--server] [--source DIR] [--jobs N] [--print-dir]
#
# Source: the llama.cpp git bundle inside the npm package node-llama-cpp@3.22.1 (fetched with `npm pack`,
# sha256-checked), or a user-given llama.cpp checkout (--source DIR or EIBENCH_LLAMA_SRC) for air-gapped
# machines. Output: native/build/<commit>-<patch hash>-<variant>/lib, linked as native/build/current.
# A second run with the same source, patches and variant does nothing. ccache is used when installed.
# Variant: CUDA with --cuda (or EIBENCH_CUDA=on), or automatically when nvcc and a GPU are found; --cpu forces CPU.
# --server: llama.cpp's own llama-server from the same source and patches, into native/build/<key>-server/bin (linked
# as native/build/current-server): the OpenAI-compatible peer the endpoint tests and the side-by-side benchmark run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
npm_package="node-llama-cpp@3.22.1"
npm_tgz_sha256="a0d9dd80eacd2ab1cfe71aee57ac8a806487fd70b3d2a38fbec637752d9e5c5f"
bundle_sha256="5f5d1105d5df040738d87b8290e5d17e7362131cdcfdb0831618e0ea528b4a51"
pinned_commit="de3ff815ea7d559ee917f063901b8986f038abc6"
# 2: v1 ran `git apply` inside native/build/, a subdirectory of the project's git repository, where git silently
#    skips every path (rc 0, nothing patched): v1 builds are unpatched and must not be reused.
# 3: -DMTMD_VIDEO=OFF: libmtmd no longer hands bytes stb cannot decode to ffprobe/ffmpeg found on $PATH (an offline
#    tool must not run outside programs on untrusted images); v2 builds still do and must not be reused.
# 4: ggml built without llamafile sgemm (-DGGML_LLAMAFILE=OFF), so logits do not depend on the batch shape
#    (issue 11 item 5); v3 builds still have it.
script_version=4

variant_request="${EIBENCH_CUDA:-auto}"
source_dir="${EIBENCH_LLAMA_SRC:-}"
jobs="${EIBENCH_BUILD_JOBS:-$(nproc)}"
print_dir=0
artifact=libs
while [ $# -gt 0 ]; do
  case "$1" in
    --cuda) variant_request=on ;;
    --cpu) variant_request=off ;;
    --source) source_dir="$2"; shift ;;
    --jobs) jobs="$2"; shift ;;
    --print-dir) print_dir=1 ;;
    --server) artifact=server ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "native/build.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { echo "[native] $*" >&2; }
need() { command -v "$1" >/dev/null 2>&1 || { say "missing '$1': $2"; exit 1; }; }
need cmake "install CMake >= 3.14 (apt-get install cmake)"
need git "install git (apt-get install git)"
need c++ "install a C++ compiler (apt-get install g++)"

# --- 1. the source tree -------------------------------------------------------------------------
src_root="$here/src"
if [ -n "$source_dir" ]; then
  [ -d "$source_dir/tools/mtmd" ] || { say "--source $source_dir is not a llama.cpp checkout (no tools/mtmd)"; exit 1; }
  pristine="$(cd "$source_dir" && pwd)"
  commit=""
  # only the checkout's own repository counts, not one that merely contains the folder
  if [ "$(git -C "$pristine" rev-parse --show-toplevel 2>/dev/null)" = "$pristine" ]; then
    commit="$(git -C "$pristine" rev-parse HEAD)"
  fi
  # a trimmed export without git history (scripts/device/pack.sh) names its commit in a marker file
  [ -n "$commit" ] || commit="$(cat "$pristine/.eibench-source-commit" 2>/dev/null || echo unknown)"
  [ "$commit" = "$pinned_commit" ] || say "warning: source commit $commit is not the pinned $pinned_commit; patches may not apply"
else
  commit="$pinned_commit"
  pristine="$src_root/llama.cpp-${commit:0:8}"
  if [ ! -f "$pristine/.eibench-unpacked" ]; then
    need npm "install Node.js + npm (apt-get install npm), or pass --source DIR with a llama.cpp checkout"
    downloads="$here/downloads"
    mkdir -p "$downloads"
    tgz="$downloads/node-llama-cpp-3.22.1.tgz"
    if [ ! -f "$tgz" ]; then
      say "fetching the pinned llama.cpp source: npm pack $npm_package (36 MB)"
      (cd "$downloads" && npm pack --silent "$npm_package" >/dev/null)
    fi
    echo "$npm_tgz_sha256  $tgz" | sha256sum -c --quiet - \
      || { say "checksum mismatch for $tgz; delete it and retry"; exit 1; }
    tmp="$(mktemp -d)"
    tar -xzf "$tgz" -C "$tmp" package/llama/gitRelease.bundle
    echo "$bundle_sha256  $tmp/package/llama/gitRelease.bundle" | sha256sum -c --quiet - \
      || { say "checksum mismatch for the bundled llama.cpp source"; exit 1; }
    rm -rf "$pristine"
    mkdir -p "$src_root"
    say "unpacking llama.cpp ${commit:0:8}"
    git -c advice.detachedHead=false clone --quiet "$tmp/package/llama/gitRelease.bundle" "$pristine"
    git -C "$pristine" -c advice.detachedHead=false checkout --quiet "$commit"
    rm -rf "$tmp"
    touch "$pristine/.eibench-unpacked"
  fi
fi

# --- 2. the variant and the cache key -----------------------------------------------------------
variant=cpu
case "$variant_request" in
  on) variant=cuda ;;
  off) variant=cpu ;;
  # nvcc alone is not enough: CI machines carry the toolkit without a GPU, where CUDA only costs build time
  auto) if command -v nvcc >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then variant=cuda; fi ;;
  *) say "EIBENCH_CUDA must be on, off or auto (got '$variant_request')"; exit 2 ;;
esac
cuda_arch="${CMAKE_CUDA_ARCHITECTURES:-native}"
patch_hash="$(cat "$here"/patches/*.patch 2>/dev/null | sha256sum | cut -c1-12)"
variant_tag="$variant"
[ "$variant" = cuda ] && variant_tag="cuda-$cuda_arch"
key="${commit:0:8}-${patch_hash}-${variant_tag}-v${script_version}"
current_link=current
if [ "$artifact" = server ]; then key="$key-server"; current_link=current-server; fi
out="$here/build/$key"
link_current() { ln -sfn "$key" "$here/build/$current_link"; }

if [ -f "$out/build-info.properties" ]; then
  link_current
  say "up to date: $out"
  [ $print_dir = 1 ] && echo "$out"
  exit 0
fi

# --- 3. a patched copy of the source ------------------------------------------------------------
work="$here/build/$key.src"
rm -rf "$work"
mkdir -p "$here/build"
say "copying source and applying $(ls "$here"/patches/*.patch 2>/dev/null | wc -l) patch(es)"
git -C "$pristine" archive --format=tar HEAD 2>/dev/null | (mkdir -p "$work" && tar -xf - -C "$work") \
  || cp -a "$pristine/." "$work/"
# The copy lives inside the project's git repository: without a repository of its own, `git apply` would resolve
# paths against the project root, skip them all and still exit 0. Give it one, and check each patch really applied.
git -C "$work" init --quiet
for p in "$here"/patches/*.patch; do
  [ -e "$p" ] || continue
  (cd "$work" && git apply --whitespace=nowarn "$p") || { say "patch $(basename "$p") does not apply to ${commit:0:8}"; exit 1; }
  (cd "$work" && git apply --reverse --check "$p" 2>/dev/null) \
    || { say "patch $(basename "$p") reported success but is not in the tree"; exit 1; }
done

# --- 4. configure and build ---------------------------------------------------------------------
flags=(-DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON -DGGML_NATIVE=OFF
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_APP=OFF
  -DLLAMA_BUILD_COMMON=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_MTMD=ON -DMTMD_VIDEO=OFF -DLLAMA_OPENSSL=OFF
  -DCMAKE_BUILD_RPATH_USE_ORIGIN=ON -DCMAKE_POLICY_VERSION_MINIMUM=3.5
  # llamafile's sgemm serves only products of 2+ columns and sums in another order than ggml's vec_dot: with it, a
  # sequence's logits depended on which sequences shared its micro-batch (docs/reliability.md, issue 11 item 5)
  -DGGML_LLAMAFILE=OFF)
targets=(llama mtmd)
if [ "$artifact" = server ]; then
  # the server needs llama-common and the tools tree; its web UI stays out (no download from a bucket, no npm build)
  flags+=(-DLLAMA_BUILD_COMMON=ON -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON -DLLAMA_BUILD_UI=OFF
    -DLLAMA_USE_PREBUILT_UI=OFF)
  targets=(llama-server)
fi
command -v ninja >/dev/null 2>&1 && flags+=(-G Ninja)
if command -v ccache >/dev/null 2>&1; then
  export CCACHE_BASEDIR="$here/build" CCACHE_NOHASHDIR=true
  flags+=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DGGML_CCACHE=OFF)
  [ "$variant" = cuda ] && flags+=(-DCMAKE_CUDA_COMPILER_LAUNCHER=ccache)
else
  say "ccache not found: a cold build takes ~2 min on 2 cores (apt-get install ccache makes rebuilds instant)"
fi
[ "$variant" = cuda ] && flags+=(-DGGML_CUDA=ON "-DCMAKE_CUDA_ARCHITECTURES=$cuda_arch")

cmake_build="$work/_build"
say "configuring ($variant) in $cmake_build"
cmake -S "$work" -B "$cmake_build" "${flags[@]}" >"$here/build/$key.configure.log" 2>&1 \
  || { say "cmake configure failed; see $here/build/$key.configure.log"; tail -20 "$here/build/$key.configure.log" >&2; exit 1; }
say "compiling ${targets[*]} with $jobs job(s) (log: $here/build/$key.build.log)"
# One line redrawn in place on a terminal; plain lines at each tenth in a log (a \r there runs them together).
progress_mode=--lines
[ -t 2 ] && progress_mode=--tty
set +e
cmake --build "$cmake_build" -j "$jobs" --target "${targets[@]}" 2>&1 | tee "$here/build/$key.build.log" \
  | bash "$here/tools/build-progress.sh" "$progress_mode" >&2
build_status="${PIPESTATUS[0]}"
set -e
[ "$build_status" = 0 ] || { say "build failed; see $here/build/$key.build.log"; tail -30 "$here/build/$key.build.log" >&2; exit 1; }

# --- 5. install into the cache folder -----------------------------------------------------------
rm -rf "$out.tmp"
if [ "$artifact" = server ]; then
  # the executable finds its libraries through an $ORIGIN rpath, so they stay in one folder beside it
  mkdir -p "$out.tmp/bin"
  find "$cmake_build/bin" -maxdepth 1 \( -name '*.so' -o -name '*.so.*' -o -name llama-server \) -exec cp -a {} "$out.tmp/bin/" \;
  [ -x "$out.tmp/bin/llama-server" ] || { say "build produced no llama-server"; exit 1; }
else
  mkdir -p "$out.tmp/lib"
  find "$cmake_build/bin" -maxdepth 1 \( -name '*.so' -o -name '*.so.*' \) -exec cp -a {} "$out.tmp/lib/" \;
  [ -e "$out.tmp/lib/libmtmd.so" ] && [ -e "$out.tmp/lib/libllama.so" ] || { say "build produced no libllama/libmtmd"; exit 1; }
fi
cat > "$out.tmp/build-info.properties" <<EOF
llama.commit=$commit
patch.hash=$patch_hash
patches=$(cd "$here/patches" && ls *.patch 2>/dev/null | tr '\n' ' ')
variant=$variant_tag
artifact=$artifact
mtmd.video=off
ggml.llamafile=off
source=${source_dir:-npm:$npm_package}
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
EOF
rm -rf "$out" && mv "$out.tmp" "$out"
rm -rf "$work"
link_current
say "done: $out"
[ $print_dir = 1 ] && echo "$out"
exit 0
