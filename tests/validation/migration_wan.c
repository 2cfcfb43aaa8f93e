/* migration_wan.c -- model values of tests/validation/migration_wan.csv:
 * storage migration, wide-area migration and the network cut-over, and
 * container (CRIU) migration (models/migration/storage.c, cutover.c, criu.c,
 * compress.c; issue 17).
 *
 * A row's setup is "BASE;path=value;... | derivation": a base scenario
 * below and --set overrides; the text after " | " is the closed form in
 * words and is not read.  A run is deterministic for its seed and no closed
 * form here depends on the seed, so one seed (1) is enough.  Value functions:
 *   run EXPR               EXPR (SQL) over the run's `migrations` row;
 *   diff PATH V1 V2 EXPR   EXPR with PATH=V2 minus EXPR with PATH=V1: the
 *                          part of a result one parameter adds (how an input
 *                          row reads a constant off the running model).
 * The published values of the derived rows are closed forms worked out by
 * hand in each row's setup text, not outputs of the model.
 * Limits: no row here is a prediction; README.md says why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "validation.h"

/* Sites x and y, two hosts each (10 Gbit/s NICs, 50 us), one WAN link of
 * 1 Gbit/s (C = 1.25e8 B/s) and 20 ms one way: the hosts and links of every
 * wide-area base below. */
#define TWO_SITES \
    " \"hosts\": [{\"name\": \"a\", \"count\": 2, \"site\": \"x\", \"pcpus\": 4," \
    "   \"memory_gib\": 64, \"bandwidth_gbps\": 10, \"latency_us\": 50}," \
    "  {\"name\": \"b\", \"count\": 2, \"site\": \"y\", \"pcpus\": 4," \
    "   \"memory_gib\": 64, \"bandwidth_gbps\": 10, \"latency_us\": 50}]," \
    " \"wan_links\": [{\"between\": [\"x\", \"y\"], \"bandwidth_gbps\": 1," \
    "   \"latency_ms\": 20}],"

/* Base scenarios named by the first token of `setup`.  Page headers and the
 * device state are set to 0 so that the closed forms stay short; rows that
 * need them set them back. */
static const char *const bases[][2] = {
    /* two hosts at 8 Gbit/s (C = 1e9 B/s), L = 50 us; a 1 GiB VM with a
     * 4 GiB disk (65,536 blocks of 64 KiB), stop-and-copy memory */
    { "lan",
      "{\"name\": \"val\", \"seed\": 1, \"duration_s\": 900,"
      " \"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 4, \"memory_gib\": 64,"
      "   \"bandwidth_gbps\": 8, \"latency_us\": 50}],"
      " \"vms\": [{\"name\": \"v\", \"vcpus\": 1, \"memory_gib\": 1, \"host\": \"h-0\","
      "   \"migration\": {\"disk_gib\": 4}}],"
      " \"models\": {\"migration\": {\"name\": \"stopcopy\", \"page_header_bytes\": 0,"
      "   \"state_mib\": 0}},"
      " \"actions\": [{\"at_s\": 1, \"migrate\": {\"vm\": \"v\", \"to\": \"h-1\"}}]}" },
    /* TWO_SITES; a 1 GiB VM a-0 -> b-0 */
    { "wan",
      "{\"name\": \"val\", \"seed\": 1, \"duration_s\": 900,"
      TWO_SITES
      " \"vms\": [{\"name\": \"v\", \"vcpus\": 1, \"memory_gib\": 1, \"host\": \"a-0\","
      "   \"migration\": {}},"
      "  {\"name\": \"w\", \"vcpus\": 1, \"memory_gib\": 1, \"host\": \"a-1\","
      "   \"migration\": {}}],"
      " \"models\": {\"migration\": {\"name\": \"stopcopy\", \"page_header_bytes\": 0,"
      "   \"state_mib\": 0}},"
      " \"actions\": [{\"at_s\": 1, \"migrate\": {\"vm\": \"v\", \"to\": \"b-0\"}}]}" },
    /* the same WAN, both VMs moved at t = 1 s (they share the WAN link) */
    { "wan2",
      "{\"name\": \"val\", \"seed\": 1, \"duration_s\": 900,"
      TWO_SITES
      " \"vms\": [{\"name\": \"v\", \"vcpus\": 1, \"memory_gib\": 1, \"host\": \"a-0\"},"
      "  {\"name\": \"w\", \"vcpus\": 1, \"memory_gib\": 1, \"host\": \"a-1\"}],"
      " \"models\": {\"migration\": {\"name\": \"stopcopy\", \"page_header_bytes\": 0,"
      "   \"state_mib\": 0}},"
      " \"actions\": [{\"at_s\": 1, \"migrate\": {\"vm\": \"v\", \"to\": \"b-0\"}},"
      "   {\"at_s\": 1, \"migrate\": {\"vm\": \"w\", \"to\": \"b-1\"}}]}" },
    /* a container of P = 10 processes, 1 GiB, 1 MiB of tree state, 100 MiB
     * of image layers missing at the destination, hosts as in "lan" */
    { "ctr",
      "{\"name\": \"val\", \"seed\": 1, \"duration_s\": 900,"
      " \"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 4, \"memory_gib\": 64,"
      "   \"bandwidth_gbps\": 8, \"latency_us\": 50}],"
      " \"vms\": [{\"name\": \"v\", \"vcpus\": 1, \"memory_gib\": 1, \"host\": \"h-0\","
      "   \"migration\": {\"processes\": 10, \"layers_missing_mib\": 100}}],"
      " \"models\": {\"migration\": {\"name\": \"criu_stopcopy\", \"page_header_bytes\": 0,"
      "   \"state_mib\": 1}},"
      " \"actions\": [{\"at_s\": 1, \"migrate\": {\"vm\": \"v\", \"to\": \"h-1\"}}]}" },
    /* the same container between the two sites of "wan" */
    { "ctr_wan",
      "{\"name\": \"val\", \"seed\": 1, \"duration_s\": 900,"
      TWO_SITES
      " \"vms\": [{\"name\": \"v\", \"vcpus\": 1, \"memory_gib\": 1, \"host\": \"a-0\","
      "   \"migration\": {\"processes\": 10, \"layers_missing_mib\": 100}}],"
      " \"models\": {\"migration\": {\"name\": \"criu_stopcopy\", \"page_header_bytes\": 0,"
      "   \"state_mib\": 1}},"
      " \"actions\": [{\"at_s\": 1, \"migrate\": {\"vm\": \"v\", \"to\": \"b-0\"}}]}" },
};

/* Runs the row's scenario with `extra` (NULL or one more --set) and returns
 * EXPR over the migrations row of VM v; NAN when the run fails. */
static double eval(const vdc_val_row *row, const char *extra, const char *expr)
{
    char setup[VDC_VAL_TEXT], *save = NULL;
    snprintf(setup, sizeof setup, "%s", row->setup);
    char *words = strstr(setup, " | ");
    if (words)
        *words = '\0';
    const char *base = strtok_r(setup, ";", &save), *json = NULL;
    for (size_t b = 0; base && b < sizeof bases / sizeof *bases; b++)
        if (strcmp(bases[b][0], base) == 0)
            json = bases[b][1];
    if (!json || !expr[0])
        return NAN;
    const char *sets[32];
    size_t n = 0;
    for (char *t; n < 31 && (t = strtok_r(NULL, ";", &save));)
        sets[n++] = t;
    if (extra)
        sets[n++] = extra;
    int64_t id = vdc_test_run(json, sets, n, vdc_val_db());
    if (id <= 0)
        return NAN;
    char sql[1200];
    snprintf(sql, sizeof sql, "SELECT %s FROM migrations WHERE run_id = %lld AND vm = 'v'",
             expr, (long long)id);
    return vdc_test_query(vdc_val_db(), sql);
}

/* "run EXPR" */
static double run(const vdc_val_row *row, const char *arg)
{
    return eval(row, NULL, arg);
}

/* "diff PATH V1 V2 EXPR": EXPR(PATH=V2) - EXPR(PATH=V1). */
static double diff(const vdc_val_row *row, const char *arg)
{
    char path[128], v1[64], v2[64];
    int used = 0;
    if (sscanf(arg, "%127s %63s %63s %n", path, v1, v2, &used) != 3 || !arg[used])
        return NAN;
    char s1[256], s2[256];
    snprintf(s1, sizeof s1, "%s=%s", path, v1);
    snprintf(s2, sizeof s2, "%s=%s", path, v2);
    return eval(row, s2, arg + used) - eval(row, s1, arg + used);
}

const vdc_val_source vdc_val_migration_wan[] = {
    { "run", run },
    { "diff", diff },
    { NULL, NULL },
};
