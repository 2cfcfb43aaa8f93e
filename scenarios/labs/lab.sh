# lab.sh -- what every lab's run_all.sh shares: finding vdcsim and analysis/,
# the command line, and drawing one plot.  Sourced, not run:
#
#     . "$(dirname "$0")/../lab.sh"
#
# A lab runs the same from the source tree, from its own folder and from an
# installed tree (PREFIX/share/vdcsim/scenarios/labs/NAME), because every
# path is found from the lab's own folder, never from the current directory:
#   vdcsim     $VDCSIM, else the one built next to the scenarios (source tree:
#              REPO/vdcsim; install tree: PREFIX/bin/vdcsim), else PATH;
#   analysis/  the gnuplot and SQL scripts beside scenarios/ (both trees);
#   output     OUTDIR if given (created), else the current directory.
# Sets HERE, VDCSIM, ANALYSIS, OUT, FMT, PLOTS_ONLY; defines lab_plot.

lab_usage() {
    cat <<EOU
usage: sh $0 [-f png|svg|pdf] [--plots-only] [OUTDIR]

Runs the lab's simulations into OUTDIR/${LAB}_lab.db (created anew) and draws
its plots there (PNG unless -f says otherwise).  OUTDIR defaults to the
current directory.  VDCSIM=path chooses the simulator; --plots-only (or
PLOTS_ONLY=1) redraws from an existing database.
EOU
}

HERE=$(cd "$(dirname "$0")" && pwd)
LAB=${LAB:-$(basename "$HERE")}
ANALYSIS=$(cd "$HERE/../../../analysis" 2>/dev/null && pwd) || {
    echo "$0: cannot find analysis/ beside scenarios/ (looked in $HERE/../../../analysis)" >&2
    exit 2
}
FMT=${FORMAT:-png}
PLOTS_ONLY=${PLOTS_ONLY:-0}
OUT=.
while [ $# -gt 0 ]; do
    case $1 in
        -f|--format) [ $# -ge 2 ] || { echo "$0: $1 needs a value: png, svg or pdf" >&2; exit 2; }
                     FMT=$2; shift 2 ;;
        --format=*)  FMT=${1#--format=}; shift ;;
        --plots-only) PLOTS_ONLY=1; shift ;;
        -h|--help)   lab_usage; exit 0 ;;
        -*)          echo "$0: unknown option $1" >&2; lab_usage >&2; exit 2 ;;
        *)           OUT=$1; shift ;;
    esac
done
case $FMT in png|svg|pdf) ;; *) echo "$0: format must be png, svg or pdf, got '$FMT'" >&2; exit 2 ;; esac

if [ -z "${VDCSIM:-}" ]; then
    for cand in "$HERE/../../../vdcsim" "$HERE/../../../../../bin/vdcsim"; do
        if [ -x "$cand" ] && [ -f "$cand" ]; then VDCSIM=$cand; break; fi
    done
fi
if [ -z "${VDCSIM:-}" ]; then
    VDCSIM=$(command -v vdcsim 2>/dev/null) || {
        echo "$0: vdcsim not found: build it (make), put it on PATH, or set VDCSIM=path" >&2
        exit 2
    }
fi
mkdir -p "$OUT"
DB="$OUT/${LAB}_lab.db"
if [ "$PLOTS_ONLY" = 1 ] && [ ! -f "$DB" ]; then
    echo "$0: --plots-only: no database $DB to draw from" >&2
    exit 2
fi

LAB_PLOTS=
# lab_plot NAME: draw analysis/NAME.gp from $DB into $OUT/NAME.$FMT
lab_plot() {
    if ! command -v gnuplot >/dev/null 2>&1; then
        [ -n "${LAB_NOGP:-}" ] || echo "gnuplot not found: no plots (Debian: apt-get install gnuplot-nox)" >&2
        LAB_NOGP=1
        return 0
    fi
    gnuplot -e "db='$DB'; fmt='$FMT'; out='$OUT/$1.$FMT'" "$ANALYSIS/$1.gp"
    LAB_PLOTS="$LAB_PLOTS $OUT/$1.$FMT"
}
# lab_done: say where the results are
lab_done() {
    echo "database: $DB"
    [ -z "$LAB_PLOTS" ] || echo "plots:$LAB_PLOTS"
}
