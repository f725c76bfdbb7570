# bench/peaklive.awk LOG — the largest heap a collection found live, in
# MB, in the output of a Go program run with GODEBUG=gctrace=1: each
# collection prints its heap as before->after->live MB. 0 when no
# collection ran. bench/run.sh and bench/profile.sh read it.
/^gc [0-9]+ @/ {
  for (i = 1; i < NF; i++)
    if ($i ~ /^[0-9]+->[0-9]+->[0-9]+$/ && $(i + 1) ~ /^MB,?$/) {
      split($i, h, "->")
      if (h[3] + 0 > m) m = h[3] + 0
    }
}
END { print m + 0 }
