# Helpers shared by the bench/ scripts (sourced, not run).
# now: seconds since the epoch, with nanoseconds, for wall times (bc subtracts them).
now() { date +%s.%N; }
# median: the median of the numbers on standard input, one per line (bc's ".25" included).
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# rss FILE: peak RSS in MiB from a `/usr/bin/time -v` report.
rss() { awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print int($2/1024)}' "$1"; }
# need_time: installs /usr/bin/time (Debian's `time`) when it is missing and this runs as root.
need_time() {
  if [ ! -x /usr/bin/time ] && [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >/dev/null; fi
}
# full_size_depot DIR: sets `depot` to $FULL_DEPOT when set, else to DIR, where bin/esxforge then
# generates the full-size sample 7.0 depot (`sample-depot --full-size`) unless one is there, and
# prints how long that took and its peak RSS. Needs $here and $WORK (for the time report).
full_size_depot() {
  depot=${FULL_DEPOT:-$1}
  if [ ! -f "$depot/index.xml" ]; then
    local s e
    s=$(now)
    /usr/bin/time -v -o "$WORK/gen.txt" "$here/bin/esxforge" sample-depot --full-size "$depot" > /dev/null
    e=$(now)
    printf 'generated the full-size sample depot in %.2f s (peak RSS %d MiB): %s\n' \
      "$(echo "$e - $s" | bc)" "$(rss "$WORK/gen.txt")" "$(du -sh --apparent-size "$depot" | cut -f1)"
  fi
}
