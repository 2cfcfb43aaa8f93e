/* bench_credit.c -- speed of the event-level Credit scheduler model.
 *
 * 1. The host: 64 pCPUs, 256 vCPUs (128 CPU-bound, 128 I/O-bound:
 *    exp bursts of 1 ms, exp waits of 9 ms), 600 simulated s.  Prints the
 *    engine events handled, schedule() decisions, wall and CPU time, and
 *    events per wall/CPU second (goal: >= 5 M/s, < 10 s wall).
 * 2. Scaling: 4 vCPUs per pCPU (same mix) on 8, 64 and 256 pCPUs for
 *    `SCALE_S` simulated s, with load balancing on and off: CPU time per
 *    pCPU-second of simulated time should stay flat as pCPUs grow (stealing
 *    visits bitmaps of candidate peers, not every peer: credit_runq.c).
 * Figures are recorded in tests/bench/RESULTS.md "## Credit scheduler".
 * Run from the project root: build/bench/bench_credit [seconds]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scenario.h"
#include "sim.h"

static double clock_s(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

typedef struct result {
    double wall_s, cpu_s;
    uint64_t events;
} result;

static int run(int pcpus, int nvcpu, double dur, bool lb, result *out)
{
    char text[2048];
    snprintf(text, sizeof text,
             "{\"name\": \"bench_credit\", \"seed\": 1, \"duration_s\": %g,"
             " \"hosts\": [{\"name\": \"h\", \"pcpus\": %d}],"
             " \"vms\": [{\"name\": \"cpu\", \"count\": %d, \"host\": \"h\"},"
             "  {\"name\": \"io\", \"count\": %d, \"host\": \"h\","
             "   \"workload\": {\"type\": \"io\", \"burst_ms\": 1, \"wait_ms\": 9}}],"
             " \"models\": {\"sched\": {\"name\": \"credit\", \"samples\": false,"
             "  \"load_balance\": %s}}}",
             dur, pcpus, nvcpu / 2, nvcpu - nvcpu / 2, lb ? "true" : "false");
    vdc_scenario *sc = NULL;
    vdc_error err = { 0 };
    if (vdc_scenario_parse(text, strlen(text), "bench", NULL, 0, &sc, &err)) {
        fprintf(stderr, "bench_credit: %s\n", err.msg);
        return 1;
    }
    vdc_run_opts opts = { .db_path = NULL, .progress = false };
    vdc_run_summary sum = { 0 };
    double w0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    int rc = vdc_sim_run(sc, &opts, &sum, &err);
    out->wall_s = clock_s(CLOCK_MONOTONIC) - w0;
    out->cpu_s = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    out->events = sum.events;
    vdc_scenario_free(sc);
    if (rc)
        fprintf(stderr, "bench_credit: %s\n", err.msg);
    return rc != 0;
}

int main(int argc, char **argv)
{
    double dur = argc > 1 ? atof(argv[1]) : 600;
    double scale_s = argc > 2 ? atof(argv[2]) : 60;
    result r;
    if (run(64, 256, dur, true, &r))
        return 1;
    printf("credit: 64 pCPUs, 256 vCPUs (128 cpu + 128 io), %.0f simulated s\n", dur);
    printf("  events %llu, wall %.2f s, cpu %.2f s -> %.2f M events/wall s, %.2f M events/cpu s\n",
           (unsigned long long)r.events, r.wall_s, r.cpu_s, r.events / r.wall_s / 1e6,
           r.events / r.cpu_s / 1e6);
    printf("  goal: >= 5 M events/s and < 10 s wall: %s\n",
           r.events / r.cpu_s >= 5e6 && r.wall_s < 10 ? "met" : "NOT met");

    printf("scaling: 4 vCPUs per pCPU (half cpu, half io), %.0f simulated s\n", scale_s);
    printf("  %6s %5s %10s %9s %9s %16s\n", "pCPUs", "lb", "events", "wall_s", "cpu_s",
           "cpu_us/pCPU/s");
    static const int sizes[] = { 8, 64, 256 };
    double base = 0;
    for (int i = 0; i < 3; i++)
        for (int lb = 1; lb >= 0; lb--) {
            if (run(sizes[i], 4 * sizes[i], scale_s, lb, &r))
                return 1;
            double per = r.cpu_s / (sizes[i] * scale_s) * 1e6;
            if (i == 0 && lb)
                base = per;
            printf("  %6d %5s %10llu %9.2f %9.2f %12.1f (x%.2f)\n", sizes[i], lb ? "on" : "off",
                   (unsigned long long)r.events, r.wall_s, r.cpu_s, per, per / base);
        }
    return 0;
}
