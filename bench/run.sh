#!/usr/bin/env bash
# bench/run.sh [SIZE...] — times kbc against Hugo on the same content.
#
# For each size (default: 500 5000 20000 articles, each in 4 locales) it
# generates the synthetic corpus, writes the equivalent Hugo site, then
# times, RUNS times each (default 3; a third as many, at least 1, from
# 20,000 articles up):
#   kbc build  (cold: no site, no cache; lint and every rule included)
#   kbc lint   (every rule, no lint cache)
#   kbc lint   (nothing changed since the previous lint)
#   kbc build  (no-op: nothing changed since the previous build)
#   kbc build  (one article's summary edited: the first incremental build
#               after a cold one, which stages the whole site afresh)
#   kbc build  (the same article edited again: the site the previous build
#               replaced is there to stage in, as in a writer's day)
#   kbc lint   (after those edits: the one article folder checked again)
#   hugo       (cold: empty destination)
# and, as the file system's floor for a no-op build, which must look at
# every entry of the content and site folders, find(1) stating them all.
# It prints a Markdown table of medians: wall time, CPU time (user+sys)
# and its two parts, peak resident memory from /usr/bin/time, the largest
# heap a collection found live (see timed), wall, CPU and user time per
# article, and the kbc/Hugo ratios. The machine's load is
# printed too: on a shared machine wall times are only as good as the load
# allows. User time is the tool's own work; system time is mostly the
# file system creating and writing files, and on some file systems it
# grows several times over with what was deleted shortly before.
#
# Nothing is deleted while the steps are timed: an old site, cache or
# corpus is moved into a trash folder that is deleted when the benchmark
# ends, so a run needs room for all it writes (about 12 GB for 1,000,
# 5,000 and 20,000 articles). On ext4 without a journal, the kernel
# avoids reusing an inode for a minute after it was freed (six if its
# inode table block is still dirty), and each new file's inode search
# looks at every such inode of its group in turn before it takes an older
# one. Deleting a site of tens of thousands of files and then writing
# another one makes every file created cost a scan of the freed ones: the
# system time of a cold build then grows with how much any tool deleted
# in the last minutes, for both tools alike, whichever one deleted. For
# the same reason, start a run ten minutes or more after deleting a large
# tree, such as the work folder of an earlier run, which is deleted when
# the run ends: at 5,000 articles a cold build took 4.4 s of system time
# eight minutes after such a delete and 27.6 s two minutes after it. The
# table's header names the file system.
#
# Both sides do the same work: bench/hugosite writes every text kbc's page
# shows, the figures once (not into every locale's page bundle), a home
# page, a sitemap and a search index per locale. The number of files and
# bytes each wrote is printed under the table.
#
# Hugo v0.152.2 is taken from $HUGO when that is an executable, else
# installed with go install into a temporary folder. Not run in CI.
#
#   bench/run.sh 500 5000
#   RUNS=5 HUGO=/usr/local/bin/hugo bench/run.sh 500
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd) # the steps run in each size's folder

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(500 5000 20000)
runs=${RUNS:-3}
hugo_version=v0.152.2
timer=/usr/bin/time
[ -x "$timer" ] || { echo "bench: $timer (GNU time) is required: apt-get install time" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/kbc-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "bench: working in $work" >&2
mkdir "$work/trash"

# discard PATH... moves what exists of each path into the trash folder,
# where it stays until the benchmark ends (see above for why).
discard() {
  local p
  for p in "$@"; do
    [ -e "$p" ] || continue
    mv "$p" "$(mktemp -d "$work/trash/XXXXXX")/"
  done
}

go build -o "$work/kbc" ./cmd/kbc
go build -o "$work/kbcgen" ./cmd/kbcgen
go build -o "$work/hugosite" ./bench/hugosite
hugo=${HUGO:-}
if [ -z "$hugo" ] || [ ! -x "$hugo" ]; then
  echo "bench: installing Hugo $hugo_version" >&2
  GOBIN="$work/bin" go install "github.com/gohugoio/hugo@$hugo_version"
  hugo=$work/bin/hugo
fi
"$hugo" version >&2

# timed LABEL CMD... runs the command once under GNU time and appends
# "LABEL wall cpu rss_kb user sys live_mb" to $work/times. It first writes
# back what earlier steps left to the disk (sync): deleting a site of tens
# of thousands of files, or writing one, goes on in the file system after
# the command returns, and would be timed as part of the next command,
# whichever tool's it is. Both tools are Go programs: with gctrace, each
# collection prints the heap it found live, and live_mb is the largest
# (0 when no collection ran, as in a small build under kbc's settings).
# The peak resident memory is that heap plus the headroom the collector
# is set to leave (kbc sets it from the live heap, see internal/cli);
# the live heap is what grows with the knowledge base.
timed() {
  local label=$1; shift
  sync
  GODEBUG=gctrace=1 "$timer" -o "$work/time.out" -f "%e %U %S %M" "$@" >"$work/cmd.out" 2>&1 || {
    echo "bench: $label failed:" >&2; tail -20 "$work/cmd.out" >&2; exit 1; }
  read -r wall user sys rss <"$work/time.out"
  local live
  live=$(awk -f "$repo/bench/peaklive.awk" "$work/cmd.out")
  echo "$label $wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $rss $user $sys $live" >>"$work/times"
}

# median LABEL FIELD prints the median of a field (2 wall, 3 cpu, 4 rss,
# 5 user, 6 sys, 7 peak live heap).
median() {
  awk -v l="$1" -v f="$2" '$1 == l { print $f }' "$work/times" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# filesystem names the file system the work folder is on and, for ext4,
# whether it keeps a journal: without one, inodes freed in the minutes
# before a run make its new files cost more (see above).
filesystem() {
  local src type
  read -r src type < <(findmnt -no SOURCE,FSTYPE -T "$work" 2>/dev/null) || { echo "an unknown file system"; return; }
  if [ "$type" != ext4 ]; then
    echo "$type"
  elif ls /proc/fs/jbd2 2>/dev/null | grep -q "^$(basename "$src")-"; then
    echo "ext4 with a journal"
  else
    echo "ext4 without a journal"
  fi
}

: >"$work/times"
: >"$work/files"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for n in "${sizes[@]}"; do
  r=$runs
  [ "$n" -lt 20000 ] || r=$(( runs / 3 > 0 ? runs / 3 : 1 ))
  dir=$work/kb$n
  echo "bench: $n articles: generating, $r runs each" >&2
  "$work/kbcgen" -n "$n" -seed 1 -o "$dir/content" >/dev/null
  "$work/hugosite" -content "$dir/content" -o "$dir/hugo"
  edited=$(find "$dir/content" -mindepth 1 -maxdepth 1 -type d | sort | sed -n "$(( n / 2 + 1 ))p")/article.yaml
  for i in $(seq "$r"); do
    discard "$dir/public" "$dir/.public.kbc-spare" "$dir/.kbc-cache"
    (cd "$dir" && timed "$n:cold" "$work/kbc" build -o public content)
    (cd "$dir" && timed "$n:lint" "$work/kbc" lint content)
    (cd "$dir" && timed "$n:relint" "$work/kbc" lint content)
    (cd "$dir" && timed "$n:noop" "$work/kbc" build -o public content)
    grep -q 'up to date' "$work/cmd.out" || { echo "bench: the no-op build was not up to date" >&2; exit 1; }
    (cd "$dir" && timed "$n:stat" find public content -printf '%i %s %T@ %C@\n')
    sed -i "s/^summary: \"/summary: \"Edited $i: /" "$edited"
    (cd "$dir" && timed "$n:edit" "$work/kbc" build -o public content)
    sed -i "s/^summary: \"/summary: \"Again $i: /" "$edited"
    (cd "$dir" && timed "$n:reedit" "$work/kbc" build -o public content)
    (cd "$dir" && timed "$n:editlint" "$work/kbc" lint content)
    discard "$dir/hugo-public"
    (cd "$dir/hugo" && timed "$n:hugo" "$hugo" --quiet --destination "$dir/hugo-public")
  done
  echo "$n $(find "$dir/public" -type f | wc -l) $(du -sk "$dir/public" | cut -f1) $(find "$dir/hugo-public" -type f | wc -l) $(du -sk "$dir/hugo-public" | cut -f1)" >>"$work/files"
  discard "$dir"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "kbc vs Hugo $hugo_version, $(nproc) cores, $(filesystem), load average $load_before before and $load_after after; medians of $runs runs (fewer from 20,000 articles)"
echo
echo "| articles | pages | step | wall s | CPU s | user s | sys s | peak RSS MB | peak live heap MB | wall ms/article | CPU ms/article | user ms/article | wall vs Hugo | CPU vs Hugo | user vs Hugo | RSS vs Hugo |"
echo "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  hw=$(median "$n:hugo" 2) hc=$(median "$n:hugo" 3) hm=$(median "$n:hugo" 4) hu=$(median "$n:hugo" 5)
  for step in cold lint relint noop edit reedit editlint hugo; do
    w=$(median "$n:$step" 2) c=$(median "$n:$step" 3) m=$(median "$n:$step" 4) u=$(median "$n:$step" 5) y=$(median "$n:$step" 6) l=$(median "$n:$step" 7)
    awk -v n="$n" -v s="$step" -v w="$w" -v c="$c" -v m="$m" -v u="$u" -v y="$y" -v l="$l" -v hw="$hw" -v hc="$hc" -v hm="$hm" -v hu="$hu" 'BEGIN {
      names["cold"] = "kbc build, cold"; names["lint"] = "kbc lint"; names["relint"] = "kbc lint, nothing changed"
      names["noop"] = "kbc build, no-op"; names["edit"] = "kbc build, 1 article edited (first)"
      names["reedit"] = "kbc build, 1 article edited (again)"; names["editlint"] = "kbc lint, 1 article edited"
      names["hugo"] = "hugo"
      printf "| %d | %d | %s | %.2f | %.2f | %.2f | %.2f | %.0f | %.0f | %.2f | %.2f | %.2f | %.3f | %.3f | %.3f | %.3f |\n", n, n * 4, names[s], w, c, u, y, m / 1024, l, w * 1000 / n, c * 1000 / n, u * 1000 / n, w / hw, c / hc, u / hu, m / hm
    }'
  done
done
echo
while read -r n kf kk hf hk; do
  echo "$n articles: kbc wrote $kf files ($(( kk / 1024 )) MB), Hugo $hf files ($(( hk / 1024 )) MB); find stats every entry of the content and site folders in $(median "$n:stat" 2) s wall, $(median "$n:stat" 3) CPU s"
done <"$work/files"
