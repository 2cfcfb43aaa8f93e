/* place.c -- the placement core: committed resources per host and the
 * first/best/worst-fit choice (place.h).
 *
 * The fitset holds the open hosts keyed by their free primary resource
 * (best-fit) or by its negation (worst-fit), so both policies walk it
 * forwards from their first candidate: best-fit from the least free amount
 * >= the VM's need, worst-fit from the greatest free amount, ties to the
 * lower index in both.  A candidate is accepted only by vdc_place_fits(),
 * the exact rule of first_fit.c, so the tree's keys (differences of
 * doubles) may round without ever admitting a VM that does not fit.
 */
#include "place.h"

#include <math.h>
#include <stdlib.h>

/* Keys are free amounts; a search starts this far below the need so that a
 * free amount that rounds just under it is still examined (then checked
 * exactly by vdc_place_fits). */
#define KEY_SLACK 1e-9

static double cpu_cap(const vdc_place *pl, int h)
{
    return (double)pl->w->host[h].pcpus * pl->p.cpu_overcommit;
}

static double mem_cap(const vdc_place *pl, int h)
{
    return pl->w->host[h].memory_gib * pl->p.mem_overcommit;
}

static double free_primary(const vdc_place *pl, int h)
{
    return pl->p.by == VDC_PLACE_BY_MEM ? mem_cap(pl, h) - pl->mem[h] : cpu_cap(pl, h) - pl->cpu[h];
}

static void rekey(vdc_place *pl, int h)
{
    if (pl->p.policy == VDC_PLACE_FIRST)
        return;                             /* first-fit scans; no tree */
    if (!pl->open[h] || !vdc_place_fits(pl, h, 1, 0) || pl->mem[h] >= mem_cap(pl, h)) {
        vdc_fitset_del(&pl->set, h);        /* full: no VM can go there */
        return;
    }
    double f = free_primary(pl, h);
    vdc_fitset_put(&pl->set, h, pl->p.policy == VDC_PLACE_WORST ? -f : f);
}

int vdc_place_init(vdc_place *pl, vdc_world *w, const vdc_place_params *p)
{
    pl->w = w;
    pl->p = *p;
    pl->ff_from = 0;
    size_t n = w->nhost > 0 ? (size_t)w->nhost : 1;
    pl->cpu = calloc(n, sizeof *pl->cpu);
    pl->mem = calloc(n, sizeof *pl->mem);
    pl->open = calloc(n, sizeof *pl->open);
    if (!pl->cpu || !pl->mem || !pl->open || vdc_fitset_init(&pl->set, w->nhost)) {
        vdc_place_free(pl);
        return VDC_ENOMEM;
    }
    for (int v = 0; v < w->nvm; v++)
        if (w->vm[v].host >= 0) {
            pl->cpu[w->vm[v].host] += (double)w->vm[v].vcpus;
            pl->mem[w->vm[v].host] += w->vm[v].memory_gib;
        }
    for (int h = 0; h < w->nhost; h++) {
        pl->open[h] = true;
        rekey(pl, h);
    }
    return 0;
}

void vdc_place_free(vdc_place *pl)
{
    free(pl->cpu);
    free(pl->mem);
    free(pl->open);
    pl->cpu = pl->mem = NULL;
    pl->open = NULL;
    vdc_fitset_free(&pl->set);
}

void vdc_place_add(vdc_place *pl, int host, int64_t vcpus, double gib)
{
    if (host < 0)
        return;
    pl->cpu[host] += (double)vcpus;
    pl->mem[host] += gib;
    rekey(pl, host);
}

void vdc_place_sub(vdc_place *pl, int host, int64_t vcpus, double gib)
{
    if (host < 0)
        return;
    pl->cpu[host] -= (double)vcpus;
    pl->mem[host] -= gib;
    if (pl->cpu[host] < 0)          /* guard rounding of repeated GiB sums */
        pl->cpu[host] = 0;
    if (pl->mem[host] < 0)
        pl->mem[host] = 0;
    if (host < pl->ff_from)
        pl->ff_from = host;
    rekey(pl, host);
}

void vdc_place_set_open(vdc_place *pl, int host, bool open)
{
    pl->open[host] = open;
    if (open && host < pl->ff_from)
        pl->ff_from = host;
    rekey(pl, host);
}

bool vdc_place_fits(const vdc_place *pl, int h, int64_t vcpus, double gib)
{
    return pl->cpu[h] + (double)vcpus <= cpu_cap(pl, h) && pl->mem[h] + gib <= mem_cap(pl, h);
}

static int first_fit(vdc_place *pl, int64_t vcpus, double gib)
{
    const vdc_world *w = pl->w;
    for (int h = pl->ff_from; h < w->nhost; h++)
        if (pl->open[h] && vdc_place_fits(pl, h, vcpus, gib))
            return h;
    return -1;
}

/* Advance ff_from over open hosts with no room for even one vCPU (or no
 * memory left), as first_fit.c does: they are skipped for good until a VM
 * leaves them (vdc_place_sub) or they reopen. */
static void ff_advance(vdc_place *pl)
{
    while (pl->ff_from < pl->w->nhost) {
        int h = pl->ff_from;
        if (pl->open[h] && pl->cpu[h] + 1 <= cpu_cap(pl, h) && pl->mem[h] < mem_cap(pl, h))
            break;
        pl->ff_from++;
    }
}

int vdc_place_pick(vdc_place *pl, int64_t vcpus, double gib)
{
    if (pl->p.policy == VDC_PLACE_FIRST)
        return first_fit(pl, vcpus, gib);
    double need = pl->p.by == VDC_PLACE_BY_MEM ? gib : (double)vcpus;
    double slack = KEY_SLACK * (need > 1 ? need : 1);
    if (pl->p.policy == VDC_PLACE_BEST) {
        for (int h = vdc_fitset_ceil(&pl->set, need - slack); h >= 0;
             h = vdc_fitset_next(&pl->set, h))
            if (vdc_place_fits(pl, h, vcpus, gib))
                return h;
        return -1;
    }
    /* worst-fit: keys are -free, ascending = most free first */
    for (int h = vdc_fitset_ceil(&pl->set, -INFINITY); h >= 0; h = vdc_fitset_next(&pl->set, h)) {
        if (-pl->set.key[h] < need - slack)
            return -1;                      /* every later host has less */
        if (vdc_place_fits(pl, h, vcpus, gib))
            return h;
    }
    return -1;
}

int vdc_place_all(vdc_place *pl, vdc_sim *sim, int skip, const char *model, vdc_error *err)
{
    vdc_world *w = &sim->world;
    for (int v = 0; v < w->nvm; v++) {
        const vdc_vm *vm = &w->vm[v];
        if (vm->host >= 0 || v == skip)
            continue;
        int h = vdc_place_pick(pl, vm->vcpus, vm->memory_gib);
        if (h < 0)
            return vdc_error_set(err, VDC_EINPUT,
                                 "%s: no host can take VM %s (%lld vCPUs, %g GiB) with "
                                 "cpu_overcommit %g and mem_overcommit %g", model, vm->name,
                                 (long long)vm->vcpus, vm->memory_gib, pl->p.cpu_overcommit,
                                 pl->p.mem_overcommit);
        vdc_place_add(pl, h, vm->vcpus, vm->memory_gib);
        vdc_world_move(w, sim, v, h);
        if (pl->p.policy == VDC_PLACE_FIRST)
            ff_advance(pl);
    }
    return 0;
}
