/* startup.c -- model values of tests/validation/startup.csv (start-up model,
 * models/startup/).  Each function runs a small scenario of the `phases`
 * model and reads the `boots` table or a metric; the row's model_source gives
 * the function and its arguments, its setup column says the same in words.
 * Nothing here knows a published value: those are in the CSV only.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "validation.h"

/* One host kind ("count" hosts of `pcpus`, `gib`, 10 Gbit/s), model members
 * after "name", and the actions (a JSON array body). */
#define SCEN "{\"name\": \"v\", \"seed\": 1, \"duration_s\": %g, \"hosts\": [{\"name\": \"h\","   \
             " \"count\": %d, \"pcpus\": %d, \"memory_gib\": %g, \"bandwidth_gbps\": 10}],"       \
             " \"models\": {\"startup\": {\"name\": \"phases\"%s}}, \"actions\": [%s]}"
#define FAST ", \"disk_mibps\": 1e6"          /* LightVM's images were on a RAM disk */

static double qf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static double qf(const char *fmt, ...)
{
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    return vdc_test_query(vdc_val_db(), sql);
}

static int64_t scen(double dur, int nhost, int pcpus, double gib, const char *model,
                    const char *acts)
{
    static char json[65536];
    snprintf(json, sizeof json, SCEN, dur, nhost, pcpus, gib, model, acts);
    return vdc_test_run(json, NULL, 0, vdc_val_db());
}

/* `expr` of the boots row of `inst` (cold or cached starts; not warm ones). */
static double col(int64_t run, const char *inst, const char *expr)
{
    if (run <= 0)
        return NAN;
    return qf("SELECT %s FROM boots WHERE run_id=%lld AND instance='%s' AND outcome!='warm'",
              expr, (long long)run, inst);
}

/* "alone PRESET EXPR": one instance of PRESET on an idle 4-pCPU host, image
 * on a RAM disk; EXPR over its boots row (e.g. start_time_s - toolstack_s). */
static double alone(const vdc_val_row *row, const char *arg)
{
    (void)row;
    char preset[64] = "", act[512];
    int n = 0;
    if (sscanf(arg, "%63s %n", preset, &n) != 1 || !arg[n])
        return NAN;
    snprintf(act, sizeof act, "{\"at_s\": 0, \"start\": {\"instance\": \"p\", \"preset\": "
             "\"%s\", \"add_vm\": false}}", preset);
    return col(scen(60, 1, 4, 64, FAST, act), "p-0", arg + n);
}

/* "ondisk PRESET EXPR": as alone, but the images and the guest's boot reads
 * are on the host's disk at the model's default rate (an SSD). */
static double ondisk(const vdc_val_row *row, const char *arg)
{
    (void)row;
    char preset[64] = "", act[512];
    int n = 0;
    if (sscanf(arg, "%63s %n", preset, &n) != 1 || !arg[n])
        return NAN;
    snprintf(act, sizeof act, "{\"at_s\": 0, \"start\": {\"instance\": \"p\", \"preset\": "
             "\"%s\", \"add_vm\": false}}", preset);
    return col(scen(60, 1, 4, 64, "", act), "p-0", arg + n);
}

/* "cold PRESET EXPR": as alone, but the image is pulled from the registry
 * (100 MiB/s, the model's default) and unpacked; the host disk is the
 * model's default too. */
static double cold(const vdc_val_row *row, const char *arg)
{
    (void)row;
    char preset[64] = "", act[512];
    int n = 0;
    if (sscanf(arg, "%63s %n", preset, &n) != 1 || !arg[n])
        return NAN;
    snprintf(act, sizeof act, "{\"at_s\": 0, \"start\": {\"instance\": \"c\", \"preset\": "
             "\"%s\", \"cached\": \"no\"}}", preset);
    return col(scen(60, 1, 4, 64, "", act), "c-0", arg + n);
}

/* "serial_nth PRESET N PCPUS GIB DURATION_S EXPR": N instances started one
 * after the other (images cached, RAM disk); EXPR of the N-th. */
static double serial_nth(const vdc_val_row *row, const char *arg)
{
    (void)row;
    char preset[64], act[512], name[32];
    int n = 0, pcpus = 0, used = 0;
    double gib = 0, dur = 0;
    if (sscanf(arg, "%63s %d %d %lf %lf %n", preset, &n, &pcpus, &gib, &dur, &used) != 5 ||
        !arg[used] || n < 1)
        return NAN;
    snprintf(act, sizeof act, "{\"at_s\": 0, \"start\": {\"instance\": \"s\", \"preset\": "
             "\"%s\", \"count\": %d, \"serial\": true, \"add_vm\": false, \"cached\": \"yes\"}}",
             preset, n);
    snprintf(name, sizeof name, "s-%d", n - 1);
    return col(scen(dur, 1, pcpus, gib, FAST, act), name, arg + used);
}

/* "serial_metric PRESET KIND METRIC": 500 serial starts on 4 pCPUs; a metric
 * of entity startup/KIND (start_time_p50, ...). */
static double serial_metric(const vdc_val_row *row, const char *arg)
{
    (void)row;
    char preset[64], kind[32], metric[64], act[512], ent[64];
    if (sscanf(arg, "%63s %31s %63s", preset, kind, metric) != 3)
        return NAN;
    snprintf(act, sizeof act, "{\"at_s\": 0, \"start\": {\"instance\": \"s\", \"preset\": "
             "\"%s\", \"count\": 500, \"serial\": true, \"add_vm\": false}}", preset);
    int64_t r = scen(1000, 1, 4, 64, "", act);
    snprintf(ent, sizeof ent, "startup/%s", kind);
    return r > 0 ? vdc_test_metric(vdc_val_db(), r, ent, metric) : NAN;
}

/* "serial_metric_fw PRESET FIRMWARE_MS KIND METRIC": as serial_metric, the
 * preset's firmware time replaced by FIRMWARE_MS. */
static double serial_metric_fw(const vdc_val_row *row, const char *arg)
{
    (void)row;
    char preset[64], kind[32], metric[64], act[512], ent[64];
    double fw = 0;
    if (sscanf(arg, "%63s %lf %31s %63s", preset, &fw, kind, metric) != 4 || fw < 0)
        return NAN;
    snprintf(act, sizeof act, "{\"at_s\": 0, \"start\": {\"instance\": \"s\", \"preset\": "
             "\"%s\", \"count\": 500, \"serial\": true, \"add_vm\": false, "
             "\"firmware_ms\": %.17g}}", preset, fw);
    int64_t r = scen(1000, 1, 4, 64, "", act);
    snprintf(ent, sizeof ent, "startup/%s", kind);
    return r > 0 ? vdc_test_metric(vdc_val_db(), r, ent, metric) : NAN;
}

/* TOTAL starts of PRESET kept N at a time (N chains of TOTAL/N serial
 * starts, as `xargs -P N` runs them) on one host of PCPUS and GIB, each
 * start with the JSON members `extra` added; METRIC of entity
 * startup/KIND.  Finished instances stay "running" here while in the
 * measurement each VMM exited at guest init: it makes no difference, as
 * these presets take no CPU when idle and 1000 of them fit in memory. */
static double chains(const char *preset, int n, int total, int pcpus, double gib,
                     const char *kind, const char *metric, const char *extra)
{
    if (n < 1 || total < n || n > 200)
        return NAN;
    static char acts[60000];
    size_t len = 0;
    for (int c = 0; c < n; c++)
        len += (size_t)snprintf(acts + len, sizeof acts - len,
                                "%s{\"at_s\": 0, \"start\": {\"instance\": \"c%d\", \"preset\": "
                                "\"%s\", \"count\": %d, \"serial\": true, \"add_vm\": false%s}}",
                                c ? "," : "", c, preset, total / n, extra);
    if (len >= sizeof acts)
        return NAN;
    int64_t r = scen(3600, 1, pcpus, gib, "", acts);
    char ent[64];
    snprintf(ent, sizeof ent, "startup/%s", kind);
    return r > 0 ? vdc_test_metric(vdc_val_db(), r, ent, metric) : NAN;
}

/* "concurrent PRESET N TOTAL PCPUS GIB KIND METRIC": chains() of the preset. */
static double concurrent(const vdc_val_row *row, const char *arg)
{
    (void)row;
    char preset[64], kind[32], metric[64];
    int n = 0, total = 0, pcpus = 0;
    double gib = 0;
    if (sscanf(arg, "%63s %d %d %d %lf %31s %63s", preset, &n, &total, &pcpus, &gib, kind,
               metric) != 7)
        return NAN;
    return chains(preset, n, total, pcpus, gib, kind, metric, "");
}

/* "concurrent_on PRESET N TOTAL PCPUS GIB KIND METRIC TOOLSTACK_MS KERNEL_MS":
 * as concurrent, on another host whose serial start splits into
 * TOOLSTACK_MS of VMM/host-side work and KERNEL_MS of guest boot (the
 * host's own serial figures, inputs of the row; < 0 keeps the preset's). */
static double concurrent_on(const vdc_val_row *row, const char *arg)
{
    (void)row;
    char preset[64], kind[32], metric[64], extra[128];
    int n = 0, total = 0, pcpus = 0;
    double gib = 0, ts = -1, kern = -1;
    if (sscanf(arg, "%63s %d %d %d %lf %31s %63s %lf %lf", preset, &n, &total, &pcpus, &gib,
               kind, metric, &ts, &kern) != 9)
        return NAN;
    snprintf(extra, sizeof extra, ", \"toolstack_ms\": %.17g, \"kernel_ms\": %.17g", ts, kern);
    return chains(preset, n, total, pcpus, gib, kind, metric, extra);
}

/* "density PRESET N PCPUS GIB": N started at once; the host's density metric
 * for the preset's kind if all N started, else how many did. */
static double density(const vdc_val_row *row, const char *arg)
{
    (void)row;
    char preset[64], act[512];
    int n = 0, pcpus = 0;
    double gib = 0;
    if (sscanf(arg, "%63s %d %d %lf", preset, &n, &pcpus, &gib) != 4)
        return NAN;
    snprintf(act, sizeof act, "{\"at_s\": 0, \"start\": {\"instance\": \"u\", \"preset\": "
             "\"%s\", \"count\": %d}}", preset, n);
    int64_t r = scen(600, 1, pcpus, gib, FAST, act);
    if (r <= 0)
        return NAN;
    double ok = qf("SELECT count(*) FROM boots WHERE run_id=%lld AND outcome='ok'", (long long)r);
    double dens = qf("SELECT max(value) FROM metrics WHERE run_id=%lld AND entity='h-0' AND "
                     "name LIKE 'density_%%'", (long long)r);
    return ok < n ? ok : dens;
}

/* "image_growth PRESET MIB": boot time added per MiB of image, from the
 * preset alone and the same padded by MIB (RAM disk). */
static double image_growth(const vdc_val_row *row, const char *arg)
{
    (void)row;
    char preset[64], act[1024];
    double mib = 0;
    if (sscanf(arg, "%63s %lf", preset, &mib) != 2 || mib <= 0)
        return NAN;
    snprintf(act, sizeof act,
             "{\"at_s\": 0, \"start\": {\"instance\": \"a\", \"preset\": \"%s\", \"host\": \"h-0\"}},"
             "{\"at_s\": 0, \"start\": {\"instance\": \"b\", \"preset\": \"%s\", \"host\": \"h-1\","
             " \"image_mib\": %g}}", preset, preset, mib);
    int64_t r = scen(60, 2, 4, 64, FAST, act);
    double base = qf("SELECT image_mib FROM boots WHERE run_id=%lld AND instance='a-0'",
                     (long long)r);
    return (col(r, "b-0", "start_time_s - toolstack_s") -
            col(r, "a-0", "start_time_s - toolstack_s")) / (mib - base);
}

/* "burst_netns N": N docker starts at once on 4 pCPUs with only the namespace
 * phase (280 ms alone, [Mohan19]); the last namespace set-up to finish. */
static double burst_netns(const vdc_val_row *row, const char *arg)
{
    (void)row;
    char act[512];
    int n = atoi(arg);
    if (n < 1)
        return NAN;
    snprintf(act, sizeof act, "{\"at_s\": 0, \"start\": {\"instance\": \"n\", \"preset\": "
             "\"docker\", \"cached\": \"yes\", \"namespace_ms\": 280, \"toolstack_ms\": 0, "
             "\"init_ms\": 0, \"count\": %d}}", n);
    int64_t r = scen(600, 1, 4, 64, "", act);
    return r > 0 ? qf("SELECT max(namespace_s) FROM boots WHERE run_id=%lld", (long long)r) : NAN;
}

const vdc_val_source vdc_val_startup[] = {
    { "alone", alone },
    { "ondisk", ondisk },
    { "cold", cold },
    { "serial_nth", serial_nth },
    { "serial_metric", serial_metric },
    { "serial_metric_fw", serial_metric_fw },
    { "concurrent", concurrent },
    { "concurrent_on", concurrent_on },
    { "density", density },
    { "image_growth", image_growth },
    { "burst_netns", burst_netns },
    { NULL, NULL },
};
