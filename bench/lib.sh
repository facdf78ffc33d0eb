# Helpers shared by the bench/ scripts (sourced, not run).
# now: seconds since the epoch, with nanoseconds, for wall times (bc subtracts them).
now() { date +%s.%N; }
# median: the median of the numbers on standard input, one per line (bc's ".25" included).
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# rss FILE: peak RSS in MiB from a `/usr/bin/time -v` report.
rss() { awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print int($2/1024)}' "$1"; }
