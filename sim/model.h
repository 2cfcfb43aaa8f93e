/* model.h -- the plug-in interface every model implements.
 *
 * A model is a `static const vdc_model_type` (like GSL's gsl_rng_type or a
 * ROSS tw_lptype): kind, name, parameter table, state size and hooks.  The
 * registry (models/registry.c) lists them per kind; a scenario picks one per
 * kind by name ("models": {"sched": {"name": "credit", ...}}).
 *
 * What the engine guarantees:
 *  - `state` is state_size bytes, zeroed, and lives until destroy();
 *  - `params` points to a params_size struct filled from `params`
 *    (defaults included) that lives as long as the run;
 *  - init hooks run in kind order (vdc_kind), after the world is built and
 *    VMs with a named host are placed; finish hooks run in the same order
 *    at the end time, before results are committed; destroy always runs.
 * What a hook must do: return 0 or a negative VDC_E* after filling err;
 * never abort on user input; init may schedule events and observe the world.
 */
#ifndef VDC_MODEL_H
#define VDC_MODEL_H

#include <stddef.h>

#include <stdio.h>

#include "param.h"
#include "results.h"
#include "world.h"

/* A timed action verb a model understands:
 * {"at_s": 10, "migrate": {"vm": "db-0", "to": "host-1"}}. */
typedef struct vdc_action_type {
    const char *verb;
    const char *help;
    const vdc_param *params;
    size_t params_size;
    /* Called at the action's time with its parsed arguments. */
    void (*run)(void *state, vdc_sim *sim, const void *args);
    /* An argument object that has an effect in tests/test_models.c's
     * scenario (hosts h-0, h-1; VMs a-0, a-1 on h-0, b, c, p): the generic
     * suite schedules every verb of every model with it, in order (a verb
     * may name what an earlier one of its model created), and checks that
     * it changes the results.  Required: registering a verb tests it. */
    const char *example;
} vdc_action_type;

/* Per-VM parameters of a kind, read from "vms[i].<kind>": e.g. the
 * migration kind's dirty-page behaviour or the memory kind's TLB profile. */
typedef struct vdc_vm_block {
    const vdc_param *params;
    size_t params_size;
} vdc_vm_block;

/* Capabilities a model offers the models of other kinds.  A model that
 * relies on one says so through its `needs` hook; the loader refuses a
 * scenario whose chosen models leave a need unmet, with a message naming the
 * key that asked and the models that offer it (so `vdcsim check` says it). */
enum {
    /* sched: follows VMs that arrive at run time (vdc_world_add_vm) and leave
     * (moved to host -1) in large numbers, as VM arrival processes do */
    VDC_CAP_VM_CHURN = 1u << 0,
    /* sched: calls vdc_sim_shares_changed whenever it changes a host's CPU
     * shares, so a VM's CPU rate is constant between two calls (fluid; not
     * credit, whose allocation moves at every tick) */
    VDC_CAP_SHARE_EVENTS = 1u << 1,
};

typedef struct vdc_model_type {
    vdc_kind kind;
    const char *name;
    const char *help;               /* one line for `vdcsim models` */
    const vdc_param *params;        /* ends with {0}; may be NULL     */
    size_t params_size;
    size_t state_size;
    const vdc_action_type *const *actions;   /* NULL-terminated or NULL */
    int  (*init)(void *state, const void *params, vdc_sim *sim, vdc_error *err);
    int  (*finish)(void *state, vdc_sim *sim, vdc_error *err);    /* may be NULL */
    void (*destroy)(void *state);                                  /* may be NULL */
    unsigned caps;                  /* VDC_CAP_* this model offers; 0 none */
    /* VDC_CAP_* it needs of the other chosen models with these parameters,
     * and in *key the parameter that asks (for the message).  May be NULL:
     * needs nothing. */
    unsigned (*needs)(const void *params, const char **key);
    /* sched kind: CPU seconds the VM's vCPUs have received up to now (read
     * only: it must not change the schedule).  May be NULL: unknown.  The
     * I/O model reads its driver domains' CPU through vdc_sim_vm_cpu_s. */
    double (*vm_cpu_s)(const void *state, const vdc_sim *sim, int vm);
    /* `vdcsim models`: print the model's named presets or profiles with
     * their values and sources (what a "-1: the profile's" default means).
     * May be NULL: it has none. */
    void (*print_presets)(FILE *f);
    /* any kind: the scheduler has just changed host `host`'s CPU shares (its
     * counters brought up to now first).  Called only by schedulers offering
     * VDC_CAP_SHARE_EVENTS, through vdc_sim_shares_changed; it must not
     * change the world.  May be NULL: not interested. */
    void (*shares_changed)(void *state, vdc_sim *sim, int host);
} vdc_model_type;

/* ---- registry (models/registry.c) ------------------------------------- */
const char *vdc_kind_name(vdc_kind k);
int vdc_kind_find(const char *name);                 /* -1 if unknown */
const char *vdc_kind_default(vdc_kind k);            /* default model name */
const vdc_vm_block *vdc_kind_vm_block(vdc_kind k);   /* NULL if none */
/* NULL-terminated list of the models of a kind. */
const vdc_model_type *const *vdc_registry_list(vdc_kind k);
const vdc_model_type *vdc_registry_find(vdc_kind k, const char *name);
/* The kind that offers capability `cap` and what it means, for messages. */
vdc_kind vdc_cap_kind(unsigned cap);
const char *vdc_cap_what(unsigned cap);

#endif
