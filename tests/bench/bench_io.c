/* bench_io.c -- issue 18, Performance: what the I/O model adds to a
 * 10,000-VM data-center run.
 *
 * 1,250 hosts x 8 single-vCPU VMs with onoff workloads (four groups, on
 * 20/40/60/30 s, off 20/60/120/45 s, phases apart), fluid scheduler,
 * placement `waves` moving 300 random VMs every 60 s (instant moves: each
 * one re-solves the I/O of two hosts), 600 s simulated, no database.  Runs:
 *   base     no I/O model;
 *   io       the I/O model, every VM with one stream (disk or network,
 *            alternately), no driver VMs (backend CPU reported only);
 *   io+dom0  the same plus a driver VM per host (a 1,250 more VMs), whose
 *            CPU is measured at 100 ms ticks: the coupling.s full cost.  Its
 *            base is the same scenario with the driver VMs and no I/O model.
 * CPU time of vdc_sim_run in-process (not wall: see now_s), best of 5 each,
 * interleaved so that drift hits all.
 * Goal (issue 18): io / base <= 1.10.  A host whose driver share holds
 * still is not visited (fluid announces share changes): RESULTS.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scenario.h"
#include "sim.h"

/* CPU time of this (single-threaded) process: on the shared 2-core machine
 * a run gets 15-25 % of a core, so wall time mostly measures the others. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

enum { HOSTS = 1250, PER_HOST = 8 };

/* The scenario: io = with the I/O model; dom0 = with a driver VM per host. */
static char *gen(bool io, bool dom0)
{
    size_t cap = 1 << 20;        /* ~130 KiB with a driver VM per host */
    char *s = malloc(cap);
    if (!s)
        exit(1);
    static const double on[] = { 20, 40, 60, 30 }, off[] = { 20, 60, 120, 45 };
    int n = snprintf(s, cap, "{\"name\": \"bench-io\", \"seed\": 1, \"duration_s\": 600,"
                     " \"sample_window_s\": 0, \"hosts\": [{\"name\": \"h\", \"count\": %d,"
                     " \"pcpus\": 8, \"memory_gib\": 64}], \"vms\": [", HOSTS);
    for (int g = 0; g < 4; g++)
        n += snprintf(s + n, cap - (size_t)n,
                      "%s{\"name\": \"v%d\", \"count\": %d, \"memory_gib\": 2,"
                      " \"workload\": {\"type\": \"onoff\", \"demand\": 0.8, \"on_s\": %g,"
                      " \"off_s\": %g, \"phase_s\": %d}%s}", g ? ", " : "", g,
                      HOSTS * PER_HOST / 4, on[g], off[g], 7 * g,
                      !io ? "" : g % 2 ? ", \"io\": {\"net_qd\": 16, \"net_kib\": 1.5}"
                                       : ", \"io\": {\"disk_qd\": 4, \"disk_kib\": 8}");
    if (dom0)
        for (int h = 0; h < HOSTS; h++)
            n += snprintf(s + n, cap - (size_t)n,
                          ", {\"name\": \"d%d\", \"host\": \"h-%d\", \"memory_gib\": 1,"
                          " \"workload\": {\"type\": \"idle\"}%s}", h, h,
                          io ? ", \"io\": {\"role\": \"driver\"}" : "");
    if ((size_t)n + 512 > cap) {
        fprintf(stderr, "bench_io: scenario buffer too small\n");
        exit(1);
    }
    snprintf(s + n, cap - (size_t)n,
             "], \"models\": {\"placement\": {\"name\": \"waves\", \"vms\": 300,"
             " \"cpu_overcommit\": 2}%s}}",
             io ? ", \"io\": {\"name\": \"devices\", \"hypervisor\": \"xen-pv\"}" : "");
    return s;
}

static double run_once(const char *json, uint64_t *events)
{
    vdc_scenario *sc = NULL;
    vdc_error err = { 0 };
    if (vdc_scenario_parse(json, strlen(json), "bench-io.json", NULL, 0, &sc, &err)) {
        fprintf(stderr, "bench_io: %s\n", err.msg);
        exit(1);
    }
    vdc_run_opts o = { 0 };
    vdc_run_summary sum = { 0 };
    double t0 = now_s();
    if (vdc_sim_run(sc, &o, &sum, &err)) {
        fprintf(stderr, "bench_io: %s\n", err.msg);
        exit(1);
    }
    double t = now_s() - t0;
    *events = sum.events;
    vdc_scenario_free(sc);
    return t;
}

int main(int argc, char **argv)
{
    const char *name[4] = { "base", "io", "base+dom0 VMs", "io+dom0" };
    char *json[4] = { gen(false, false), gen(true, false), gen(false, true), gen(true, true) };
    if (argc > 1) {             /* `bench_io K`: run variant K once (for a profiler) */
        int k = atoi(argv[1]) & 3;
        uint64_t e = 0;
        printf("%s: %.3f s\n", name[k], run_once(json[k], &e));
        return 0;
    }
    double best[4] = { 1e9, 1e9, 1e9, 1e9 };
    uint64_t ev[4] = { 0 };
    for (int rep = 0; rep < 5; rep++)
        for (int k = 0; k < 4; k++) {
            double t = run_once(json[k], &ev[k]);
            best[k] = t < best[k] ? t : best[k];
        }
    printf("bench_io: %d hosts x %d VMs, onoff, waves of 300 moves/60 s, 600 s, CPU s, best of 5\n",
           HOSTS, PER_HOST);
    for (int k = 0; k < 4; k++)
        printf("  %-14s %8.3f s CPU  %10llu events\n", name[k], best[k],
               (unsigned long long)ev[k]);
    printf("  io / base            = %.3f (goal <= 1.10: %s)\n", best[1] / best[0],
           best[1] / best[0] <= 1.10 ? "met" : "missed");
    printf("  io+dom0 / base+dom0  = %.3f (driver VMs measured at 100 ms ticks while their share changes)\n",
           best[3] / best[2]);
    for (int k = 0; k < 4; k++)
        free(json[k]);
    return 0;                   /* a figure, not a test: noise must not stop `make bench` */
}
