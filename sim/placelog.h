/* placelog.h -- where every VM is, and why: the `placements` table.
 *
 * One row per placement of a VM on a host: at t_s = 0 the initial placement
 * (reason "scenario" when the scenario names the host, else the placement
 * model's name), then every change the world reports — "migration" (a
 * migration model moved it), "move" (moved at once, e.g. a placement policy
 * with no migration model), "added" (a VM created at run time), "placed" (a
 * VM without a host got one), "removed" (host NULL: it left, e.g. a
 * departure).  Rows: placements(run_id, vm, host, t_s, reason).
 * Past VDC_PLACELOG_SCENARIO_MAX VMs, the initial rows of VMs whose host
 * the scenario names are not written (the scenario holds them; issue 15).
 */
#ifndef VDC_PLACELOG_H
#define VDC_PLACELOG_H

#include "results.h"
#include "scenario.h"
#include "sim.h"

#define VDC_PLACELOG_SCENARIO_MAX 10000   /* VMs; fluid's per_vm_max default */

typedef struct vdc_placelog {
    vdc_results *res;          /* rows go here; NULL: nothing recorded */
    int *prev;                 /* host of each VM when last seen */
    int nprev;
} vdc_placelog;

/* After the models' init hooks: report the initial placement to fn (may be
 * NULL) and, with res, stage its rows and observe the world for changes.
 * sc tells which hosts the scenario named. */
int vdc_placelog_start(vdc_placelog *pl, vdc_sim *sim, const vdc_scenario *sc,
                       vdc_results *res, vdc_placement_fn fn, void *ctx);
void vdc_placelog_release(vdc_placelog *pl);

#endif
