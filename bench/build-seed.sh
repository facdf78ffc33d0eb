#!/usr/bin/env bash
# Benchmark (issue 5): whole-process time of the README's main build (sample 7.0 base + sample HP
# and Emulex drivers → ISO + offline bundle), median of N rounds, plus the output sizes. The payload
# bytes are copied once (zero-copy regions of the verified .vib files), so the time should be
# dominated by reading the VIBs for verification. Target: under 5 s on this 2-core machine.
# Usage: bench/build-seed.sh [rounds]   (SAMPLE_DEPOT=DIR reuses an already generated depot)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
[ -f "$here/target/esxforge.jar" ] || (cd "$here" && mvn -q -B -DskipTests package)
depot="${SAMPLE_DEPOT:-$work/sample-7.0}"
[ -f "$depot/index.xml" ] || java -jar "$here/target/esxforge.jar" sample-depot "$depot" >/dev/null
. "$here/bench/lib.sh"   # now, median, rss
times=()
cd "$here"
for i in $(seq "$rounds"); do
  start=$(date +%s.%N)
  java -jar "$here/target/esxforge.jar" build -q -d "$depot" --trust "$depot/sample-ca.pem" --base latest --name ESXi-7.0b-HP-Emulex \
    --add samples/HP-drivers-7.0-offline-bundle.zip --remove hpnmi \
    --add samples/Emulex-drivers-7.0-offline-bundle.zip \
    --iso "$work/out/seed.iso" --bundle "$work/out/seed.zip" >/dev/null
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc)")
done
echo "seed build: median $(printf '%s\n' "${times[@]}" | median) s over $rounds rounds;" \
  "ISO $(stat -c %s "$work/out/seed.iso") bytes, bundle $(stat -c %s "$work/out/seed.zip") bytes"
