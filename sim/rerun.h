/* rerun.h -- `vdcsim rerun DB RUN_ID`: a stored run, loaded and compared.
 *
 * A run's row keeps the scenario as given (runs.scenario_json, with --set
 * applied) and its seed, so it can be simulated again and its metrics and
 * samples compared row by row with the stored ones.  Any damaged row (NULL
 * or non-text scenario, missing table) is bad input: VDC_EINPUT, one line.
 */
#ifndef VDC_RERUN_H
#define VDC_RERUN_H

#include <stdint.h>

#include "error.h"
#include "scenario.h"

/* Load run `id` of `db` as a scenario; *version gets the version that made
 * it (caller frees), "?" if not recorded. */
int vdc_rerun_load(const char *db, int64_t id, vdc_scenario **sc, char **version,
                   vdc_error *err);

/* Rows of metrics and samples that differ between run a of a_db and run b
 * of b_db (both directions), in *diffs. */
int vdc_rerun_compare(const char *a_db, int64_t a, const char *b_db, int64_t b, long *diffs,
                      vdc_error *err);

#endif
