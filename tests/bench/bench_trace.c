/* bench_trace.c -- issue 12, Performance: trace-driven consolidation.
 *
 * Needs the PlanetLab traces ($VDC_TRACES, default ../shared/traces); without
 * them it prints "SKIPPED: ..." and succeeds.  Figures, each run a child
 * `./vdcsim run` (so that its peak RSS is its own, from wait4's rusage):
 *  1. reading traces: the 10 days (11,746 files) parsed as scenarios
 *     (`vdcsim check`), wall time and peak RSS;
 *  2. one day (20110303: 800 hosts, 1,052 VMs, 24 h, 300 s steps) of
 *     scenarios/labs/consolidation/paper.json under each policy of the
 *     paper's Table V, with the results database: wall, CPU (user + sys)
 *     and peak RSS, best of 3 (goal: LR-MMT-1.2 < 0.3 s wall; CloudSim
 *     3.0.3 takes 35-110 s and up to 2.7 GB per policy-day);
 *  3. with BENCH_TRACE_SWEEP=1, the lab's whole sweep (81 combinations + NPA
 *     + DVFS, x 10 days) through `vdcsim sweep -j 2` (goal < 2 min).
 */
#define _DEFAULT_SOURCE     /* wait4 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "bench_util.h"

typedef struct meas { double wall, cpu, rss_mb; int rc; } meas;

/* Run argv as a child; its wall time, CPU time and peak RSS. */
static meas child(char *const argv[])
{
    meas m = { 0 };
    double t0 = now_s();
    fflush(stdout);             /* or the child's freopen writes our buffer again */
    pid_t p = fork();
    if (p == 0) {
        if (!freopen("/dev/null", "w", stdout))
            _exit(126);
        execv(argv[0], argv);
        _exit(127);
    }
    int st = 0;
    struct rusage ru;
    wait4(p, &st, 0, &ru);
    m.wall = now_s() - t0;
    m.cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 +
            (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
    m.rss_mb = (double)ru.ru_maxrss / 1024.0;
    m.rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return m;
}

int main(void)
{
    const char *root = getenv("VDC_TRACES");
    char pl[512], day[600], set[700], db[64];
    snprintf(pl, sizeof pl, "%s/planetlab", root ? root : "../shared/traces");
    struct stat st;
    if (stat(pl, &st) != 0) {
        printf("SKIPPED: bench_trace, because %s is absent (set VDC_TRACES to the folder "
               "holding planetlab/)\n", pl);
        return 0;
    }
    const char *scen = "scenarios/labs/consolidation/paper.json";
    snprintf(db, sizeof db, "/tmp/vdc-bench-trace-%d.db", (int)getpid());

    /* 1. reading the 10 days */
    static const char *const days[] = { "20110303", "20110306", "20110309", "20110322",
                                        "20110325", "20110403", "20110409", "20110411",
                                        "20110412", "20110420" };
    double tw = 0, rss = 0;
    for (int d = 0; d < 10; d++) {
        snprintf(set, sizeof set, "vms[0].traces=%s/%s", pl, days[d]);
        char *argv[] = { "./vdcsim", "check", (char *)scen, "--set", set, NULL };
        meas m = child(argv);
        if (m.rc)
            return fprintf(stderr, "vdcsim check failed on %s\n", days[d]), 1;
        tw += m.wall;
        rss = m.rss_mb > rss ? m.rss_mb : rss;
    }
    printf("1. parse + read the 10 PlanetLab days (11,746 files), vdcsim check each: "
           "%.2f s in all, peak RSS %.1f MB\n", tw, rss);

    /* 2. one day per Table V policy */
    static const struct { const char *name, *a, *b; } pol[] = {
        { "NPA", "models.placement.baseline=npa", NULL },
        { "DVFS", "models.placement.baseline=dvfs", NULL },
        { "THR-MMT-0.8", "models.placement.overload=thr", "models.placement.high_util=0.8" },
        { "IQR-MMT-1.5", "models.placement.overload=iqr", "models.placement.safety=1.5" },
        { "MAD-MMT-2.5", "models.placement.overload=mad", "models.placement.safety=2.5" },
        { "LRR-MMT-1.2", "models.placement.overload=lrr", "models.placement.safety=1.2" },
        { "LR-MMT-1.2", "models.placement.overload=lr", "models.placement.safety=1.2" },
    };
    snprintf(day, sizeof day, "vms[0].traces=%s/20110303", pl);
    printf("2. one day (20110303, 800 hosts, 1,052 VMs, 24 h), with the results database, "
           "best of 3:\n   %-12s %8s %8s %9s\n", "policy", "wall_s", "cpu_s", "rss_MB");
    for (size_t i = 0; i < sizeof pol / sizeof *pol; i++) {
        meas best = { 1e9, 1e9, 0, 0 };
        for (int r = 0; r < 3; r++) {
            unlink(db);
            char *argv[] = { "./vdcsim", "run", (char *)scen, "-q", "-o", db, "--set", day,
                             "--set", (char *)pol[i].a, pol[i].b ? "--set" : NULL,
                             (char *)pol[i].b, NULL };
            meas m = child(argv);
            if (m.rc)
                return fprintf(stderr, "vdcsim run failed (%s)\n", pol[i].name), 1;
            if (m.wall < best.wall)
                best.wall = m.wall;
            if (m.cpu < best.cpu)
                best.cpu = m.cpu;
            if (m.rss_mb > best.rss_mb)
                best.rss_mb = m.rss_mb;
        }
        printf("   %-12s %8.3f %8.3f %9.1f\n", pol[i].name, best.wall, best.cpu, best.rss_mb);
    }
    unlink(db);

    /* 3. the whole sweep, on request */
    if (getenv("BENCH_TRACE_SWEEP")) {
        char out[64], cmd[1024];
        snprintf(out, sizeof out, "/tmp/vdc-bench-sweep-%d", (int)getpid());
        snprintf(cmd, sizeof cmd, "VDC_TRACES='%s/..' sh scenarios/labs/consolidation/run_all.sh "
                 "-j 2 %s > /dev/null", pl, out);
        double t0 = now_s();
        int rc = system(cmd);
        printf("3. the lab's sweep (830 runs, -j 2) and plots: %.1f s wall (rc %d), results in %s\n",
               now_s() - t0, rc, out);
    } else {
        printf("3. the lab's whole sweep: set BENCH_TRACE_SWEEP=1 to time it\n");
    }
    return 0;
}
