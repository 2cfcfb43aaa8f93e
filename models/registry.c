/* registry.c -- every model, listed per kind, chosen by name (GSL-style).
 *
 * To add a model: write models/<kind>/<name>.c exporting one
 * `const vdc_model_type vdc_<kind>_<name>`, declare it below and add it to
 * its kind's list.  Registering a model puts it under the generic tests
 * (tests/test_models.c loops over every entry) and into `vdcsim models`.
 */
#include <string.h>

#include "model.h"

/* ---- sched ---- */
extern const vdc_model_type vdc_sched_fluid;
extern const vdc_model_type vdc_sched_credit;
/* ---- placement ---- */
extern const vdc_model_type vdc_placement_first_fit, vdc_placement_best_fit,
    vdc_placement_worst_fit, vdc_placement_consolidate,
    vdc_placement_waves;                             /* models/placement/ */

static const vdc_model_type *const placement_models[] = {
    &vdc_placement_first_fit, &vdc_placement_best_fit, &vdc_placement_worst_fit,
    &vdc_placement_consolidate, &vdc_placement_waves,
    NULL
};
extern const vdc_model_type vdc_memory_native, vdc_memory_spt, vdc_memory_slat,
    vdc_memory_auto;                                 /* models/memory/ */
static const vdc_model_type *const memory_models[] = {
    &vdc_memory_native, &vdc_memory_spt, &vdc_memory_slat, &vdc_memory_auto,
    NULL
};
static const vdc_model_type *const sched_models[] = {
    &vdc_sched_fluid,
    &vdc_sched_credit,
    NULL
};
/* Migration algorithms (models/migration/), one line each: a new algorithm
 * is one file defining vdc_migration_<name> plus one line here
 * (models/migration/README.md, "Adding an algorithm"). */
#define MIGRATION_MODELS(X) \
    X(stopcopy)             \
    X(precopy)              \
    X(postcopy)             \
    X(hybrid)               \
    X(precopy_fluid)        \
    X(criu_stopcopy)        \
    X(criu_precopy)         \
    X(criu_lazy)
#define MIGRATION_DECLARE(n) extern const vdc_model_type vdc_migration_##n;
#define MIGRATION_ENTRY(n) &vdc_migration_##n,
MIGRATION_MODELS(MIGRATION_DECLARE)
static const vdc_model_type *const migration_models[] = {
    MIGRATION_MODELS(MIGRATION_ENTRY)
    NULL
};
extern const vdc_model_type vdc_io_devices;         /* models/io/devices.c */
static const vdc_model_type *const io_models[] = {
    &vdc_io_devices,
    NULL
};
extern const vdc_model_type vdc_startup_phases;     /* models/startup/phases.c */
static const vdc_model_type *const startup_models[] = {
    &vdc_startup_phases,
    NULL
};

extern const vdc_model_type vdc_overcommit_balloon; /* models/overcommit/balloon.c */
static const vdc_model_type *const overcommit_models[] = {
    &vdc_overcommit_balloon,
    NULL
};

/* Per-VM blocks ("vms[i].<kind>") that a kind reads; NULL = none. */
extern const vdc_vm_block vdc_migration_vm_block;   /* models/migration/ */
extern const vdc_vm_block vdc_memory_vm_block;      /* models/memory/    */
extern const vdc_vm_block vdc_io_vm_block;          /* models/io/        */
extern const vdc_vm_block vdc_overcommit_vm_block;  /* models/overcommit/ */

static const struct kind_info {
    const char *name;
    const char *def;           /* default model; NULL = kind unused unless chosen */
    const vdc_model_type *const *models;
    const vdc_vm_block *vm_block;
} kinds[VDC_KIND_COUNT] = {
    [VDC_KIND_PLACEMENT] = { "placement", "first_fit", placement_models, NULL },
    [VDC_KIND_MEMORY]    = { "memory", NULL, memory_models, &vdc_memory_vm_block },
    [VDC_KIND_IO]        = { "io", NULL, io_models, &vdc_io_vm_block },
    [VDC_KIND_SCHED]     = { "sched", "fluid", sched_models, NULL },
    [VDC_KIND_MIGRATION] = { "migration", NULL, migration_models, &vdc_migration_vm_block },
    [VDC_KIND_STARTUP]   = { "startup", NULL, startup_models, NULL },
    [VDC_KIND_OVERCOMMIT] = { "overcommit", NULL, overcommit_models, &vdc_overcommit_vm_block },
};

const char *vdc_kind_name(vdc_kind k) { return kinds[k].name; }
const char *vdc_kind_default(vdc_kind k) { return kinds[k].def; }
const vdc_vm_block *vdc_kind_vm_block(vdc_kind k) { return kinds[k].vm_block; }
const vdc_model_type *const *vdc_registry_list(vdc_kind k) { return kinds[k].models; }

int vdc_kind_find(const char *name)
{
    for (int k = 0; k < VDC_KIND_COUNT; k++)
        if (strcmp(kinds[k].name, name) == 0)
            return k;
    return -1;
}

const vdc_model_type *vdc_registry_find(vdc_kind k, const char *name)
{
    for (const vdc_model_type *const *m = kinds[k].models; *m; m++)
        if (strcmp((*m)->name, name) == 0)
            return *m;
    return NULL;
}

/* ---- capabilities (sim/model.h) ------------------------------------------- */

static const struct cap_info {
    unsigned cap;
    vdc_kind kind;
    const char *what;
} caps[] = {
    { VDC_CAP_VM_CHURN, VDC_KIND_SCHED, "follows VMs arriving and leaving at run time" },
    { VDC_CAP_SHARE_EVENTS, VDC_KIND_SCHED, "announces every change of a host's CPU shares" },
};

vdc_kind vdc_cap_kind(unsigned cap)
{
    for (size_t i = 0; i < sizeof caps / sizeof *caps; i++)
        if (caps[i].cap == cap)
            return caps[i].kind;
    return VDC_KIND_COUNT;
}

const char *vdc_cap_what(unsigned cap)
{
    for (size_t i = 0; i < sizeof caps / sizeof *caps; i++)
        if (caps[i].cap == cap)
            return caps[i].what;
    return "an unnamed capability";
}
