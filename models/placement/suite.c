/* suite.c -- the consolidation step of Beloglazov & Buyya (CCPE 2012):
 * overload detection (detect.h), VM selection (select.c), power-aware best
 * fit decreasing (PABFD), underload evacuation, and the paper's migration
 * cost.  Used by model `consolidate` when "allocation": "pabfd".
 *
 * Every period_s, after consolidate.c has estimated each VM's demand (mean
 * over the period) and each host's load:
 *  1. history: each VM's estimate is pushed on its ring (history_len
 *     samples); a host's utilisation history is the sum of the rings of the
 *     VMs planned on it, over its capacity (the paper: the history of the
 *     VMs now on the host, not of the host);
 *  2. overload: every managed host the detector flags sheds VMs one at a
 *     time, chosen by the selection policy, re-running the detector on what
 *     remains, until it is not overloaded (the paper's Algorithm 2 loop);
 *  3. PABFD (the paper's Algorithm 1): the selected VMs, by decreasing
 *     demand, each go to the host whose power rises least,
 *     P_h(u + e/C_h) - P_h(u), among hosts on and not overloaded where the
 *     VM fits (vCPU slots, memory, load + e <= capacity) and that the
 *     detector would not flag with the VM added (unless the host carries no
 *     load, as in CloudSim); ties go to the lower host index.  No host: an
 *     off host wakes (boot_s = 0: the one whose power rises least from idle,
 *     and the VM goes there now; boot_s > 0: as consolidate.c boots hosts);
 *     with pabfd_wake (boot_s = 0) off hosts compete with the hosts on by
 *     that rise, as sleeping hosts do in CloudSim 3.0.3's host list;
 *  4. underload: hosts by increasing utilisation (all of them with
 *     "least", those under low_util with "threshold"), each emptied if all
 *     its VMs find a PABFD destination among hosts not yet examined, not
 *     overloaded; a host that received VMs in this step is skipped.
 * Migration cost "paper": a VM moves after T = memory / bandwidth
 * (bandwidth: mig_bw_gbps, or half the source NIC as CloudSim 3.0.3 sends
 * it: ram / (bw / (2 x 8000))), its vCPUs at 1 - mig_degradation speed
 * meanwhile (10% in the paper), and mig_degradation x its demand during T is
 * its PDM numerator.  "model": vdc_world_request_migration, as before.
 * Cost per step: O(VMs x history_len) to build the sums; each PABFD pick
 * scans the hosts on once, O(H_on) (power at the current load cached per
 * host), then O(fitting hosts) plus a detector run per rejected candidate.
 * Limits: by default destinations are chosen among hosts on before off
 * hosts (pabfd_wake: CloudSim's way); the underload phase never wakes a
 * host (CloudSim excludes sleeping hosts there too); the 10% of the
 * VM's demand that CloudSim also charges to the destination is not.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cons.h"
#include "rng.h"
#include "sort.h"

#define SLACK 1e-9

static double now_s(const vdc_cons *c) { return vdc_time_to_s(vdc_engine_now(c->sim->eng)); }

/* ---- setup ------------------------------------------------------------------------ */

int vdc_cons_suite_init(vdc_cons *c, vdc_error *err)
{
    const vdc_cons_params *p = c->p;
    int nh = c->sim->world.nhost > 0 ? c->sim->world.nhost : 1;
    c->det = (vdc_detect){
        .method = p->overload,
        .thr = p->high_util,
        .s = p->safety >= 0 ? p->safety : vdc_detect_safety_default(p->overload),
        .min_n = (int)p->history_min,
        .window = (int)p->lr_window,
        .robust_iter = (int)p->lrr_iterations,
        .fallback = p->fallback_util,
        .mhod_util = p->mhod_util,
        .otf = p->mhod_otf,
        .mhod_step = p->mhod_step,
        .mhod_learning = (int)p->mhod_learning,
        .mhod_wmin = (int)p->mhod_wmin,
        .mhod_wmax = (int)p->mhod_wmax,
        .mhod_wstep = (int)p->mhod_wstep,
    };
    c->hsum = calloc((size_t)nh * (size_t)c->hlen, sizeof *c->hsum);
    c->hn = calloc((size_t)nh, sizeof *c->hn);
    c->ovl = calloc((size_t)nh, sizeof *c->ovl);
    c->seen = calloc((size_t)nh, sizeof *c->seen);
    c->on_since = calloc((size_t)nh, sizeof *c->on_since);
    c->pd = calloc((size_t)nh, sizeof *c->pd);
    c->ph = calloc((size_t)nh, sizeof *c->ph);
    c->cw = calloc((size_t)nh, sizeof *c->cw);
    c->cwl = calloc((size_t)nh, sizeof *c->cwl);
    c->ta = calloc((size_t)nh, sizeof *c->ta);
    c->to = calloc((size_t)nh, sizeof *c->to);
    c->ta_since = calloc((size_t)nh, sizeof *c->ta_since);
    c->tin = calloc((size_t)nh, sizeof *c->tin);
    c->cand = calloc((size_t)nh, sizeof *c->cand);
    c->ubuf = calloc((size_t)c->hlen, sizeof *c->ubuf);
    c->sel_rng = vdc_rng_stream(c->sim->seed, "placement/selection");
    c->slot = calloc((size_t)nh, sizeof *c->slot);
    c->cfm = calloc((size_t)nh, sizeof *c->cfm);
    c->cfc = calloc((size_t)nh, sizeof *c->cfc);
    c->cfs = calloc((size_t)nh, sizeof *c->cfs);
    c->cok = calloc((size_t)nh, sizeof *c->cok);
    if (!c->slot || !c->cfm || !c->cfc || !c->cfs || !c->cok || !c->pd || !c->ph || !c->cw ||
        !c->cwl || !c->ta || !c->to || !c->ta_since)
        return vdc_error_set(err, VDC_ENOMEM, "consolidate: out of memory");
    for (int h = 0; h < nh; h++) {
        c->slot[h] = -1;
        c->cwl[h] = NAN;
        c->ta_since[h] = -1;
    }
    if (!c->hsum || !c->hn || !c->ovl || !c->seen || !c->on_since || !c->tin || !c->cand ||
        !c->ubuf || !c->sel_rng)
        return vdc_error_set(err, VDC_ENOMEM, "consolidate: out of memory");
    return 0;
}

void vdc_cons_suite_free(vdc_cons *c)
{
    free(c->hsum);
    free(c->hn);
    free(c->ovl);
    free(c->seen);
    free(c->on_since);
    free(c->pd);
    free(c->ph);
    free(c->cw);
    free(c->cwl);
    free(c->ta);
    free(c->to);
    free(c->ta_since);
    free(c->tin);
    free(c->cand);
    free(c->ubuf);
    free(c->mc_buf);
    free(c->mc_G);
    free(c->hwin0);
    free(c->slot);
    free(c->cfm);
    free(c->cfc);
    free(c->cfs);
    free(c->cok);
    free(c->hist);
    free(c->hist_n);
    free(c->deg);
    free(c->mig_dem0);
    free(c->since);
    free(c->sel_step);
    if (c->sel_rng)
        gsl_rng_free(c->sel_rng);
}

/* ---- metrics hooks --------------------------------------------------------------- */

void vdc_cons_note_power_down(vdc_cons *c, int h)
{
    c->st.host_life_s += now_s(c) - c->on_since[h];
    c->st.host_lives++;
}

void vdc_cons_note_move(vdc_cons *c, int vm)
{
    c->st.vm_stay_s += now_s(c) - c->since[vm];
    c->st.vm_stays++;
}

/* ---- the paper's migration ------------------------------------------------------- */

static void paper_done(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_cons *c = ctx;
    vdc_world *w = &c->sim->world;
    int vm = (int)arg, dst = c->resv[vm];
    (void)eng;
    if (dst < 0 || w->vm[vm].host < 0)
        return;                              /* departed meanwhile */
    vdc_mon_settle(&c->mon, w->vm[vm].host);
    c->deg[vm] += c->p->mig_degradation * (c->mon.v[vm].dem_s - c->mig_dem0[vm]);
    vdc_world_set_speed(w, c->sim, vm, VDC_SPEED_THROTTLE, 1);
    vdc_world_move(w, c->sim, vm, dst);      /* observe() turns the reservation into a commitment */
}


void vdc_cons_paper_migrate(vdc_cons *c, int vm, int src, int dst)
{
    vdc_world *w = &c->sim->world;
    double t = vdc_cons_paper_time_s(c, vm, src);
    (void)dst;                               /* reserved in c->resv[vm] */
    c->st.mig_live++;
    vdc_mon_settle(&c->mon, src);
    c->mig_dem0[vm] = c->mon.v[vm].dem_s;
    if (t <= 0) {
        paper_done(c->sim->eng, c, (uint64_t)vm);
        return;
    }
    vdc_world_set_speed(w, c->sim, vm, VDC_SPEED_THROTTLE, 1 - c->p->mig_degradation);
    vdc_engine_after(c->sim->eng, vdc_time_from_s(t), paper_done, c, (uint64_t)vm);
}

/* ---- histories ------------------------------------------------------------------- */

static double *ring(vdc_cons *c, int vm) { return c->hist + (size_t)vm * (size_t)c->hlen; }
static double *hring(vdc_cons *c, int h) { return c->hsum + (size_t)h * (size_t)c->hlen; }

/* Add (sign +1) or remove (-1) vm's ring to host h's sum. */
static void hist_move(vdc_cons *c, int vm, int h, double sign)
{
    double *r = ring(c, vm), *s = hring(c, h);
    for (int k = 0; k < c->hlen; k++)
        s[k] += sign * r[k];
    if (sign > 0 && c->hist_n[vm] < c->hn[h])
        c->hn[h] = c->hist_n[vm];
}

/* Utilisation series of host h (+ vm if >= 0), oldest first, into ubuf;
 * its length n is returned, but only the last `need` values are written
 * (the detectors that read fewer, LR and LRR, ask for their window). */
static int series(vdc_cons *c, int h, int vm, int need)
{
    int n = c->hn[h], L = c->hlen;
    if (vm >= 0 && (c->hload[h] <= 0 || c->hist_n[vm] < n))
        n = c->hist_n[vm];
    double cap = vdc_cons_cap(c, h), *s = hring(c, h), *r = vm >= 0 ? ring(c, vm) : NULL;
    int j = need < n ? n - need : 0;
    int k = ((c->hpos - n + j) % L + L) % L;
    for (; j < n; j++) {
        c->ubuf[j] = (s[k] + (r ? r[k] : 0)) / cap;
        if (++k == L)
            k = 0;
    }
    return n;
}

/* Longest paper migration time of host h's planned VMs (+ vm), in steps:
 * those on it that neither leave (reserved elsewhere) nor wait for a
 * destination (selected this step), and those on their way to it (tin).
 * T = memory / bandwidth of h for all of them, so the longest is that of
 * the largest memory (T is monotone in it, rounding included): one
 * division per call, not one per VM. */
static double horizon(vdc_cons *c, int h, int vm)
{
    const vdc_mon_host *mh = &c->mon.h[h];
    const vdc_world *w = &c->sim->world;
    double t = c->tin[h];
    int big = vm;
    for (int i = 0; i < mh->n; i++) {
        int x = mh->vm[i];
        if (c->sel_step[x] == c->nstep || (c->resv[x] >= 0 && c->resv[x] != h))
            continue;
        if (big < 0 || w->vm[x].memory_gib > w->vm[big].memory_gib)
            big = x;
    }
    if (big >= 0 && vdc_cons_paper_time_s(c, big, h) > t)
        t = vdc_cons_paper_time_s(c, big, h);
    return t / c->p->period_s;
}

/* MHOD's migration time, in steps: the mean paper migration time of the
 * host's planned VMs (+ vm), as OpenStack Neat takes the mean RAM of the
 * host's VMs over the bandwidth. */
static double mig_mean(vdc_cons *c, int h, int vm)
{
    const vdc_mon_host *mh = &c->mon.h[h];
    double sum = vm >= 0 ? vdc_cons_paper_time_s(c, vm, h) : 0;
    int n = vm >= 0;
    for (int i = 0; i < mh->n; i++) {
        int x = mh->vm[i];
        if (c->sel_step[x] == c->nstep || (c->resv[x] >= 0 && c->resv[x] != h))
            continue;
        sum += vdc_cons_paper_time_s(c, x, h);
        n++;
    }
    return n ? sum / n / c->p->period_s : 0;
}

/* MHOD's counters, once a step per host on: steps active and steps in the
 * overload state since the host last came on (TPDS 2013: t_a, t_o). */
static void mhod_count(vdc_cons *c, int h)
{
    if (c->ta_since[h] != c->on_since[h]) {
        c->ta_since[h] = c->on_since[h];
        c->ta[h] = c->to[h] = 0;
    }
    int n = series(c, h, -1, 1);
    c->ta[h] += 1;
    if (n > 0 && c->ubuf[n - 1] >= c->det.mhod_util)
        c->to[h] += 1;
}

static bool overloaded(vdc_cons *c, int h, int vm)
{
    if (c->det.method == VDC_OVL_NEVER)
        return false;
    if (c->det.method == VDC_OVL_MHOD) {
        int n = series(c, h, vm, c->hlen);
        return n > 0 && vdc_detect_mhod(&c->det, c->ubuf, n, mig_mean(c, h, vm), c->ta[h], c->to[h]);
    }
    if (c->det.method == VDC_OVL_THR)      /* no history needed */
        return (c->hload[h] + (vm >= 0 ? c->est[vm] : 0)) / vdc_cons_cap(c, h) > c->det.thr + SLACK;
    bool lr = c->det.method == VDC_OVL_LR || c->det.method == VDC_OVL_LRR;
    int n = series(c, h, vm, lr ? c->det.window : c->hlen);
    if (n <= 0)
        return false;
    /* the current sample is the estimate itself (rings hold it already);
     * the horizon is read only by a regression over a full window */
    double hz = lr && n >= c->det.window ? horizon(c, h, vm) : 0;
    return vdc_detect_overloaded(&c->det, c->ubuf, n, hz);
}

/* ---- PABFD ----------------------------------------------------------------------- */

/* The destination table: per candidate slot (hosts on at the start of the
 * step, and those woken in it), the free memory, free CPU (capacity -
 * load) and free vCPU slots, kept up to date by every plan, so that the
 * PABFD scan rejects a host that cannot hold the VM with three compares in
 * contiguous arrays before anything else is read. */
static void idx_update(vdc_cons *c, int h)
{
    int i = c->slot[h];
    if (i < 0)
        return;
    const vdc_host *hw = &c->sim->world.host[h];
    c->ver++;
    c->cok[i] = vdc_cons_managed(c, h) && !c->ovl[h];
    c->cfm[i] = hw->memory_gib * c->pl.p.mem_overcommit - c->pl.mem[h];
    c->cfc[i] = vdc_cons_cap(c, h) - c->hload[h];
    c->cfs[i] = (double)hw->pcpus * c->pl.p.cpu_overcommit - c->pl.cpu[h];
}

static double host_w(const vdc_cons *c, int h, double load)
{
    return vdc_mon_power_w(&c->mon, h, load / vdc_cons_cap(c, h));   /* the host's own curve */
}

/* Watts of host h at its current load: cached, since most PABFD scans
 * see a host's load unchanged since the last one (cwl starts NaN). */
static double cur_w(vdc_cons *c, int h)
{
    if (!(c->cwl[h] == c->hload[h])) {
        c->cwl[h] = c->hload[h];
        c->cw[h] = host_w(c, h, c->hload[h]);
    }
    return c->cw[h];
}

/* Destination of vm (demand e) by least power increase among the
 * candidates; `under`: the underload phase (examined hosts excluded).
 * One scan gathers the hosts that fit and their increase; then the least
 * (ties: lower host index) is taken, and while the detector would flag it
 * with the VM, it is dropped and the next least taken -- the order of a
 * rescan per rejection (nothing read here changes in between), at
 * O(fitting) per rejection instead of O(H_on) curve evaluations. */
static int pabfd(vdc_cons *c, int vm, int src, bool under, double *dp)
{
    const vdc_vm *v = &c->sim->world.vm[vm];
    double e = c->est[vm];
    double m = v->memory_gib, e1 = e - SLACK, vc = (double)v->vcpus;
    int np = 0;
    for (int i = 0; i < c->ncand; i++) {
        if (c->cfm[i] < m || c->cfc[i] < e1 || c->cfs[i] < vc || !c->cok[i])
            continue;
        int h = c->cand[i];
        if (h == src || (under && c->seen[h]))
            continue;
        if (c->hload[h] + e > vdc_cons_cap(c, h) + SLACK ||
            !vdc_place_fits(&c->pl, h, v->vcpus, v->memory_gib))
            continue;
        /* each vCPU must fit one core (CloudSim 3.0.3 Host.isSuitableForVm:
         * peCapacity >= the VM's current requested max MIPS) */
        if (e / (double)v->vcpus > vdc_mon_speed(&c->mon, h) + SLACK)
            continue;
        c->pd[np] = host_w(c, h, c->hload[h] + e) - cur_w(c, h);
        c->ph[np++] = h;
    }
    for (;;) {
        int best = -1, bk = -1;
        double best_d = INFINITY;
        for (int k = 0; k < np; k++) {
            double d = c->pd[k];
            int h = c->ph[k];
            if (d < best_d || (d == best_d && h < best)) {
                best_d = d;
                best = h;
                bk = k;
            }
        }
        if (best < 0)
            return -1;
        *dp = best_d;
        if (c->hload[best] <= SLACK || !overloaded(c, best, vm))
            return best;
        c->pd[bk] = c->pd[--np];             /* would be overloaded with it: next best */
        c->ph[bk] = c->ph[np];
    }
}

/* Underload phase: does any host not yet examined have room (memory, CPU,
 * vCPU slots) for vm?  A necessary condition of a PABFD destination that
 * planning the host's other VMs can only make harder, so an evacuation
 * with one VM failing it is refused before anything is planned.  While
 * the table is unchanged the examined hosts only grow (the source is one
 * of them), so a VM at least as large as one that fit nowhere fits nowhere
 * either: those answers are remembered (up to 8 per table version). */
static bool any_fit(vdc_cons *c, int vm, int src)
{
    const vdc_vm *v = &c->sim->world.vm[vm];
    double m = v->memory_gib, e1 = c->est[vm] - SLACK, vc = (double)v->vcpus;
    if (c->fail_ver == c->ver)
        for (int k = 0; k < c->nfail; k++)
            if (c->fail[k][0] <= m && c->fail[k][1] <= e1 && c->fail[k][2] <= vc)
                return false;
    for (int i = 0; i < c->ncand; i++)
        if (c->cfm[i] >= m && c->cfc[i] >= e1 && c->cfs[i] >= vc && c->cok[i] &&
            c->cand[i] != src && !c->seen[c->cand[i]])
            return true;
    if (c->fail_ver != c->ver) {
        c->fail_ver = c->ver;
        c->nfail = 0;
    }
    int k = c->nfail < 8 ? c->nfail++ : (int)(c->ver % 8);
    c->fail[k][0] = m;
    c->fail[k][1] = e1;
    c->fail[k][2] = vc;
    return false;
}

/* An off host for vm by least power increase from idle (boot_s = 0). */
static int best_off(vdc_cons *c, int vm, double *dp)
{
    const vdc_world *w = &c->sim->world;
    double e = c->est[vm];
    int best = -1;
    double best_d = INFINITY;
    for (int h = 0; h < w->nhost; h++) {
        if (c->mon.h[h].state != VDC_HOST_OFF || e > vdc_cons_cap(c, h) + SLACK ||
            e / (double)w->vm[vm].vcpus > vdc_mon_speed(&c->mon, h) + SLACK ||
            !vdc_place_fits(&c->pl, h, w->vm[vm].vcpus, w->vm[vm].memory_gib))
            continue;
        double d = host_w(c, h, e) - host_w(c, h, 0);
        if (d < best_d) {
            best_d = d;
            best = h;
        }
    }
    *dp = best_d;
    return best;
}

/* Power host `best` on now (boot_s = 0) and make it a candidate. */
static int wake(vdc_cons *c, int best)
{
    if (best < 0)
        return -1;
    vdc_cons_power_up(c, best);                  /* boot_s = 0: on (and open) now */
    if (c->mon.h[best].state != VDC_HOST_ON)
        return -1;
    c->slot[best] = c->ncand;
    c->cand[c->ncand++] = best;
    idx_update(c, best);
    return best;
}

static void plan_move(vdc_cons *c, int vm, int src, int dst)
{
    double t = vdc_cons_paper_time_s(c, vm, src);
    if (t > c->tin[dst])
        c->tin[dst] = t;                     /* never lowered within a step: conservative */
    vdc_cons_plan(c, vm, src, dst, +1);
    hist_move(c, vm, src, -1);
    hist_move(c, vm, dst, +1);
    idx_update(c, src);
    idx_update(c, dst);
}

static int by_desc(int x, int y, const void *ctx)
{
    const double *k = ctx;
    return k[x] > k[y] ? -1 : k[x] < k[y] ? 1 : x - y;
}
static int by_asc(int x, int y, const void *ctx)
{
    const double *k = ctx;
    return k[x] < k[y] ? -1 : k[x] > k[y] ? 1 : x - y;
}

/* ---- the step -------------------------------------------------------------------- */

static void build_histories(vdc_cons *c)
{
    const vdc_world *w = &c->sim->world;
    int L = c->hlen;
    for (int vm = 0; vm < w->nvm; vm++) {
        ring(c, vm)[c->hpos] = c->est[vm];
        if (w->vm[vm].host >= 0) {
            if (c->hist_n[vm] < L)
                c->hist_n[vm]++;
        } else {
            c->hist_n[vm] = 0;
        }
    }
    c->hpos = (c->hpos + 1) % L;
    memset(c->hsum, 0, (size_t)w->nhost * (size_t)L * sizeof *c->hsum);
    for (int h = 0; h < w->nhost; h++) {
        c->hn[h] = L;
        c->tin[h] = 0;
    }
    for (int vm = 0; vm < w->nvm; vm++) {
        int h = c->resv[vm] >= 0 ? c->resv[vm] : w->vm[vm].host;
        if (h >= 0)
            hist_move(c, vm, h, +1);
        if (c->resv[vm] >= 0) {              /* in flight towards h */
            double t = vdc_cons_paper_time_s(c, vm, w->vm[vm].host);
            if (t > c->tin[h])
                c->tin[h] = t;
        }
    }
}

static void shed(vdc_cons *c, int h, int **sel, int *nsel, int *capsel)
{
    const vdc_mon_host *mh = &c->mon.h[h];
    int *list = malloc((size_t)(mh->n ? mh->n : 1) * sizeof *list);
    if (!list)
        return;
    while (overloaded(c, h, -1)) {
        int n = 0;
        for (int i = 0; i < mh->n; i++)
            if (vdc_cons_movable(c, mh->vm[i]) && c->sel_step[mh->vm[i]] != c->nstep)
                list[n++] = mh->vm[i];
        if (!n)
            break;
        int vm = vdc_cons_select(c, h, list, n);
        c->sel_step[vm] = c->nstep;
        c->hload[h] -= c->est[vm];
        hist_move(c, vm, h, -1);
        if (*nsel == *capsel) {
            int nc = *capsel ? 2 * *capsel : 64;
            int *p = realloc(*sel, (size_t)nc * sizeof *p);
            if (!p)
                break;
            *sel = p;
            *capsel = nc;
        }
        (*sel)[(*nsel)++] = vm;
    }
    free(list);
}

static bool evacuate(vdc_cons *c, int h)
{
    const vdc_mon_host *mh = &c->mon.h[h];
    int n = mh->n;
    int *list = malloc((size_t)n * 2 * sizeof *list);
    double *undo = malloc((size_t)n * 2 * sizeof *undo);   /* dest_step and tin before */
    if (!list || !undo) {
        free(list);
        free(undo);
        return false;
    }
    int *dst = list + n;
    memcpy(list, mh->vm, (size_t)n * sizeof *list);
    bool ok = true;
    for (int i = 0; i < n && ok; i++)
        ok = vdc_cons_movable(c, list[i]);
    if (ok)
        vdc_sort_idx(list, (size_t)n, by_desc, c->est);
    for (int i = 0; i < n && ok; i++)
        ok = any_fit(c, list[i], h);
    if (!ok) {
        free(list);
        free(undo);
        return false;
    }
    int k = 0;
    for (; k < n; k++) {
        double dd;
        dst[k] = pabfd(c, list[k], h, true, &dd);
        if (dst[k] < 0)
            break;
        undo[2 * k] = (double)c->dest_step[dst[k]];
        undo[2 * k + 1] = c->tin[dst[k]];
        plan_move(c, list[k], h, dst[k]);
    }
    if (k < n) {                             /* roll back, leaving no trace */
        while (k-- > 0) {
            vdc_cons_plan(c, list[k], h, dst[k], -1);
            hist_move(c, list[k], dst[k], -1);
            hist_move(c, list[k], h, +1);
            c->dest_step[dst[k]] = (int64_t)undo[2 * k];
            c->tin[dst[k]] = undo[2 * k + 1];
            idx_update(c, dst[k]);
        }
        idx_update(c, h);
        free(list);
        free(undo);
        return false;
    }
    free(undo);
    c->draining[h] = true;
    c->ndraining++;
    vdc_place_set_open(&c->pl, h, false);
    idx_update(c, h);
    for (int i = 0; i < n; i++)
        vdc_cons_migrate(c, list[i], dst[i]);
    free(list);
    return true;
}

void vdc_cons_suite_step(vdc_cons *c)
{
    const vdc_world *w = &c->sim->world;
    build_histories(c);
    c->ncand = 0;
    for (int h = 0; h < w->nhost; h++) {
        c->ovl[h] = c->seen[h] = false;
        c->slot[h] = -1;
        if (vdc_cons_managed(c, h)) {
            c->slot[h] = c->ncand;
                    c->cand[c->ncand++] = h;
        }
    }
    if (c->det.method == VDC_OVL_MHOD)
        for (int i = 0; i < c->ncand; i++)
            mhod_count(c, c->cand[i]);
    /* 1-2: overloaded hosts and the VMs they shed */
    int *sel = NULL, nsel = 0, capsel = 0;
    int nc0 = c->ncand;
    for (int i = 0; i < nc0; i++) {
        int h = c->cand[i];
        if (overloaded(c, h, -1)) {
            c->ovl[h] = true;
            shed(c, h, &sel, &nsel, &capsel);
        }
    }
    for (int i = 0; i < c->ncand; i++)
        idx_update(c, c->cand[i]);
    /* 3: PABFD, by decreasing demand */
    if (nsel)
        vdc_sort_idx(sel, (size_t)nsel, by_desc, c->est);
    double deficit = 0;
    for (int i = 0; i < nsel; i++) {
        int vm = sel[i], src = w->vm[vm].host;
        c->sel_step[vm] = -1;                    /* no longer waiting: counts where it goes */
        c->hload[src] += c->est[vm];             /* back on its source until placed */
        hist_move(c, vm, src, +1);
        double dd = INFINITY, od;
        int d = pabfd(c, vm, src, false, &dd);
        if (c->p->boot_s <= 0 && (d < 0 || c->p->pabfd_wake)) {
            /* an off host: when none on fits, or ("pabfd_wake") when its
             * power rises less from idle, as in CloudSim's host list */
            int o = best_off(c, vm, &od);
            if (o >= 0 && (d < 0 || od < dd || (od == dd && o < d)))
                d = wake(c, o);
        }
        if (d < 0) {
            deficit += c->est[vm];
            continue;
        }
        plan_move(c, vm, src, d);
        vdc_cons_migrate(c, vm, d);
    }
    free(sel);
    if (deficit > 0)
        vdc_cons_power_up_for(c, deficit);
    /* 4: underload */
    if (c->p->underload == CONS_UNDER_NONE)
        return;
    int n = 0;
    int *order = c->order;
    for (int i = 0; i < c->ncand; i++) {
        int h = c->cand[i];
        if (!vdc_cons_managed(c, h) || c->ovl[h] || c->incoming[h] > 0)
            continue;
        if (c->p->underload == CONS_UNDER_THRESHOLD &&
            !(c->hload[h] < c->p->low_util * vdc_cons_cap(c, h)))
            continue;
        order[n++] = h;
    }
    double *util = malloc((size_t)(w->nhost > 0 ? w->nhost : 1) * sizeof *util);
    if (!util)
        return;
    for (int i = 0; i < n; i++)
        util[order[i]] = c->hload[order[i]] / vdc_cons_cap(c, order[i]);
    /* util is indexed by host: only the entries of `order` are read */
    vdc_sort_idx(order, (size_t)n, by_asc, util);
    for (int i = 0; i < n; i++) {
        int h = order[i];
        if (!vdc_cons_managed(c, h) || c->incoming[h] > 0 || c->dest_step[h] == c->nstep)
            continue;
        if (c->mon.count[VDC_HOST_ON] - c->ndraining <= c->p->min_hosts)
            break;
        c->seen[h] = true;
        if (c->mon.h[h].n == 0) {
            if (vdc_cons_can_power_down(c, h))
                vdc_cons_power_down(c, h);
            continue;
        }
        if (evacuate(c, h) && vdc_cons_can_power_down(c, h))
            vdc_cons_power_down(c, h);
    }
    free(util);
    for (int h = 0; h < w->nhost; h++)
        if (c->draining[h] && vdc_cons_can_power_down(c, h))
            vdc_cons_power_down(c, h);
}
