#!/usr/bin/env bash
# bench/container.sh [SIZE [MIB]] — a cold kbc build in a container's memory.
#
# Generates the synthetic corpus of SIZE articles (default 20000), each in 4
# locales, then runs a cold `kbc build` twice in a memory cgroup of MIB
# mebibytes (default 1024), as a CI container with that limit would:
# once with AUTOMEMLIMIT=off, which leaves Go's collector as the runtime
# sets it, and once as kbc runs by default, keeping its heap within a
# share of the container's limit. For each it prints whether the build
# ended or the kernel killed it, its wall, user and system time, and its
# peak resident memory.
#
# Needs root and a writable memory cgroup: cgroup v2 with the memory
# controller at /sys/fs/cgroup, or cgroup v1 at /sys/fs/cgroup/memory.
# The site goes to disk, not tmpfs, whose files the cgroup would count as
# memory. Not run in CI.
#
#   bench/container.sh 20000 1024
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-20000}
mib=${2:-1024}
timer=/usr/bin/time
[ -x "$timer" ] || { echo "bench: $timer (GNU time) is required: apt-get install time" >&2; exit 2; }

if grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
  cg=/sys/fs/cgroup/kbc-bench-$$
  mkdir "$cg"
  echo $((mib << 20)) >"$cg/memory.max"
  echo 0 >"$cg/memory.swap.max" 2>/dev/null || true
  killed() { awk '$1 == "oom_kill" { print $2 }' "$cg/memory.events"; }
elif [ -d /sys/fs/cgroup/memory ]; then
  cg=/sys/fs/cgroup/memory/kbc-bench-$$
  mkdir "$cg"
  echo $((mib << 20)) >"$cg/memory.limit_in_bytes"
  killed() { awk '$1 == "oom_kill" { print $2 }' "$cg/memory.oom_control"; }
else
  echo "bench: no writable memory cgroup" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kbc-container.XXXXXX")
trap 'rm -rf "$work"; rmdir "$cg" 2>/dev/null || true' EXIT
echo "bench: working in $work, cgroup $cg" >&2
go build -o "$work/kbc" ./cmd/kbc
go build -o "$work/kbcgen" ./cmd/kbcgen
"$work/kbcgen" -n "$n" -seed 1 -o "$work/content"

echo "| articles | memory limit | kbc | outcome | wall s | user s | sys s | peak RSS MB |"
echo "|---:|---:|---|---|---:|---:|---:|---:|"
for mode in off default; do
  rm -rf "$work/site" "$work/cache" "$work"/.site.kbc-*
  sync
  before=$(killed)
  env_mode=()
  [ "$mode" = off ] && env_mode=(AUTOMEMLIMIT=off)
  # The subshell joins the cgroup, then becomes the timed build.
  status=0
  (echo $BASHPID >"$cg/cgroup.procs" && exec env "${env_mode[@]}" "$timer" -o "$work/time.out" -f "%e %U %S %M" \
    "$work/kbc" build -o "$work/site" --cache "$work/cache" "$work/content") >/dev/null 2>&1 || status=$?
  outcome="ended"
  if [ "$(killed)" != "$before" ]; then
    outcome="killed"
  elif [ "$status" -ne 0 ]; then
    outcome="failed ($status)"
  fi
  # Over a killed command, GNU time writes a line saying so first.
  read -r wall user sys rss < <(tail -n 1 "$work/time.out") || true
  label="AUTOMEMLIMIT=off"
  [ "$mode" = default ] && label="default"
  echo "| $n | $mib MiB | $label | $outcome | ${wall:-} | ${user:-} | ${sys:-} | $(( ${rss:-0} / 1024 )) |"
done
