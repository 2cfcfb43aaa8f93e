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

/* The core action verb {"at_s": t, "reboot": {"vm": v, "vcpus": n,
 * "memory_mib": m, "down_s": d, "lost_since_s": c}}: the VM stops for
 * down_s (guest shutdown and boot), comes back with the new size, and the
 * work its guest did since lost_since_s (its application's last checkpoint)
 * is lost.  0 leaves vcpus / memory unchanged. */
typedef struct vdc_core_reboot {
    vdc_core_resize size;           /* vcpus and memory_mib only */
    double down_s, lost_since_s;
} vdc_core_reboot;

extern const vdc_action_type vdc_core_reboot_verb;
extern const vdc_param vdc_core_reboot_params[];

#endif
