/* monitor.c -- per-host demand, power state and exact integrals (monitor.h).
 *
 * Invariant: for every host, m->h[h].vm lists the VMs whose snapshot says
 * they are on h, and the snapshots (workload, paused) equal the world's
 * state except for the one change being notified.  So settling a host
 * inside an observer integrates the past with the state it had, and only
 * then is the snapshot brought up to date.  Cost of a settle: O(VMs on the
 * host x phase changes in the interval); a host whose VMs have constant
 * demand costs O(VMs on it).
 */
#include "monitor.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"

/* Demand of a VM with per-vCPU demand d: each vCPU at most one pCPU, the
 * VM at most its cap (fluid.c's bound, summed over the VM's vCPUs). */
static double vm_bound(const vdc_vm *vm, double d)
{
    double per = d < 0 ? 0 : d > 1 ? 1 : d;
    double tot = per * (double)vm->vcpus;
    if (vm->cap > 0 && tot > (double)vm->cap / 100.0)
        tot = (double)vm->cap / 100.0;
    return tot;
}

/* The snapshot's demand at t, as if running; lowers *next to its next
 * change.  The next change is cached over [nx_from, nx): it is the same for
 * every t of that span (a trace's next differing boundary, also when linear
 * interpolation moves the value within a sample), so settling a host of v
 * VMs does not rescan v traces at each of its change points. */
static double snap_demand(vdc_mon_vm *s, vdc_time t, vdc_time *next)
{
    if (next && vdc_workload_varies(&s->wl)) {
        if (!(s->nx_from <= t && t < s->nx)) {
            s->nx = vdc_workload_next_change_of(&s->wl, t);
            s->nx_from = t;
        }
        if (s->nx < *next)
            *next = s->nx;
    }
    return vdc_workload_demand_of(&s->wl, t);
}

static int grow_vms(vdc_mon *m)
{
    const vdc_world *w = &m->sim->world;
    if (w->nvm <= m->nv)
        return 0;
    int n = m->nv ? m->nv : 16;
    while (n < w->nvm)
        n *= 2;
    vdc_mon_vm *v = realloc(m->v, (size_t)n * sizeof *v);
    if (!v)
        return VDC_ENOMEM;
    memset(v + m->nv, 0, (size_t)(n - m->nv) * sizeof *v);
    for (int i = m->nv; i < n; i++)
        v[i].host = -1;
    m->v = v;
    m->nv = n;
    return 0;
}

static int list_add(vdc_mon *m, int h, int vm)
{
    vdc_mon_host *hp = &m->h[h];
    if (vdc_array_grow((void **)&hp->vm, &hp->cap, hp->n + 1, sizeof *hp->vm))
        return VDC_ENOMEM;
    m->v[vm].host = h;
    m->v[vm].slot = hp->n;
    hp->vm[hp->n++] = vm;
    return 0;
}

static void list_remove(vdc_mon *m, int vm)
{
    int h = m->v[vm].host;
    if (h < 0)
        return;
    vdc_mon_host *hp = &m->h[h];
    /* invariant: h's list holds vm at its recorded slot */
    assert(hp->n > 0 && m->v[vm].slot < hp->n && hp->vm[m->v[vm].slot] == vm);
    int s = m->v[vm].slot, last = hp->vm[--hp->n];
    hp->vm[s] = last;
    m->v[last].slot = s;
    m->v[vm].host = -1;
}

static void snapshot(vdc_mon *m, int vm)
{
    const vdc_vm *v = &m->sim->world.vm[vm];
    m->v[vm].wl = v->wl;
    m->v[vm].paused = v->paused;
    m->v[vm].nx_from = m->v[vm].nx = 0;     /* cache of snap_demand: empty */
}

/* Parse the hosts' own power tables, one curve per distinct spec (a data
 * center has a handful of host types). */
static int host_curves(vdc_mon *m, vdc_error *err)
{
    const vdc_world *w = &m->sim->world;
    const char **spec = NULL;
    for (int h = 0; h < w->nhost; h++) {
        const char *t = w->host[h].power_table;
        m->curve_ix[h] = -1;
        if (!t || !*t)
            continue;
        int k = 0;
        while (k < m->nhcurve && strcmp(spec[k], t) != 0)
            k++;
        if (k == m->nhcurve) {
            const char **s2 = realloc(spec, (size_t)(k + 1) * sizeof *s2);
            vdc_power_curve *c2 = s2 ? realloc(m->hcurve, (size_t)(k + 1) * sizeof *c2) : NULL;
            if (s2)
                spec = s2;
            if (!c2) {
                free(spec);
                return vdc_error_set(err, VDC_ENOMEM, "out of memory");
            }
            m->hcurve = c2;
            char path[160];
            snprintf(path, sizeof path, "host %s: power_table", w->host[h].name);
            int rc = vdc_power_parse(&m->hcurve[k], t, path, err);
            if (rc) {
                free(spec);
                return rc;
            }
            spec[k] = t;
            m->nhcurve++;
        }
        m->curve_ix[h] = k;
    }
    free(spec);
    return 0;
}

double vdc_mon_power_w(const vdc_mon *m, int h, double u)
{
    int k = m->curve_ix ? m->curve_ix[h] : -1;
    return vdc_power_w(k >= 0 ? &m->hcurve[k] : &m->curve, &m->sim->world.host[h], u);
}

int vdc_mon_init(vdc_mon *m, vdc_sim *sim, const vdc_power_curve *curve, vdc_error *err)
{
    const vdc_world *w = &sim->world;
    memset(m, 0, sizeof *m);
    m->sim = sim;
    m->curve = *curve;
    m->nh = w->nhost;
    m->h = calloc(w->nhost > 0 ? (size_t)w->nhost : 1, sizeof *m->h);
    m->curve_ix = calloc(w->nhost > 0 ? (size_t)w->nhost : 1, sizeof *m->curve_ix);
    if (!m->h || !m->curve_ix || grow_vms(m))
        return vdc_error_set(err, VDC_ENOMEM, "placement monitor: out of memory");
    int rc = host_curves(m, err);
    if (rc)
        return rc;
    vdc_time now = vdc_engine_now(sim->eng);
    for (int h = 0; h < w->nhost; h++) {
        m->h[h].last = now;
        m->h[h].state = w->host[h].off ? VDC_HOST_OFF : VDC_HOST_ON;
        m->count[m->h[h].state]++;
    }
    for (int vm = 0; vm < w->nvm; vm++) {
        snapshot(m, vm);
        m->v[vm].est_t0 = now;
        if (w->vm[vm].host >= 0 && list_add(m, w->vm[vm].host, vm))
            return vdc_error_set(err, VDC_ENOMEM, "placement monitor: out of memory");
    }
    return 0;
}

void vdc_mon_free(vdc_mon *m)
{
    for (int h = 0; h < m->nh && m->h; h++)
        free(m->h[h].vm);
    free(m->h);
    free(m->v);
    free(m->scratch);
    free(m->hcurve);
    free(m->curve_ix);
    m->hcurve = NULL;
    m->curve_ix = NULL;
    m->h = NULL;
    m->v = NULL;
    m->scratch = NULL;
}

/* ---- integration -------------------------------------------------------------- */

static void add_sums(vdc_mon_sums *a, const vdc_mon_sums *d)
{
    a->on_s += d->on_s;
    a->on_pcpu_s += d->on_pcpu_s;
    a->energy_on_j += d->energy_on_j;
    a->energy_trans_j += d->energy_trans_j;
    a->busy_s += d->busy_s;
    a->demand_s += d->demand_s;
    a->unmet_over_s += d->unmet_over_s;
    a->unmet_down_s += d->unmet_down_s;
    a->full_s += d->full_s;
    a->off_s += d->off_s;
}

void vdc_mon_settle(vdc_mon *m, int h)
{
    vdc_mon_host *hp = &m->h[h];
    const vdc_world *w = &m->sim->world;
    vdc_time now = vdc_engine_now(m->sim->eng), t = hp->last;
    if (now <= t)
        return;
    const vdc_host *hw = &w->host[h];
    double P = (double)hw->pcpus;
    vdc_mon_sums d = { 0 };
    if (hp->n > m->nscratch) {
        double *b = realloc(m->scratch, (size_t)hp->n * sizeof *b);
        if (!b) {
            vdc_engine_fail(m->sim->eng, VDC_ENOMEM, "placement monitor: out of memory");
            return;
        }
        m->scratch = b;
        m->nscratch = hp->n;
    }
    double *bound = m->scratch;
    while (t < now) {
        vdc_time next = now;
        double D = 0, Dn = 0;
        for (int i = 0; i < hp->n; i++) {
            int vm = hp->vm[i];
            bound[i] = vm_bound(&w->vm[vm], snap_demand(&m->v[vm], t, &next));
            Dn += bound[i];
            if (!m->v[vm].paused)
                D += bound[i];
        }
        double dt = vdc_time_to_s(next - t), sp = vdc_mon_speed(m, h);
        for (int i = 0; i < hp->n; i++) {
            vdc_mon_vm *mv = &m->v[hp->vm[i]];
            mv->est_acc += bound[i] * sp * dt;      /* host-independent units */
            mv->dem_s += bound[i] * sp * dt;
            if (mv->paused)
                mv->down_s += bound[i] * dt;
        }
        double served = D < P ? D : P;
        switch (hp->state) {
        case VDC_HOST_ON:
            d.on_s += dt;
            d.on_pcpu_s += P * dt;
            d.energy_on_j += vdc_mon_power_w(m, h, m->full_power ? 1 : P > 0 ? served / P : 0) * dt;
            if (P > 0 && D >= P)
                d.full_s += dt;
            break;
        case VDC_HOST_BOOT:
        case VDC_HOST_SHUTDOWN:
            d.energy_trans_j += hp->trans_w * dt;
            break;
        case VDC_HOST_OFF:
            d.off_s += dt;
            break;
        default:
            break;
        }
        d.busy_s += served * dt;
        d.demand_s += Dn * dt;
        d.unmet_over_s += (D > P ? D - P : 0) * dt;
        d.unmet_down_s += (Dn - D) * dt;
        t = next;
    }
    add_sums(&hp->s, &d);
    add_sums(&m->tot, &d);
    hp->last = now;
}

void vdc_mon_settle_all(vdc_mon *m)
{
    for (int h = 0; h < m->nh; h++)
        vdc_mon_settle(m, h);
}

void vdc_mon_set_state(vdc_mon *m, int h, vdc_host_state st, double trans_w)
{
    vdc_mon_settle(m, h);
    m->count[m->h[h].state]--;
    m->h[h].state = st;
    m->h[h].trans_w = trans_w;
    m->count[st]++;
}

/* ---- world changes ------------------------------------------------------------- */

int vdc_mon_observe(vdc_mon *m, vdc_obs what, int vm)
{
    const vdc_world *w = &m->sim->world;
    switch (what) {
    case VDC_OBS_PAUSE:
    case VDC_OBS_RESUME:
    case VDC_OBS_WORKLOAD:
        if (m->v[vm].host >= 0)
            vdc_mon_settle(m, m->v[vm].host);
        snapshot(m, vm);
        return 0;
    case VDC_OBS_MOVE:
        if (m->v[vm].host >= 0) {
            vdc_mon_settle(m, m->v[vm].host);
            list_remove(m, vm);
        }
        if (w->vm[vm].host >= 0) {
            vdc_mon_settle(m, w->vm[vm].host);
            return list_add(m, w->vm[vm].host, vm);
        }
        return 0;
    case VDC_OBS_ADD:
        if (grow_vms(m))
            return VDC_ENOMEM;
        snapshot(m, vm);
        m->v[vm].est_t0 = vdc_engine_now(m->sim->eng);
        m->v[vm].est_acc = 0;
        if (w->vm[vm].host >= 0) {
            vdc_mon_settle(m, w->vm[vm].host);
            return list_add(m, w->vm[vm].host, vm);
        }
        return 0;
    default:
        return 0;
    }
}

/* ---- reading ---------------------------------------------------------------------- */

double vdc_mon_vm_demand(const vdc_mon *m, int vm)
{
    vdc_time now = vdc_engine_now(m->sim->eng);
    return vm_bound(&m->sim->world.vm[vm], vdc_workload_demand_of(&m->v[vm].wl, now));
}

double vdc_mon_vm_estimate(vdc_mon *m, int vm)
{
    vdc_mon_vm *s = &m->v[vm];
    vdc_time now = vdc_engine_now(m->sim->eng);
    double span = vdc_time_to_s(now - s->est_t0);
    int h = m->sim->world.vm[vm].host;
    double e = span > 0 ? s->est_acc / span
                        : vdc_mon_vm_demand(m, vm) * (h >= 0 ? vdc_mon_speed(m, h) : 1);
    s->est_acc = 0;
    s->est_t0 = now;
    return e;
}

double vdc_mon_host_demand(const vdc_mon *m, int h)
{
    double D = 0;
    for (int i = 0; i < m->h[h].n; i++) {
        int vm = m->h[h].vm[i];
        if (!m->v[vm].paused)
            D += vdc_mon_vm_demand(m, vm);
    }
    return D;
}
