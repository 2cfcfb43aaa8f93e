/* placelog.c -- the placements table: see placelog.h.
 *
 * An observer of the world (VDC_OBS_MOVE, VDC_OBS_ADD) registered after
 * every model's init hook, so the initial placement is written once, as a
 * snapshot, and later changes one row each.  The previous host of each VM is
 * kept to tell a placement from a move; a MOVE heard while the VM is
 * `migrating` is the end of a live migration (mig_core.c moves the VM
 * before clearing the flag).
 */
#include "placelog.h"

#include <stdlib.h>
#include <string.h>

#include "scenario.h"

static const vdc_column cols[] = {
    { "vm", "TEXT" }, { "host", "TEXT" }, { "t_s", "REAL" }, { "reason", "TEXT" }, { 0 }
};
static const vdc_table placements = { "placements", cols };

static void row(vdc_placelog *pl, const vdc_world *w, int vm, int host, double t,
                const char *reason)
{
    vdc_value v[] = { VDC_TEXT(w->vm[vm].name),
                      host >= 0 ? VDC_TEXT(w->host[host].name) : (vdc_value){ .type = VDC_V_NULL },
                      VDC_REAL(t), VDC_TEXT(reason) };
    vdc_results_row(pl->res, &placements, v);
}

/* Keep prev[] as long as the world's VM array; -2 marks "not seen yet". */
static int grow(vdc_placelog *pl, int n)
{
    if (n <= pl->nprev)
        return 0;
    int *p = realloc(pl->prev, (size_t)n * sizeof *p);
    if (!p)
        return -1;
    for (int i = pl->nprev; i < n; i++)
        p[i] = -2;
    pl->prev = p;
    pl->nprev = n;
    return 0;
}

static void observe(void *ctx, vdc_sim *sim, const vdc_obs_event *ev)
{
    vdc_placelog *pl = ctx;
    const vdc_world *w = &sim->world;
    vdc_obs what = ev->what;
    int vm = ev->vm;
    if ((what != VDC_OBS_MOVE && what != VDC_OBS_ADD) || vm < 0 || grow(pl, w->nvm))
        return;
    int host = w->vm[vm].host, before = pl->prev[vm];
    pl->prev[vm] = host;
    if (host == before)
        return;
    double t = vdc_time_to_s(vdc_engine_now(sim->eng));
    const char *reason = what == VDC_OBS_ADD ? "added"
                       : host < 0            ? "removed"
                       : before < 0          ? "placed"
                       : w->vm[vm].migrating ? "migration"
                                             : "move";
    if (what == VDC_OBS_ADD && host < 0)
        return;                         /* created without a host: placed later */
    row(pl, w, vm, host, t, reason);
}

int vdc_placelog_start(vdc_placelog *pl, vdc_sim *sim, const vdc_scenario *sc,
                       vdc_results *res, vdc_placement_fn fn, void *ctx)
{
    const vdc_world *w = &sim->world;
    pl->res = res;
    if (grow(pl, w->nvm))
        return VDC_ENOMEM;
    const vdc_model_type *pm = sim->model[VDC_KIND_PLACEMENT];
    for (int i = 0; i < w->nvm; i++) {
        int h = w->vm[i].host;
        pl->prev[i] = h;
        if (h < 0)
            continue;
        const char *reason = i < sc->nvm && sc->vms[i].host >= 0 ? "scenario"
                           : pm                                  ? pm->name
                                                                 : "placement";
        if (fn)
            fn(ctx, w->vm[i].name, w->host[h].name, reason);
        /* The scenario's own placements are its rows too, but past
         * VDC_PLACELOG_SCENARIO_MAX VMs (a million hosts of 8 VMs: 8 M rows,
         * a third of the results) they are left to the scenario, which
         * says them (host, per_host); a model's choices are always kept. */
        if (res && (reason[0] != 's' || strcmp(reason, "scenario") != 0 ||
                    w->nvm <= VDC_PLACELOG_SCENARIO_MAX))
            row(pl, w, i, h, 0, reason);
    }
    if (res && vdc_world_observe(&sim->world, observe, pl) < 0)
        return VDC_ENOMEM;
    return 0;
}

void vdc_placelog_release(vdc_placelog *pl)
{
    free(pl->prev);
    pl->prev = NULL;
    pl->nprev = 0;
}
