/* waves.c -- placement model `waves`: migration waves for scale benchmarks.
 *
 * VMs without a named host are placed by a fit policy (place.h); then at
 * start_s and every period_s after, `vms` distinct VMs drawn uniformly among
 * those placed and not migrating are each sent to a host drawn uniformly
 * among the other hosts that are on, through vdc_world_request_migration
 * (a migration model observing VDC_OBS_MIGRATE_REQ, e.g. precopy_fluid,
 * migrates them concurrently; with none they move at once).  This is the
 * scale scenario of issue 8 (30 random VMs at t = 30 s and every 60 s, to
 * random other hosts); destinations ignore capacity, as there.  Stream:
 * "placement/waves" (VM and destination draws, in that order, per VM).
 * Cost per wave: O(vms) draws (rejection of already drawn or busy VMs; at
 * most 64 tries per VM).  Metrics (entity "waves"): waves, requested, live,
 * instant.
 */
#include <stdlib.h>

#include "place.h"
#include "rng.h"

typedef struct waves_params {
    vdc_place_params pl;
    double start_s, period_s;
    int64_t vms, count;
} waves_params;

typedef struct waves {
    vdc_sim *sim;
    const waves_params *p;
    gsl_rng *rng;
    int *picked;
    int64_t waves, req, live, instant;
} waves;

#define MAX_TRIES 64

static bool already(const int *v, int n, int x)
{
    for (int i = 0; i < n; i++)
        if (v[i] == x)
            return true;
    return false;
}

static vdc_time wave(vdc_engine *eng, void *ctx, uint64_t arg)
{
    waves *s = ctx;
    vdc_world *w = &s->sim->world;
    (void)eng;
    (void)arg;
    int n = 0;
    for (int64_t k = 0; k < s->p->vms && w->nvm > 0 && w->nhost > 1; k++) {
        int vm = -1;
        for (int t = 0; t < MAX_TRIES && vm < 0; t++) {
            int c = (int)gsl_rng_uniform_int(s->rng, (unsigned long)w->nvm);
            if (w->vm[c].host >= 0 && !w->vm[c].migrating && !already(s->picked, n, c))
                vm = c;
        }
        if (vm < 0)
            continue;
        int src = w->vm[vm].host, dst = -1;
        for (int t = 0; t < MAX_TRIES && dst < 0; t++) {
            int d = (int)gsl_rng_uniform_int(s->rng, (unsigned long)(w->nhost - 1));
            d += d >= src;
            if (!w->host[d].off)
                dst = d;
        }
        if (dst < 0)
            continue;
        s->picked[n++] = vm;
        s->req++;
        if (vdc_world_request_migration(w, s->sim, vm, dst))
            s->live++;
        else if (w->vm[vm].host == dst)
            s->instant++;
    }
    s->waves++;
    if (s->p->count > 0 && s->waves >= s->p->count)
        return VDC_TIMER_STOP;
    return s->p->period_s > 0 ? vdc_time_from_s(s->p->period_s) : VDC_TIMER_STOP;
}

static int waves_init(void *state, const void *params, vdc_sim *sim, vdc_error *err)
{
    waves *s = state;
    s->sim = sim;
    s->p = params;
    vdc_place pl;
    if (vdc_place_init(&pl, &sim->world, &s->p->pl))
        return vdc_error_set(err, VDC_ENOMEM, "waves: out of memory");
    int rc = vdc_place_all(&pl, sim, -1, "placement waves", err);
    vdc_place_free(&pl);
    if (rc)
        return rc;
    s->rng = vdc_rng_stream(sim->seed, "placement/waves");
    s->picked = malloc((size_t)(s->p->vms > 0 ? s->p->vms : 1) * sizeof *s->picked);
    if (!s->rng || !s->picked)
        return vdc_error_set(err, VDC_ENOMEM, "waves: out of memory");
    vdc_time at = vdc_time_from_s(s->p->start_s);
    if (s->p->vms > 0 && at <= sim->end)
        vdc_engine_timer(sim->eng, at, wave, s, 0);
    return 0;
}

static int waves_finish(void *state, vdc_sim *sim, vdc_error *err)
{
    waves *s = state;
    (void)err;
    vdc_results_metric(sim->res, "waves", "waves", (double)s->waves, "");
    vdc_results_metric(sim->res, "waves", "requested", (double)s->req, "");
    vdc_results_metric(sim->res, "waves", "live", (double)s->live, "");
    vdc_results_metric(sim->res, "waves", "instant", (double)s->instant, "");
    return 0;
}

static void waves_destroy(void *state)
{
    waves *s = state;
    if (s->rng)
        gsl_rng_free(s->rng);
    free(s->picked);
}

#define WP(f) offsetof(waves_params, f)
static const vdc_param waves_params_tbl[] = {
    VDC_PLACE_PARAM_POLICY(waves_params, pl, VDC_PLACE_FIRST),
    VDC_PLACE_PARAM_BY(waves_params, pl),
    VDC_PLACE_PARAM_OC(waves_params, pl),
    { .name = "start_s", .type = VDC_PARAM_NUM, .offset = WP(start_s), .def = 30, .min = 0,
      .max = 1e9, .unit = "s", .help = "time of the first wave" },
    { .name = "period_s", .type = VDC_PARAM_NUM, .offset = WP(period_s), .def = 60, .min = 0,
      .max = 1e9, .unit = "s", .help = "time between waves, 0 = one wave" },
    { .name = "vms", .type = VDC_PARAM_INT, .offset = WP(vms), .def = 30, .min = 0, .max = 1e7,
      .help = "VMs migrated per wave (distinct, random)" },
    { .name = "count", .type = VDC_PARAM_INT, .offset = WP(count), .def = 0, .min = 0,
      .max = 1e9, .help = "number of waves, 0 = until the end" },
    { 0 }
};

const vdc_model_type vdc_placement_waves = {
    .kind = VDC_KIND_PLACEMENT,
    .name = "waves",
    .help = "fit placement + waves of random VMs migrating to random hosts (scale benchmark)",
    .params = waves_params_tbl,
    .params_size = sizeof(waves_params),
    .state_size = sizeof(waves),
    .init = waves_init,
    .finish = waves_finish,
    .destroy = waves_destroy,
};
