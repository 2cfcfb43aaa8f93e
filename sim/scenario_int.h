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

#endif
