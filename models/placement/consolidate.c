/* consolidate.c -- placement model `consolidate`: server consolidation.
 *
 * VMs are first placed by a fit policy (place.h).  Then every period_s:
 *  1. each VM's demand is estimated as its mean over the last period
 *     (monitor.h: exact integral), a host's load as the sum over the VMs on
 *     it or migrating to it;
 *  2. overload: a host whose load exceeds high_util x pCPUs sheds VMs, the
 *     smallest memory first ("minimum migration time", Beloglazov & Buyya,
 *     CCPE 2012), until it is under the threshold; each goes to the on host
 *     with the least load headroom that stays under high_util and has room
 *     under the overcommit ratios (best-fit: packs, so the most loaded hosts
 *     fill first -- PABFD's choice for equal power curves);
 *  3. demand that found no host powers up off hosts (boot_s, boot_w);
 *  4. underload: hosts whose load is under low_util x pCPUs, least loaded
 *     first, are emptied if all their VMs (largest first) find room on other
 *     hosts, keeping at least min_hosts on; an empty host shuts down
 *     (shutdown_s, shutdown_w) and is off afterwards.
 * Migrations go through vdc_world_request_migration (a migration model that
 * takes it on sets vm.migrating; otherwise the VM moves at once); capacity
 * and load are reserved on the destination until the VM arrives.  Power
 * goes through vdc_world_set_host_power: the world's host is off from the
 * start of its shutdown to the end of its boot, so fluid.c charges nothing
 * then and this model charges the transition watts instead.  period_s = 0
 * never consolidates: the spread/no-management baseline, still reported.
 * Known answers (test_placement.c): an idle host's VMs move off at the
 * first period and it is off shutdown_s later; the energy saved equals
 * (idle W) x (time off) minus the transition energy; an overloaded host
 * sheds VMs until under high_util.  Limits: decisions are instantaneous;
 * one threshold pair for all hosts; no memory-based overload.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cons.h"
#include "sort.h"

#define LOAD_SLACK 1e-9

/* ---- per-VM arrays ------------------------------------------------------------ */

int vdc_cons_grow_vms(vdc_cons *c)
{
    const vdc_world *w = &c->sim->world;
    if (w->nvm <= c->nvm_alloc && c->order)     /* order: also with no VM at all */
        return 0;
    int n = c->nvm_alloc ? c->nvm_alloc : 16;
    while (n < w->nvm)
        n *= 2;
    int *r = realloc(c->resv, (size_t)n * sizeof *r);
    if (!r)
        return VDC_ENOMEM;
    c->resv = r;
    double *e = realloc(c->est, (size_t)n * sizeof *e);
    if (!e)
        return VDC_ENOMEM;
    c->est = e;
    double *q = realloc(c->queued_at, (size_t)n * sizeof *q);
    if (!q)
        return VDC_ENOMEM;
    c->queued_at = q;
    int need = n > c->sim->world.nhost ? n : c->sim->world.nhost;
    int *o = realloc(c->order, (size_t)need * sizeof *o);
    if (!o)
        return VDC_ENOMEM;
    c->order = o;
    size_t hl = c->hlen > 0 ? (size_t)c->hlen : 1;
    double *hi = realloc(c->hist, (size_t)n * hl * sizeof *hi);
    if (!hi)
        return VDC_ENOMEM;
    c->hist = hi;
    int *hn = realloc(c->hist_n, (size_t)n * sizeof *hn);
    if (!hn)
        return VDC_ENOMEM;
    c->hist_n = hn;
    double **dv[] = { &c->deg, &c->mig_dem0, &c->since };
    for (size_t k = 0; k < sizeof dv / sizeof dv[0]; k++) {
        double *d = realloc(*dv[k], (size_t)n * sizeof *d);
        if (!d)
            return VDC_ENOMEM;
        *dv[k] = d;
    }
    int64_t *ss = realloc(c->sel_step, (size_t)n * sizeof *ss);
    if (!ss)
        return VDC_ENOMEM;
    c->sel_step = ss;
    double now = vdc_time_to_s(vdc_engine_now(c->sim->eng));
    for (int i = c->nvm_alloc; i < n; i++) {
        r[i] = -1;
        e[i] = 0;
        q[i] = -1;
        hn[i] = 0;
        c->deg[i] = c->mig_dem0[i] = 0;
        c->since[i] = now;
        ss[i] = -1;
    }
    c->nvm_alloc = n;
    return 0;
}

/* ---- power ------------------------------------------------------------------------ */

static double trans_w(double given, double fallback) { return given >= 0 ? given : fallback; }

static void off_done(vdc_engine *eng, void *ctx, uint64_t h)
{
    vdc_cons *c = ctx;
    (void)eng;
    vdc_mon_set_state(&c->mon, (int)h, VDC_HOST_OFF, 0);
    vdc_cons_row(c, "off", -1, (int)h, -1);
}

void vdc_cons_power_down(vdc_cons *c, int h)
{
    vdc_world *w = &c->sim->world;
    vdc_cons_note_power_down(c, h);
    c->ndraining -= c->draining[h];
    c->draining[h] = false;
    vdc_place_set_open(&c->pl, h, false);
    vdc_fitset_del(&c->load, h);
    vdc_mon_set_state(&c->mon, h, VDC_HOST_SHUTDOWN, trans_w(c->p->shutdown_w, w->host[h].power_idle_w));
    vdc_world_set_host_power(w, c->sim, h, false);
    c->st.shutdowns++;
    vdc_cons_row(c, "power_off", -1, h, -1);
    vdc_time at = vdc_engine_now(c->sim->eng) + vdc_time_from_s(c->p->shutdown_s);
    if (c->p->shutdown_s <= 0)
        off_done(c->sim->eng, c, (uint64_t)h);
    else if (at <= c->sim->end)
        vdc_engine_at(c->sim->eng, at, off_done, c, (uint64_t)h);
}

static void on_done(vdc_engine *eng, void *ctx, uint64_t h)
{
    vdc_cons *c = ctx;
    (void)eng;
    vdc_mon_set_state(&c->mon, (int)h, VDC_HOST_ON, 0);
    c->on_since[h] = vdc_time_to_s(vdc_engine_now(c->sim->eng));
    vdc_world_set_host_power(&c->sim->world, c->sim, (int)h, true);
    vdc_place_set_open(&c->pl, (int)h, true);
    vdc_cons_row(c, "on", -1, (int)h, -1);
    vdc_cons_arrivals_drain(c);
}

void vdc_cons_power_up(vdc_cons *c, int h)
{
    const vdc_host *hw = &c->sim->world.host[h];
    vdc_mon_set_state(&c->mon, h, VDC_HOST_BOOT, trans_w(c->p->boot_w, hw->power_peak_w));
    c->st.boots++;
    vdc_cons_row(c, "power_on", -1, -1, h);
    vdc_time at = vdc_engine_now(c->sim->eng) + vdc_time_from_s(c->p->boot_s);
    if (c->p->boot_s <= 0)
        on_done(c->sim->eng, c, (uint64_t)h);
    else if (at <= c->sim->end)
        vdc_engine_at(c->sim->eng, at, on_done, c, (uint64_t)h);
}

/* Boot off hosts (lowest index first) until the hosts already booting and
 * the new ones can carry `demand` pCPUs under high_util. */
void vdc_cons_power_up_for(vdc_cons *c, double demand)
{
    const vdc_world *w = &c->sim->world;
    double cover = 0;
    for (int h = 0; h < w->nhost; h++)
        if (c->mon.h[h].state == VDC_HOST_BOOT)
            cover += c->p->high_util * vdc_cons_cap(c, h);
    for (int h = 0; h < w->nhost && cover < demand; h++)
        if (c->mon.h[h].state == VDC_HOST_OFF) {
            vdc_cons_power_up(c, h);
            cover += c->p->high_util * vdc_cons_cap(c, h);
        }
}

bool vdc_cons_can_power_down(const vdc_cons *c, int h)
{
    return c->mon.h[h].state == VDC_HOST_ON && c->mon.h[h].n == 0 && c->incoming[h] == 0 &&
           c->p->power_off_idle && c->mon.count[VDC_HOST_ON] > c->p->min_hosts;
}

static void check_empty(vdc_engine *eng, void *ctx, uint64_t h)
{
    vdc_cons *c = ctx;
    (void)eng;
    if (c->draining[h] && vdc_cons_can_power_down(c, (int)h))
        vdc_cons_power_down(c, (int)h);
}

/* ---- following the world -------------------------------------------------------------- */

static void release_resv(vdc_cons *c, int vm)
{
    int d = c->resv[vm];
    if (d < 0)
        return;
    const vdc_vm *v = &c->sim->world.vm[vm];
    vdc_place_sub(&c->pl, d, v->vcpus, v->memory_gib);
    c->incoming[d]--;
    c->resv[vm] = -1;
}

static void observe(void *ctx, vdc_sim *sim, const vdc_obs_event *ev)
{
    vdc_cons *c = ctx;
    vdc_obs what = ev->what;
    int vm = ev->vm;
    if (what == VDC_OBS_ADD && vdc_cons_grow_vms(c)) {
        vdc_engine_fail(sim->eng, VDC_ENOMEM, "consolidate: out of memory");
        return;
    }
    int old = (what == VDC_OBS_MOVE && vm >= 0) ? c->mon.v[vm].host : -1;
    if (vdc_mon_observe(&c->mon, what, vm)) {
        vdc_engine_fail(sim->eng, VDC_ENOMEM, "consolidate: out of memory");
        return;
    }
    const vdc_vm *v = what == VDC_OBS_HOST_POWER ? NULL : &sim->world.vm[vm];
    if (what == VDC_OBS_RESIZE) {       /* hot-plug, balloon: the host's free room */
        vdc_place_sub(&c->pl, v->host, ev->old_vcpus, ev->old_memory_gib);
        vdc_place_add(&c->pl, v->host, v->vcpus, v->memory_gib);
        if (c->resv[vm] >= 0) {
            vdc_place_sub(&c->pl, c->resv[vm], ev->old_vcpus, ev->old_memory_gib);
            vdc_place_add(&c->pl, c->resv[vm], v->vcpus, v->memory_gib);
        }
        return;
    }
    if (what == VDC_OBS_ADD && v->host >= 0)
        vdc_place_add(&c->pl, v->host, v->vcpus, v->memory_gib);
    if (what != VDC_OBS_MOVE)
        return;
    int now = v->host;
    c->since[vm] = vdc_time_to_s(vdc_engine_now(sim->eng));
    if (c->resv[vm] >= 0 && c->resv[vm] == now) {
        c->resv[vm] = -1;               /* the reservation becomes the commitment */
        c->incoming[now]--;
    } else {
        release_resv(c, vm);
        if (now >= 0)
            vdc_place_add(&c->pl, now, v->vcpus, v->memory_gib);
    }
    if (old >= 0) {
        vdc_place_sub(&c->pl, old, v->vcpus, v->memory_gib);
        if (c->draining[old] && c->mon.h[old].n == 0)
            vdc_engine_after(sim->eng, 0, check_empty, c, (uint64_t)old);
    }
}

/* ---- one consolidation step ----------------------------------------------------------- */



/* Hosts in the load set: on, open, with a vCPU slot and memory left. */
static void set_load_key(vdc_cons *c, int h)
{
    if (!vdc_place_fits(&c->pl, h, 1, 0) ||
        c->pl.mem[h] >= c->sim->world.host[h].memory_gib * c->pl.p.mem_overcommit)
        vdc_fitset_del(&c->load, h);
    else
        vdc_fitset_put(&c->load, h, c->p->high_util * vdc_cons_cap(c, h) - c->hload[h]);
}

/* Best-fit destination by load headroom: the on, open host (not `skip`)
 * with the least headroom >= e where the VM fits the overcommit ratios,
 * among the first FIND_MAX candidates in headroom order (a bound on the
 * search when capacity, not load, is what stops VMs: without it a
 * data center full of vCPU slots would be scanned whole for every VM). */
#define FIND_MAX 64
static int find_dest(vdc_cons *c, int vm, double e, int skip)
{
    const vdc_vm *v = &c->sim->world.vm[vm];
    int tries = 0;
    for (int h = vdc_fitset_ceil(&c->load, e - LOAD_SLACK); h >= 0 && tries < FIND_MAX;
         h = vdc_fitset_next(&c->load, h), tries++)
        if (h != skip && vdc_place_fits(&c->pl, h, v->vcpus, v->memory_gib))
            return h;
    return -1;
}

/* Reserve dst for vm in the step's bookkeeping (load, headroom, capacity). */
void vdc_cons_plan(vdc_cons *c, int vm, int src, int dst, double sign)
{
    const vdc_vm *v = &c->sim->world.vm[vm];
    c->hload[dst] += sign * c->est[vm];
    if (src >= 0)
        c->hload[src] -= sign * c->est[vm];
    c->dest_step[dst] = c->nstep;     /* received this step: not emptied in it */
    if (sign > 0)
        vdc_place_add(&c->pl, dst, v->vcpus, v->memory_gib);
    else
        vdc_place_sub(&c->pl, dst, v->vcpus, v->memory_gib);
    set_load_key(c, dst);
}

/* Ask for the migration of vm to dst, whose capacity vdc_cons_plan() reserved. */
void vdc_cons_migrate(vdc_cons *c, int vm, int dst)
{
    vdc_world *w = &c->sim->world;
    int src = w->vm[vm].host;
    c->resv[vm] = dst;
    c->incoming[dst]++;
    c->st.mig_req++;
    vdc_cons_note_move(c, vm);
    vdc_cons_row(c, "migrate", vm, src, dst);
    if (c->p->mig_cost == CONS_MIG_PAPER)
        vdc_cons_paper_migrate(c, vm, src, dst);
    else if (vdc_world_request_migration(w, c->sim, vm, dst))
        c->st.mig_live++;
    else if (w->vm[vm].host == dst)
        c->st.mig_instant++;
    else
        release_resv(c, vm);
}

/* A host the step may shed load from or empty: on and not being emptied.
 * (Not the same as being in the load set, which also needs room.) */
bool vdc_cons_movable(const vdc_cons *c, int vm)
{
    return !c->sim->world.vm[vm].migrating && c->resv[vm] < 0;
}

/* Orders of VM or host indices, ties by index (total orders: sim/sort.h). */
static int by_mem_asc(int x, int y, const void *ctx)
{
    const vdc_vm *vms = ctx;
    double mx = vms[x].memory_gib, my = vms[y].memory_gib;
    return mx < my ? -1 : mx > my ? 1 : x - y;
}
static int by_key_desc(int x, int y, const void *ctx)
{
    const double *key = ctx;
    return key[x] > key[y] ? -1 : key[x] < key[y] ? 1 : x - y;
}
static int by_key_asc(int x, int y, const void *ctx)
{
    const double *key = ctx;
    return key[x] < key[y] ? -1 : key[x] > key[y] ? 1 : x - y;
}

static void shed_overload(vdc_cons *c, int h, int64_t *budget, double *deficit)
{
    const vdc_mon_host *mh = &c->mon.h[h];
    int n = 0;
    int *list = malloc((size_t)(mh->n ? mh->n : 1) * sizeof *list);
    if (!list) {
        vdc_engine_fail(c->sim->eng, VDC_ENOMEM, "consolidate: out of memory");
        return;
    }
    for (int i = 0; i < mh->n; i++)
        if (vdc_cons_movable(c, mh->vm[i]))
            list[n++] = mh->vm[i];
    vdc_sort_idx(list, (size_t)n, by_mem_asc, c->sim->world.vm);
    vdc_fitset_del(&c->load, h);
    /* excess still to shed; a VM with no destination counts as shed into
     * the deficit (hosts to power up), so that the loop stops as soon as
     * what moved plus what waits for new hosts covers the excess */
    double excess = c->hload[h] - c->p->high_util * vdc_cons_cap(c, h);
    for (int i = 0; i < n && excess > LOAD_SLACK && *budget > 0; i++) {
        int vm = list[i];
        int d = find_dest(c, vm, c->est[vm], h);
        excess -= c->est[vm];
        if (d < 0) {
            *deficit += c->est[vm];
            continue;
        }
        vdc_cons_plan(c, vm, h, d, +1);
        vdc_cons_migrate(c, vm, d);
        (*budget)--;
    }
    set_load_key(c, h);
    free(list);
}

/* Empty host h if every VM on it finds a destination; else change nothing. */
static bool evacuate(vdc_cons *c, int h, int64_t *budget)
{
    const vdc_mon_host *mh = &c->mon.h[h];
    int n = mh->n;
    if (n > *budget)
        return false;
    int *list = malloc((size_t)n * 2 * sizeof *list);
    if (!list) {
        vdc_engine_fail(c->sim->eng, VDC_ENOMEM, "consolidate: out of memory");
        return false;
    }
    int *dst = list + n;
    memcpy(list, mh->vm, (size_t)n * sizeof *list);
    for (int i = 0; i < n; i++)
        if (!vdc_cons_movable(c, list[i])) {
            free(list);
            return false;
        }
    vdc_sort_idx(list, (size_t)n, by_key_desc, c->est);   /* largest first */
    vdc_fitset_del(&c->load, h);
    int k = 0;
    for (; k < n; k++) {
        dst[k] = find_dest(c, list[k], c->est[list[k]], h);
        if (dst[k] < 0)
            break;
        vdc_cons_plan(c, list[k], h, dst[k], +1);
    }
    if (k < n) {                                          /* roll back */
        while (k-- > 0)
            vdc_cons_plan(c, list[k], h, dst[k], -1);
        set_load_key(c, h);
        free(list);
        return false;
    }
    c->draining[h] = true;
    c->ndraining++;
    vdc_place_set_open(&c->pl, h, false);
    for (int i = 0; i < n; i++)
        vdc_cons_migrate(c, list[i], dst[i]);
    *budget -= n;
    free(list);
    return true;
}

static vdc_time step(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_cons *c = ctx;
    vdc_world *w = &c->sim->world;
    (void)arg;
    c->nstep++;
    vdc_mon_settle_all(&c->mon);
    for (int vm = 0; vm < w->nvm; vm++) {
        if (c->resv[vm] >= 0 && !w->vm[vm].migrating && w->vm[vm].host != c->resv[vm])
            release_resv(c, vm);             /* the migration ended without a move */
        c->est[vm] = w->vm[vm].host >= 0 ? vdc_mon_vm_estimate(&c->mon, vm) : 0;
    }
    memset(c->hload, 0, (size_t)w->nhost * sizeof *c->hload);
    for (int vm = 0; vm < w->nvm; vm++) {
        int h = c->resv[vm] >= 0 ? c->resv[vm] : w->vm[vm].host;
        if (h >= 0)
            c->hload[h] += c->est[vm];
    }
    for (int h = 0; h < w->nhost; h++) {
        vdc_fitset_del(&c->load, h);
        if (c->draining[h]) {                /* a drained host whose moves all failed */
            bool stuck = c->incoming[h] == 0;
            for (int i = 0; i < c->mon.h[h].n && stuck; i++)
                stuck = vdc_cons_movable(c, c->mon.h[h].vm[i]);
            if (stuck && c->mon.h[h].n > 0) {
                c->draining[h] = false;
                c->ndraining--;
                vdc_place_set_open(&c->pl, h, true);
            }
        }
        if (c->mon.h[h].state == VDC_HOST_ON && !c->draining[h])
            set_load_key(c, h);
    }
    if (c->p->allocation == CONS_ALLOC_PABFD) {
        vdc_cons_suite_step(c);
        return vdc_time_from_s(c->p->period_s);
    }
    int64_t budget = c->p->max_migrations > 0 ? c->p->max_migrations : INT64_MAX;
    double deficit = 0;
    for (int h = 0; h < w->nhost; h++)
        if (vdc_cons_managed(c, h) && c->hload[h] > c->p->high_util * vdc_cons_cap(c, h) + LOAD_SLACK)
            shed_overload(c, h, &budget, &deficit);
    if (deficit > 0)
        vdc_cons_power_up_for(c, deficit);
    /* underload: least loaded first */
    int n = 0;
    for (int h = 0; h < w->nhost; h++)
        if (vdc_cons_managed(c, h) && c->incoming[h] == 0 && c->hload[h] < c->p->low_util * vdc_cons_cap(c, h))
            c->order[n++] = h;
    vdc_sort_idx(c->order, (size_t)n, by_key_asc, c->hload);
    for (int i = 0; i < n; i++) {
        int h = c->order[i];
        if (!vdc_cons_managed(c, h) || c->incoming[h] > 0 || c->dest_step[h] == c->nstep)
            continue;                         /* became a destination meanwhile */
        if (c->mon.count[VDC_HOST_ON] - c->ndraining <= c->p->min_hosts)
            break;
        if (c->mon.h[h].n == 0) {
            if (vdc_cons_can_power_down(c, h))
                vdc_cons_power_down(c, h);
            continue;
        }
        if (evacuate(c, h, &budget) && vdc_cons_can_power_down(c, h))
            vdc_cons_power_down(c, h);                 /* every move was instant */
    }
    for (int h = 0; h < w->nhost; h++)
        if (c->draining[h] && vdc_cons_can_power_down(c, h))
            vdc_cons_power_down(c, h);
    (void)eng;
    return vdc_time_from_s(c->p->period_s);
}

/* ---- hooks ------------------------------------------------------------------------------ */

static const char *scen_file(const vdc_sim *sim)
{
    return sim->label ? sim->label : "scenario";
}

/* Combinations the two step algorithms support; one-line errors naming the key. */
static int check_suite(const vdc_cons_params *p, const char *f, vdc_error *err)
{
    static const char *ovl[] = { "thr", "iqr", "mad", "lr", "lrr", "never", "mhod" };
    static const char *sel[] = { "mmt", "mc", "rs", "mu" };
    if (p->allocation == CONS_ALLOC_LOAD && p->overload != VDC_OVL_THR)
        return vdc_error_set(err, VDC_EINPUT, "%s: models.placement.overload: \"%s\" needs "
                             "\"allocation\": \"pabfd\" (load_best_fit only knows thr)", f,
                             ovl[p->overload]);
    if (p->allocation == CONS_ALLOC_LOAD && p->selection != CONS_SEL_MMT)
        return vdc_error_set(err, VDC_EINPUT, "%s: models.placement.selection: \"%s\" needs "
                             "\"allocation\": \"pabfd\" (load_best_fit only knows mmt)", f,
                             sel[p->selection]);
    if (p->allocation == CONS_ALLOC_LOAD && p->underload == CONS_UNDER_LEAST)
        return vdc_error_set(err, VDC_EINPUT, "%s: models.placement.underload: \"least\" needs "
                             "\"allocation\": \"pabfd\"", f);
    if (p->lr_window > p->history_len)
        return vdc_error_set(err, VDC_EINPUT, "%s: models.placement.lr_window: must be <= "
                             "history_len (%lld), got %lld", f, (long long)p->history_len,
                             (long long)p->lr_window);
    if (p->pabfd_wake && p->boot_s > 0)
        return vdc_error_set(err, VDC_EINPUT, "%s: models.placement.pabfd_wake: needs boot_s = 0 "
                             "(a host that boots takes no VM in the step), got boot_s %g", f,
                             p->boot_s);
    if (p->mhod_wmax < p->mhod_wmin)
        return vdc_error_set(err, VDC_EINPUT, "%s: models.placement.mhod_window_max: must be >= "
                             "mhod_window_min (%lld), got %lld", f, (long long)p->mhod_wmin,
                             (long long)p->mhod_wmax);
    if (p->history_min > p->history_len)
        return vdc_error_set(err, VDC_EINPUT, "%s: models.placement.history_min: must be <= "
                             "history_len (%lld), got %lld", f, (long long)p->history_len,
                             (long long)p->history_min);
    return 0;
}

static int cons_init(void *state, const void *params, vdc_sim *sim, vdc_error *err)
{
    vdc_cons *c = state;
    vdc_world *w = &sim->world;
    c->sim = sim;
    c->p = params;
    c->hlen = (int)c->p->history_len;
    if (!c->p->placement_rows && vdc_results_omit(sim->res, "placements"))
        return vdc_error_set(err, VDC_ENOMEM, "consolidate: out of memory");
    int rc = vdc_power_parse(&c->curve, c->p->power_table, "models.placement.power_table", err);
    if (rc)
        return rc;
    if ((rc = check_suite(c->p, scen_file(sim), err)))
        return rc;
    if (c->p->low_util >= c->p->high_util)
        return vdc_error_set(err, VDC_EINPUT,
                             "%s: models.placement.low_util: must be < high_util (%g), got %g",
                             scen_file(sim),
                             c->p->high_util, c->p->low_util);
    size_t nh = w->nhost > 0 ? (size_t)w->nhost : 1;
    c->hload = calloc(nh, sizeof *c->hload);
    c->draining = calloc(nh, sizeof *c->draining);
    c->incoming = calloc(nh, sizeof *c->incoming);
    c->dest_step = calloc(nh, sizeof *c->dest_step);
    if ((rc = vdc_cons_suite_init(c, err)))
        return rc;
    if (!c->hload || !c->draining || !c->incoming || !c->dest_step || vdc_cons_grow_vms(c) ||
        vdc_place_init(&c->pl, w, &c->p->pl) || vdc_fitset_init(&c->load, w->nhost))
        return vdc_error_set(err, VDC_ENOMEM, "consolidate: out of memory");
    int tmpl = c->p->arr_template;
    if (tmpl >= 0 && w->vm[tmpl].host >= 0) {   /* the template only serves as a prototype */
        vdc_place_sub(&c->pl, w->vm[tmpl].host, w->vm[tmpl].vcpus, w->vm[tmpl].memory_gib);
        vdc_world_move(w, sim, tmpl, -1);
    }
    /* The initial placement may count memory unlike the steps after it:
     * CloudSim's PlanetLab VMs hold their RAM only while being created. */
    if (c->p->place_mem_overcommit > 0)
        c->pl.p.mem_overcommit = c->p->place_mem_overcommit;
    rc = vdc_place_all(&c->pl, sim, tmpl, "placement consolidate", err);
    c->pl.p.mem_overcommit = c->p->pl.mem_overcommit;
    if (rc)
        return rc;
    if ((rc = vdc_mon_init(&c->mon, sim, &c->curve, err)))
        return rc;
    if (vdc_world_observe(w, observe, c) || vdc_cons_samples_init(c))
        return vdc_error_set(err, VDC_ENOMEM, "consolidate: out of memory");
    if ((rc = vdc_cons_arrivals_init(c, err)))
        return rc;
    c->mon.full_power = c->p->baseline == CONS_BASE_NPA;
    if (c->p->baseline == CONS_BASE_DVFS && c->p->power_off_idle)
        for (int h = 0; h < w->nhost; h++)      /* never needed: asleep from the start */
            if (c->mon.h[h].n == 0 && c->mon.h[h].state == VDC_HOST_ON) {
                vdc_mon_set_state(&c->mon, h, VDC_HOST_OFF, 0);
                vdc_world_set_host_power(w, sim, h, false);
                vdc_place_set_open(&c->pl, h, false);
            }
    if (c->p->period_s > 0 && c->p->baseline == CONS_BASE_NONE)
        vdc_engine_timer(sim->eng, vdc_time_from_s(c->p->period_s), step, c, 0);
    return 0;
}

static int cons_finish(void *state, vdc_sim *sim, vdc_error *err)
{
    (void)sim;
    (void)err;
    vdc_cons_report(state);
    return 0;
}

static void cons_destroy(void *state)
{
    vdc_cons *c = state;
    vdc_cons_arrivals_free(c);
    vdc_mon_free(&c->mon);
    vdc_place_free(&c->pl);
    vdc_fitset_free(&c->load);
    free(c->hload);
    free(c->draining);
    free(c->incoming);
    free(c->dest_step);
    free(c->resv);
    free(c->est);
    free(c->order);
    free(c->queued_at);
    vdc_cons_suite_free(c);
}

#define CP(f) offsetof(vdc_cons_params, f)
static const vdc_param cons_params_tbl[] = {
    VDC_PLACE_PARAM_POLICY(vdc_cons_params, pl, VDC_PLACE_BEST),
    VDC_PLACE_PARAM_BY(vdc_cons_params, pl),
    VDC_PLACE_PARAM_OC(vdc_cons_params, pl),
    { .name = "period_s", .type = VDC_PARAM_NUM, .offset = CP(period_s), .def = 300, .min = 0,
      .max = 1e9, .unit = "s",
      .help = "time between consolidation steps (Beloglazov & Buyya: 300); 0 = never" },
    { .name = "low_util", .type = VDC_PARAM_NUM, .offset = CP(low_util), .def = 0.3, .min = 0,
      .max = 10, .help = "a host below this demand/pCPUs is emptied and powered down" },
    { .name = "high_util", .type = VDC_PARAM_NUM, .offset = CP(high_util), .def = 0.8, .min = 0,
      .max = 10, .flags = VDC_PARAM_MIN_EXCL,
      .help = "a host above this sheds VMs; destinations stay below (THR 0.8, CCPE 2012)" },
    { .name = "max_migrations", .type = VDC_PARAM_INT, .offset = CP(max_migrations), .def = 0,
      .min = 0, .max = 1e9, .help = "migrations requested per step at most, 0 = no limit" },
    { .name = "min_hosts", .type = VDC_PARAM_INT, .offset = CP(min_hosts), .def = 1, .min = 0,
      .max = 1e9, .help = "never power down below this many hosts on" },
    { .name = "power_off_idle", .type = VDC_PARAM_BOOL, .offset = CP(power_off_idle), .def = 1,
      .help = "power down hosts left without VMs" },
    { .name = "boot_s", .type = VDC_PARAM_NUM, .offset = CP(boot_s), .def = 200, .min = 0,
      .max = 1e6, .unit = "s", .help = "off -> on delay (setup 200 s, Gandhi et al. 2012 [approx])" },
    { .name = "boot_w", .type = VDC_PARAM_NUM, .offset = CP(boot_w), .def = -1, .min = -1,
      .max = 1e6, .unit = "W", .help = "power while booting; -1 = the host's peak (same source)" },
    { .name = "shutdown_s", .type = VDC_PARAM_NUM, .offset = CP(shutdown_s), .def = 10, .min = 0,
      .max = 1e6, .unit = "s", .help = "on -> off delay (assumption)" },
    { .name = "shutdown_w", .type = VDC_PARAM_NUM, .offset = CP(shutdown_w), .def = -1, .min = -1,
      .max = 1e6, .unit = "W", .help = "power while shutting down; -1 = the host's idle" },
    { .name = "power_table", .type = VDC_PARAM_STR, .offset = CP(power_table), .def_str = "",
      .help = "\"\" = linear idle..peak; a preset (hp_ml110_g4|hp_ml110_g5|ibm_x3550_m3) or "
              "watts at evenly spaced loads \"86,92.6,117\"" },
    { .name = "samples", .type = VDC_PARAM_BOOL, .offset = CP(samples), .def = 1,
      .help = "write data-center samples (entity dc) every sample_window_s" },
    { .name = "arrival_template", .type = VDC_PARAM_VM, .offset = CP(arr_template),
      .flags = VDC_PARAM_NULLABLE,
      .help = "VM copied by each arrival (it does not run itself); absent = no arrivals" },
    { .name = "arrival_rate_per_s", .type = VDC_PARAM_NUM, .offset = CP(arr_rate_per_s),
      .def = 0.01, .min = 0, .max = 1e6, .unit = "1/s", .help = "mean VM arrival rate" },
    { .name = "arrival_amplitude", .type = VDC_PARAM_NUM, .offset = CP(arr_amplitude), .def = 0,
      .min = 0, .max = 1, .help = "rate x (1 + a cos(2 pi (t - peak)/period)): diurnal swing" },
    { .name = "arrival_period_s", .type = VDC_PARAM_NUM, .offset = CP(arr_period_s),
      .def = 86400, .min = 1, .max = 1e9, .unit = "s", .help = "period of the rate (a day)" },
    { .name = "arrival_peak_s", .type = VDC_PARAM_NUM, .offset = CP(arr_peak_s), .def = 50400,
      .min = 0, .max = 1e9, .unit = "s", .help = "time of the peak rate within the period" },
    { .name = "lifetime_s", .type = VDC_PARAM_NUM, .offset = CP(lifetime_s), .def = 3600,
      .min = 0, .max = 1e9, .flags = VDC_PARAM_MIN_EXCL, .unit = "s",
      .help = "mean lifetime of an arrived VM" },
    { .name = "lifetime_dist", .type = VDC_PARAM_ENUM, .offset = CP(lifetime_dist), .def = 0,
      .choices = "exp|const", .help = "law of the lifetime" },
    { .name = "arrival_max", .type = VDC_PARAM_INT, .offset = CP(arr_max), .def = 1000000,
      .min = 0, .max = 1e7, .help = "stop after this many arrivals" },
    /* the policy suite of Beloglazov & Buyya, CCPE 2012 (suite.c, README) */
    { .name = "baseline", .type = VDC_PARAM_ENUM, .offset = CP(baseline), .def = 0,
      .choices = CONS_BASE_CHOICES,
      .help = "npa: no migration, every host on at peak power; dvfs: no migration, power "
              "follows load, hosts without VMs asleep (the paper's baselines)" },
    { .name = "allocation", .type = VDC_PARAM_ENUM, .offset = CP(allocation), .def = 0,
      .choices = CONS_ALLOC_CHOICES,
      .help = "load_best_fit: the step above; pabfd: detect, select, power-aware best fit "
              "decreasing, underload (CCPE 2012)" },
    { .name = "overload", .type = VDC_PARAM_ENUM, .offset = CP(overload), .def = 0,
      .choices = VDC_OVL_CHOICES,
      .help = "overload detector: thr (high_util), iqr, mad, lr, lrr (safety), never, "
              "mhod (mhod_*)" },
    { .name = "safety", .type = VDC_PARAM_NUM, .offset = CP(safety), .def = -1, .min = -1,
      .max = 100, .help = "the paper's safety parameter s; -1 = its value for the detector "
                          "(iqr 1.5, mad 2.5, lr/lrr 1.2)" },
    { .name = "selection", .type = VDC_PARAM_ENUM, .offset = CP(selection), .def = 0,
      .choices = CONS_SEL_CHOICES,
      .help = "VM an overloaded host sheds: min migration time, max correlation, random, "
              "min utilisation" },
    { .name = "underload", .type = VDC_PARAM_ENUM, .offset = CP(underload), .def = 0,
      .choices = CONS_UNDER_CHOICES,
      .help = "hosts emptied: under low_util; least = every host, least utilised first "
              "(the paper); none" },
    { .name = "history_len", .type = VDC_PARAM_INT, .offset = CP(history_len), .def = 30,
      .min = 1, .max = 1000, .unit = "steps",
      .help = "samples of each VM's demand kept (CloudSim 3.0.3: 30)" },
    { .name = "history_min", .type = VDC_PARAM_INT, .offset = CP(history_min), .def = 12,
      .min = 1, .max = 1000, .unit = "steps",
      .help = "iqr/mad: fewer samples -> fallback_util decides (CloudSim 3.0.3: 12)" },
    { .name = "lr_window", .type = VDC_PARAM_INT, .offset = CP(lr_window), .def = 10, .min = 3,
      .max = 1000, .unit = "steps",
      .help = "lr/lrr: last samples fitted; fewer -> fallback_util (CloudSim 3.0.3: 10)" },
    { .name = "lrr_iterations", .type = VDC_PARAM_INT, .offset = CP(lrr_iterations), .def = 1,
      .min = 1, .max = 10, .help = "lrr: bisquare reweightings (OpenStack Neat: 1)" },
    { .name = "fallback_util", .type = VDC_PARAM_NUM, .offset = CP(fallback_util), .def = 0.7,
      .min = 0, .max = 10,
      .help = "threshold while the history is too short (CloudSim 3.0.3's fallback THR 0.7)" },
    /* MHOD (Beloglazov & Buyya, TPDS 2013; defaults: OpenStack Neat's neat.conf) */
    { .name = "mhod_util", .type = VDC_PARAM_NUM, .offset = CP(mhod_util), .def = 1, .min = 0,
      .max = 10, .help = "mhod: utilisation from which a step is in the overload state "
                         "(TPDS 2013: 1.0; neat.conf: 0.8)" },
    { .name = "mhod_otf", .type = VDC_PARAM_NUM, .offset = CP(mhod_otf), .def = 0.1, .min = 0,
      .max = 1, .flags = VDC_PARAM_MIN_EXCL,
      .help = "mhod: bound on the overload time fraction (neat.conf: 0.1)" },
    { .name = "mhod_step", .type = VDC_PARAM_NUM, .offset = CP(mhod_step), .def = 0.2,
      .min = 0.01, .max = 1, .help = "mhod: grid step of the migration-probability search "
                                     "(neat.conf: 0.2)" },
    { .name = "mhod_learning", .type = VDC_PARAM_INT, .offset = CP(mhod_learning), .def = 30,
      .min = 1, .max = 1000, .unit = "steps",
      .help = "mhod: fewer samples of history -> not overloaded (neat.conf: 30)" },
    { .name = "mhod_window_min", .type = VDC_PARAM_INT, .offset = CP(mhod_wmin), .def = 30,
      .min = 2, .max = 1000, .unit = "steps",
      .help = "mhod: smallest estimation window (neat.conf: 30)" },
    { .name = "mhod_window_max", .type = VDC_PARAM_INT, .offset = CP(mhod_wmax), .def = 100,
      .min = 2, .max = 1000, .unit = "steps",
      .help = "mhod: largest estimation window (neat.conf: 100; needs history_len as long)" },
    { .name = "mhod_window_step", .type = VDC_PARAM_INT, .offset = CP(mhod_wstep), .def = 10,
      .min = 1, .max = 1000, .unit = "steps",
      .help = "mhod: window sizes from min to max by this (neat.conf: 10)" },
    { .name = "migration_cost", .type = VDC_PARAM_ENUM, .offset = CP(mig_cost), .def = 0,
      .choices = CONS_MIG_CHOICES,
      .help = "model: the migration model (or instant); paper: memory / bandwidth, "
              "mig_degradation of the VM's CPU meanwhile" },
    { .name = "migration_bw_gbps", .type = VDC_PARAM_NUM, .offset = CP(mig_bw_gbps), .def = -1,
      .min = -1, .max = 1e6, .unit = "Gbit/s",
      .help = "paper cost: bandwidth; -1 = half the source NIC (CloudSim 3.0.3)" },
    { .name = "mig_degradation", .type = VDC_PARAM_NUM, .offset = CP(mig_degradation),
      .def = 0.1, .min = 0, .max = 1,
      .help = "paper cost: fraction of the VM's CPU lost while it moves (CCPE 2012: 10%)" },
    { .name = "pabfd_wake", .type = VDC_PARAM_BOOL, .offset = CP(pabfd_wake), .def = 0,
      .help = "pabfd, boot_s 0: hosts asleep compete for a shed VM by their power rise from "
              "idle (CloudSim 3.0.3); false: only when no host on fits" },
    { .name = "host_samples", .type = VDC_PARAM_BOOL, .offset = CP(host_samples), .def = 0,
      .help = "also write per-host samples (util, power_w, on) every sample_window_s" },
    { .name = "event_rows", .type = VDC_PARAM_BOOL, .offset = CP(event_rows), .def = 1,
      .help = "write the consolidation table (one row per migration and power event); false "
              "for sweeps that read only metrics (a PlanetLab day: ~30,000 rows, 2 MB)" },
    { .name = "placement_rows", .type = VDC_PARAM_BOOL, .offset = CP(placement_rows), .def = 1,
      .help = "write this run's rows of the placements table (every placement and move); false "
              "for sweeps that read only metrics (a PlanetLab day: ~29,000 rows, 2.5 MB)" },
    { .name = "place_mem_overcommit", .type = VDC_PARAM_NUM, .offset = CP(place_mem_overcommit),
      .def = -1, .min = -1, .max = 100, .unit = "ratio",
      .help = "mem_overcommit of the initial placement only; -1 = mem_overcommit "
              "(CloudSim's PlanetLab VMs hold RAM only while created: 1 here, 100 after)" },
    { 0 }
};

/* VM arrivals add and remove VMs all run long: the scheduler must follow. */
static unsigned cons_needs(const void *params, const char **key)
{
    const vdc_cons_params *p = params;
    *key = "arrival_template";
    return p->arr_template >= 0 ? VDC_CAP_VM_CHURN : 0;
}

const vdc_model_type vdc_placement_consolidate = {
    .kind = VDC_KIND_PLACEMENT,
    .name = "consolidate",
    .help = "fit placement + periodic consolidation (migrate off under/over-loaded hosts, power "
            "down/up), energy, SLA, VM arrivals",
    .params = cons_params_tbl,
    .params_size = sizeof(vdc_cons_params),
    .state_size = sizeof(vdc_cons),
    .init = cons_init,
    .finish = cons_finish,
    .destroy = cons_destroy,
    .needs = cons_needs,
};
