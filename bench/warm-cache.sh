#!/usr/bin/env bash
# Benchmark (issue 6): a second identical fetch through the cache transfers zero payload bytes.
# Serves the real fixture depots (src/test/fixtures/real) from a loopback server that counts the
# body bytes it sends, then reads every depot (indexes, metadata.zip, every VIB) twice through one
# cache: the cold run downloads everything; the warm run revalidates metadata with conditional GETs
# (304, no body) and takes the VIBs from the cache by their SHA-256 without any request.
# Usage: bench/warm-cache.sh     (exit 1 when the warm run transferred any body byte)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
[ -f target/esxforge.jar ] && [ -d target/test-classes/org/esxforge/net ] || mvn -o -q -B -DskipTests package
java -cp "target/esxforge.jar:target/test-classes" org.esxforge.net.WarmCacheBench "$work"
