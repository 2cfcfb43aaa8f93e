/* bench_resize.c -- the cost of resizing and of the page-sharing scanner.
 *
 * 1. 10,000 VMs (2 vCPUs, max_vcpus 4, CPU-bound) on 625 hosts of 16 pCPUs,
 *    fluid scheduler, one hour simulated, each VM resized 10 times (vCPUs
 *    2 <-> 4 with a 1 s hot-plug, weight 256 <-> 512): 100,000 resize
 *    actions, 50,000 hot-plugs on each side.  Goal (issue 16): < 1 s wall
 *    for the run.  Against the same scenario without actions.
 * 2. The overcommit model with page sharing on 64 hosts of 16 VMs of one
 *    image, one hour, at scan rates 5,000 to 80,000 pages/s: the simulated
 *    scanner's CPU (scan_cpu_share) grows with the pages it scans; the
 *    simulator's own time does not (the model is analytic in the pages:
 *    one update per VM per step while a pass runs).
 * Results not written (db_path NULL); process CPU time of vdc_sim_run and
 * of the parse (steadier than wall time on a shared machine), best of REPS,
 * variants interleaved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "scenario.h"
#include "sim.h"

#define NVM 10000
#define NHOST 625
#define RESIZES 10
#define REPS 3

/* Process CPU time: on a shared machine it varies less than wall time. */
static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *resize_scenario(bool actions)
{
    buf b = { 0 };
    put(&b, "{\"duration_s\": 3600, \"sample_window_s\": 0,"
            " \"hosts\": [{\"name\": \"h\", \"count\": %d, \"pcpus\": 16, \"memory_gib\": 256}],"
            " \"models\": {\"sched\": {\"name\": \"fluid\", \"samples\": false}},"
            " \"vms\": [{\"name\": \"v\", \"count\": %d, \"vcpus\": 2, \"max_vcpus\": 4}],"
            " \"actions\": [", NHOST, NVM);
    for (int k = 0; actions && k < RESIZES; k++)
        for (int v = 0; v < NVM; v++)
            put(&b, "%s{\"at_s\": %.3f, \"resize\": {\"vm\": \"v-%d\", \"vcpus\": %d, \"weight\": %d}}",
                k || v ? "," : "", 300.0 * k + 1 + (double)v * 0.025, v, k % 2 ? 2 : 4,
                k % 2 ? 256 : 512);
    put(&b, "]}");
    return b.p;
}

static char *share_scenario(double rate)
{
    buf b = { 0 };
    put(&b, "{\"duration_s\": 3600, \"sample_window_s\": 0,"
            " \"hosts\": [{\"name\": \"h\", \"count\": 64, \"pcpus\": 16, \"memory_gib\": 64}],"
            " \"models\": {\"sched\": {\"name\": \"fluid\", \"samples\": false},"
            "  \"overcommit\": {\"name\": \"balloon\", \"scan_pages_s\": %g, \"samples\": false}},"
            " \"vms\": [{\"name\": \"v\", \"count\": 1024, \"memory_gib\": 2,"
            "  \"workload\": {\"type\": \"idle\"},"
            "  \"overcommit\": {\"image\": \"debian\", \"shareable_fraction\": 0.4}}]}", rate);
    return b.p;
}

/* Parse and run; wall times of each; the scan share of host h-0 if asked. */
static int run(const char *json, double *parse_s, double *run_s, uint64_t *events)
{
    vdc_scenario *sc = NULL;
    vdc_error err = { 0 };
    double t0 = cpu_s();
    if (vdc_scenario_parse(json, strlen(json), "bench.json", NULL, 0, &sc, &err)) {
        fprintf(stderr, "bench_resize: %s\n", err.msg);
        return 1;
    }
    double t1 = cpu_s();
    vdc_run_opts o = { .db_path = NULL };
    vdc_run_summary s = { 0 };
    int rc = vdc_sim_run(sc, &o, &s, &err);
    double t2 = cpu_s();
    vdc_scenario_free(sc);
    if (rc) {
        fprintf(stderr, "bench_resize: %s\n", err.msg);
        return 1;
    }
    *parse_s = t1 - t0;
    *run_s = t2 - t1;
    *events = s.events;
    return 0;
}

int main(void)
{
    char *with = resize_scenario(true), *without = resize_scenario(false);
    double best[2][2] = { { 1e9, 1e9 }, { 1e9, 1e9 } };
    uint64_t ev[2] = { 0, 0 };
    for (int r = 0; r < REPS; r++)
        for (int k = 0; k < 2; k++) {
            double p, t;
            if (run(k ? with : without, &p, &t, &ev[k]))
                return 1;
            if (p < best[k][0]) best[k][0] = p;
            if (t < best[k][1]) best[k][1] = t;
        }
    printf("resize: %d VMs x %d resizes over 1 h simulated (fluid)\n", NVM, RESIZES);
    printf("  %-16s parse %.3f s  run %.3f s  events %llu\n", "no actions", best[0][0],
           best[0][1], (unsigned long long)ev[0]);
    printf("  %-16s parse %.3f s  run %.3f s  events %llu  (goal: run < 1 s)\n",
           "100,000 resizes", best[1][0], best[1][1], (unsigned long long)ev[1]);
    free(with);
    free(without);

    printf("page sharing: 1024 VMs of 2 GiB on 64 hosts, 1 h simulated\n");
    static const double rates[] = { 5000, 20000, 80000 };
    for (size_t i = 0; i < sizeof rates / sizeof *rates; i++) {
        char *j = share_scenario(rates[i]);
        double bp = 1e9, bt = 1e9;
        uint64_t e = 0;
        for (int r = 0; r < REPS; r++) {
            double p, t;
            if (run(j, &p, &t, &e))
                return 1;
            if (t < bt) bt = t;
            if (p < bp) bp = p;
        }
        /* pages scanned per host in the hour: rate x 3600 (the scanner
         * keeps running after its first pass) */
        printf("  %6.0f pages/s: %.3g pages scanned per host; run %.3f s, events %llu\n",
               rates[i], rates[i] * 3600, bt, (unsigned long long)e);
        free(j);
    }
    return 0;
}
