#!/usr/bin/env bash
# Benchmark (issue 13): an installer ISO as input, at real size. Builds the README's main build at
# full size once (`sample-depot --full-size` 7.0 + the HP and Emulex samples → ISO), then measures
# what an admin does with that ISO: re-spin it (`build -d THE.iso --base ITS-PROFILE --iso --bundle`:
# every VIB rebuilt from the ISO's files, verified, written again) and list it (`vibs -d THE.iso`),
# against a peer measured in the same rounds: `cat` reading the ISO once and writing as many bytes
# as the re-spin wrote (ISO + bundle; the part beyond the ISO's size from /dev/zero). Paired rounds,
# order alternating, medians; peak RSS of the re-spin (/usr/bin/time -v); load average at each
# round. No target of its own: the full-size build's (≤ 1.5× its peer; RSS ≤ 256 MiB) is the
# yardstick. The page cache is warm.
#
# Everything runs through bin/esxforge, as users run it (the probe run before the rounds trains its
# build archive). JAR_BEFORE=path/to/older/esxforge.jar adds that jar's re-spin and listing, through
# the same launcher (ESXFORGE_JAR), to every round, and prints new/before.
#
# Usage: bench/iso-input.sh [rounds]   (ROUNDS=5 default; BENCH_DIR for the temp parent;
#                                       FULL_DEPOT=DIR reuses a generated full-size depot)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
ROUNDS=${1:-${ROUNDS:-5}}
cd "$here"
. "$here/bench/lib.sh"   # now, median, rss, need_time, full_size_depot
need_time
ESX="$here/bin/esxforge"
"$ESX" --version > /dev/null   # builds the jar when the sources are newer, trains the listing archive

WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/isoinput.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
full_size_depot "$WORK/sample-7.0-full"   # sets depot
ISO="$WORK/ESXi-7.0b-HP-Emulex.iso"
"$ESX" build -q -d "$depot" --trust "$depot/sample-ca.pem" --base latest --name ESXi-7.0b-HP-Emulex \
  --add samples/HP-drivers-7.0-offline-bundle.zip --remove hpnmi \
  --add samples/Emulex-drivers-7.0-offline-bundle.zip --iso "$ISO" > /dev/null
rm -f "$ISO".spec.json

respin() { # [file for /usr/bin/time -v] [jar]
  local pre=()
  if [ -n "${1:-}" ]; then pre=(/usr/bin/time -v -o "$1"); fi
  ESXFORGE_JAR="${2:-}" "${pre[@]}" "$ESX" build -q -d "$ISO" --trust "$depot/sample-ca.pem" \
    --base ESXi-7.0b-HP-Emulex --name ESXi-7.0b-HP-Emulex-respin \
    --iso "$WORK/o.iso" --bundle "$WORK/o.zip" > /dev/null
}
list() { ESXFORGE_JAR="${1:-}" "$ESX" vibs -d "$ISO" > /dev/null 2>&1; }

respin   # the probe: trains the build archive, sizes the peer's output
OUT=$(( $(stat -c %s "$WORK/o.iso") + $(stat -c %s "$WORK/o.zip") ))
IN=$(stat -c %s "$ISO")
PAD=$(( OUT > IN ? OUT - IN : 0 ))
printf 'input ISO %.1f MiB; re-spin output: ISO %.1f MiB + bundle %.1f MiB\n' \
  "$(echo "$IN / 1048576" | bc -l)" "$(echo "$(stat -c %s "$WORK/o.iso") / 1048576" | bc -l)" \
  "$(echo "$(stat -c %s "$WORK/o.zip") / 1048576" | bc -l)"
BEFORE=""
if [ -n "${JAR_BEFORE:-}" ]; then
  BEFORE="$WORK/before/esxforge.jar"   # a copy, so its class-data archives are made in $WORK
  mkdir -p "$WORK/before" && cp "$JAR_BEFORE" "$BEFORE"
  ESXFORGE_JAR="$BEFORE" "$ESX" --version > /dev/null
  respin "" "$BEFORE"   # trains its build archive
fi

peer() { { cat "$ISO"; head -c "$PAD" /dev/zero; } > "$WORK/peer.bin"; }
new() { respin "$WORK/time.txt"; RSS+=("$(rss "$WORK/time.txt")"); }
old() { respin "" "$BEFORE"; }
newlist() { list; }
oldlist() { list "$BEFORE"; }
declare -A T
RSS=()
LOADS=()
run() { local s e; rm -f "$WORK"/o.* "$WORK/peer.bin"; sync; s=$(now); "$2"; e=$(now); T[$1]+="$(echo "$e - $s" | bc) "; }
for r in $(seq 1 "$ROUNDS"); do
  LOADS+=("$(cut -d' ' -f1 /proc/loadavg)")
  if [ $((r % 2)) = 1 ]; then
    run respin new; run cat peer; run list newlist
    if [ -n "$BEFORE" ]; then run before old; run beforelist oldlist; fi
  else
    if [ -n "$BEFORE" ]; then run beforelist oldlist; run before old; fi
    run list newlist; run cat peer; run respin new
  fi
  echo "round $r done (load ${LOADS[-1]})"
done

m() { echo "${T[$1]}" | tr ' ' '\n' | grep . | median; }
printf '\n%-11s %9s   %s\n' what median_s "wall time of all rounds (s)"
for k in respin cat list before beforelist; do
  if [ -n "${T[$k]:-}" ]; then printf '%-11s %9.3f   %s\n' "$k" "$(m "$k")" "${T[$k]}"; fi
done
printf '\nre-spin/cat = %.2f (the full-size build target, <= 1.5, as a yardstick)\n' "$(echo "$(m respin) / $(m cat)" | bc -l)"
if [ -n "$BEFORE" ]; then
  printf 're-spin new/before = %.3f; listing new/before = %.3f\n' \
    "$(echo "$(m respin) / $(m before)" | bc -l)" "$(echo "$(m list) / $(m beforelist)" | bc -l)"
fi
printf 're-spin peak RSS: %d MiB (max of rounds; target of the full-size build <= 256)\n' \
  "$(printf '%s\n' "${RSS[@]}" | sort -n | tail -1)"
echo "load average (1 min) at each round's start: ${LOADS[*]}; now $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
