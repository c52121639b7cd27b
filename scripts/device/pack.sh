#!/usr/bin/env bash
# Packs what a GPU machine without Java, Maven, npm or internet needs to build and run eibench's llama.cpp path, into
# target/device-pack (must stay under the device tool's 64 MiB carry limit):
#   jre.tgz         a jlink'd Java 25 runtime (only the modules the generate/run/bench path uses), gzipped
#   lib/            the jars of that path: no DJL, ONNX Runtime or ND4J (scoring runs on the workstation)
#   llama-src.tgz   the pinned llama.cpp source, trimmed (no models/, docs/, tests), with .eibench-source-commit
#                   (enough for libllama/libmtmd and for llama-server, the peer of issue 5)
#
#   scripts/device/pack.sh                 # then, on the device: bash scripts/device/gpu-checks.sh STAGE
#                                          # (carry target/device-pack; see docs/performance.md, "GPU recipe")
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
find_java25
cd "$repo_root"
pack="$repo_root/target/device-pack"
limit_mib=60

commit="$(sed -n 's/^pinned_commit="\(.*\)"/\1/p' native/build.sh)"
src="native/src/llama.cpp-${commit:0:8}"
if [ ! -f "$src/.eibench-unpacked" ]; then
  bash native/build.sh --cpu >&2  # unpacks the pinned source (and builds the CPU libraries)
fi
[ "$(git -C "$src" rev-parse HEAD)" = "$commit" ] || { echo "pack: $src is not at $commit" >&2; exit 1; }

echo "[pack] building the jars" >&2
mvn -B -ntp -q -DskipTests package -pl engine -am >&2

rm -rf "$pack"
mkdir -p "$pack/lib"
echo "[pack] jlink" >&2
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.logging,jdk.management,jdk.unsupported \
  --strip-debug --no-header-files --no-man-pages --compress zip-9 --output "$pack/jre"
tar -czf "$pack/jre.tgz" -C "$pack" jre
rm -rf "$pack/jre"
cp engine/target/eibench-engine-*.jar "$pack/lib/"
for jar in eibench-kernels eibench-models jackson-annotations jackson-core jackson-databind picocli progressbar \
    jline-terminal jline-native slf4j-api slf4j-simple; do
  cp engine/target/lib/"$jar"-[0-9]*.jar "$pack/lib/"
done

echo "[pack] trimmed llama.cpp source" >&2
tmp="$(mktemp -d)"
# scripts/ui-assets.cmake: llama-server's build generates its (here empty) embedded UI with it (gpu-checks.sh server)
git -C "$src" archive --format=tar --prefix=llama-src/ HEAD -- CMakeLists.txt cmake common ggml include src tools vendor \
    gguf-py convert_hf_to_gguf.py licenses LICENSE scripts/ui-assets.cmake | tar -xf - -C "$tmp"
rm -rf "$tmp"/llama-src/ggml/src/ggml-{sycl,vulkan,opencl,hexagon,metal,et,cann,musa,kompute,webgpu,zdnn,openvino}
echo "$commit" > "$tmp/llama-src/.eibench-source-commit"
tar -czf "$pack/llama-src.tgz" -C "$tmp" llama-src
rm -rf "$tmp"

size_mib=$(( $(du -sb "$pack" | cut -f1) / 1048576 ))
echo "[pack] $pack: ${size_mib} MiB (jre $(du -sh "$pack/jre.tgz" | cut -f1), lib $(du -sh "$pack/lib" | cut -f1), source $(du -sh "$pack/llama-src.tgz" | cut -f1))" >&2
[ "$size_mib" -le "$limit_mib" ] || { echo "pack: ${size_mib} MiB is over the ${limit_mib} MiB budget" >&2; exit 1; }
