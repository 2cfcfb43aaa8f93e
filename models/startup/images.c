/* images.c -- the per-host cache of image layers of the startup model.
 *
 * An image is one or two layers: an optional shared base (containers: the OS
 * layer many images share) and the image's own layer.  Per host a layer is
 * absent, being fetched (by one owner instance), or present.  A fetch
 * downloads only absent layers; an instance needing a layer another one is
 * fetching waits for it instead of downloading it again (Docker pulls a
 * layer once per host), so layers shared between images are fetched once.
 * The owner marks its layers present when they are usable -- after its
 * unpack step for containers, after the download for VM images -- and wakes
 * the waiters.  cached="yes" marks layers present without a fetch; "no"
 * downloads everything again (a cold start with caches dropped).
 * Limits: no eviction, no registry-side contention (each pull is capped at
 * registry_mibps and shares only the host's NIC), no lazy fetching.
 */
#include <stdlib.h>
#include <string.h>

#include "startup_int.h"

int vdc_su_layer_id(vdc_su_state *st, const char *name)
{
    for (int i = 0; i < st->nlayer; i++)
        if (strcmp(st->layer[i].name, name) == 0)
            return i;
    if (vdc_array_grow((void **)&st->layer, &st->cap_layer, st->nlayer + 1, sizeof *st->layer))
        return VDC_ENOMEM;
    vdc_su_layer *l = &st->layer[st->nlayer];
    memset(l, 0, sizeof *l);
    size_t n = (size_t)st->nhost;
    l->name = strdup(name);
    l->state = calloc(n ? n : 1, 1);
    l->wait = calloc(n ? n : 1, sizeof *l->wait);
    l->nwait = calloc(n ? n : 1, sizeof *l->nwait);
    l->capwait = calloc(n ? n : 1, sizeof *l->capwait);
    if (!l->name || !l->state || !l->wait || !l->nwait || !l->capwait) {
        free(l->name);
        free(l->state);
        free(l->wait);
        free(l->nwait);
        free(l->capwait);
        return VDC_ENOMEM;
    }
    return st->nlayer++;
}

static double layer_mib(const vdc_su_req *r, int k)
{
    if (r->nlayer == 2)
        return k == 0 ? r->p.base_mib : r->p.image_mib - r->p.base_mib;
    return r->p.image_mib;
}

int vdc_su_fetch_begin(vdc_su_state *st, int i, double *download_mib)
{
    vdc_su_inst *in = &st->inst[i];
    const vdc_su_req *r = &st->req[in->req];
    int h = in->host;
    int cached = r->a.cached;
    if (cached == SU_CACHED_PRESET)
        cached = r->p.image_local ? SU_CACHED_YES : SU_CACHED_AUTO;
    int waits = 0;
    *download_mib = 0;
    in->owned = 0;
    for (int k = 0; k < r->nlayer; k++) {
        vdc_su_layer *l = &st->layer[r->layer[k]];
        double mib = layer_mib(r, k);
        if (cached == SU_CACHED_YES) {
            if (l->state[h] == 0)
                l->state[h] = 2;
            continue;
        }
        if (cached == SU_CACHED_AUTO && l->state[h] == 2)
            continue;
        if (cached == SU_CACHED_AUTO && l->state[h] == 1) {
            if (vdc_array_grow((void **)&l->wait[h], &l->capwait[h], l->nwait[h] + 1,
                            sizeof **l->wait))
                return VDC_ENOMEM;
            l->wait[h][l->nwait[h]++] = i;
            waits++;
            continue;
        }
        /* absent, or forced: this instance downloads it */
        if (l->state[h] == 0)
            l->state[h] = 1;
        in->owned |= (uint8_t)(1u << k);
        *download_mib += mib;
    }
    in->own_mib = *download_mib;
    return waits + (*download_mib > 0);
}

void vdc_su_fetch_mark(vdc_su_state *st, int i, void (*wake)(vdc_su_state *, int))
{
    int h = st->inst[i].host;
    int req = st->inst[i].req;
    uint8_t owned = st->inst[i].owned;
    for (int k = 0; k < st->req[req].nlayer; k++) {
        if (!(owned & (1u << k)))
            continue;
        vdc_su_layer *l = &st->layer[st->req[req].layer[k]];
        l->state[h] = 2;
        /* wake in arrival order; a woken instance may start new fetches,
         * which never wait on a present layer, so the list is stable */
        int n = l->nwait[h];
        l->nwait[h] = 0;
        int *w = l->wait[h];
        for (int j = 0; j < n; j++)
            wake(st, w[j]);
    }
}

void vdc_su_layers_free(vdc_su_state *st)
{
    for (int i = 0; i < st->nlayer; i++) {
        vdc_su_layer *l = &st->layer[i];
        for (int h = 0; h < st->nhost; h++)
            free(l->wait[h]);
        free(l->name);
        free(l->state);
        free(l->wait);
        free(l->nwait);
        free(l->capwait);
    }
    free(st->layer);
    st->layer = NULL;
    st->nlayer = 0;
}
