# Shared by ./eibench, ./run-tests and .ci/run: find a Java 25 JDK and build what is missing.
# shellcheck shell=bash

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Maven 3.8 on JDK 25 warns about sun.misc.Unsafe on every start; the warning is noise for our users.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

# Sets JAVA_HOME to a JDK >= 25: $JAVA_HOME if it is one, else the usual install folders, else `java` on PATH.
find_java25() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25* /usr/lib/jvm/jdk-25* /opt/java/* /usr/lib/jvm/*; do
    [ -x "$c/bin/java" ] && candidates+=("$c")
  done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in "${candidates[@]}"; do
    v="$(java_major "$c" 2>/dev/null)"
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null && [ -x "$c/bin/javac" ]; then
      export JAVA_HOME="$c"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "eibench: no JDK 25 found (checked JAVA_HOME, /usr/lib/jvm, PATH). Install one (e.g. Temurin 25) and set JAVA_HOME." >&2
  return 1
}

# Builds libllama + libmtmd if the cache for this source/patch/variant is missing (instant otherwise).
ensure_native() {
  if ! bash "$repo_root/native/build.sh" >&2; then
    echo "eibench: the llama.cpp build failed; see the messages above (native/build.sh --help)." >&2
    return 1
  fi
}

# llama.cpp's llama-server from the same source and patches (native/build/current-server/bin): the real
# OpenAI-compatible server the endpoint tests and the side-by-side benchmark start on 127.0.0.1.
ensure_native_server() {
  if ! bash "$repo_root/native/build.sh" --server >&2; then
    echo "eibench: the llama-server build failed; see the messages above (native/build.sh --help)." >&2
    return 1
  fi
}
