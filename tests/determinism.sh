#!/bin/sh
# determinism.sh -- the same scenario and seed give identical rows from
# different builds (issue 14.12): usage `sh tests/determinism.sh REF BIN...`.
# `make check-determinism` builds clang -O2 -march=native (fused multiply-add
# where the CPU has it: the build must keep -ffp-contract=off) and gcc -O3,
# and compares them with the default build, row by row, metrics and samples.
set -u
REF=$1; shift
T=$(mktemp -d /tmp/vdc-det.XXXXXX)
trap 'rm -rf "$T"' EXIT
SCEN="scenarios/quickstart.json scenarios/labs/credit/weights.json scenarios/labs/credit/boost.json
      scenarios/labs/datacenter/day.json scenarios/labs/memory/mix.json
      scenarios/labs/migration/precopy.json scenarios/labs/startup/burst.json"
fails=0; n=0
rows() { sqlite3 "$1" "SELECT r.scenario_name, m.entity, m.name, m.value FROM metrics m JOIN runs r USING (run_id)
                       WHERE m.name != 'events' OR m.entity != 'run'
                       UNION ALL SELECT r.scenario_name, s.entity, s.name || '@' || s.t_s, s.value
                       FROM samples s JOIN runs r USING (run_id) ORDER BY 1, 2, 3, 4"; }
for f in $SCEN; do "$REF" run "$f" -o "$T/ref.db" -q || { echo "  FAIL: $REF run $f"; exit 1; }; done
rows "$T/ref.db" >"$T/ref.txt"
for b in "$@"; do
  n=$((n+1))
  rm -f "$T/b.db"*
  for f in $SCEN; do "$b" run "$f" -o "$T/b.db" -q || { echo "  FAIL: $b run $f"; fails=$((fails+1)); }; done
  rows "$T/b.db" >"$T/b.txt"
  d=$(diff "$T/ref.txt" "$T/b.txt" | grep -c '^[<>]')
  if [ "$d" = 0 ] && [ -s "$T/ref.txt" ]; then echo "  $b: $(wc -l <"$T/ref.txt") rows identical"
  else echo "  FAIL: $b: $d rows differ from $REF"; fails=$((fails+1)); fi
done
echo "determinism: $((n-fails))/$n builds identical"
[ "$fails" = 0 ]
