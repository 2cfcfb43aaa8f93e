/* arrivals.c -- VM arrivals and departures of the consolidation model.
 *
 * Arrivals are a Poisson process of rate
 *     lambda(t) = rate x (1 + a cos(2 pi (t - peak) / period)),
 * a day-shaped (diurnal) load when a > 0, drawn by thinning (Lewis &
 * Shedler, Naval Res. Logist. Q. 1979): candidates at rate rate x (1 + a),
 * each kept with probability lambda(t) / (rate x (1 + a)).  Each arrival is
 * a copy of the template VM (vdc_world_add_vm; fluid.c observes
 * VDC_OBS_ADD) named "<template>-a<N>", placed by the model's fit policy on
 * an on host; with no room it waits in a FIFO queue, off hosts are powered
 * up for the queued demand, and it is placed when a host comes on or a VM
 * leaves.  It leaves after its lifetime (exponential or constant), drawn at
 * arrival: the VM is unplaced (moved to host -1) and stays in the world with
 * no demand.  Streams: "placement/arrivals", "placement/lifetimes".
 * The template VM never runs: it is left unplaced at init.
 * Limits: a VM leaves after its migration ends (re-checked every second);
 * departed VMs keep their index (the world never shrinks).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "array.h"
#include "cons.h"
#include "rng.h"

static void arrive(vdc_engine *eng, void *ctx, uint64_t arg);

#define TWO_PI 6.283185307179586

static double rate_at(const vdc_cons *c, double t)
{
    const vdc_cons_params *p = c->p;
    double phase = TWO_PI * (t - p->arr_peak_s) / p->arr_period_s;
    return p->arr_rate_per_s * (1 + p->arr_amplitude * cos(phase));
}

/* Schedule the next arrival after now by thinning (none past the end). */
static void schedule_next(vdc_cons *c)
{
    const vdc_cons_params *p = c->p;
    double lmax = p->arr_rate_per_s * (1 + p->arr_amplitude);
    if (!(lmax > 0) || c->st.arrivals >= p->arr_max)
        return;
    double t = vdc_time_to_s(vdc_engine_now(c->sim->eng)), end = vdc_time_to_s(c->sim->end);
    for (;;) {
        t += gsl_ran_exponential(c->arr_rng, 1 / lmax);
        if (t > end)
            return;
        if (gsl_rng_uniform(c->arr_rng) * lmax < rate_at(c, t))
            break;
    }
    vdc_engine_at(c->sim->eng, vdc_time_from_s(t), arrive, c, 0);
}

static int queue_push(vdc_cons *c, int vm)
{
    if (vdc_array_grow((void **)&c->queue, &c->capq, c->nq + 1, sizeof *c->queue))
        return VDC_ENOMEM;
    c->queue[c->nq++] = vm;
    return 0;
}

static double queued_demand(const vdc_cons *c)
{
    double d = 0;
    for (int i = 0; i < c->nq; i++) {   /* unplaced: in its own vCPUs; to speed units */
        double mips = c->sim->world.vm[c->queue[i]].vcpu_mips;
        d += vdc_mon_vm_demand(&c->mon, c->queue[i]) *
             (mips > 0 ? mips : c->sim->world.nhost ? vdc_mon_speed(&c->mon, 0) : 1);
    }
    return d;
}

void vdc_cons_arrivals_drain(vdc_cons *c)
{
    vdc_world *w = &c->sim->world;
    double now = vdc_time_to_s(vdc_engine_now(c->sim->eng));
    int k = 0;
    for (int i = 0; i < c->nq; i++) {
        int vm = c->queue[i];
        int h = vdc_place_pick(&c->pl, w->vm[vm].vcpus, w->vm[vm].memory_gib);
        if (h < 0) {
            c->queue[k++] = vm;
            continue;
        }
        c->st.wait_s += now - c->queued_at[vm];
        c->queued_at[vm] = -1;
        vdc_world_move(w, c->sim, vm, h);
        vdc_cons_row(c, "place", vm, -1, h);
    }
    c->nq = k;
}

static void depart(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_cons *c = ctx;
    vdc_world *w = &c->sim->world;
    int vm = (int)arg;
    if (c->queued_at[vm] >= 0) {             /* never got a host */
        int k = 0;
        for (int i = 0; i < c->nq; i++)
            if (c->queue[i] != vm)
                c->queue[k++] = c->queue[i];
        c->nq = k;
        c->st.wait_s += vdc_time_to_s(vdc_engine_now(eng)) - c->queued_at[vm];
        c->queued_at[vm] = -1;
        c->st.unserved++;
        vdc_cons_row(c, "depart", vm, -1, -1);
        return;
    }
    if (w->vm[vm].migrating) {
        vdc_time at = vdc_engine_now(eng) + VDC_NS_PER_S;
        if (at <= c->sim->end)
            vdc_engine_at(eng, at, depart, c, arg);
        return;
    }
    int src = w->vm[vm].host;
    vdc_world_move(w, c->sim, vm, -1);
    c->st.departures++;
    vdc_cons_row(c, "depart", vm, src, -1);
    vdc_cons_arrivals_drain(c);
}

static void arrive(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_cons *c = ctx;
    vdc_world *w = &c->sim->world;
    (void)arg;
    if (vdc_array_grow((void **)&c->names, &c->capnames, c->nnames + 1, sizeof *c->names))
        goto oom;
    char buf[256];
    snprintf(buf, sizeof buf, "%s-a%lld", c->proto.name, (long long)c->st.arrivals);
    if (!(c->names[c->nnames] = strdup(buf)))
        goto oom;
    vdc_vm t = c->proto;
    t.name = c->names[c->nnames++];
    t.host = vdc_place_pick(&c->pl, t.vcpus, t.memory_gib);
    t.paused = t.migrating = false;
    int vm = vdc_world_add_vm(w, c->sim, &t);
    if (vm < 0)
        goto oom;
    c->st.arrivals++;
    vdc_cons_row(c, "arrive", vm, -1, t.host);
    if (t.host < 0) {
        if (queue_push(c, vm))
            goto oom;
        c->queued_at[vm] = vdc_time_to_s(vdc_engine_now(eng));
        c->st.queued++;
        vdc_cons_power_up_for(c, queued_demand(c));
    }
    double life = c->p->lifetime_dist == 0 ? gsl_ran_exponential(c->life_rng, c->p->lifetime_s)
                                           : c->p->lifetime_s;
    vdc_time at = vdc_engine_now(eng) + vdc_time_from_s(life);
    if (at > vdc_engine_now(eng) && at <= c->sim->end)
        vdc_engine_at(eng, at, depart, c, (uint64_t)vm);
    schedule_next(c);
    return;
oom:
    vdc_engine_fail(eng, VDC_ENOMEM, "consolidate: out of memory for an arriving VM");
}

int vdc_cons_arrivals_init(vdc_cons *c, vdc_error *err)
{
    const vdc_cons_params *p = c->p;
    if (p->arr_template < 0)
        return 0;
    /* the scheduler follows arrivals: consolidate declares VDC_CAP_VM_CHURN
     * as a need, checked by the loader */
    c->proto = c->sim->world.vm[p->arr_template];
    c->arr_rng = vdc_rng_stream(c->sim->seed, "placement/arrivals");
    c->life_rng = vdc_rng_stream(c->sim->seed, "placement/lifetimes");
    if (!c->arr_rng || !c->life_rng)
        return vdc_error_set(err, VDC_ENOMEM, "consolidate: out of memory");
    schedule_next(c);
    return 0;
}

void vdc_cons_arrivals_free(vdc_cons *c)
{
    if (c->arr_rng)
        gsl_rng_free(c->arr_rng);
    if (c->life_rng)
        gsl_rng_free(c->life_rng);
    for (int i = 0; i < c->nnames; i++)
        free(c->names[i]);
    free(c->names);
    free(c->queue);
}
