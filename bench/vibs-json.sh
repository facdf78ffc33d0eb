#!/usr/bin/env bash
# Benchmark (issue 2): whole-process time of `esxforge vibs --json` on a synthetic depot with
# 10,000 VIBs and 300 profiles, and on 2,500 / 5,000 to show the growth is linear.
# Target: under 2 s for 10,000 VIBs. Usage: bench/vibs-json.sh [rounds]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$here/bin/esxforge" --version >/dev/null   # builds the jar and the class-data archive once
for n in 2500 5000 10000; do
  python3 "$here/bench/gen-synthetic-depot.py" "$work/syn-$n.zip" --vibs "$n" --profiles $((n * 3 / 100))
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for n in 2500 5000 10000; do
  times=()
  for i in $(seq "$rounds"); do
    s=$(date +%s.%N)
    "$here/bin/esxforge" vibs --json -d "$work/syn-$n.zip" > "$work/out.json" 2>/dev/null
    e=$(date +%s.%N)
    times+=("$(echo "$e - $s" | bc)")
  done
  count=$(grep -c '"id"' "$work/out.json" || true)
  med=$(printf '%s\n' "${times[@]}" | median)
  printf 'vibs --json: %5d VIBs, %3d profiles: median %.2f s over %d runs (%s rows)\n' "$n" $((n * 3 / 100)) "$med" "$rounds" "$count"
done
