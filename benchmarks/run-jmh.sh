#!/usr/bin/env bash
# Builds the JMH uber jar (benchmarks/target/benchmarks.jar) and runs it, writing JSON results to
# benchmarks/results/jmh-<UTC date and time>.json.
#   benchmarks/run-jmh.sh                         every benchmark with the short defaults below
#   benchmarks/run-jmh.sh Similarity -p kernel=java   a subset (regex) and a parameter
#   benchmarks/run-jmh.sh -f 3 -wi 5 -i 10        longer, steadier runs (any JMH option; -h lists them)
# Defaults, each replaced when you pass the option: -f 1 -wi 2 -i 3 -w 2s -r 2s -rf json -rff <results file>.
# JMH and ND4J use sun.misc.Unsafe; JDK 25 warns unless told to allow it.
# Our fork JVM options go in -jvmArgsPrepend; add your own with -jvmArgsAppend.
# EIBENCH_SKIP_BUILD=1 reuses the built jar; EIBENCH_MVN_FLAGS adds Maven flags (e.g. -o);
# EIBENCH_NATIVE_DIR names prebuilt llama.cpp libraries (else native/build.sh builds them if missing);
# EIBENCH_SHARED_DIR names the folder holding eibench/basic_ground_truth.json (default: <repo>/../shared).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
find_java25

if [ -z "${EIBENCH_NATIVE_DIR:-}" ]; then
  ensure_native
  native_dir="$repo_root/native/build/current"
else
  native_dir="$EIBENCH_NATIVE_DIR"
fi
shared_dir="${EIBENCH_SHARED_DIR:-$repo_root/../shared}"
jar="$repo_root/benchmarks/target/benchmarks.jar"

if [ "${EIBENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$jar" ]; then
  echo "[jmh] building $jar ..." >&2
  # shellcheck disable=SC2086 # EIBENCH_MVN_FLAGS is a list of flags
  (cd "$repo_root" && mvn -q -B -ntp ${EIBENCH_MVN_FLAGS:-} -DskipTests package -pl benchmarks -am)
fi

mkdir -p "$repo_root/benchmarks/results"
results="$repo_root/benchmarks/results/jmh-$(date -u +%Y-%m-%dT%H%M%SZ).json"

# JMH rejects an option given twice, so a default is added only when the caller did not pass it.
declare -A defaults=([-f]=1 [-wi]=2 [-i]=3 [-w]=2s [-r]=2s [-rf]=json [-rff]="$results")
for arg in "$@"; do
  case "$arg" in -f|-wi|-i|-w|-r|-rf|-rff) unset "defaults[$arg]" ;; esac
done
default_args=()
for option in "${!defaults[@]}"; do
  default_args+=("$option" "${defaults[$option]}")
done

# OMP_NUM_THREADS=1: on 2 cores ND4J's OpenMP threads make small similarity ops slower than plain Java.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" DJL_OFFLINE=true
fork_jvm_args="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xss8m -Deibench.native.dir=$native_dir -Deibench.shared.dir=$shared_dir -Deibench.repo.dir=$repo_root"
echo "[jmh] Java: $JAVA_HOME; results: ${defaults[-rff]:-as given}" >&2
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -jar "$jar" \
  -jvmArgsPrepend "$fork_jvm_args" "${default_args[@]}" "$@"
