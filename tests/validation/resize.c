/* resize.c -- model values of tests/validation/resize.csv (the resize action
 * and the overcommit model, models/overcommit/).  Each value is measured end
 * to end from a one-host scenario, except the default read from the
 * parameter table.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "test_util.h"
#include "validation.h"
#include "sim_int.h"

/* The resize action's default hotplug_s, as its parameter table gives it. */
static double hotplug_default(const vdc_val_row *row, const char *arg)
{
    (void)row;
    (void)arg;
    for (const vdc_param *p = vdc_core_resize_params; p->name; p++)
        if (strcmp(p->name, "hotplug_s") == 0)
            return p->def;
    return NAN;
}

static double host_metric(const char *json, const char *entity, const char *name)
{
    int64_t r = vdc_test_run(json, NULL, 0, vdc_val_db());
    return r > 0 ? vdc_test_metric(vdc_val_db(), r, entity, name) : NAN;
}

/* "N RATE": first time (s, 1 s resolution) the shared memory of N 1 GiB VMs
 * of one image reaches 99.9 % of what it reaches after the run. */
static double pass_time(const vdc_val_row *row, const char *arg)
{
    (void)row;
    int n;
    double rate;
    if (sscanf(arg, "%d %lf", &n, &rate) != 2)
        return NAN;
    char json[1024];
    snprintf(json, sizeof json,
             "{\"duration_s\": 2000, \"hosts\": [{\"name\": \"h\", \"pcpus\": 4, \"memory_gib\": 64}],"
             " \"models\": {\"overcommit\": {\"name\": \"balloon\", \"scan_pages_s\": %g,"
             "  \"step_s\": 0.1}},"
             " \"vms\": [{\"name\": \"v\", \"count\": %d, \"memory_gib\": 1,"
             "  \"workload\": {\"type\": \"idle\"},"
             "  \"overcommit\": {\"image\": \"i\", \"shareable_fraction\": 0.4}}]}", rate, n);
    int64_t r = vdc_test_run(json, NULL, 0, vdc_val_db());
    if (r <= 0)
        return NAN;
    double full = vdc_test_metric(vdc_val_db(), r, "h", "shared_mib");
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT min(t_s) FROM samples WHERE run_id=%lld AND entity='h' AND name='shared_mib'"
             " AND value >= %.17g", (long long)r, 0.999 * full);
    /* samples are 1 s apart: the pass ends within the second before */
    return vdc_test_query(vdc_val_db(), sql) - 0.5;
}

/* "N MIB FRACTION": MiB shared by N VMs of one image after full passes. */
static double shared(const vdc_val_row *row, const char *arg)
{
    (void)row;
    int n;
    double mib, f;
    if (sscanf(arg, "%d %lf %lf", &n, &mib, &f) != 3)
        return NAN;
    char json[1024];
    snprintf(json, sizeof json,
             "{\"duration_s\": 600, \"hosts\": [{\"name\": \"h\", \"pcpus\": 4, \"memory_gib\": 64}],"
             " \"models\": {\"overcommit\": {\"name\": \"balloon\", \"scan_pages_s\": 1e6}},"
             " \"vms\": [{\"name\": \"v\", \"count\": %d, \"memory_gib\": %g,"
             "  \"workload\": {\"type\": \"idle\"},"
             "  \"overcommit\": {\"image\": \"i\", \"shareable_fraction\": %g}}]}", n, mib / 1024, f);
    return host_metric(json, "h", "shared_mib");
}

static double work_of(double boot_gib, const char *action)
{
    char json[1024];
    snprintf(json, sizeof json,
             "{\"duration_s\": 60, \"hosts\": [{\"name\": \"h\", \"pcpus\": 1, \"memory_gib\": 8}],"
             " \"models\": {\"overcommit\": {\"name\": \"balloon\", \"swap_in_ms\": 5}},"
             " \"vms\": [{\"name\": \"a\", \"memory_gib\": %g,"
             "  \"overcommit\": {\"working_set_mib\": 256}}], \"actions\": [%s]}", boot_gib, action);
    return host_metric(json, "a", "work_s");
}

/* Work of a 1 GiB VM ballooned to 512 MiB over a VM booted with 512 MiB. */
static double balloon_vs_boot(const vdc_val_row *row, const char *arg)
{
    (void)row;
    (void)arg;
    return work_of(1, "{\"at_s\": 0, \"resize\": {\"vm\": \"a\", \"memory_mib\": 512}}") /
           work_of(0.5, "");
}

static double pair_work(const char *reclaim)
{
    char json[1024];
    snprintf(json, sizeof json,
             "{\"duration_s\": 30, \"hosts\": [{\"name\": \"h\", \"pcpus\": 2, \"memory_gib\": 1.5}],"
             " \"models\": {\"overcommit\": {\"name\": \"balloon\", \"reclaim\": \"%s\","
             "  \"swap_in_ms\": 1}},"
             " \"vms\": [{\"name\": \"v\", \"count\": 2, \"host\": \"h\", \"memory_gib\": 1,"
             "  \"overcommit\": {\"touch_pages_s\": 1000}}]}", reclaim);
    return host_metric(json, "v-0", "work_s");
}

/* Work lost to host swapping over work lost to ballooning (each against
 * 30 s of CPU), as a ratio of slowdowns: (30/w_swap) / (30/w_balloon). */
static double swap_vs_balloon(const vdc_val_row *row, const char *arg)
{
    (void)row;
    (void)arg;
    return pair_work("balloon") / pair_work("host_swap");
}

const vdc_val_source vdc_val_resize[] = {
    { "hotplug_default", hotplug_default },
    { "pass_time", pass_time },
    { "shared", shared },
    { "balloon_vs_boot", balloon_vs_boot },
    { "swap_vs_balloon", swap_vs_balloon },
    { NULL, NULL }
};
