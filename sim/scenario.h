/* scenario.h -- a scenario file: parse (cJSON), apply --set overrides,
 * validate against the parameter tables, fill defaults, expand `count`.
 *
 * Errors name the file, the JSON path and the value, and are detected before
 * anything large is allocated: counts, sizes and times are range-checked
 * first (limits below), so absurd input is refused, not OOM-killed.
 */
#ifndef VDC_SCENARIO_H
#define VDC_SCENARIO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cJSON.h>

#include "model.h"
#include "world.h"

/* Limits, chosen to keep every run within one machine's memory and the
 * clock's range (int64 ns: 292 years). */
/* A million hosts of 8 VMs peaked at 7.3 GiB with a database (975 bytes a
 * VM all included, tests/bench/RESULTS.md): the most one 8 GiB machine
 * holds, checked before anything large is allocated. */
#define VDC_MAX_HOSTS 1000000
#define VDC_MAX_VMS 8000000
#define VDC_MAX_VCPUS_PER_VM 1024
/* VDC_MAX_PCPUS_PER_HOST is in world.h: schedulers size per-host masks by it. */
#define VDC_MAX_DURATION_S 1e9          /* ~31.7 years of simulated time */
#define VDC_MAX_ACTIONS 1000000
#define VDC_MAX_SAMPLES 100000000.0     /* VMs x windows of time series: 24
                                           bytes each when staged, 2.4 GB */
#define VDC_MAX_NAME_BYTES (512 << 20)  /* expanded names: 8e6 VMs x 64 chars */

typedef struct vdc_scenario vdc_scenario;

typedef struct vdc_action {
    double at_s;
    int kind;                       /* vdc_kind of the model, -1 = core */
    const vdc_action_type *type;
    void *args;                     /* type->params_size bytes */
} vdc_action;

struct vdc_scenario {
    char *file;                     /* label used in messages */
    cJSON *given;                   /* as written, with --set applied */
    cJSON *resolved;                /* same shape, defaults filled in */
    const char *name;
    int64_t seed;
    double duration_s;
    double sample_window_s;
    vdc_host *hosts; int nhost;     /* after `count` expansion */
    vdc_wan_link *wan; int nwan;    /* "wan_links" between hosts' sites */
    vdc_vm *vms; int nvm;
    struct {
        const vdc_model_type *type;
        void *params;               /* type->params_size bytes */
        bool rejected;              /* named, but its block had errors */
    } model[VDC_KIND_COUNT];
    void **owned; int nowned, cap_owned;  /* blocks, lists, action args */
    vdc_action *actions; int naction;
    vdc_names names;                /* entity names, sorted indices */
    char *name_pool;                /* storage of the expanded names */
    struct vdc_scn_group *groups; int ngroups;  /* per vms[] entry: trace groups */
    struct vdc_trace **traces; int ntrace, cap_trace;  /* what workloads replay */
    long trace_samples;
};

/* Load `path` and apply `sets` ("vms[0].memory_gib=8").  On error *out is
 * NULL and err says "path: json.path: problem, got value". */
int vdc_scenario_load(const char *path, const char *const *sets, size_t nsets,
                      vdc_scenario **out, vdc_error *err);
/* Same from memory; `label` names the source in messages. */
int vdc_scenario_parse(const char *text, size_t len, const char *label,
                       const char *const *sets, size_t nsets,
                       vdc_scenario **out, vdc_error *err);
void vdc_scenario_free(vdc_scenario *sc);

/* `given` printed as one line (runs.scenario_json), or NULL when out of
 * memory; free it with free().  Printed when a run is committed, not at
 * parse time: 100,000 actions cost 0.1-0.2 s to print, and runs without a
 * results database never need it. */
char *vdc_scenario_text(const vdc_scenario *sc);

/* Apply one "path=value" override to a JSON tree (creates missing objects). */
int vdc_scenario_set(cJSON *root, const char *assignment, vdc_error *err);

/* Print every key of a scenario file (`vdcsim models scenario`). */
void vdc_scenario_print_keys(FILE *f);

/* Flatten the resolved scenario into (path, value) pairs. */
/* A JSON number comes as num (value NULL: printing 400,000 numbers that the
 * results store as numbers was a tenth of a run with 100,000 actions); any
 * other leaf as its text in value (num NULL). */
typedef int (*vdc_flat_fn)(void *ctx, const char *path, const char *value, const double *num);
int vdc_scenario_flatten(const vdc_scenario *sc, vdc_flat_fn fn, void *ctx);

#endif
