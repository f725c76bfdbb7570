#!/usr/bin/env bash
# bench/profile.sh [SIZE...] — where kbc's time goes, step by step.
#
# For each size (default: 5000 articles, each in 4 locales) it generates
# the synthetic corpus and runs, once each with --cpuprofile, four of the
# kbc steps bench/run.sh times:
#   kbc build  (cold: no site, no cache)
#   kbc lint   (every rule, with no lint cache: --cache '')
#   kbc build  (no-op: nothing changed since the previous build)
#   kbc build  (one article's summary edited, after a first such edit,
#               which is run but not profiled: the steady state of a
#               writer's day)
# and find(1) stating every entry of the content folder, then of the
# content and site folders, for comparison with the scans below.
#
# For each step it prints the wall and CPU time (GNU time), the peak
# resident memory and the largest heap a collection found live, and the
# profile's samples split by what kbc was doing. Each sample is counted
# once, in the first group of this list (in this order) that a frame of
# its stack belongs to:
#   collector  Go's garbage collector: its workers, assists and sweeps
#   cache      reading and writing .kbc-cache (the state, page records
#              and folder digests of the last build, lint's findings)
#   scans      listing the content and site folders, and hashing the
#              content files that changed
#   loading    parsing content files into the model
#   figures    checking SVG and raster figures, and publishing them
#   checks     lint's rules
#   writing    writing the site's files and folders
#   search     building the search index
#   pages      rendering pages from templates
#   records    the rest of the build's own work: planning, and keeping
#              and comparing the records of every page and file
#   other      the rest (the Go runtime's scheduler, the start)
# and, across all of them, the share of samples in system calls made
# through the syscall and golang.org/x/sys/unix packages (the Go
# runtime's own, such as futex and mmap, are not counted there). The
# shares of a step add up to 100 %, give or take rounding. Percentages
# are of CPU time, which is spent on every core: they say what costs, not
# what waits.
#
# Nothing is deleted while the steps run (see bench/run.sh for why): the
# work folder is deleted when the script ends. Not run in CI.
#
#   bench/profile.sh 1000 5000 20000
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd) # the steps run in each size's folder

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(5000)
timer=/usr/bin/time
[ -x "$timer" ] || { echo "profile: $timer (GNU time) is required: apt-get install time" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/kbc-profile.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "profile: working in $work" >&2

go build -o "$work/kbc" ./cmd/kbc
go build -o "$work/kbcgen" ./cmd/kbcgen

# step LABEL CMD... runs the command under GNU time, with gctrace for the
# largest live heap, and prints "wall cpu rss_mb live_mb".
step() {
  local label=$1; shift
  sync
  GODEBUG=gctrace=1 "$timer" -o "$work/time.out" -f "%e %U %S %M" "$@" >"$work/$label.out" 2>&1 || {
    echo "profile: $label failed:" >&2; tail -20 "$work/$label.out" >&2; exit 1; }
  local wall user sys rss live
  read -r wall user sys rss <"$work/time.out"
  live=$(awk -f "$repo/bench/peaklive.awk" "$work/$label.out")
  awk -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v l="$live" 'BEGIN { printf "%.2f %.2f %d %d", w, u + s, r / 1024, l }'
}

# shares PROFILE prints the shares of the profile's samples, in the order
# of the header below, from go tool pprof's raw listing: its locations,
# each a function and the functions inlined into it, then its samples,
# each a count and a stack of locations.
shares() {
  go tool pprof -raw "$work/kbc" "$1" 2>/dev/null | awk '
    BEGIN {
      n = split("collector cache scans loading figures checks writing search pages records", group, " ")
      re["collector"] = "^runtime\\.(gcBgMarkWorker|gcDrain|gcAssistAlloc|bgsweep|sweepone|bgscavenge|markroot|wbBufFlush|gcWriteBarrier)"
      re["cache"] = "/internal/(buildcache\\.(Load|LoadSum|loadLayout|Save|SaveSum|Prepare|writeManifest|\\(\\*Prepared\\))|build\\.\\(\\*?(pages|pagesReader|state)\\)\\.|build\\.readState|lintcache\\.)|^encoding/gob\\."
      re["scans"] = "/internal/buildcache\\.(Scan|ScanListing|List|ListInodes|ListFiles|ListAt|Stat|hashFiles|sumFile|\\(\\*scanner\\)|\\(\\*linuxWalker\\)|portableWalker)"
      re["loading"] = "/internal/(content\\.(load|\\(\\*decoder\\))|contentfile\\.)|^gopkg\\.in/yaml"
      re["figures"] = "/internal/(svg|raster)\\.|/internal/site\\.\\(\\*Renderer\\)\\.PublishImage|/internal/site\\.\\(\\*imageRef\\)"
      re["checks"] = "/internal/(lint|prose|coverage|termbase)\\."
      re["writing"] = "/internal/output\\."
      re["search"] = "/internal/search\\."
      re["pages"] = "/internal/(site|theme|render)\\.|^(text|html)/template\\.|goldmark"
      re["records"] = "/internal/(build|incremental)\\.|/internal/buildcache\\.(Tree|\\(\\*Hasher\\))"
      sys = "^(internal/runtime/syscall|syscall|golang\\.org/x/sys/unix)\\."
    }
    /^Samples:/ { part = "samples"; next }
    /^Locations/ { part = "locations"; next }
    /^Mappings/ { part = "" ; next }
    part == "samples" && $2 ~ /:$/ {
      nsample++; count[nsample] = $1
      stack[nsample] = ""
      for (i = 3; i <= NF; i++) stack[nsample] = stack[nsample] " " $i
      next
    }
    part == "locations" && $1 ~ /^[0-9]+:$/ { loc = $1 + 0; fn[loc] = fn[loc] " " $4; next }
    part == "locations" && NF >= 2 { fn[loc] = fn[loc] " " $1; next }
    END {
      # Each location once: the first group any of its functions belongs
      # to (n + 1, other, if none), and whether it is a system call.
      for (loc in fn) {
        rank[loc] = n + 1
        c = split(fn[loc], f, " ")
        for (j = 1; j <= c; j++) {
          for (k = 1; k < rank[loc]; k++) if (f[j] ~ re[group[k]]) rank[loc] = k
          if (f[j] ~ sys) insys[loc] = 1
        }
      }
      group[n + 1] = "other"
      for (s = 1; s <= nsample; s++) {
        m = split(stack[s], ids, " ")
        k = n + 1; called = 0
        for (i = 1; i <= m; i++) {
          if (rank[ids[i]] < k) k = rank[ids[i]]
          if (insys[ids[i]]) called = 1
        }
        total += count[s]; share[group[k]] += count[s]; if (called) syscalls += count[s]
      }
      if (total == 0) total = 1
      for (k = 1; k <= n + 1; k++) printf "%d | ", 100 * share[group[k]] / total + 0.5
      printf "%d", 100 * syscalls / total + 0.5
    }'
}

# row LABEL NAME COMMAND ARG... runs kbc COMMAND with a CPU profile and
# prints the step's row.
row() {
  local label=$1 name=$2 command=$3; shift 3
  local wall cpu rss live
  read -r wall cpu rss live <<<"$(step "$label" "$work/kbc" "$command" --cpuprofile "$work/$label.prof" "$@")"
  echo "| $name | $wall | $cpu | $rss | $live | $(shares "$work/$label.prof") |"
}

echo "kbc $(git rev-parse --short HEAD 2>/dev/null || echo '(no git)'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before"
for n in "${sizes[@]}"; do
  dir=$work/kb$n
  echo "profile: $n articles" >&2
  "$work/kbcgen" -n "$n" -seed 1 -o "$dir/content" >/dev/null
  edited=$(find "$dir/content" -mindepth 1 -maxdepth 1 -type d | sort | sed -n "$(( n / 2 + 1 ))p")/article.yaml
  echo
  echo "$n articles: each step's times and memory, then the shares of its CPU time (%)"
  echo
  echo "| step | wall s | CPU s | peak RSS MB | peak live heap MB | collector | cache | scans | loading | figures | checks | writing | search | pages | records | other | in system calls |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  cd "$dir"
  row "cold$n" "kbc build, cold" build -o public content
  row "lint$n" "kbc lint" lint --cache '' content
  row "noop$n" "kbc build, no-op" build -o public content
  grep -q 'up to date' "$work/noop$n.out" || { echo "profile: the no-op build was not up to date" >&2; exit 1; }
  sed -i 's/^summary: "/summary: "Edited: /' "$edited"
  step "first$n" "$work/kbc" build -o public content >/dev/null
  sed -i 's/^summary: "/summary: "Again: /' "$edited"
  row "edit$n" "kbc build, 1 article edited (again)" build -o public content
  cd - >/dev/null
  read -r cwall _ <<<"$(step "findc$n" find "$dir/content" -printf '%i %s %T@ %C@\n')"
  read -r swall _ <<<"$(step "finds$n" find "$dir/public" "$dir/content" -printf '%i %s %T@ %C@\n')"
  echo
  echo "find(1) stats every entry of the content folder in $cwall s, of the content and site folders in $swall s."
done
