/* bench_migration_wan.c -- issue 17, Performance: storage, WAN and containers.
 *
 *  1. a 64 GiB VM with a 1 TiB disk (16 Mi blocks of 64 KiB, block-level
 *     tracking, storage_mode precopy, 20,000 block writes/s over a 5 %
 *     working set; 50,000 page writes/s) migrated by page-level pre-copy
 *     between two sites over a 10 Gbit/s, 20 ms WAN link (tunnel
 *     cut-over): wall time of parse + run, best of 3 (goal < 2 s);
 *  2. 1,000 containers (256 MiB, 4 processes, 20 MiB of layers, pre-dump
 *     rounds at 2,000 pages/s) migrated at once between two sites
 *     (criu_precopy, 100 hosts per site, 10 Gbit/s WAN): wall, best of 3
 *     (goal < 1 s); the same with criu_stopcopy and criu_lazy.
 * `bench_migration_wan CASE` runs one case alone ("vm", "criu_precopy",
 * "criu_stopcopy", "criu_lazy"), for perf and before/after comparisons.
 * Figures go to tests/bench/RESULTS.md ("Storage, WAN, containers").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scenario.h"
#include "sim.h"
#include "bench_util.h"

/* Parse and run `text`; returns wall seconds (best of `reps`), -1 on error. */
static double time_run(const char *text, int reps, vdc_run_summary *out)
{
    double best = -1;
    for (int r = 0; r < reps; r++) {
        double t0 = now_s();
        vdc_scenario *sc = NULL;
        vdc_error err = { 0 };
        if (vdc_scenario_parse(text, strlen(text), "bench", NULL, 0, &sc, &err)) {
            fprintf(stderr, "bench: %s\n", err.msg);
            return -1;
        }
        vdc_run_opts o = { 0 };
        vdc_run_summary sum;
        int rc = vdc_sim_run(sc, &o, &sum, &err);
        vdc_scenario_free(sc);
        if (rc) {
            fprintf(stderr, "bench: %s\n", err.msg);
            return -1;
        }
        double w = now_s() - t0;
        if (best < 0 || w < best)
            best = w;
        *out = sum;
    }
    return best;
}

static const char *vm_with_disk =
    "{\"name\": \"big\", \"duration_s\": 3600,"
    " \"hosts\": [{\"name\": \"a\", \"site\": \"dc-a\", \"pcpus\": 32, \"memory_gib\": 256,"
    "   \"bandwidth_gbps\": 25},"
    "  {\"name\": \"b\", \"site\": \"dc-b\", \"pcpus\": 32, \"memory_gib\": 256,"
    "   \"bandwidth_gbps\": 25}],"
    " \"wan_links\": [{\"between\": [\"dc-a\", \"dc-b\"], \"bandwidth_gbps\": 10,"
    "   \"latency_ms\": 20}],"
    " \"vms\": [{\"name\": \"db\", \"vcpus\": 8, \"memory_gib\": 64, \"host\": \"a\","
    "   \"migration\": {\"dirty_rate_pages_s\": 50000, \"law\": \"zipf\", \"wws_fraction\": 0.5,"
    "     \"disk_gib\": 1024, \"disk_write_rate_blocks_s\": 20000, \"disk_law\": \"zipf\","
    "     \"disk_wws_fraction\": 0.05}}],"
    " \"models\": {\"migration\": {\"name\": \"precopy\", \"storage_mode\": \"precopy\","
    "   \"cutover\": \"tunnel\", \"round_samples\": false}},"
    " \"actions\": [{\"at_s\": 1, \"migrate\": {\"vm\": \"db\", \"to\": \"b\"}}]}";

/* n containers, n/100 on each of the 100 hosts of site a, each moved to
 * the matching host of site b. */
static char *containers(int n, const char *model)
{
    size_t cap = 1024 + (size_t)n * 160;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    int k = snprintf(s, cap,
        "{\"name\": \"ctr\", \"duration_s\": 3600,"
        " \"hosts\": [{\"name\": \"a\", \"count\": 100, \"site\": \"dc-a\", \"pcpus\": 64,"
        "   \"memory_gib\": 512},"
        "  {\"name\": \"b\", \"count\": 100, \"site\": \"dc-b\", \"pcpus\": 64,"
        "   \"memory_gib\": 512}],"
        " \"wan_links\": [{\"between\": [\"dc-a\", \"dc-b\"], \"bandwidth_gbps\": 40,"
        "   \"latency_ms\": 20}],"
        " \"vms\": [");
    for (int h = 0; h < 100; h++)
        k += snprintf(s + k, cap - (size_t)k, "%s{\"name\": \"c%d\", \"count\": %d,"
                      " \"memory_gib\": 0.25, \"host\": \"a-%d\", \"migration\": {"
                      "\"processes\": 4, \"layers_missing_mib\": 20,"
                      " \"dirty_rate_pages_s\": 200}}", h ? "," : "", h, n / 100, h);
    k += snprintf(s + k, cap - (size_t)k, "],"
        " \"models\": {\"migration\": {\"name\": \"%s\", \"round_samples\": false}},"
        " \"actions\": [", model);
    for (int i = 0; i < n; i++)
        k += snprintf(s + k, cap - (size_t)k, "%s{\"at_s\": 1, \"migrate\": {\"vm\": "
                      "\"c%d-%d\", \"to\": \"b-%d\"}}", i ? "," : "", i % 100, i / 100,
                      i % 100);
    snprintf(s + k, cap - (size_t)k, "]}");
    return s;
}

/* argv[1], when given, runs only the case of that name ("vm" or a model). */
int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : NULL;
    vdc_run_summary sum;
    double w = 0;
    if (!only || strcmp(only, "vm") == 0) {
        w = time_run(vm_with_disk, 3, &sum);
        if (w < 0)
            return 1;
        printf("64 GiB VM + 1 TiB disk over a 10 Gbit/s WAN (precopy, disk precopy): "
               "wall %.3f s (best of 3), %.0f s simulated, %llu events  [goal < 2 s]\n",
           w, sum.sim_s, (unsigned long long)sum.events);
    }
    const char *models[] = { "criu_precopy", "criu_stopcopy", "criu_lazy" };
    for (int k = 0; k < 3; k++) {
        if (only && strcmp(only, models[k]) != 0)
            continue;
        char *c = containers(1000, models[k]);
        if (!c)
            return 1;
        w = time_run(c, 3, &sum);
        free(c);
        if (w < 0)
            return 1;
        printf("1,000 concurrent container migrations between two sites (%s): "
               "wall %.3f s (best of 3), %.0f s simulated, %llu events  [goal < 1 s]\n",
               models[k], w, sum.sim_s, (unsigned long long)sum.events);
    }
    return 0;
}
