/* net.c -- flow-level network with max-min fair sharing (see net.h).
 *
 * Links: host h has uplink 2h and downlink 2h+1; the optional core is link
 * 2*nhost; then two directed links per WAN link (site a -> b, b -> a).  A
 * flow from s to d (s != d) of one site crosses up(s), down(d) and the
 * core; between sites, up(s), the WAN link and down(d).
 *
 * Water-filling (progressive filling) over a set of flows: every link starts
 * with its capacity and its count of unfrozen flows; repeatedly the smallest
 * of (link rem/count, flow cap) is found with a lazy min-heap; the flows of
 * that link (or that capped flow) freeze at that level, which is removed from
 * their other links.  A link's level only rises as flows freeze below it, so
 * stale heap entries are skipped by a version number.  O((F·k + L) log F);
 * O(F·k) when one link crossed by every flow of the component is the
 * unique tightest (one_bottleneck: many flows over one WAN link), with
 * rates identical to the heap's.
 *
 * Invariant kept between changes: every active inter-host flow's rate is the
 * max-min fair rate of the current flow set.  Without a binding core, the
 * max-min rates of a component do not depend on other components, so a change
 * recomputes only its component (breadth-first search over host links).
 * With a core, the allocation computed without it is also the allocation with
 * it whenever it fits under the core's capacity (a constraint the optimum
 * already satisfies cannot change it); otherwise all flows are recomputed
 * with the core included, and the core stays "binding" until a global pass
 * finds the rates without it fit again.
 *
 * Limits: no TCP dynamics (slow start, loss), no per-packet latency, no
 * routing beyond host links and one core; a flow's arrival is its send end
 * plus the path latency, which callers add.
 */
#include "net.h"
#include "array.h"
#include "units.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct nlink {
    double cap;                 /* bytes/s */
    int *fl;                    /* active flows on this link */
    int n, capn;
    uint32_t bfs, mark;         /* stamps: component search, water-filling */
    double rem;                 /* water-filling scratch: capacity left    */
    int cnt;                    /* ... unfrozen flows                      */
    uint32_t ver;               /* ... bumped on every change              */
} nlink;

typedef struct nflow {
    double bytes, sent, rate, cap, nrate;
    vdc_time t_upd;             /* time `sent` was last brought up to date */
    vdc_event_id ev;            /* completion event                        */
    vdc_net_done_fn fn;
    void *ctx;
    uint64_t arg;
    int link[3], pos[3], nlink; /* links crossed, index in each link's list */
    int src, dst;
    uint32_t gen, mark;
    bool active, frozen, core, local;
    int next_free;
} nflow;

typedef struct hent { double key; int item; uint32_t ver; } hent;

struct vdc_net {
    vdc_engine *eng;
    int nhost, nlinks, core;    /* core: link index or -1 */
    nlink *L;
    double *lat_s;              /* per host one-way latency */
    int nsite;                  /* sites: 1 unless hosts name several */
    int *site;                  /* per host: its site index */
    int *wan;                   /* [a * nsite + b]: directed link a -> b, or -1 */
    double *wan_lat_s;          /* [a * nsite + b]: one-way latency of that link */
    nflow *F;
    int nf, capf, free_head;
    uint64_t nactive;
    /* pending recomputation */
    int *seed; int nseed, capseed;
    bool pending;
    vdc_event_id pending_ev;
    bool core_binding;
    double core_load;           /* sum of rates of flows through the core */
    /* scratch */
    int *comp; int ncomp, capcomp;
    int *q; int capq;
    hent *heap; int nheap, capheap;
    uint32_t bfs_stamp, mark_stamp, flow_stamp;
    vdc_net_stats stats;
};

#define CORE_SLACK 1e-12               /* relative tolerance of the core test */

/* true when there is room for `need` elements (sim/array.h, overflow-guarded) */
static bool grow(void **p, int *cap, int need, size_t elem)
{
    return vdc_array_grow(p, cap, need, elem) == 0;
}

static vdc_flow_id make_id(const vdc_net *n, int i)
{
    return ((uint64_t)n->F[i].gen << 32) | (uint32_t)i;
}

static int find_flow(const vdc_net *n, vdc_flow_id id)
{
    uint32_t i = (uint32_t)id, gen = (uint32_t)(id >> 32);
    if (id == 0 || (int)i >= n->nf || !n->F[i].active || n->F[i].gen != gen)
        return -1;
    return (int)i;
}

/* ---- construction ---------------------------------------------------- */

static bool same_site(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Site indices of the hosts and the directed WAN links between them. */
static bool build_sites(vdc_net *n, const vdc_host *hosts, const vdc_net_opts *opts,
                        vdc_error *err)
{
    const char *name[64];
    n->site = calloc((size_t)n->nhost + 1, sizeof *n->site);
    if (!n->site)
        goto oom;
    for (int h = 0; h < n->nhost; h++) {
        int s = 0;
        while (s < n->nsite && !same_site(name[s], hosts[h].site))
            s++;
        if (s == n->nsite) {
            if (n->nsite == 64) {
                vdc_error_set(err, VDC_EINPUT, "net: more than 64 sites");
                return false;
            }
            name[n->nsite++] = hosts[h].site;
        }
        n->site[h] = s;
    }
    if (n->nsite <= 1)
        return true;
    size_t ns = (size_t)n->nsite * (size_t)n->nsite;
    n->wan = malloc(ns * sizeof *n->wan);
    n->wan_lat_s = calloc(ns, sizeof *n->wan_lat_s);
    int nw = opts ? opts->nwan : 0;
    nlink *L = realloc(n->L, ((size_t)n->nlinks + 2 * (size_t)nw + 1) * sizeof *L);
    if (!n->wan || !n->wan_lat_s || !L)
        goto oom;
    n->L = L;
    memset(L + n->nlinks, 0, (2 * (size_t)nw + 1) * sizeof *L);
    for (size_t k = 0; k < ns; k++)
        n->wan[k] = -1;
    for (int k = 0; k < nw; k++) {
        const vdc_wan_link *w = &opts->wan[k];
        int a = 0, b = 0;
        while (a < n->nsite && !same_site(name[a], w->a))
            a++;
        while (b < n->nsite && !same_site(name[b], w->b))
            b++;
        if (a == n->nsite || b == n->nsite || a == b)
            continue;                   /* joins no two sites in use */
        int l = n->nlinks;
        n->nlinks += 2;
        L[l].cap = L[l + 1].cap = w->bandwidth_gbps * VDC_GBPS_BYTES;
        n->wan[a * n->nsite + b] = l;
        n->wan[b * n->nsite + a] = l + 1;
        n->wan_lat_s[a * n->nsite + b] = n->wan_lat_s[b * n->nsite + a] = w->latency_ms * 1e-3;
    }
    for (int a = 0; a < n->nsite; a++)
        for (int b = 0; b < n->nsite; b++)
            if (a != b && n->wan[a * n->nsite + b] < 0) {
                vdc_error_set(err, VDC_EINPUT, "net: no WAN link between sites \"%s\" and "
                              "\"%s\"", name[a] ? name[a] : "(none)",
                              name[b] ? name[b] : "(none)");
                return false;
            }
    return true;
oom:
    vdc_error_set(err, VDC_ENOMEM, "net: out of memory for sites");
    return false;
}

vdc_net *vdc_net_new(vdc_engine *eng, const vdc_host *hosts, int nhost,
                     const vdc_net_opts *opts, vdc_error *err)
{
    if (nhost < 0 || (nhost > 0 && !hosts)) {
        vdc_error_set(err, VDC_EINPUT, "net: bad host list");
        return NULL;
    }
    for (int h = 0; h < nhost; h++)
        if (!(hosts[h].bandwidth_gbps > 0) || !(hosts[h].latency_us >= 0)) {
            vdc_error_set(err, VDC_EINPUT,
                          "net: host %s: bandwidth_gbps must be > 0 and latency_us >= 0,"
                          " got %g and %g", hosts[h].name ? hosts[h].name : "?",
                          hosts[h].bandwidth_gbps, hosts[h].latency_us);
            return NULL;
        }
    double core_Bps = 0;
    if (opts && opts->core_gbps > 0) {
        core_Bps = opts->core_gbps * VDC_GBPS_BYTES;
    } else if (opts && opts->oversubscription > 0) {
        for (int h = 0; h < nhost; h++)
            core_Bps += hosts[h].bandwidth_gbps * VDC_GBPS_BYTES;
        core_Bps /= opts->oversubscription;
    }
    vdc_net *n = calloc(1, sizeof *n);
    if (!n)
        goto oom;
    n->eng = eng;
    n->nhost = nhost;
    n->core = core_Bps > 0 ? 2 * nhost : -1;
    n->nlinks = 2 * nhost + (n->core >= 0);
    n->L = calloc((size_t)n->nlinks + 1, sizeof *n->L);
    n->lat_s = calloc((size_t)nhost + 1, sizeof *n->lat_s);
    if (!n->L || !n->lat_s)
        goto oom;
    for (int h = 0; h < nhost; h++) {
        n->L[2 * h].cap = n->L[2 * h + 1].cap = hosts[h].bandwidth_gbps * VDC_GBPS_BYTES;
        n->lat_s[h] = hosts[h].latency_us * 1e-6;
    }
    if (n->core >= 0)
        n->L[n->core].cap = core_Bps;
    if (!build_sites(n, hosts, opts, err)) {
        vdc_net_free(n);
        return NULL;
    }
    n->free_head = -1;
    return n;
oom:
    vdc_net_free(n);
    vdc_error_set(err, VDC_ENOMEM, "net: out of memory for %d hosts", nhost);
    return NULL;
}

void vdc_net_free(vdc_net *n)
{
    if (!n)
        return;
    if (n->L)
        for (int l = 0; l < n->nlinks; l++)
            free(n->L[l].fl);
    free(n->L);
    free(n->lat_s);
    free(n->site);
    free(n->wan);
    free(n->wan_lat_s);
    free(n->F);
    free(n->seed);
    free(n->comp);
    free(n->q);
    free(n->heap);
    free(n);
}

/* ---- link lists ------------------------------------------------------ */

static bool link_add(vdc_net *n, int f, int k)
{
    nlink *l = &n->L[n->F[f].link[k]];
    if (!grow((void **)&l->fl, &l->capn, l->n + 1, sizeof *l->fl))
        return false;
    n->F[f].pos[k] = l->n;
    l->fl[l->n++] = f;
    return true;
}

static void link_del(vdc_net *n, int f, int k)
{
    int li = n->F[f].link[k];
    nlink *l = &n->L[li];
    int i = n->F[f].pos[k], last = l->fl[--l->n];
    if (last != f) {
        l->fl[i] = last;
        nflow *g = &n->F[last];
        for (int j = 0; j < g->nlink; j++)
            if (g->link[j] == li)
                g->pos[j] = i;
    }
}

/* ---- rates and completion events ------------------------------------- */

static void on_done(vdc_engine *eng, void *ctx, uint64_t id);
static void on_recompute(vdc_engine *eng, void *ctx, uint64_t arg);

static void settle(vdc_net *n, nflow *f)
{
    vdc_time now = vdc_engine_now(n->eng);
    if (now > f->t_upd && f->rate > 0) {
        f->sent += f->rate * (double)(now - f->t_upd) * VDC_S_PER_NS;
        if (f->sent > f->bytes)
            f->sent = f->bytes;
    }
    f->t_upd = now;
}

static void set_rate(vdc_net *n, int i, double rate)
{
    nflow *f = &n->F[i];
    assert(rate >= 0);                  /* a max-min rate, or +inf for a local copy */
    settle(n, f);
    f->rate = rate;
    vdc_engine_cancel(n->eng, f->ev);
    f->ev = 0;
    double rem = f->bytes - f->sent;
    vdc_time now = vdc_engine_now(n->eng), dt;
    if (rem <= 0 || isinf(rate))
        dt = 0;
    else if (rate > 0) {
        double ns = ceil(rem / rate * 1e9);
        if (ns >= (double)(VDC_TIME_MAX - now))
            return;                         /* never within the clock's range */
        dt = (vdc_time)ns;
    } else
        return;                             /* stalled: no completion */
    f->ev = vdc_engine_at(n->eng, now + dt, on_done, n, make_id(n, i));
}

static void want_recompute(vdc_net *n, int f)
{
    for (int k = 0; k < n->F[f].nlink; k++) {
        int l = n->F[f].link[k];
        if (l == n->core)
            continue;
        if (!grow((void **)&n->seed, &n->capseed, n->nseed + 1, sizeof *n->seed))
            continue;   /* out of memory: that link waits for the next change */
        n->seed[n->nseed++] = l;
    }
    if (!n->pending) {
        n->pending = true;
        n->pending_ev = vdc_engine_at(n->eng, vdc_engine_now(n->eng), on_recompute, n, 0);
    }
}

/* ---- water-filling ----------------------------------------------------- */

static void hpush(vdc_net *n, double key, int item, uint32_t ver)
{
    if (!grow((void **)&n->heap, &n->capheap, n->nheap + 1, sizeof *n->heap))
        return;                 /* out of memory: handled by the final sweep */
    int i = n->nheap++;
    while (i > 0) {
        int p = (i - 1) / 2;
        if (n->heap[p].key <= key)
            break;
        n->heap[i] = n->heap[p];
        i = p;
    }
    n->heap[i] = (hent){ key, item, ver };
}

static hent hpop(vdc_net *n)
{
    hent top = n->heap[0], x = n->heap[--n->nheap];
    int i = 0, m = n->nheap;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= m)
            break;
        if (c + 1 < m && n->heap[c + 1].key < n->heap[c].key)
            c++;
        if (x.key <= n->heap[c].key)
            break;
        n->heap[i] = n->heap[c];
        i = c;
    }
    if (m > 0)
        n->heap[i] = x;
    return top;
}

static uint32_t next_stamp(vdc_net *n, uint32_t *ctr, int what)
{
    if (++*ctr == 0) {          /* wrapped: clear every stamp of that kind */
        for (int l = 0; l < n->nlinks; l++)
            if (what == 0) n->L[l].bfs = 0; else n->L[l].mark = 0;
        *ctr = 1;
    }
    return *ctr;
}

static void freeze(vdc_net *n, int fi, double level, int skip_link, bool use_core)
{
    nflow *f = &n->F[fi];
    assert(level >= 0);                 /* levels only rise from 0 as flows freeze */
    f->frozen = true;
    f->nrate = level;
    for (int k = 0; k < f->nlink; k++) {
        int li = f->link[k];
        if (li == skip_link || (li == n->core && !use_core))
            continue;
        nlink *l = &n->L[li];
        l->rem -= level;
        if (l->rem < 0)
            l->rem = 0;
        l->cnt--;
        l->ver++;
        if (l->cnt > 0)
            hpush(n, l->rem / l->cnt, li, l->ver);
    }
}

/* The common case of many flows through one link (a WAN link, a host's
 * uplink): if a link every flow of the component crosses has the one
 * smallest fair level cap/count -- strictly below every other link's and
 * every flow's cap -- progressive filling freezes all flows at that level
 * in its first step; set it in O(F) without the heap.  Marks the links it
 * looked at with ver = 1 (the heap pass below pushes those).  Exact: the
 * same level, the same expression, as the heap's first pop. */
static bool one_bottleneck(vdc_net *n, bool use_core)
{
    int best = -1, nbest = 0;
    double lo = INFINITY;
    for (int j = 0; j < n->ncomp; j++) {
        const nflow *f = &n->F[n->comp[j]];
        for (int k = 0; k < f->nlink; k++) {
            int li = f->link[k];
            nlink *l = &n->L[li];
            if ((li == n->core && !use_core) || l->ver != 0 || l->cnt <= 0)
                continue;
            l->ver = 1;
            double key = l->rem / l->cnt;
            if (key < lo) {
                lo = key;
                best = li;
                nbest = 1;
            } else if (key == lo) {
                nbest++;
            }
        }
    }
    if (best < 0 || nbest != 1 || n->L[best].cnt != n->ncomp)
        return false;
    for (int j = 0; j < n->ncomp; j++) {
        double cap = n->F[n->comp[j]].cap;
        if (cap > 0 && cap <= lo)
            return false;
    }
    for (int j = 0; j < n->ncomp; j++) {
        nflow *f = &n->F[n->comp[j]];
        f->frozen = true;
        f->nrate = lo;
    }
    return true;
}

/* Max-min rates of the flows n->comp[0..ncomp) into their nrate. */
static void waterfill(vdc_net *n, bool use_core)
{
    uint32_t mk = next_stamp(n, &n->mark_stamp, 1);
    n->nheap = 0;
    for (int j = 0; j < n->ncomp; j++) {
        nflow *f = &n->F[n->comp[j]];
        f->frozen = false;
        f->nrate = 0;
        for (int k = 0; k < f->nlink; k++) {
            int li = f->link[k];
            if (li == n->core && !use_core)
                continue;
            nlink *l = &n->L[li];
            if (l->mark != mk) {
                l->mark = mk;
                l->rem = l->cap;
                l->cnt = 0;
                l->ver = 0;
            }
            l->cnt++;
        }
    }
    if (one_bottleneck(n, use_core))
        return;
    for (int j = 0; j < n->ncomp; j++) {
        nflow *f = &n->F[n->comp[j]];
        for (int k = 0; k < f->nlink; k++) {
            int li = f->link[k];
            nlink *l = &n->L[li];
            if ((li != n->core || use_core) && l->ver == 1 && l->cnt > 0) {
                l->ver = 2;             /* pushed once */
                hpush(n, l->rem / l->cnt, li, 2);
            }
        }
        if (f->cap > 0)
            hpush(n, f->cap, -1 - n->comp[j], 0);
    }
    while (n->nheap > 0) {
        hent e = hpop(n);
        if (e.item < 0) {
            int fi = -1 - e.item;
            if (!n->F[fi].frozen)
                freeze(n, fi, e.key, -1, use_core);
            continue;
        }
        nlink *l = &n->L[e.item];
        if (e.ver != l->ver || l->cnt <= 0)
            continue;
        for (int j = 0; j < l->n; j++) {
            int fi = l->fl[j];
            if (!n->F[fi].frozen && n->F[fi].mark == n->flow_stamp)
                freeze(n, fi, e.key, e.item, use_core);
        }
        l->cnt = 0;
    }
}

static void commit(vdc_net *n)
{
    for (int j = 0; j < n->ncomp; j++) {
        int fi = n->comp[j];
        if (n->F[fi].nrate != n->F[fi].rate || n->F[fi].ev == 0)
            set_rate(n, fi, n->F[fi].nrate);
    }
    n->stats.flows_visited += (uint64_t)n->ncomp;
}

/* The flows reachable from the seed links over host links. */
static void gather_component(vdc_net *n)
{
    uint32_t bs = next_stamp(n, &n->bfs_stamp, 0);
    n->flow_stamp++;
    n->ncomp = 0;
    int nq = 0;
    for (int s = 0; s < n->nseed; s++) {
        int li = n->seed[s];
        if (n->L[li].bfs == bs || !grow((void **)&n->q, &n->capq, nq + 1, sizeof *n->q))
            continue;
        n->L[li].bfs = bs;
        n->q[nq++] = li;
    }
    for (int h = 0; h < nq; h++) {
        nlink *l = &n->L[n->q[h]];
        for (int j = 0; j < l->n; j++) {
            int fi = l->fl[j];
            nflow *f = &n->F[fi];
            if (f->mark == n->flow_stamp)
                continue;
            f->mark = n->flow_stamp;
            if (grow((void **)&n->comp, &n->capcomp, n->ncomp + 1, sizeof *n->comp))
                n->comp[n->ncomp++] = fi;
            for (int k = 0; k < f->nlink; k++) {
                int l2 = f->link[k];
                if (l2 == n->core || n->L[l2].bfs == bs)
                    continue;
                if (!grow((void **)&n->q, &n->capq, nq + 1, sizeof *n->q))
                    continue;
                n->L[l2].bfs = bs;
                n->q[nq++] = l2;
            }
        }
    }
}

static void gather_all(vdc_net *n)
{
    n->flow_stamp++;
    n->ncomp = 0;
    for (int i = 0; i < n->nf; i++)
        if (n->F[i].active && !n->F[i].local &&
            grow((void **)&n->comp, &n->capcomp, n->ncomp + 1, sizeof *n->comp)) {
            n->F[i].mark = n->flow_stamp;
            n->comp[n->ncomp++] = i;
        }
}

static double comp_core_load(const vdc_net *n, bool new_rates)
{
    double s = 0;
    for (int j = 0; j < n->ncomp; j++) {
        const nflow *f = &n->F[n->comp[j]];
        if (f->core)
            s += new_rates ? f->nrate : f->rate;
    }
    return s;
}

static void recompute(vdc_net *n)
{
    n->pending = false;
    n->pending_ev = 0;
    n->stats.recomputes++;
    bool has_core = n->core >= 0;
    double cap = has_core ? n->L[n->core].cap * (1 + CORE_SLACK) : 0;
    if (!has_core || !n->core_binding) {
        gather_component(n);
        n->nseed = 0;
        waterfill(n, false);
        double delta = has_core ? comp_core_load(n, true) - comp_core_load(n, false) : 0;
        if (!has_core || n->core_load + delta <= cap) {
            commit(n);
            n->core_load += delta;
            return;
        }
    }
    n->nseed = 0;
    n->stats.global_passes++;
    gather_all(n);
    waterfill(n, false);
    double load = comp_core_load(n, true);
    n->core_binding = load > cap;
    if (n->core_binding) {
        waterfill(n, true);
        load = comp_core_load(n, true);
    }
    commit(n);
    n->core_load = load;
}

static void on_recompute(vdc_engine *eng, void *ctx, uint64_t arg)
{
    (void)eng; (void)arg;
    recompute(ctx);
}

void vdc_net_flush(vdc_net *n)
{
    if (n->pending) {
        vdc_engine_cancel(n->eng, n->pending_ev);
        recompute(n);
    }
}

/* ---- flows ------------------------------------------------------------- */

static void release(vdc_net *n, int i)
{
    nflow *f = &n->F[i];
    settle(n, f);
    if (f->core)
        n->core_load -= f->rate;
    vdc_engine_cancel(n->eng, f->ev);
    f->ev = 0;
    if (!f->local) {
        want_recompute(n, i);
        for (int k = 0; k < f->nlink; k++)
            link_del(n, i, k);
    }
    f->active = false;
    f->gen++;
    if (f->gen == 0)
        f->gen = 1;
    f->next_free = n->free_head;
    n->free_head = i;
    n->nactive--;
}

static void on_done(vdc_engine *eng, void *ctx, uint64_t id)
{
    (void)eng;
    vdc_net *n = ctx;
    int i = find_flow(n, id);
    if (i < 0)
        return;
    nflow *f = &n->F[i];
    f->ev = 0;
    vdc_net_done_fn fn = f->fn;
    void *fctx = f->ctx;
    uint64_t arg = f->arg;
    release(n, i);
    if (fn)
        fn(fctx, id, arg);
}

vdc_flow_id vdc_net_start(vdc_net *n, int src, int dst, double bytes, double cap_Bps,
                          vdc_net_done_fn fn, void *ctx, uint64_t arg)
{
    if (src < 0 || src >= n->nhost || dst < 0 || dst >= n->nhost || !(bytes >= 0))
        return 0;
    int i = n->free_head;
    if (i >= 0) {
        n->free_head = n->F[i].next_free;
    } else {
        if (!grow((void **)&n->F, &n->capf, n->nf + 1, sizeof *n->F))
            return 0;
        i = n->nf++;
        n->F[i] = (nflow){ .gen = 1 };
    }
    nflow *f = &n->F[i];
    uint32_t gen = f->gen;
    *f = (nflow){ .bytes = bytes, .cap = cap_Bps > 0 ? cap_Bps : 0, .gen = gen,
                  .t_upd = vdc_engine_now(n->eng), .fn = fn, .ctx = ctx, .arg = arg,
                  .src = src, .dst = dst, .active = true, .local = src == dst,
                  .next_free = -1 };
    n->nactive++;
    if (f->local) {
        set_rate(n, i, f->cap > 0 ? f->cap : INFINITY);
        return make_id(n, i);
    }
    f->link[0] = 2 * src;
    f->link[1] = 2 * dst + 1;
    f->nlink = 2;
    if (n->site[src] != n->site[dst]) {
        f->link[2] = n->wan[n->site[src] * n->nsite + n->site[dst]];
        f->nlink = 3;
    } else if (n->core >= 0) {
        f->link[2] = n->core;
        f->nlink = 3;
        f->core = true;
    }
    for (int k = 0; k < f->nlink; k++)
        if (!link_add(n, i, k)) {
            for (int j = 0; j < k; j++)
                link_del(n, i, j);
            f->nlink = 0;
            f->local = true;            /* so release() skips the links */
            release(n, i);
            return 0;
        }
    want_recompute(n, i);
    return make_id(n, i);
}

bool vdc_net_cancel(vdc_net *n, vdc_flow_id id)
{
    int i = find_flow(n, id);
    if (i < 0)
        return false;
    release(n, i);
    return true;
}

void vdc_net_set_cap(vdc_net *n, vdc_flow_id id, double cap_Bps)
{
    int i = find_flow(n, id);
    if (i < 0)
        return;
    nflow *f = &n->F[i];
    f->cap = cap_Bps > 0 ? cap_Bps : 0;
    if (f->local)
        set_rate(n, i, f->cap > 0 ? f->cap : INFINITY);
    else
        want_recompute(n, i);
}

/* ---- queries ------------------------------------------------------------ */

double vdc_net_rate(const vdc_net *n, vdc_flow_id id)
{
    int i = find_flow(n, id);
    return i < 0 ? 0 : n->F[i].rate;
}

double vdc_net_sent(const vdc_net *n, vdc_flow_id id)
{
    int i = find_flow(n, id);
    if (i < 0)
        return 0;
    const nflow *f = &n->F[i];
    double s = f->sent;
    vdc_time now = vdc_engine_now(n->eng);
    if (now > f->t_upd && f->rate > 0)
        s += isinf(f->rate) ? f->bytes : f->rate * (double)(now - f->t_upd) * VDC_S_PER_NS;
    return s < f->bytes ? s : f->bytes;
}

bool vdc_net_active(const vdc_net *n, vdc_flow_id id) { return find_flow(n, id) >= 0; }

double vdc_net_latency_s(const vdc_net *n, int src, int dst)
{
    if (src == dst || src < 0 || dst < 0 || src >= n->nhost || dst >= n->nhost)
        return 0;
    double wan = n->site[src] != n->site[dst]
                 ? n->wan_lat_s[n->site[src] * n->nsite + n->site[dst]] : 0;
    return 0.5 * (n->lat_s[src] + n->lat_s[dst]) + wan;
}

int vdc_net_site(const vdc_net *n, int host)
{
    return host >= 0 && host < n->nhost ? n->site[host] : 0;
}

double vdc_net_wan_Bps(const vdc_net *n, int src, int dst)
{
    if (src < 0 || dst < 0 || src >= n->nhost || dst >= n->nhost ||
        n->site[src] == n->site[dst])
        return 0;
    return n->L[n->wan[n->site[src] * n->nsite + n->site[dst]]].cap;
}

double vdc_net_link_Bps(const vdc_net *n, int host)
{
    return host >= 0 && host < n->nhost ? n->L[2 * host].cap : 0;
}

double vdc_net_core_Bps(const vdc_net *n) { return n->core >= 0 ? n->L[n->core].cap : 0; }
uint64_t vdc_net_nflows(const vdc_net *n) { return n->nactive; }
vdc_net_stats vdc_net_get_stats(const vdc_net *n) { return n->stats; }
