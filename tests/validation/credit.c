/* credit.c -- model values of tests/validation/credit.csv (Xen Credit
 * scheduler, models/sched/).  A row's setup is "SCENARIO [path=value ...]": a
 * scenario file and --set overrides.  The functions read the metrics or
 * samples of the run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "validation.h"

/* Run one setup "file set set ..." into the scratch db; the run id or < 0. */
static int64_t run_setup(const char *setup)
{
    char buf[1024], *save = NULL;
    const char *sets[32];
    size_t n = 0;
    snprintf(buf, sizeof buf, "%s", setup);
    char *file = strtok_r(buf, " ", &save);
    for (char *t; n < 32 && (t = strtok_r(NULL, " ", &save));)
        sets[n++] = t;
    FILE *fp = file ? fopen(file, "rb") : NULL;
    if (!fp) {
        fprintf(stderr, "\n  credit.csv: cannot open scenario %s\n", file ? file : "(none)");
        return -1;
    }
    static char json[65536];
    size_t len = fread(json, 1, sizeof json - 1, fp);
    fclose(fp);
    json[len] = 0;
    return vdc_test_run(json, sets, n, vdc_val_db());
}

static double metric_in(const char *setup, const char *arg)
{
    char ent[128], name[128];
    if (sscanf(arg, "%127s %127s", ent, name) != 2)
        return NAN;
    int64_t r = run_setup(setup);
    return r > 0 ? vdc_test_metric(vdc_val_db(), r, ent, name) : NAN;
}

/* "metric ENTITY NAME": a metric of the run of setup. */
static double metric(const vdc_val_row *row, const char *arg)
{
    return metric_in(row->setup, arg);
}

/* "max_dev ENTITY NAME CENTER": the largest |sample - CENTER| of a sampled
 * series (e.g. the share over each window against the fair share). */
static double max_dev(const vdc_val_row *row, const char *arg)
{
    char ent[128], name[128], sql[512];
    double center = 0;
    if (sscanf(arg, "%127s %127s %lf", ent, name, &center) != 3)
        return NAN;
    int64_t r = run_setup(row->setup);
    if (r <= 0)
        return NAN;
    snprintf(sql, sizeof sql, "SELECT max(abs(value - %.17g)) FROM samples WHERE run_id=%lld "
             "AND entity='%s' AND name='%s'", center, (long long)r, ent, name);
    return vdc_test_query(vdc_val_db(), sql);
}

const vdc_val_source vdc_val_credit[] = {
    { "metric", metric },
    { "max_dev", max_dev },
    { NULL, NULL },
};
