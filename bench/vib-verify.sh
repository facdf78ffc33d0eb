#!/usr/bin/env bash
# Times VibVerifier (ar index, one sequential pass, raw + gunzip SHA-256) on a synthetic VIB with
# one vgz payload. Usage: bench/vib-verify.sh [payload MiB, default 256].
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/esxforge.jar
if [ ! -f "$jar" ] || [ -n "$(find src/main pom.xml -newer "$jar" -type f -print -quit)" ]; then
  mvn -o -q -B -DskipTests package >&2
fi
exec java -cp "$jar" bench/VibVerifyBench.java "${1:-256}"
