#!/usr/bin/env bash
# Benchmark (issue 13): the README's main build at real size. Generates the full-size sample 7.0
# depot (`sample-depot --full-size`: every payload at the size the real ESXi 7.0 host database
# records; the generation time is printed too), then builds sample 7.0 full + the HP and Emulex
# sample bundles (samples/) → ISO + offline bundle, against a peer measured in the same rounds:
# `cat` reading every input VIB of the build once and writing as many bytes as the build wrote
# (ISO + bundle; the part beyond the VIBs' total comes from /dev/zero). Paired rounds, order
# alternating, medians; peak RSS of the build (/usr/bin/time -v); load average at each round.
# Targets: build ≤ 1.5× the peer; peak RSS ≤ 256 MiB, flat in image size (the standard-size
# sample's build RSS is printed beside it). The page cache is warm (cold cache not required).
#
# The build runs through bin/esxforge, as users run it (its JVM settings and class-data archives;
# the probe build before the rounds trains the build archive). JAR_BEFORE=path/to/older/esxforge.jar
# adds that jar, run through the same launcher (ESXFORGE_JAR), as `before` to every round.
#
# Usage: bench/full-build.sh [rounds]   (ROUNDS=5 default; BENCH_DIR for the temp parent;
#                                        FULL_DEPOT=DIR reuses a generated full-size depot)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
ROUNDS=${1:-${ROUNDS:-5}}
cd "$here"
. "$here/bench/lib.sh"   # now, median, rss, need_time, full_size_depot
need_time
JAVA=("$here/bin/esxforge")
"${JAVA[@]}" --version > /dev/null   # builds the jar when the sources are newer, trains the listing archive

WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/fullbuild.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
full_size_depot "$WORK/sample-7.0-full"   # sets depot
small="$WORK/sample-7.0"
"${JAVA[@]}" sample-depot "$small" > /dev/null

build() { # depot iso bundle [file for /usr/bin/time -v] [jar]
  local pre=()
  if [ -n "${4:-}" ]; then pre=(/usr/bin/time -v -o "$4"); fi
  ESXFORGE_JAR="${5:-}" "${pre[@]}" "${JAVA[@]}" build -q -d "$1" --trust "$1/sample-ca.pem" --base latest --name ESXi-7.0b-HP-Emulex \
    --add samples/HP-drivers-7.0-offline-bundle.zip --remove hpnmi \
    --add samples/Emulex-drivers-7.0-offline-bundle.zip --iso "$2" --bundle "$3" > /dev/null
}

# The input VIBs of the build: those its bundle holds, read from the depot folder or the sample
# bundles (extracted once, as the peer's files).
build "$depot" "$WORK/probe.iso" "$WORK/probe.zip"
mkdir -p "$WORK/added"
for z in samples/HP-drivers-7.0-offline-bundle.zip samples/Emulex-drivers-7.0-offline-bundle.zip; do
  unzip -q -o "$z" 'vib20/*' -d "$WORK/added"
done
VIBS=()
while read -r m; do
  if [ -f "$depot/$m" ]; then VIBS+=("$depot/$m"); elif [ -f "$WORK/added/$m" ]; then VIBS+=("$WORK/added/$m");
  else echo "input VIB $m not found" >&2; exit 1; fi
done < <(unzip -Z1 "$WORK/probe.zip" | grep '^vib20/.*\.vib$')
IN=$(cat "${VIBS[@]}" | wc -c)
OUT=$(( $(stat -c %s "$WORK/probe.iso") + $(stat -c %s "$WORK/probe.zip") ))
PAD=$(( OUT > IN ? OUT - IN : 0 ))
printf 'build inputs: %d VIBs, %.1f MiB; outputs: ISO %.1f MiB + bundle %.1f MiB\n' "${#VIBS[@]}" \
  "$(echo "$IN / 1048576" | bc -l)" "$(echo "$(stat -c %s "$WORK/probe.iso") / 1048576" | bc -l)" \
  "$(echo "$(stat -c %s "$WORK/probe.zip") / 1048576" | bc -l)"
rm -f "$WORK/probe.iso" "$WORK/probe.zip"
cat "${VIBS[@]}" > /dev/null
BEFORE=""
if [ -n "${JAR_BEFORE:-}" ]; then
  BEFORE="$WORK/before/esxforge.jar"   # a copy, so its class-data archives are made in $WORK
  mkdir -p "$WORK/before" && cp "$JAR_BEFORE" "$BEFORE"
  ESXFORGE_JAR="$BEFORE" "${JAVA[@]}" --version > /dev/null
  build "$depot" "$WORK/probe.iso" "$WORK/probe.zip" "" "$BEFORE"   # trains its build archive
  rm -f "$WORK/probe.iso" "$WORK/probe.zip"
fi

peer() { { cat "${VIBS[@]}"; head -c "$PAD" /dev/zero; } > "$WORK/peer.bin"; }
full() { build "$depot" "$WORK/o.iso" "$WORK/o.zip" "$WORK/time.txt"; RSS+=("$(rss "$WORK/time.txt")"); }
before() { build "$depot" "$WORK/o.iso" "$WORK/o.zip" "" "$BEFORE"; }
declare -A T
RSS=()
LOADS=()
run() { local s e; rm -f "$WORK"/o.* "$WORK/peer.bin"; sync; s=$(now); "$2"; e=$(now); T[$1]+="$(echo "$e - $s" | bc) "; }
for r in $(seq 1 "$ROUNDS"); do
  LOADS+=("$(cut -d' ' -f1 /proc/loadavg)")
  if [ $((r % 2)) = 1 ]; then run build full; run cat peer; else run cat peer; run build full; fi
  if [ -n "$BEFORE" ]; then run before before; fi
  echo "round $r done (load ${LOADS[-1]})"
done
build "$small" "$WORK/s.iso" "$WORK/s.zip" "$WORK/time.txt"

mb=$(echo "${T[build]}" | tr ' ' '\n' | grep . | median)
mc=$(echo "${T[cat]}" | tr ' ' '\n' | grep . | median)
printf '\n%-6s %9s   %s\n' what median_s "wall time of all rounds (s)"
printf '%-6s %9.3f   %s\n' build "$mb" "${T[build]}" cat "$mc" "${T[cat]}"
printf '\nbuild/cat = %.2f (target <= 1.5)\n' "$(echo "$mb / $mc" | bc -l)"
if [ -n "$BEFORE" ]; then
  mo=$(echo "${T[before]}" | tr ' ' '\n' | grep . | median)
  printf 'before (JAR_BEFORE) median %.3f s: %s; build/before = %.2f\n' "$mo" "${T[before]}" "$(echo "$mb / $mo" | bc -l)"
fi
printf 'build peak RSS: full size %d MiB (max of rounds), standard-size sample %d MiB (target <= 256, flat)\n' \
  "$(printf '%s\n' "${RSS[@]}" | sort -n | tail -1)" "$(rss "$WORK/time.txt")"
echo "load average (1 min) at each round's start: ${LOADS[*]}; now $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (other jobs share the machine)"
