/* best_fit.c -- placement model: each unplaced VM on the open host that it
 * fits with the least room left (by vCPU slots or by memory).
 *
 * Best-fit packs VMs onto few hosts (the bin-packing heuristic; Johnson et
 * al., SIAM J. Comput. 1974), leaving whole hosts free to power down.  VMs
 * are taken in scenario order (not sorted: "best-fit decreasing" is the
 * scenario's order by size).  The rule that a VM fits and the overcommit
 * ratios are first_fit.c's; the search is place.c's, O(log hosts) per VM
 * when the other resource does not bind.  Known answer (test_placement.c):
 * hosts with 3 and 2 free slots, a 2-vCPU VM goes to the second host,
 * where first-fit puts it on the first.
 */
#include "place.h"

typedef struct bf_params {
    vdc_place_params pl;
} bf_params;

static int bf_init(void *state, const void *params, vdc_sim *sim, vdc_error *err)
{
    vdc_place_params p = ((const bf_params *)params)->pl;
    vdc_place pl;
    (void)state;
    p.policy = VDC_PLACE_BEST;
    if (vdc_place_init(&pl, &sim->world, &p))
        return vdc_error_set(err, VDC_ENOMEM, "best_fit: out of memory");
    int rc = vdc_place_all(&pl, sim, -1, "placement best_fit", err);
    vdc_place_free(&pl);
    return rc;
}

static const vdc_param bf_params_tbl[] = {
    VDC_PLACE_PARAM_BY(bf_params, pl),
    VDC_PLACE_PARAM_OC(bf_params, pl),
    { 0 }
};

const vdc_model_type vdc_placement_best_fit = {
    .kind = VDC_KIND_PLACEMENT,
    .name = "best_fit",
    .help = "each unplaced VM on the host it fits with the least room left (packs)",
    .params = bf_params_tbl,
    .params_size = sizeof(bf_params),
    .state_size = 1,
    .init = bf_init,
};
