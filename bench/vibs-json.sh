#!/usr/bin/env bash
# Benchmark (issues 2, 13): whole-process `esxforge vibs --json -d DEPOT.zip` against its peer,
# bench/list-vibs.py (Python, standard library: the same VIBs from the same zip, the same JSON fields),
# on synthetic depots of 2,500 / 5,000 / 10,000 VIBs (3 % as many profiles) written by the independent
# gen-synthetic-depot.py, then one 40,000-VIB depot for peak RSS. Paired rounds, alternating which
# runs first; medians, the ratio esxforge/peer, peak RSS of each, and the load average.
# Targets: 10,000 VIBs ≤ 0.6× the peer; 40,000 VIBs under 300 MiB peak RSS.
# Usage: bench/vibs-json.sh [rounds] [sizes…]   (RSS_VIBS=0 skips the 40,000-VIB run)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-5}"
shift || true
sizes=("${@:-2500 5000 10000}")
read -r -a sizes <<< "${sizes[*]}"
rss_vibs="${RSS_VIBS:-40000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export ESXFORGE_HOME="$here"
"$here/bin/esxforge" --version >/dev/null   # builds the jar and the class-data archive once
all=("${sizes[@]}")
[ "$rss_vibs" != 0 ] && all+=("$rss_vibs")
for n in "${all[@]}"; do
  python3 "$here/bench/gen-synthetic-depot.py" "$work/syn-$n.zip" --vibs "$n" --profiles $((n * 3 / 100))
done
. "$here/bench/lib.sh"   # now, median, rss
# one LABEL CMD…: appends "wall rss_kib" to $work/LABEL
one() {
  local label="$1"; shift
  /usr/bin/time -f '%e %M' -o "$work/t" "$@" > "$work/$label.json" 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
  cat "$work/t" >> "$work/$label"
}
report() { # N: prints one line from the rounds of size N
  local n="$1" ej pj er pr
  ej=$(cut -d' ' -f1 "$work/esx-$n" | median); pj=$(cut -d' ' -f1 "$work/py-$n" | median)
  er=$(cut -d' ' -f2 "$work/esx-$n" | sort -n | tail -1); pr=$(cut -d' ' -f2 "$work/py-$n" | sort -n | tail -1)
  rows=$(grep -c '"id"' "$work/esx-$n.json" || true); prows=$(grep -c '"id"' "$work/py-$n.json" || true)
  printf 'vibs --json %5d VIBs: esxforge %5.2f s, %4d MiB | Python peer %5.2f s, %4d MiB | ratio %.2f (median of %d paired rounds; %s/%s rows) | load %s\n' \
    "$n" "$ej" $((er / 1024)) "$pj" $((pr / 1024)) "$(awk -v a="$ej" -v b="$pj" 'BEGIN {print a / b}')" \
    "$2" "$rows" "$prows" "$(cut -d' ' -f1 /proc/loadavg)"
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in "${sizes[@]}"; do
  for i in $(seq "$rounds"); do
    if [ $((i % 2)) = 1 ]; then
      one "esx-$n" "$here/bin/esxforge" vibs --json -d "$work/syn-$n.zip"
      one "py-$n" python3 "$here/bench/list-vibs.py" "$work/syn-$n.zip"
    else
      one "py-$n" python3 "$here/bench/list-vibs.py" "$work/syn-$n.zip"
      one "esx-$n" "$here/bin/esxforge" vibs --json -d "$work/syn-$n.zip"
    fi
  done
  report "$n" "$rounds"
done
if [ "$rss_vibs" != 0 ]; then
  one "esx-$rss_vibs" "$here/bin/esxforge" vibs --json -d "$work/syn-$rss_vibs.zip"
  one "py-$rss_vibs" python3 "$here/bench/list-vibs.py" "$work/syn-$rss_vibs.zip"
  report "$rss_vibs" 1
fi
