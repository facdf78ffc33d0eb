#!/usr/bin/env bash
# Benchmark (issue 17): a mirror of the sample 7.0 depot through tinyproxy vs direct.
# nginx serves the sample depot on 127.0.0.2; tinyproxy listens on 127.0.0.1. Paired rounds (the
# order rotates), no cache, medians and the ratios to direct printed, with the warnings of each
# run and the load average. Configurations: direct; tinyproxy logging at Warning (the target's
# peer); tinyproxy at Info (Debian's default: eight fsynced log lines per request); and both
# direct and tinyproxy with one fetch at a time. Target: tinyproxy/direct <= 1.3 and no warning
# through a proxy (exit 1 otherwise).
# Needs nginx and tinyproxy (Debian packages). Usage: bench/proxy-mirror.sh [rounds]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
for tool in nginx tinyproxy; do
  command -v "$tool" > /dev/null || { echo "proxy-mirror.sh: $tool is not installed (apt-get install $tool)" >&2; exit 2; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
[ -f target/esxforge.jar ] && [ -f target/test-classes/org/esxforge/net/ProxyMirrorBench.class ] || mvn -o -q -B -DskipTests package
nice -n 10 java -cp "target/esxforge.jar:target/test-classes" org.esxforge.net.ProxyMirrorBench "$work" "${1:-5}"
