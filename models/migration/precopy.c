/* precopy.c -- iterative pre-copy: live rounds until the stop policy fires.
 *
 * Round 0 sends every page (zero pages as headers); round n sends the pages
 * written during round n-1.  At each round's end the VM's writes during the
 * round are drawn at once (Poisson over the page-popularity law, with mean
 * dirty_rate x integral of the VM's speed over the round), the bitmap is
 * synced (KVM dirty-log fetch: count, clear), and the policy (policy.c)
 * decides: another round, or stop-and-copy of the dirty pages (stopcopy.c).
 * The loop (phase `live`) is shared: it records writes and counts dirty
 * pages through st->algo->live (mig_algo.h), so precopy_fluid.c (expected
 * distinct pages instead of a bitmap) and hybrid.c (post-copy after its
 * bound) hold their own variation; this file's model is the page-level one.
 *
 * QEMU details kept (migration/ram.c, migration.c, cpu-throttle.c):
 *  - bandwidth for the switchover threshold is measured over >= 100 ms
 *    (wire bytes / time), threshold = bandwidth x downtime limit, compared
 *    with dirty pages x page size;
 *  - auto-converge is evaluated at a bitmap sync at least 1 s after the
 *    previous evaluation: if bytes dirtied in the period > 50% of bytes sent,
 *    on the 2nd such evaluation the throttle goes to 20%, then +10% up to
 *    99%; a throttled VM runs (and dirties) at 1 - throttle of its speed.
 * Xen's adaptive rate (xc_linux_save.c print_stats): the rate limit starts
 * at 100 Mbit/s and, when the last round's dirty rate exceeds it, becomes
 * that rate + 50 Mbit/s, at most 500.
 * With skip_redirtied (preset of xen-legacy) a round skips the pages
 * written again before their turn, as xc_domain_save.c does (below).
 * Limits: one sync per round (QEMU syncs only when the pass is done, so this
 * matches it); no XBZRLE, compression or multifd.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mig_params.h"
#include "mig_wl.h"
#include "units.h"

#define AC_PERIOD_NS (1000 * VDC_NS_PER_MS)  /* auto-converge period */

static const vdc_mig_phase_type phase_live;

static double live_cap(const vdc_mig_state *st, const vdc_mig *m)
{
    double cap = st->p->rate_cap_mib_s * VDC_MIB;
    if (st->p->xen_adaptive_rate) {
        double x = m->xen_mbit * VDC_MBPS_BYTES;
        cap = cap > 0 && cap < x ? cap : x;
    }
    return cap;
}

/* Set only for algorithms whose live table allows it (vdc_mig_init). */
static bool skip_mode(const vdc_mig_state *st)
{
    return st->pol.skip_redirtied;
}

static void start_chunk(vdc_mig_state *st, vdc_mig *m);

/* The loop's last phase: the algorithm's own, or stop-and-copy. */
static void stop_and_copy(vdc_mig_state *st, vdc_mig *m, double pages, vdc_mig_end why)
{
    if (st->algo->live->stop)
        st->algo->live->stop(st, m, pages, why);
    else
        vdc_mig_stopcopy_start(st, m, pages, 0, why);
}

static void start_round(vdc_mig_state *st, vdc_mig *m, double pages, double zero)
{
    vdc_mig_settle(st, m);
    m->phase = &phase_live;
    m->expo = 0;
    m->round_t0 = vdc_mig_now(st);
    if (skip_mode(st)) {
        m->round_pages = m->round_skipped = 0;
        m->chunk = 0;
        m->chunk_zero = pages > 0 ? zero / pages : 0;
        start_chunk(st, m);
        return;
    }
    m->round_pages = pages;
    double cpu_cap;
    m->round_bytes = vdc_mig_page_bytes(st, m, pages, zero, &cpu_cap);
    vdc_mig_send(st, m, m->round_bytes, vdc_mig_min_cap(live_cap(st, m), cpu_cap));
}

void vdc_mig_precopy_start(vdc_mig_state *st, vdc_mig *m)
{
    double n = (double)m->npages;
    if (skip_mode(st)) {
        if (!(m->to_send = vdc_bitmap_alloc(m->npages))) {
            vdc_engine_fail(st->sim->eng, VDC_ENOMEM, "migration: out of memory");
            return;
        }
        vdc_bitmap_fill(m->to_send, 0, m->npages);
    }
    start_round(st, m, n, round(m->vmp.zero_fraction * n));
}

/* Hand the algorithm the writes made since the last call: the dirty rate
 * times the integral of the VM's speed. */
static void draw_writes(vdc_mig_state *st, vdc_mig *m)
{
    vdc_mig_settle(st, m);
    if (m->vmp.dirty_curve.n) {
        /* A measured curve: after tau VM seconds the lowest M f(tau) pages
         * are dirty (hot pages first, as the laws place them); the set only
         * grows until the next sync.  Without a bitmap the count is read
         * by the algorithm's dirty_pages (precopy_fluid). */
        m->curve_tau += m->expo;
        m->expo = 0;
        if (m->dirty.bits)
            vdc_bitmap_fill(m->dirty.bits, 0, (uint64_t)vdc_mig_curve_pages(m));
        return;
    }
    double writes = m->vmp.dirty_rate_pages_s * m->expo;
    m->expo = 0;
    st->algo->live->write(st, m, writes);
}

/* Pages dirty now, to send next: the skip mode's swap, or the algorithm's. */
static double swap_to_send(vdc_mig *m);
static double dirty_now(vdc_mig_state *st, vdc_mig *m)
{
    draw_writes(st, m);
    return skip_mode(st) ? swap_to_send(m) : st->algo->live->dirty_pages(st, m);
}

void vdc_mig_precopy_write(vdc_mig_state *st, vdc_mig *m, double writes)
{
    (void)st;
    vdc_dirty_write(&m->dirty, &m->law, m->rng, writes);
}

/* ---- Xen's skipping of re-dirtied pages --------------------------------------
 * xc_domain_save.c peeks the dirty bitmap before each batch and skips pages
 * of the round's to_send set that were written again since the round began
 * (they go in a later round).  The model cuts the round into SKIP_CHUNKS
 * word ranges, visited in bit-reversed order (Xen scans pages in a permuted
 * order, permute()), draws the writes up to each chunk's start, and sends
 * to_send & ~dirty of the chunk as one flow. */
#define SKIP_CHUNKS 64

static uint32_t bitrev6(uint32_t j)
{
    uint32_t r = 0;
    for (int b = 0; b < 6; b++)
        r |= ((j >> b) & 1u) << (5 - b);
    return r;
}

static void finish_round(vdc_mig_state *st, vdc_mig *m);
static void round_out(vdc_mig_state *st, vdc_mig *m);

static void start_chunk(vdc_mig_state *st, vdc_mig *m)
{
    size_t nw = m->dirty.nwords;
    while (m->chunk < SKIP_CHUNKS) {
        draw_writes(st, m);
        size_t j = bitrev6((uint32_t)m->chunk), lo = j * nw / SKIP_CHUNKS;
        size_t n = (j + 1) * nw / SKIP_CHUNKS - lo;
        double sent = (double)vdc_bitmap_andnot_count(m->to_send + lo, m->dirty.bits + lo, n);
        m->round_skipped += (double)vdc_bitmap_and_count(m->to_send + lo, m->dirty.bits + lo, n);
        if (sent > 0) {
            m->round_pages += sent;
            m->chunk_pages = sent;
            m->round_bytes = vdc_mig_wire_bytes(st, sent, round(sent * m->chunk_zero));
            vdc_mig_send(st, m, m->round_bytes, live_cap(st, m));
            return;
        }
        m->chunk++;
    }
    round_out(st, m);
}

/* The round's new dirty set becomes the next to_send; returns its size. */
static double swap_to_send(vdc_mig *m)
{
    uint64_t *t = m->to_send;
    m->curve_tau = 0;
    m->to_send = m->dirty.bits;
    m->dirty.bits = t;
    memset(m->dirty.bits, 0, m->dirty.nwords * sizeof *m->dirty.bits);
    return (double)vdc_bitmap_count(m->to_send, m->dirty.nwords);
}

static void throttle_up(vdc_mig_state *st, vdc_mig *m)
{
    const vdc_mig_params *p = st->p;
    vdc_mig_settle(st, m);
    double t = m->throttle == 0 ? p->throttle_initial_pct
                                : m->throttle * 100 + p->throttle_increment_pct;
    if (t > p->throttle_max_pct)
        t = p->throttle_max_pct;
    m->throttle = t / 100;
    if (m->throttle > m->max_throttle)
        m->max_throttle = m->throttle;
    vdc_world_set_speed(&st->sim->world, st->sim, m->vm, VDC_SPEED_THROTTLE, 1 - m->throttle);
    vdc_mig_sample(st, m, "mig_throttle_pct", t);
}

/* QEMU migration_trigger_throttle(), called at a sync >= 1 s after the last. */
static void auto_converge(vdc_mig_state *st, vdc_mig *m, double new_dirty)
{
    vdc_time now = vdc_mig_now(st);
    m->ac_dirty_pages += new_dirty;
    if (now - m->ac_t0 <= AC_PERIOD_NS)
        return;
    if (st->p->auto_converge) {
        double xfer = m->bytes_sent - m->ac_bytes0;
        double dirty = m->ac_dirty_pages * (double)st->p->page_bytes;
        if (dirty > xfer * st->p->throttle_trigger_pct / 100 && ++m->ac_high >= 2) {
            m->ac_high = 0;
            throttle_up(st, m);
        }
    }
    m->ac_t0 = now;
    m->ac_dirty_pages = 0;
    m->ac_bytes0 = m->bytes_sent;
}

static void xen_adapt(vdc_mig_state *st, vdc_mig *m, double new_dirty, double dur_s)
{
    const vdc_mig_params *p = st->p;
    if (!p->xen_adaptive_rate || !(dur_s > 0))
        return;
    double mbit = new_dirty * (double)p->page_bytes * 8 / dur_s / 1e6;
    if (mbit > m->xen_mbit)
        m->xen_mbit = mbit + p->xen_rate_step_mbit < p->xen_rate_max_mbit
                      ? mbit + p->xen_rate_step_mbit : p->xen_rate_max_mbit;
}

static void account(vdc_mig_state *st, vdc_mig *m, double pages)
{
    vdc_time now = vdc_mig_now(st);
    m->bytes_sent += m->round_bytes;
    m->pages_sent += pages;
    m->bw_bytes += m->round_bytes;
    /* QEMU measures over >= BUFFER_DELAY (100 ms, migration.c); SimGrid per
     * message (bw_window_ms 0). */
    if (now > m->bw_t0 && now - m->bw_t0 >= vdc_time_from_s(st->p->bw_window_ms * 1e-3)) {
        m->bw_Bps = m->bw_bytes / vdc_time_to_s(now - m->bw_t0);
        m->bw_t0 = now;
        m->bw_bytes = 0;
    }
}

/* round_latency: the round ends when its last byte has arrived, one path
 * latency after it left (SimGrid: a message costs latency + size/rate, and
 * the next round starts when the put returns).  The VM dirties meanwhile. */
static void round_arrived(vdc_engine *eng, void *ctx, uint64_t arg)
{
    (void)eng;
    vdc_mig_state *st = ctx;
    vdc_mig *m = st->mig[arg];
    m->ev_timer = 0;
    m->lat_wait = false;
    if (!skip_mode(st))
        account(st, m, m->round_pages);
    finish_round(st, m);
}

/* The round's bytes are out: finish it now, or after the latency. */
static void round_out(vdc_mig_state *st, vdc_mig *m)
{
    double lat = st->p->round_latency ? vdc_net_latency_s(st->net, m->src, m->dst) : 0;
    if (lat > 0) {
        m->lat_wait = true;
        m->ev_timer = vdc_engine_after(st->sim->eng, vdc_time_from_s(lat), round_arrived, st,
                                       (uint64_t)m->idx);
        return;
    }
    if (!skip_mode(st))
        account(st, m, m->round_pages);
    finish_round(st, m);
}

static void round_sent(vdc_mig_state *st, vdc_mig *m)
{
    if (skip_mode(st)) {
        account(st, m, m->chunk_pages);
        m->chunk++;
        start_chunk(st, m);
        return;
    }
    round_out(st, m);
}

static void finish_round(vdc_mig_state *st, vdc_mig *m)
{
    const vdc_mig_params *p = st->p;
    double dur = vdc_time_to_s(vdc_mig_now(st) - m->round_t0);
    m->rounds++;
    double n = dirty_now(st, m);
    vdc_mig_sample(st, m, "mig_round_pages", m->round_pages);
    vdc_mig_sample(st, m, "mig_dirty_rate_pages_s", dur > 0 ? n / dur : 0);
    auto_converge(st, m, n);
    xen_adapt(st, m, n, dur);
    vdc_migpolicy_view v = {
        .rounds_done = m->rounds, .dirty_pages = n, .dirty_bytes = n * (double)p->page_bytes,
        .last_round_pages = m->round_pages, .last_round_skipped = m->round_skipped,
        .prev_round_pages = m->prev_round_pages, .bw_Bps = m->bw_Bps,
        .sent_pages = m->pages_sent, .mem_pages = (double)m->npages,
        .rate_at_max = p->xen_adaptive_rate && m->xen_mbit >= p->xen_rate_max_mbit,
    };
    vdc_mig_end end = vdc_migpolicy_decide(&st->pol, &v);
    m->prev_round_pages = m->round_pages;
    const vdc_mig_live_type *lt = st->algo->live;
    if (lt->decided && lt->decided(st, m, end))
        return;
    if (end != VDC_END_NONE)
        stop_and_copy(st, m, n, end);
    else
        start_round(st, m, n, 0);
}

static void live_time_cap(vdc_mig_state *st, vdc_mig *m)
{
    double unsent = 0;
    if (m->lat_wait) {              /* all of the round is out: count it */
        vdc_engine_cancel(st->sim->eng, m->ev_timer);
        m->ev_timer = 0;
        m->lat_wait = false;
        if (!skip_mode(st))
            account(st, m, m->round_pages);
    }
    if (m->flow) {
        double sent = vdc_net_sent(st->net, m->flow);
        vdc_net_cancel(st->net, m->flow);
        m->flow = 0;
        double frac = m->round_bytes > 0 ? sent / m->round_bytes : 1;
        double pages = skip_mode(st) ? m->chunk_pages : m->round_pages;
        m->bytes_sent += sent;
        m->pages_sent += pages * frac;
        unsent = pages * (1 - frac);
    }
    if (st->p->cap_action == VDC_CAP_CANCEL) {
        vdc_mig_done(st, m, VDC_END_TIME_LIMIT);
        return;
    }
    /* Forced switchover: the unsent rest of the round plus the pages written
     * since it began (an upper bound: a page may be in both). */
    double n = dirty_now(st, m);
    stop_and_copy(st, m, ceil(n + unsent), VDC_END_FORCED);
}

/* The run ended (or the cap cancelled) mid-round: count the part sent. */
static void live_abort(vdc_mig_state *st, vdc_mig *m)
{
    if (m->lat_wait) {              /* the round is out, not yet accounted */
        if (!skip_mode(st)) {
            m->bytes_sent += m->round_bytes;
            m->pages_sent += m->round_pages;
        }
        return;
    }
    if (!(m->round_bytes > 0))
        return;
    double sent = vdc_net_sent(st->net, m->flow);      /* the round so far */
    m->bytes_sent += sent;
    m->pages_sent += (skip_mode(st) ? m->chunk_pages : m->round_pages) * sent / m->round_bytes;
}

static const vdc_mig_phase_type phase_live = {
    .name = "live",
    .live = true,
    .sent = round_sent,
    .time_cap = live_time_cap,
    .abort = live_abort,
};

/* ---- the model: page-level pre-copy ----------------------------------------- */

/* Pages dirty now; the sync (KVM's dirty-log fetch) clears the bitmap. */
double vdc_mig_precopy_sync(vdc_mig_state *st, vdc_mig *m)
{
    (void)st;
    m->curve_tau = 0;
    return (double)vdc_dirty_sync(&m->dirty);
}

static const vdc_mig_live_type live = {
    .write = vdc_mig_precopy_write,
    .dirty_pages = vdc_mig_precopy_sync,
    .skip_redirtied = true,
};

static const vdc_mig_algo algo = {
    .name = "precopy",
    .needs = VDC_MIG_NEED_LAW | VDC_MIG_NEED_BITMAP,
    .start = vdc_mig_precopy_start,
    .live = &live,
};

static const vdc_param params[] = { VDC_MIG_COMMON_PARAMS, VDC_MIG_PRECOPY_PARAMS, { 0 } };

static int init(void *state, const void *p, vdc_sim *sim, vdc_error *err)
{
    return vdc_mig_init(state, p, sim, &algo, err);
}

const vdc_model_type vdc_migration_precopy = {
    .kind = VDC_KIND_MIGRATION,
    .name = "precopy",
    .help = "iterative pre-copy on a page-level dirty bitmap, stop policy presets",
    .params = params,
    .params_size = sizeof(vdc_mig_params),
    .state_size = sizeof(vdc_mig_state),
    .actions = vdc_mig_actions,
    .init = init,
    .finish = vdc_mig_finish,
    .destroy = vdc_mig_destroy,
    .print_presets = vdc_migwl_print,
};
