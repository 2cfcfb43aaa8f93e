#!/bin/sh
# cli_ux.sh -- the command line as a new user meets it: `check` finds what
# `run` would refuse, several mistakes are reported at once, typos of
# commands and options get the nearest name, help texts list every option.
set -u
V=${VDCSIM:-./vdcsim}
T=$(mktemp -d "${TMPDIR:-/tmp}/vdcsim-ux.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail=0
pass=0
check() { if eval "$2"; then pass=$((pass + 1)); else echo "FAIL: $1"; fail=1; fi; }

# 1. placement feasibility: an 8 GiB VM on a 4 GiB host
cat > "$T/big.json" <<'J'
{ "hosts": [ { "name": "h", "memory_gib": 4 } ], "vms": [ { "name": "big", "memory_gib": 8 } ] }
J
"$V" check "$T/big.json" >"$T/out" 2>"$T/err"; rc=$?
check "check refuses a VM no host can take (exit 2, got $rc)" "[ $rc = 2 ]"
check "check's placement error names the file and the VM" "grep -q \"^vdcsim: $T/big.json: .*big\" '$T/err'"
check "check prints no 'ok' for it" "! grep -q ok '$T/out'"
"$V" run "$T/big.json" -o "$T/r.db" 2>"$T/err2"; rc=$?
check "run refuses it the same way (exit 2, got $rc)" "[ $rc = 2 ] && cmp -s '$T/err' '$T/err2'"
check "run wrote no database" "[ ! -e '$T/r.db' ]"

# 2. check shows the initial placement
"$V" check scenarios/quickstart.json >"$T/q" 2>&1
check "check prints the initial placement" "grep -q 'cron *-> host-0 *(first_fit)' '$T/q' && grep -q 'web-0 *-> host-0 *(scenario)' '$T/q'"

# 3. several mistakes at once, each with its JSON path
cat > "$T/typos.json" <<'J'
{ "duration": 5,
  "hosts": [ { "name": "h", "memroy_gib": 4, "pcpus": -1 } ],
  "vms": [ { "name": "a", "vcpu": 2, "weight": 0, "workload": { "type": "cpux" } },
           { "name": "b", "host": "h-9" } ],
  "models": { "sched": { "name": "credt" } },
  "actions": [ { "at_s": 1, "migrat": {} } ] }
J
"$V" check "$T/typos.json" >/dev/null 2>"$T/err"; rc=$?
check "many errors: exit 2 (got $rc)" "[ $rc = 2 ]"
for path in duration hosts.0..memroy_gib 'hosts\[0\].pcpus' 'vms\[0\].vcpu' 'vms\[0\].weight' \
            'vms\[0\].workload.type' 'vms\[1\].host' models.sched.name 'actions\[0\].migrat'; do
    check "many errors: $path reported" "grep -q \": $path: \" '$T/err' || grep -q \"$path\" '$T/err'"
done
n=$(grep -c "^vdcsim: $T/typos.json: " "$T/err")
check "many errors: one line each, all naming the file ($n)" "[ $n -ge 9 ]"
check "many errors: a count at the end" "tail -1 '$T/err' | grep -q '^vdcsim: [0-9]* errors'"
# a refused model block is reported once, not again by each action of its verbs
"$V" check scenarios/labs/resizing/density.json --set models.startup.share_fraction=1 \
    >/dev/null 2>"$T/err"; rc=$?
check "refused model: exit 2 (got $rc)" "[ $rc = 2 ]"
check "refused model: its one error, no follow-on errors from its actions" \
    "[ \$(wc -l < '$T/err') = 1 ] && grep -q 'models.startup.share_fraction: must be < 1' '$T/err'"
# more than 20 mistakes: 20 shown, and said so
{ printf '{ "hosts": [ {"name": "h"} ], "vms": ['
  for i in $(seq 1 30); do printf '{"name": "v%d", "weight": 0}%s' $i "$([ $i -lt 30 ] && echo ,)"; done
  printf '] }\n'; } > "$T/many.json"
"$V" check "$T/many.json" >/dev/null 2>"$T/err"
n=$(grep -c "weight: must be" "$T/err")
check "30 mistakes: 20 shown ($n)" "[ $n = 20 ]"
check "30 mistakes: says there are more" "tail -1 '$T/err' | grep -q 'there are more'"
# one mistake: one line, as before
echo '{ "hosts": [ {"name": "h", "pcpus": 0} ] }' > "$T/one.json"
"$V" check "$T/one.json" >/dev/null 2>"$T/err"
check "one mistake: exactly one line" "[ \$(wc -l < '$T/err') = 1 ]"

# 4. nearest names, help texts
"$V" runn x >/dev/null 2>"$T/err"; rc=$?
check "unknown command: exit 2 and a suggestion" "[ $rc = 2 ] && grep -q 'unknown command \"runn\" (did you mean \"run\"?)' '$T/err'"
"$V" run scenarios/quickstart.json --sed 3 >/dev/null 2>"$T/err"; rc=$?
check "unknown option: exit 2 and a suggestion" "[ $rc = 2 ] && grep -q 'unknown option --sed (did you mean --se' '$T/err'"
"$V" run --help >"$T/h"
check "run --help lists -s" "grep -q -- '-s, --set' '$T/h'"
for o in -o --output --set --seed -q --quiet; do
    check "run --help lists $o" "grep -q -- '$o[ ,]' '$T/h'"
done

# 6. vdcsim models: shared parameters once, presets and profiles with values and sources
"$V" models memory > "$T/mm"
n=$(wc -l < "$T/mm"); k=$(grep -c '^    clock_ghz ' "$T/mm")
check "models memory: under 180 lines (was 259 without presets) ($n), clock_ghz listed once as a parameter and once in the profiles ($k)" "[ $n -lt 180 ] && [ $k = 2 ]"
check "models memory: the profiles' values (p4 exit 4340 cycles)" "grep -q '^    exit_cycles  *cycles  *4340 ' '$T/mm'"
check "models memory: the profiles' sources" "grep -q 'Adams' '$T/mm'"
check "models memory: workload presets" "grep -q 'kernel_compile' '$T/mm'"
"$V" models startup > "$T/ms"
check "models startup: presets with values and sources" "grep -q '^    firecracker  *microvm ' '$T/ms' && grep -q 'Agache' '$T/ms'"

# 5. onoff copies with phase_random do not switch together; same seed, same phases
cat > "$T/ph.json" <<'J'
{ "duration_s": 60, "sample_window_s": 1, "hosts": [ { "name": "h", "pcpus": 8 } ],
  "vms": [ { "name": "c", "count": 4,
             "workload": { "type": "onoff", "on_s": 5, "off_s": 10, "phase_random": true } } ] }
J
series() { sqlite3 "$1" "SELECT group_concat(s, '|') FROM (SELECT entity, group_concat(CAST(round(value) AS INT), '') AS s
  FROM (SELECT * FROM samples WHERE name = 'share' AND run_id = $2 ORDER BY t_s) GROUP BY entity ORDER BY entity)"; }
"$V" run "$T/ph.json" -o "$T/ph.db" -q && "$V" run "$T/ph.json" -o "$T/ph.db" -q
a=$(series "$T/ph.db" 1); b=$(series "$T/ph.db" 2)
n=$(echo "$a" | tr '|' '\n' | sort -u | wc -l)
check "phase_random: 4 copies, 4 different on/off series (got $n)" "[ $n = 4 ]"
check "phase_random: same seed, same phases" "[ -n '$a' ] && [ '$a' = '$b' ]"
check "phase_random: each copy on 1/3 of the time" "[ \$(echo '$a' | tr -cd 1 | wc -c) = 80 ]"

[ $fail = 0 ] && echo "cli_ux: $pass/$pass passed"
exit $fail
