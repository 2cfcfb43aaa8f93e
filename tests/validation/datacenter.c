/* datacenter.c -- model values of tests/validation/datacenter.csv (host
 * power and placement, models/placement/).  Power is read as the mean power
 * of one 10-pCPU host kept at a constant utilisation by 10 VMs under the
 * consolidation model (no migrations: period 0).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "validation.h"

/* Mean power (W) of the host at utilisation u; `table` is a power_table
 * value ("" for the host's linear idle/peak default). */
static double power_at(const char *table, double u)
{
    char json[1024];
    snprintf(json, sizeof json,
             "{\"duration_s\": 100, \"hosts\": [{\"name\": \"h\", \"pcpus\": 10}],"
             " \"vms\": [{\"name\": \"v\", \"count\": 10, \"workload\": {\"demand\": %.17g}}],"
             " \"models\": {\"placement\": {\"name\": \"consolidate\", \"period_s\": 0,"
             " \"power_table\": \"%s\"}}}", u, table);
    int64_t run = vdc_test_run(json, NULL, 0, vdc_val_db());
    return run > 0 ? vdc_test_metric(vdc_val_db(), run, "dc", "mean_power_w") : NAN;
}

/* "power TABLE UTIL": watts at utilisation UTIL (TABLE "-" = default host). */
static double power(const vdc_val_row *row, const char *arg)
{
    (void)row;
    char table[256];
    double u = 0;
    if (sscanf(arg, "%255s %lf", table, &u) != 2)
        return NAN;
    return power_at(strcmp(table, "-") == 0 ? "" : table, u);
}

/* "linear IDLE_W PEAK_W UTIL": watts at UTIL of a host described only by its
 * idle and peak power (the default linear law, no table). */
static double linear(const vdc_val_row *row, const char *arg)
{
    (void)row;
    double idle = 0, peak = 0, u = 0;
    if (sscanf(arg, "%lf %lf %lf", &idle, &peak, &u) != 3)
        return NAN;
    char json[1024];
    snprintf(json, sizeof json,
             "{\"duration_s\": 100, \"hosts\": [{\"name\": \"h\", \"pcpus\": 10,"
             " \"power_idle_w\": %.17g, \"power_peak_w\": %.17g}],"
             " \"vms\": [{\"name\": \"v\", \"count\": 10, \"workload\": {\"demand\": %.17g}}],"
             " \"models\": {\"placement\": {\"name\": \"consolidate\", \"period_s\": 0}}}",
             idle, peak, u);
    int64_t run = vdc_test_run(json, NULL, 0, vdc_val_db());
    return run > 0 ? vdc_test_metric(vdc_val_db(), run, "dc", "mean_power_w") : NAN;
}

/* "idle_fraction TABLE": power at 0% over power at 100%. */
static double idle_fraction(const vdc_val_row *row, const char *arg)
{
    (void)row;
    char table[256];
    if (sscanf(arg, "%255s", table) != 1)
        return NAN;
    const char *t = strcmp(table, "-") == 0 ? "" : table;
    return power_at(t, 0) / power_at(t, 1);
}

const vdc_val_source vdc_val_datacenter[] = {
    { "power", power },
    { "idle_fraction", idle_fraction },
    { "linear", linear },
    { NULL, NULL },
};
