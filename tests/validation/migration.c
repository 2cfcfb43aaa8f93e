/* migration.c -- model values of tests/validation/migration.csv (live
 * migration models, models/migration/).  A row's setup is "BASE;path=value;
 * ...": a base scenario below and the --set overrides of its derived
 * workload; "mean3 EXPR" evaluates the SQL expression EXPR over the
 * `migrations` row of the run, averaged over seeds 1..3.
 * How the workloads were derived: models/migration/README.md "Validation".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "validation.h"

/* Base scenarios named by the first token of `setup`.  Gigabit Ethernet is
 * taken at its TCP goodput: 1448 payload bytes per 1538 bytes on the wire
 * (MTU 1500, TCP timestamps, Ethernet preamble and gap) = 0.941 Gbit/s. */
static const char *const bases[][2] = {
    { "gbe",
      "{\"name\": \"val\", \"seed\": 1, \"duration_s\": 900,"
      " \"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 2, \"memory_gib\": 4,"
      "   \"bandwidth_gbps\": 0.941, \"latency_us\": 50}],"
      " \"vms\": [{\"name\": \"v\", \"vcpus\": 1, \"memory_gib\": 1, \"host\": \"h-0\","
      "   \"migration\": {}}],"
      " \"models\": {\"migration\": {\"name\": \"precopy\", \"policy\": \"xen-legacy\","
      "   \"xen_adaptive_rate\": true}},"
      " \"actions\": [{\"at_s\": 1, \"migrate\": {\"vm\": \"v\", \"to\": \"h-1\"}}]}" },
    { "gbe_post",
      "{\"name\": \"val\", \"seed\": 1, \"duration_s\": 900,"
      " \"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 2, \"memory_gib\": 4,"
      "   \"bandwidth_gbps\": 0.941, \"latency_us\": 50}],"
      " \"vms\": [{\"name\": \"v\", \"vcpus\": 1, \"memory_gib\": 1, \"host\": \"h-0\","
      "   \"migration\": {}}],"
      " \"models\": {\"migration\": {\"name\": \"postcopy\"}},"
      " \"actions\": [{\"at_s\": 1, \"migrate\": {\"vm\": \"v\", \"to\": \"h-1\"}}]}" },
    { "tengbe",
      "{\"name\": \"val\", \"seed\": 1, \"duration_s\": 900,"
      " \"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 2, \"memory_gib\": 64,"
      "   \"bandwidth_gbps\": 9.41, \"latency_us\": 50}],"
      " \"vms\": [{\"name\": \"v\", \"vcpus\": 1, \"memory_gib\": 1, \"host\": \"h-0\","
      "   \"migration\": {}}],"
      " \"models\": {\"migration\": {\"name\": \"precopy\", \"policy\": \"qemu\"}},"
      " \"actions\": [{\"at_s\": 1, \"migrate\": {\"vm\": \"v\", \"to\": \"h-1\"}}]}" },
    /* a small container on a 10 GbE LAN (CRIU, docs/references.md §3.9) */
    { "lan_ctr",
      "{\"name\": \"val\", \"seed\": 1, \"duration_s\": 900,"
      " \"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 4, \"memory_gib\": 16,"
      "   \"bandwidth_gbps\": 9.41, \"latency_us\": 50}],"
      " \"vms\": [{\"name\": \"v\", \"vcpus\": 1, \"memory_gib\": 0.0625, \"host\": \"h-0\","
      "   \"migration\": {}}],"
      " \"models\": {\"migration\": {\"name\": \"criu_stopcopy\"}},"
      " \"actions\": [{\"at_s\": 1, \"migrate\": {\"vm\": \"v\", \"to\": \"h-1\"}}]}" },
    /* two sites over a 1 Gbit/s, 20 ms WAN link (docs/references.md §3.8) */
    { "wan",
      "{\"name\": \"val\", \"seed\": 1, \"duration_s\": 900,"
      " \"hosts\": [{\"name\": \"a\", \"site\": \"x\", \"memory_gib\": 16},"
      "   {\"name\": \"b\", \"site\": \"y\", \"memory_gib\": 16}],"
      " \"wan_links\": [{\"between\": [\"x\", \"y\"], \"bandwidth_gbps\": 1,"
      "   \"latency_ms\": 20}],"
      " \"vms\": [{\"name\": \"v\", \"vcpus\": 1, \"memory_gib\": 1, \"host\": \"a\","
      "   \"migration\": {}}],"
      " \"models\": {\"migration\": {\"name\": \"precopy\"}},"
      " \"actions\": [{\"at_s\": 1, \"migrate\": {\"vm\": \"v\", \"to\": \"b\"}}]}" },
};

/* "mean3 EXPR": EXPR over the run's migrations row, mean of seeds 1..3. */
static double mean3(const vdc_val_row *row, const char *arg)
{
    char setup[VDC_VAL_TEXT], *save = NULL;
    snprintf(setup, sizeof setup, "%s", row->setup);
    const char *base = strtok_r(setup, ";", &save), *json = NULL;
    for (size_t b = 0; base && b < sizeof bases / sizeof *bases; b++)
        if (strcmp(bases[b][0], base) == 0)
            json = bases[b][1];
    if (!json || !arg[0])
        return NAN;
    const char *sets[32];
    size_t n = 0;
    for (char *t; n < 31 && (t = strtok_r(NULL, ";", &save));)
        sets[n++] = t;
    double sum = 0;
    for (int seed = 1; seed <= 3; seed++) {
        char s[32];
        snprintf(s, sizeof s, "seed=%d", seed);
        sets[n] = s;
        int64_t id = vdc_test_run(json, sets, n + 1, vdc_val_db());
        if (id <= 0)
            return NAN;
        char sql[1200];
        snprintf(sql, sizeof sql, "SELECT %s FROM migrations WHERE run_id = %lld", arg,
                 (long long)id);
        sum += vdc_test_query(vdc_val_db(), sql);
    }
    return sum / 3;
}

const vdc_val_source vdc_val_migration[] = {
    { "mean3", mean3 },
    { NULL, NULL },
};
