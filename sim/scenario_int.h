/* scenario_int.h -- shared by the files of the scenario loader (scenario.c,
 * scenario_act.c); not part of the model API. */
#ifndef VDC_SCENARIO_INT_H
#define VDC_SCENARIO_INT_H

#include "scenario.h"

/* Keep `p` until vdc_scenario_free; returns p, or NULL (and frees p). */
void *vdc_scenario_own(vdc_scenario *sc, void *p);
/* Read a workload object (NULL: defaults) against its type's table. */
int vdc_scenario_workload(cJSON *obj, vdc_workload *wl, const char *file, const char *path,
                          const vdc_names *names, vdc_error *err);
/* "models": choose a model per kind and fill its parameters. */
int vdc_scenario_models(vdc_scenario *sc, cJSON *models, vdc_error *err);
/* "actions": parse every timed action. */
int vdc_scenario_actions(vdc_scenario *sc, cJSON *arr, vdc_error *err);


/* ---- traces (scenario_trace.c) ---------------------------------------- */
typedef struct vdc_scn_group vdc_scn_group;
/* Pre-pass over vms[]: list trace folders, read Bitbrains pairs. */
int vdc_scenario_groups(vdc_scenario *sc, cJSON *vms, vdc_error *err);
/* Is entry a group?  Then its VM count (and vCPU total for Bitbrains). */
bool vdc_scenario_group_count(const vdc_scenario *sc, int entry, int64_t *count, int64_t *vcpus);
size_t vdc_scenario_group_name_bytes(const vdc_scenario *sc);
/* File name (or Bitbrains id) of member k. */
const char *vdc_scenario_group_member(const vdc_scenario *sc, int entry, int k);
int vdc_scenario_group_workload_defaults(vdc_scenario *sc, int entry, cJSON *wj, vdc_error *err);
/* Fill the group's VMs out[0..n) from base (the entry as parsed). */
int vdc_scenario_group_fill(vdc_scenario *sc, int entry, cJSON *it, const vdc_vm *base,
                            vdc_vm *out, const char *path, vdc_error *err);
/* Read wl->file for a single trace workload (no-op for other types). */
int vdc_scenario_trace_single(vdc_scenario *sc, vdc_workload *wl, int64_t vcpus,
                              const char *path, vdc_error *err);
int vdc_scenario_check_speeds(const vdc_scenario *sc, vdc_error *err);
void vdc_scenario_traces_free(vdc_scenario *sc);

#endif
