/* sim_int.h -- internals shared by the files of sim/, not part of the model API. */
#ifndef VDC_SIM_INT_H
#define VDC_SIM_INT_H

#include "model.h"
#include "world.h"

/* The core action verb {"at_s": t, "set_workload": {"vm": v, "workload": {...}}}:
 * replaces a VM's CPU workload (observers hear VDC_OBS_WORKLOAD). */
typedef struct vdc_core_setwl {
    int vm;
    vdc_workload wl;
} vdc_core_setwl;

extern const vdc_action_type vdc_core_set_workload;

/* The core action verb {"at_s": t, "resize": {"vm": v, "vcpus": n,
 * "memory_mib": m, "weight": w, "cap": c, "hotplug_s": d}}: vCPU hot-plug
 * (online after hotplug_s), a memory (balloon) target, Xen weight and cap
 * at run time.  0 (cap: -1) leaves a value unchanged. */
typedef struct vdc_core_resize {
    int vm;
    int64_t vcpus;
    double memory_mib;
    int64_t weight, cap;
    double hotplug_s;
} vdc_core_resize;

extern const vdc_action_type vdc_core_resize_verb;
extern const vdc_param vdc_core_resize_params[];

#endif
