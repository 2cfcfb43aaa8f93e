/* world.c -- hosts, VMs, vCPUs, and the verbs that change them (world.h).
 *
 * Every verb changes state first and then notifies observers in the order
 * they subscribed (model kind order), so an observer sees the new state.
 */
#include "world.h"

#include "array.h"
#include "sim.h"

#include <stdlib.h>
#include <string.h>

typedef struct vdc_observer {
    vdc_observer_fn fn;
    void *ctx;
} vdc_observer;

static void notify_ev(vdc_world *w, vdc_sim *sim, const vdc_obs_event *ev)
{
    for (int i = 0; i < w->nobs; i++)
        w->obs[i].fn(w->obs[i].ctx, sim, ev);
}

static void notify(vdc_world *w, vdc_sim *sim, vdc_obs what, int vm, int vcpu, int host)
{
    const vdc_obs_event ev = { .what = what, .vm = vm, .vcpu = vcpu, .host = host,
                               .old_vcpus = -1, .old_memory_gib = -1, .old_weight = -1,
                               .old_cap = -1 };
    notify_ev(w, sim, &ev);
}

/* vCPU slots of a VM template: max(vcpus, max_vcpus). */
static int64_t slots_of(const vdc_vm *t)
{
    return t->max_vcpus > t->vcpus ? t->max_vcpus : t->vcpus;
}

static int append_vm(vdc_world *w, const vdc_vm *tmpl)
{
    int64_t slots = slots_of(tmpl);
    if (tmpl->vcpus < 1 || slots > INT32_MAX - w->nvcpu)
        return VDC_EINPUT;
    if (vdc_array_grow((void **)&w->vm, &w->cap_vm, w->nvm + 1, sizeof *w->vm) ||
        vdc_array_grow((void **)&w->vcpu, &w->cap_vcpu, w->nvcpu + (int)slots, sizeof *w->vcpu))
        return VDC_ENOMEM;
    int id = w->nvm++;
    vdc_vm *vm = &w->vm[id];
    *vm = *tmpl;
    vm->vcpu0 = w->nvcpu;
    vm->max_vcpus = slots;
    vm->memory_target_gib = vm->memory_gib;
    vdc_workload_rescale(vm, vm->host >= 0 ? &w->host[vm->host] : NULL);
    for (int i = 0; i < (int)slots; i++) {
        vdc_vcpu *c = &w->vcpu[w->nvcpu++];
        memset(c, 0, sizeof *c);
        c->vm = id;
        c->index = i;
        c->speed = 1.0;
        for (int s = 0; s < VDC_SPEED_SRC_COUNT; s++)
            c->factor[s] = 1.0;
    }
    return id;
}

int vdc_world_init(vdc_world *w, const vdc_host *hosts, int nhost, const vdc_vm *vms,
                   int nvm, vdc_error *err)
{
    memset(w, 0, sizeof *w);
    w->host = calloc(nhost > 0 ? (size_t)nhost : 1, sizeof *w->host);
    if (!w->host)
        return vdc_error_set(err, VDC_ENOMEM, "out of memory for %d hosts", nhost);
    memcpy(w->host, hosts, (size_t)nhost * sizeof *hosts);
    w->nhost = nhost;
    int64_t nvcpu = 0;
    for (int i = 0; i < nvm; i++)
        nvcpu += slots_of(&vms[i]);
    if (nvcpu > INT32_MAX ||
        vdc_array_grow((void **)&w->vm, &w->cap_vm, nvm, sizeof *w->vm) ||
        vdc_array_grow((void **)&w->vcpu, &w->cap_vcpu, (int)nvcpu, sizeof *w->vcpu)) {
        vdc_world_release(w);
        return vdc_error_set(err, VDC_ENOMEM, "out of memory for %d VMs", nvm);
    }
    for (int i = 0; i < nvm; i++)
        if (append_vm(w, &vms[i]) < 0) {
            vdc_world_release(w);
            return vdc_error_set(err, VDC_ENOMEM, "out of memory for VMs");
        }
    return 0;
}

void vdc_world_release(vdc_world *w)
{
    free(w->host);
    free(w->vm);
    free(w->vcpu);
    free(w->obs);
    memset(w, 0, sizeof *w);
}

int vdc_world_add_vm(vdc_world *w, vdc_sim *sim, const vdc_vm *tmpl)
{
    int id = append_vm(w, tmpl);
    if (id >= 0) {
        w->vm[id].entry = -1;
        if (sim)
            vdc_workload_random_phase(&w->vm[id].wl, sim->seed, w->vm[id].name);
        notify(w, sim, VDC_OBS_ADD, id, -1, -1);
    }
    return id;
}

int vdc_world_observe(vdc_world *w, vdc_observer_fn fn, void *ctx)
{
    if (vdc_array_grow((void **)&w->obs, &w->cap_obs, w->nobs + 1, sizeof *w->obs))
        return VDC_ENOMEM;
    w->obs[w->nobs++] = (vdc_observer){ fn, ctx };
    return 0;
}

void vdc_world_set_speed(vdc_world *w, vdc_sim *sim, int vm, vdc_speed_src src, double f)
{
    vdc_vm *v = &w->vm[vm];
    for (int i = 0; i < (int)v->vcpus; i++) {
        int c = v->vcpu0 + i;
        vdc_vcpu *cp = &w->vcpu[c];
        if (cp->factor[src] == f)
            continue;
        cp->factor[src] = f;
        double s = 1.0;
        for (int k = 0; k < VDC_SPEED_SRC_COUNT; k++)
            s *= cp->factor[k];
        cp->speed = s;
        notify(w, sim, VDC_OBS_SPEED, vm, c, -1);
    }
}

void vdc_world_pause(vdc_world *w, vdc_sim *sim, int vm)
{
    if (w->vm[vm].paused)
        return;
    w->vm[vm].paused = true;
    notify(w, sim, VDC_OBS_PAUSE, vm, -1, -1);
}

void vdc_world_resume(vdc_world *w, vdc_sim *sim, int vm)
{
    if (!w->vm[vm].paused)
        return;
    w->vm[vm].paused = false;
    notify(w, sim, VDC_OBS_RESUME, vm, -1, -1);
}

void vdc_world_move(vdc_world *w, vdc_sim *sim, int vm, int host)
{
    if (w->vm[vm].host == host)
        return;
    w->vm[vm].host = host;
    vdc_workload_rescale(&w->vm[vm], host >= 0 ? &w->host[host] : NULL);
    notify(w, sim, VDC_OBS_MOVE, vm, -1, host);
}

void vdc_world_set_workload(vdc_world *w, vdc_sim *sim, int vm, const vdc_workload *wl)
{
    w->vm[vm].wl = *wl;
    vdc_workload_rescale(&w->vm[vm], w->vm[vm].host >= 0 ? &w->host[w->vm[vm].host] : NULL);
    notify(w, sim, VDC_OBS_WORKLOAD, vm, -1, -1);
}

bool vdc_world_request_migration(vdc_world *w, vdc_sim *sim, int vm, int host)
{
    if (w->vm[vm].host == host || w->vm[vm].migrating)
        return w->vm[vm].migrating;
    if (w->vm[vm].no_migrate)
        return false;
    notify(w, sim, VDC_OBS_MIGRATE_REQ, vm, -1, host);
    if (w->vm[vm].migrating)
        return true;
    vdc_world_move(w, sim, vm, host);
    return false;
}

void vdc_world_set_host_power(vdc_world *w, vdc_sim *sim, int host, bool on)
{
    if (w->host[host].off == !on)
        return;
    w->host[host].off = !on;
    notify(w, sim, VDC_OBS_HOST_POWER, -1, -1, host);
}

/* ---- resizing ----------------------------------------------------------- */

static void notify_resize(vdc_world *w, vdc_sim *sim, int vm, const vdc_vm *before)
{
    const vdc_obs_event ev = { .what = VDC_OBS_RESIZE, .vm = vm, .vcpu = -1, .host = -1,
                               .old_vcpus = before->vcpus,
                               .old_memory_gib = before->memory_gib,
                               .old_weight = before->weight, .old_cap = before->cap };
    notify_ev(w, sim, &ev);
}

void vdc_world_set_vcpus(vdc_world *w, vdc_sim *sim, int vm, int64_t n)
{
    vdc_vm *v = &w->vm[vm];
    if (n < 1)
        n = 1;
    if (n > v->max_vcpus)
        n = v->max_vcpus;
    if (n == v->vcpus)
        return;
    const vdc_vm before = *v;
    const vdc_vcpu *c0 = &w->vcpu[v->vcpu0];
    for (int64_t i = v->vcpus; i < n; i++) {       /* onlined: as fast as vCPU 0 */
        vdc_vcpu *c = &w->vcpu[v->vcpu0 + i];
        memcpy(c->factor, c0->factor, sizeof c->factor);
        c->speed = c0->speed;
    }
    v->vcpus = n;
    if (v->cap > 100 * n)                          /* Xen: a cap beyond the vCPUs means none */
        v->cap = 100 * n;
    vdc_workload_rescale(v, v->host >= 0 ? &w->host[v->host] : NULL);
    notify_resize(w, sim, vm, &before);
}

void vdc_world_set_memory(vdc_world *w, vdc_sim *sim, int vm, double gib)
{
    vdc_vm *v = &w->vm[vm];
    if (!(gib > 0) || gib == v->memory_gib)
        return;
    const vdc_vm before = *v;
    v->memory_gib = gib;
    notify_resize(w, sim, vm, &before);
}

void vdc_world_set_sched(vdc_world *w, vdc_sim *sim, int vm, int64_t weight, int64_t cap)
{
    vdc_vm *v = &w->vm[vm];
    const vdc_vm before = *v;
    if (weight >= 1)
        v->weight = weight;
    if (cap >= 0)
        v->cap = cap;
    if (v->weight != before.weight || v->cap != before.cap)
        notify_resize(w, sim, vm, &before);
}

void vdc_world_request_memory(vdc_world *w, vdc_sim *sim, int vm, double gib)
{
    if (!(gib > 0))
        return;
    w->vm[vm].memory_target_gib = gib;
    notify(w, sim, VDC_OBS_MEMORY_REQ, vm, -1, -1);
    if (!w->vm[vm].ballooned)
        vdc_world_set_memory(w, sim, vm, gib);
}

int vdc_world_find_vm(const vdc_world *w, const char *name)
{
    for (int i = 0; i < w->nvm; i++)
        if (strcmp(w->vm[i].name, name) == 0)
            return i;
    return -1;
}

int vdc_vmref_resolve(const vdc_vmref *r, const vdc_world *w)
{
    if (r->index >= 0)
        return r->index;
    return r->name ? vdc_world_find_vm(w, r->name) : -1;
}

int vdc_world_find_host(const vdc_world *w, const char *name)
{
    for (int i = 0; i < w->nhost; i++)
        if (strcmp(w->host[i].name, name) == 0)
            return i;
    return -1;
}
