#!/usr/bin/env bash
# bench/serve.sh [SIZE...] — from a save to the site `kbc serve` rebuilt.
#
# For each SIZE (default 1000 5000), generates the synthetic corpus of SIZE
# articles in 4 locales, starts `kbc serve` on it and waits for the first
# site; then EDITS times (default 10) edits the summary of the same
# article, as many editors save (a new file renamed over the old one, by
# sed -i), and waits for the server to say it built the site, with 3 s of
# quiet after each. It prints the medians over the edits after the first,
# which stages the whole site afresh, of the time from the save to the
# server's "built" line and of the build time the server printed, and the
# server's resident memory at the end.
#
# BASE=path/to/kbc runs that binary the same way, on the same corpus and
# article, put back as generated, before the kbc built from this
# checkout: both get the same work.
# Not run in CI.
#
#   bench/serve.sh 1000 5000
#   BASE=/tmp/kbc-old bench/serve.sh 1000
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 5000)
edits=${EDITS:-10}

work=$(mktemp -d "${TMPDIR:-/tmp}/kbc-serve.XXXXXX")
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
echo "bench: working in $work" >&2
go build -o "$work/kbc" ./cmd/kbc
go build -o "$work/kbcgen" ./cmd/kbcgen
binaries=() labels=()
if [ -n "${BASE:-}" ]; then binaries+=("$BASE") labels+=("$BASE"); fi
binaries+=("$work/kbc") labels+=("$(git rev-parse --short HEAD 2>/dev/null || echo "this checkout")")

now() { date +%s.%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "%.2f", v[int((NR + 1) / 2)] }'; }

# seconds turns the duration the server prints (850ms, 1.2s) into seconds.
seconds() {
  case $1 in
    *ms) awk -v v="${1%ms}" 'BEGIN { print v / 1000 }' ;;
    *s) echo "${1%s}" ;;
    *) echo "bench: cannot read the duration $1" >&2; exit 1 ;;
  esac
}

# built counts the server's "built" lines in its log.
built() { grep -c "^kbc serve: built " "$1" || true; }

# wait_built waits until the log has more than n "built" lines.
wait_built() {
  local log=$1 n=$2 deadline=$((SECONDS + 600))
  until [ "$(built "$log")" -gt "$n" ]; do
    if [ $SECONDS -gt $deadline ] || ! kill -0 "$server" 2>/dev/null; then
      echo "bench: the server built nothing after a save; its log:" >&2
      cat "$log" >&2
      exit 1
    fi
    sleep 0.01
  done
}

echo "| articles | kbc | save to built s | build s | RSS at the end MB |"
echo "|---:|---|---:|---:|---:|"
for n in "${sizes[@]}"; do
  echo "bench: $n articles: generating" >&2
  rm -rf "$work/content"
  "$work/kbcgen" -n "$n" -seed 1 -o "$work/content"
  article=$(find "$work/content" -mindepth 1 -maxdepth 1 -type d | sort | sed -n "$((n / 2 + 1))p")/article.yaml
  cp "$article" "$work/article.yaml"
  for k in "${!binaries[@]}"; do
    bin=${binaries[$k]}
    # Each binary edits the article as generated, not as the one before
    # left it: the same text, the same edits.
    cp "$work/article.yaml" "$article"
    log="$work/serve.log"
    "$bin" serve --addr 127.0.0.1:0 "$work/content" >"$log" 2>&1 &
    server=$!
    wait_built "$log" 0
    sleep 3
    : >"$work/saves" && : >"$work/builds"
    for i in $(seq 1 "$edits"); do
      before=$(built "$log")
      start=$(now)
      sed -i "s/^summary: \"/summary: \"Edit $i: /" "$article"
      wait_built "$log" "$before"
      end=$(now)
      if [ "$i" -gt 1 ]; then
        awk -v a="$start" -v b="$end" 'BEGIN { print b - a }' >>"$work/saves"
        seconds "$(grep "^kbc serve: built " "$log" | tail -1 | sed 's/.* in \([0-9.]*m\{0,1\}s\).*/\1/')" >>"$work/builds"
      fi
      sleep 3
    done
    rss=$(ps -o rss= -p "$server")
    kill "$server"
    wait "$server" 2>/dev/null || true
    server=
    echo "| $n | ${labels[$k]} | $(median <"$work/saves") | $(median <"$work/builds") | $((rss / 1024)) |"
  done
done
