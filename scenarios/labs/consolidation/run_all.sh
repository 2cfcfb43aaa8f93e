#!/bin/sh
# run_all.sh -- the consolidation lab (Beloglazov & Buyya, CCPE 2012) in one command:
#
#     VDC_TRACES=/path/to/traces sh scenarios/labs/consolidation/run_all.sh \
#         [--quick] [-j JOBS] [-f png|svg|pdf] [--plots-only] [OUTDIR]
#
# from anywhere (see ../lab.sh).  VDC_TRACES is the folder holding planetlab/<day>/
# (CloudSim's files; default ../shared/traces beside the source tree).  Writes
# OUTDIR/consolidation_sweep.json (the points), runs it with `vdcsim sweep -j JOBS`
# (default 2) into OUTDIR/consolidation_lab.db, runs the OpenStack Neat testbed
# (neat.json), prints the medians over the 10 days beside the paper's Table V, and
# draws OUTDIR/consolidation_{tradeoff,box,migrations,hosts}.png.
#   default  the paper's 81 combinations (THR 0.6..1.0, IQR and MAD 0.5..3.0,
#            LR and LRR 1.0..1.4; x MMT, MC, RS) + NPA + DVFS, x 10 days = 830 runs
#   --quick  only Table V's rows (NPA, DVFS, THR-MMT-1.0/0.8, IQR-MMT-1.5,
#            MAD-MMT-2.5, LRR-MMT-1.2, LR-MMT-1.2) x 10 days = 80 runs
set -eu
QUICK=0
JOBS=2
ARGS=
while [ $# -gt 0 ]; do
    case $1 in
        --quick) QUICK=1; shift ;;
        -j) JOBS=$2; shift 2 ;;
        *) ARGS="$ARGS $1"; shift ;;
    esac
done
# shellcheck disable=SC2086
set -- $ARGS
. "$(dirname "$0")/../lab.sh"

TR=${VDC_TRACES:-$HERE/../../../../shared/traces}
PL="$TR/planetlab"
if [ "$PLOTS_ONLY" != 1 ]; then
    if [ ! -d "$PL" ]; then
        echo "$0: no PlanetLab traces in $PL: set VDC_TRACES to the folder holding planetlab/<day>/" >&2
        echo "  (CloudSim's modules/cloudsim-examples/src/main/resources/workload/planetlab/)" >&2
        exit 2
    fi
    PL=$(cd "$PL" && pwd)
    DAYS=$(ls "$PL" | grep -E '^[0-9]{8}$' | sort)
    SW="$OUT/consolidation_sweep.json"
    rm -f "$DB" "$DB-wal" "$DB-shm"
    # one point: label, then --set assignments as "key": value JSON pairs
    {
        echo '{ "name": "consolidation", "base": "'"$HERE/paper.json"'", "list": ['
        sep=
        for d in $DAYS; do
            pt() {   # pt LABEL 'json pairs'
                printf '%s{"name": "%s/%s", "vms[0].traces": "%s/%s", "models.placement.event_rows": false, "models.placement.placement_rows": false%s}\n' "$sep" "$1" "$d" "$PL" "$d" "$2"
                sep=,
            }
            P='"models.placement'
            pt NPA ", $P.baseline\": \"npa\""
            pt DVFS ", $P.baseline\": \"dvfs\""
            if [ "$QUICK" = 1 ]; then
                pt THR-MMT-1.0 ", $P.overload\": \"thr\", $P.high_util\": 1.0"
                pt THR-MMT-0.8 ", $P.overload\": \"thr\", $P.high_util\": 0.8"
                pt IQR-MMT-1.5 ", $P.overload\": \"iqr\", $P.safety\": 1.5"
                pt MAD-MMT-2.5 ", $P.overload\": \"mad\", $P.safety\": 2.5"
                pt LRR-MMT-1.2 ", $P.overload\": \"lrr\", $P.safety\": 1.2"
                pt LR-MMT-1.2 ", $P.overload\": \"lr\", $P.safety\": 1.2"
                continue
            fi
            for sel in mmt mc rs; do
                S=$(echo $sel | tr a-z A-Z)
                for t in 0.6 0.7 0.8 0.9 1.0; do
                    pt THR-$S-$t ", $P.overload\": \"thr\", $P.high_util\": $t, $P.selection\": \"$sel\""
                done
                for det in iqr mad; do
                    D=$(echo $det | tr a-z A-Z)
                    for s in 0.5 1.0 1.5 2.0 2.5 3.0; do
                        pt $D-$S-$s ", $P.overload\": \"$det\", $P.safety\": $s, $P.selection\": \"$sel\""
                    done
                done
                for det in lr lrr; do
                    D=$(echo $det | tr a-z A-Z)
                    for s in 1.0 1.1 1.2 1.3 1.4; do
                        pt $D-$S-$s ", $P.overload\": \"$det\", $P.safety\": $s, $P.selection\": \"$sel\""
                    done
                done
            done
        done
        echo '] }'
    } > "$SW"
    # the points write metrics and samples only (event_rows and
    # placement_rows false: the per-migration tables would be ~2 MB and
    # ~2.5 MB a run, 4 GB for the sweep)
    T0=$(date +%s)
    "$VDCSIM" sweep "$SW" -o "$DB" -j "$JOBS" -q
    echo "sweep: $(grep -c 'vms\[0\].traces' "$SW") runs, -j $JOBS, $(( $(date +%s) - T0 )) s wall"
    # the OpenStack Neat testbed: 4 hosts x 4 cores, 28 VMs of one day
    # MHOD: neat.conf's state threshold 0.8 and window sizes up to 100 samples
    # (history_len 100, as its data_collector_data_length); OTF 0.1 is
    # neat.conf's default, 0.2 and 0.3 looser bounds
    MH="models.placement.mhod_util=0.8 models.placement.history_len=100"
    for pol in "THR-0.8 thr high_util 0.8" "THR-0.9 thr high_util 0.9" "THR-1.0 thr high_util 1.0" \
               "LRR-0.9 lrr safety 0.9" "LRR-1.0 lrr safety 1.0" "LRR-1.1 lrr safety 1.1" \
               "MHOD-0.1 mhod mhod_otf 0.1 $MH" "MHOD-0.2 mhod mhod_otf 0.2 $MH" \
               "MHOD-0.3 mhod mhod_otf 0.3 $MH"; do
        set -- $pol
        name=$1 det=$2 key=$3 val=$4
        shift 4
        extra=
        for kv in "$@"; do extra="$extra --set $kv"; done
        # shellcheck disable=SC2086
        "$VDCSIM" run "$HERE/neat.json" -o "$DB" -q --set "name=neat/$name" \
            --set "vms[0].traces=$PL/20110303" --set models.placement.overload=$det \
            --set models.placement.$key=$val $extra
    done
fi

# medians over the days of each policy (SQLite has no median: the middle rows)
sqlite3 "$DB" < "$ANALYSIS/consolidation_views.sql"
echo "policy          days  energy_kWh  SLATAH_%   PDM_%  SLAV_1e-5  ESV_1e-3  migrations  (medians over days)"
sqlite3 -separator ' ' "$DB" "SELECT policy, days, energy, slatah, pdm, slav, esv, mig FROM cons_medians ORDER BY energy DESC" |
while read -r p n e t d s v m; do
    printf '%-15s %4d %11.2f %9.2f %7.3f %10.2f %9.2f %11.0f\n' "$p" "$n" "$e" "$t" "$d" "$s" "$v" "$m"
done
echo "OpenStack Neat testbed (4 hosts x 4 cores, 28 VMs, 20110303):"
echo "policy        AITF_%  AOTF_%  migrations  energy_kWh"
sqlite3 -separator ' ' "$DB" "SELECT substr(scenario_name, 6), 100 * aitf, 100 * aotf, mig, energy FROM cons_runs WHERE scenario_name LIKE 'neat/%' ORDER BY run_id" |
while read -r p a o m e; do
    printf '%-12s %7.2f %7.2f %11.0f %11.3f\n' "$p" "$a" "$o" "$m" "$e"
done

for p in tradeoff box migrations hosts; do
    lab_plot consolidation_$p
done
lab_done
