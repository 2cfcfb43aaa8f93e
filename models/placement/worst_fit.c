/* worst_fit.c -- placement model: each unplaced VM on the open host with
 * the most room left (by vCPU slots or by memory): spreads the load.
 *
 * Worst-fit balances load across hosts (the opposite of consolidation): the
 * lecture's "spread" policy, against which best_fit and the consolidation
 * model are compared.  Fit rule and overcommit as in first_fit.c; search in
 * place.c, O(log hosts) per VM when the other resource does not bind.
 * Known answer (test_placement.c): 8 one-vCPU VMs on 4 equal hosts go 2 per
 * host, in the order h0 h1 h2 h3 h0 h1 ... (ties to the lower index).
 */
#include "place.h"

typedef struct wf_params {
    vdc_place_params pl;
} wf_params;

static int wf_init(void *state, const void *params, vdc_sim *sim, vdc_error *err)
{
    vdc_place_params p = ((const wf_params *)params)->pl;
    vdc_place pl;
    (void)state;
    p.policy = VDC_PLACE_WORST;
    if (vdc_place_init(&pl, &sim->world, &p))
        return vdc_error_set(err, VDC_ENOMEM, "worst_fit: out of memory");
    int rc = vdc_place_all(&pl, sim, -1, "placement worst_fit", err);
    vdc_place_free(&pl);
    return rc;
}

static const vdc_param wf_params_tbl[] = {
    VDC_PLACE_PARAM_BY(wf_params, pl),
    VDC_PLACE_PARAM_OC(wf_params, pl),
    { 0 }
};

const vdc_model_type vdc_placement_worst_fit = {
    .kind = VDC_KIND_PLACEMENT,
    .name = "worst_fit",
    .help = "each unplaced VM on the host with the most room left (spreads)",
    .params = wf_params_tbl,
    .params_size = sizeof(wf_params),
    .state_size = 1,
    .init = wf_init,
};
