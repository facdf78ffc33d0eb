#!/usr/bin/env bash
# Benchmark (issue 13): whole-process `esxforge build --vib-list FILE --bundle OUT` on synthetic depots
# of 2,500 / 5,000 / 10,000 / 20,000 VIBs (gen-synthetic-depot.py --provider: every VIB depends on
# vmkapi_2_6_0_0, one more VIB provides it, so the profile validates), the list naming every VIB.
# Beside it, in the same rounds, `vibs --json` of the same depot: the cost of just reading it.
# Prints medians (wall, CPU), peak RSS and the growth ratio t(n)/t(n/2): 2.0 is linear, 4.0 quadratic.
# Target: 20,000 VIBs in under 5 s. Usage: bench/vib-list.sh [rounds] [sizes…]
# JAR_BEFORE=path/to/older/esxforge.jar adds that jar's build as `before` to every round (run through
# bin/esxforge too, ESXFORGE_JAR: the same JVM options, its own class-data archives) and prints
# new/before. A warm-up build before the rounds trains each jar's build archive.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"
shift || true
sizes=("${@:-2500 5000 10000 20000}")
read -r -a sizes <<< "${sizes[*]}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export ESXFORGE_HOME="$here"
"$here/bin/esxforge" --version >/dev/null   # builds the jar and the class-data archive once
for n in "${sizes[@]}"; do
  python3 "$here/bench/gen-synthetic-depot.py" "$work/syn-$n.zip" --vibs "$n" --profiles $((n * 3 / 100)) --provider
  { echo "# every VIB of the depot"; echo syn-vmkapi; seq -f 'syn-drv%05g' 0 $((n - 1)); } > "$work/list-$n.txt"
done
BEFORE=""
if [ -n "${JAR_BEFORE:-}" ]; then
  BEFORE="$work/before/esxforge.jar"   # a copy, so its class-data archives are made in $work
  mkdir -p "$work/before" && cp "$JAR_BEFORE" "$BEFORE"
fi
for jar in "" ${BEFORE:+"$BEFORE"}; do   # warm-up (trains the build archive), not measured
  ESXFORGE_JAR="$jar" "$here/bin/esxforge" build -q -d "$work/syn-${sizes[0]}.zip" --base SYN-7.0.0-00000-standard \
    --name bench --vib-list "$work/list-${sizes[0]}.txt" --bundle "$work/out.zip" > /dev/null
  rm -f "$work/out.zip"
done
. "$here/bench/lib.sh"   # now, median, rss
# run LABEL CMD…: appends "wall cpu rss_kib" to $work/LABEL
run() {
  local label="$1"; shift
  /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$@" > /dev/null 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$work/t" >> "$work/$label"
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
prev=""
for n in "${sizes[@]}"; do
  new_build() {
    rm -f "$work/out.zip"
    run "build-$n" "$here/bin/esxforge" build -d "$work/syn-$n.zip" --base SYN-7.0.0-00000-standard \
      --name bench --vib-list "$work/list-$n.txt" --bundle "$work/out.zip"
  }
  old_build() {
    if [ -n "${JAR_BEFORE:-}" ]; then
      rm -f "$work/out.zip"
      run "before-$n" env ESXFORGE_JAR="$BEFORE" "$here/bin/esxforge" build -d "$work/syn-$n.zip" \
        --base SYN-7.0.0-00000-standard --name bench --vib-list "$work/list-$n.txt" --bundle "$work/out.zip"
    fi
  }
  for i in $(seq "$rounds"); do
    # the two jars' builds in alternating order (a fixed order favoured one of them by ~5 %)
    if [ $((i % 2)) = 1 ]; then new_build; old_build; else old_build; new_build; fi
    run "list-$n" "$here/bin/esxforge" vibs --json -d "$work/syn-$n.zip"
  done
  bw=$(cut -d' ' -f1 "$work/build-$n" | median); bc=$(cut -d' ' -f2 "$work/build-$n" | median)
  br=$(cut -d' ' -f3 "$work/build-$n" | median); lw=$(cut -d' ' -f1 "$work/list-$n" | median)
  growth="-"
  if [ -n "$prev" ]; then growth=$(awk -v a="$bw" -v b="$prev" 'BEGIN {printf "%.2f", a / b}'); fi
  printf 'build --vib-list %5d VIBs: median %6.2f s wall, %6.2f s CPU, %4d MiB peak RSS; growth x%s | vibs --json same depot: %5.2f s | load %s\n' \
    "$n" "$bw" "$bc" $((${br%.*} / 1024)) "$growth" "$lw" "$(cut -d' ' -f1 /proc/loadavg)"
  if [ -n "${JAR_BEFORE:-}" ]; then
    ow=$(cut -d' ' -f1 "$work/before-$n" | median); oc=$(cut -d' ' -f2 "$work/before-$n" | median)
    printf '  before (JAR_BEFORE) %5d VIBs: median %6.2f s wall, %6.2f s CPU; new/before %.2f\n' \
      "$n" "$ow" "$oc" "$(awk -v a="$bw" -v b="$ow" 'BEGIN {print a / b}')"
  fi
  prev="$bw"
done
