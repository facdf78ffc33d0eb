#!/usr/bin/env bash
# Benchmark of the builtin ISO writer against genisoimage, xorriso and plain `cat` of the same files.
# Generates a 1 GiB tree (a few hundred files of mixed sizes, random content) in a temp dir, runs
# ROUNDS paired rounds (the order rotates each round), prints median wall and CPU times, the ratios
# builtin/genisoimage, builtin/cat and builtin/xorriso, and the builtin writer's peak RSS; then a
# 2 GiB tree RSS run. Targets (issue 13): builtin <= 0.8x genisoimage, <= 1.15x cat, output hash
# included; peak RSS <= 256 MiB.
#
# The builtin writer computes the SHA-256 of every byte it writes, in-stream (io.HashingChannel: a
# second thread hashes each buffer after it is written; one core: inline), so `cat | tee | openssl
# dgst -sha256` is printed as the like-for-like reference. `builtin-1cpu` is the same writer with
# -XX:ActiveProcessorCount=1 (inline hashing), to show what the second thread buys. `launcher` is the
# same writer run the way users run it, through bin/esxforge (its JIT settings and class-data
# archive; -Xmx64m like the others through ESXFORGE_JAVA_OPTS).
#
# Usage: bench/iso-writer.sh   ROUNDS=5 by default; BENCH_DIR to choose the temp parent;
#                              SKIP_2G=1 to skip the 2 GiB run; XORRISO=0 to leave xorriso out;
#                              JAR_BEFORE=path/to/older/esxforge.jar adds that jar as `before`
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
JAR=target/esxforge.jar
JAVA_OPTS=${JAVA_OPTS:-"-Xmx64m -XX:+UseSerialGC"}   # not TieredStopAtLevel=1: it loses the SHA-256 intrinsic

if [ ! -f "$JAR" ]; then
  mvn -o -q -B -DskipTests package
fi
. bench/lib.sh   # now, median, rss, need_time
need_time
XORRISO=${XORRISO:-1}
for t in genisoimage $([ "$XORRISO" = 1 ] && echo xorriso); do
  command -v "$t" >/dev/null || { echo "missing $t (Debian packages xorriso, genisoimage)" >&2; exit 1; }
done

WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/isobench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# gen_tree DIR SCALE: SCALE=1 -> ~1 GiB in 300 files (4x128 MiB, 40x8 MiB, 200x~1 MiB, 56x4 KiB)
gen_tree() {
  local dir=$1 scale=$2 i
  mkdir -p "$dir/BIG" "$dir/MID" "$dir/SMALL/A" "$dir/SMALL/B"
  for i in $(seq 1 $((4 * scale))); do head -c $((128 << 20)) /dev/urandom > "$dir/BIG/F$(printf %04d "$i").BIN"; done
  for i in $(seq 1 $((40 * scale))); do head -c $((8 << 20)) /dev/urandom > "$dir/MID/M$(printf %04d "$i").DAT"; done
  for i in $(seq 1 $((200 * scale))); do
    head -c $(((1 << 20) + i * 977)) /dev/urandom > "$dir/SMALL/$([ $((i % 2)) = 0 ] && echo A || echo B)/S$(printf %04d "$i").V00"
  done
  for i in $(seq 1 $((56 * scale))); do head -c 4096 /dev/urandom > "$dir/T$(printf %04d "$i").TXT"; done
}

echo "generating 1 GiB tree in $WORK ..."
gen_tree "$WORK/tree" 1
du -sh "$WORK/tree" | sed 's/^/tree size: /'
cat $(find "$WORK/tree" -type f | sort) > /dev/null   # warm the page cache

OUT="$WORK/out.iso"
declare -A T C
# CPU seconds (user+sys) of finished children, from the shell's own `times` (not in a subshell):
# steadier than wall time when other jobs share the machine.
cpu_of() { tail -1 "$1" | awk '{t=0; for (i=1;i<=2;i++) {split($i,a,/[ms]/); t+=a[1]*60+a[2]}; print t}'; }
run() { # name command...
  local name=$1; shift
  rm -f "$OUT"; sync
  local s e
  times > "$WORK/times0"; s=$(now); "$@"; e=$(now); times > "$WORK/times1"
  T[$name]+="$(echo "$e - $s" | bc) "
  C[$name]+="$(echo "$(cpu_of "$WORK/times1") - $(cpu_of "$WORK/times0")" | bc) "
}
RSS=()
builtin() {
  /usr/bin/time -v -o "$WORK/time.txt" java $JAVA_OPTS -jar "$JAR" mkiso \
      --writer builtin --volume-id BENCH "$WORK/tree" "$OUT" > /dev/null
  RSS+=("$(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' "$WORK/time.txt")")
}
builtin1() {
  java $JAVA_OPTS -XX:ActiveProcessorCount=1 -jar "$JAR" mkiso \
      --writer builtin --volume-id BENCH "$WORK/tree" "$OUT" > /dev/null
}
launcher_run() {
  ESXFORGE_JAVA_OPTS=-Xmx64m bin/esxforge mkiso --writer builtin --volume-id BENCH "$WORK/tree" "$OUT" > /dev/null
}
before() {
  java $JAVA_OPTS -jar "$JAR_BEFORE" mkiso --writer builtin --volume-id BENCH "$WORK/tree" "$OUT" > /dev/null
}
xorriso_run() { xorriso -as mkisofs --norock -iso-level 1 -V BENCH -o "$OUT" "$WORK/tree" 2>/dev/null; }
genisoimage_run() { genisoimage -quiet -iso-level 1 -D -V BENCH -o "$OUT" "$WORK/tree"; }
cat_run() { cat $(find "$WORK/tree" -type f | sort) > "$OUT"; }
# reference for the same work as the builtin writer (copy + SHA-256 of the output, in one pass)
catsha_run() { cat $(find "$WORK/tree" -type f | sort) | tee "$OUT" | openssl dgst -sha256 > /dev/null; }

bin/esxforge --version > /dev/null   # builds the jar if the sources are newer; trains its archive
NAMES=(builtin builtin-1cpu launcher genisoimage cat cat+sha256)
FUNCS=(builtin builtin1 launcher_run genisoimage_run cat_run catsha_run)
if [ "$XORRISO" = 1 ]; then NAMES+=(xorriso); FUNCS+=(xorriso_run); fi
if [ -n "${JAR_BEFORE:-}" ]; then NAMES+=(before); FUNCS+=(before); fi
LOADS=()
for r in $(seq 1 "$ROUNDS"); do
  LOADS+=("$(cut -d' ' -f1 /proc/loadavg)")
  n=${#NAMES[@]}
  for k in $(seq 0 $((n - 1))); do   # rotate the order each round
    i=$(((k + r) % n))
    run "${NAMES[$i]}" "${FUNCS[$i]}"
  done
  echo "round $r done (load ${LOADS[-1]})"
done
rm -f "$OUT"

printf '\n%-12s %10s %10s   %s\n' writer median_s cpu_s "wall time of all rounds (s)"
for w in "${NAMES[@]}"; do
  m=$(echo "${T[$w]}" | tr ' ' '\n' | grep . | median)
  c=$(echo "${C[$w]}" | tr ' ' '\n' | grep . | median)
  v=${w//+/_}; v=${v//-/_}
  eval "M_$v=$m"
  printf '%-12s %10.3f %10.3f   %s\n' "$w" "$m" "$c" "${T[$w]}"
done
printf '\nbuiltin/genisoimage = %.3f (target <= 0.8)\n' "$(echo "$M_builtin / $M_genisoimage" | bc -l)"
printf 'builtin/cat     = %.3f (target <= 1.15)\n' "$(echo "$M_builtin / $M_cat" | bc -l)"
printf 'launcher/genisoimage = %.3f, launcher/cat = %.3f (the same targets, through bin/esxforge)\n' \
  "$(echo "$M_launcher / $M_genisoimage" | bc -l)" "$(echo "$M_launcher / $M_cat" | bc -l)"
printf 'builtin/(cat+sha256) = %.3f\n' "$(echo "$M_builtin / $M_cat_sha256" | bc -l)"
printf 'builtin/builtin-1cpu (second hashing thread vs inline) = %.3f\n' "$(echo "$M_builtin / $M_builtin_1cpu" | bc -l)"
if [ "$XORRISO" = 1 ]; then printf 'builtin/xorriso = %.3f\n' "$(echo "$M_builtin / $M_xorriso" | bc -l)"; fi
if [ -n "${JAR_BEFORE:-}" ]; then printf 'builtin/before = %.3f\n' "$(echo "$M_builtin / $M_before" | bc -l)"; fi
echo "load average (1 min) at each round's start: ${LOADS[*]}; now $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (other jobs share the machine)"
peak=$(printf '%s\n' "${RSS[@]}" | sort -n | tail -1)
printf 'builtin peak RSS (1 GiB tree) = %d MiB (target <= 256)\n' $((peak / 1024))

if [ "${SKIP_2G:-0}" != 1 ]; then
  echo "generating a second GiB for the 2 GiB RSS run ..."
  gen_tree "$WORK/tree/MORE" 1
  du -sh "$WORK/tree" | sed 's/^/tree size: /'
  RSS=()
  s=$(now); builtin; e=$(now)
  printf 'builtin 2 GiB tree: %.3f s, peak RSS = %d MiB\n' "$(echo "$e - $s" | bc)" $((RSS[0] / 1024))
fi
