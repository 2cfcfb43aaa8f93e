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

#endif
