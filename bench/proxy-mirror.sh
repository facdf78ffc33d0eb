#!/usr/bin/env bash
# Benchmark (issue 17): a mirror of the sample 7.0 depot through tinyproxy vs direct.
# nginx serves the sample depot on 127.0.0.2; tinyproxy listens on 127.0.0.1. Paired rounds (the
# order alternates), no cache, medians and the ratio proxied/direct printed, with the warnings of
# each run. Target: ratio <= 1.3 and no warning through the proxy (exit 1 otherwise).
# Needs nginx and tinyproxy (Debian packages). Usage: bench/proxy-mirror.sh [rounds]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
[ -f target/esxforge.jar ] && [ -f target/test-classes/org/esxforge/net/ProxyMirrorBench.class ] || mvn -o -q -B -DskipTests package
cp="target/esxforge.jar:target/test-classes:$(mvn -o -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)"
java -cp "$cp" org.esxforge.net.ProxyMirrorBench "$work" "${1:-5}"
