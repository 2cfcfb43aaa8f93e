/* precopy_fluid.c -- the model precopy_fluid: pre-copy with expected page counts.
 *
 * The engine-level pre-copy loop of precopy.c (shared network, auto-converge,
 * Xen adaptive rate, stop policies) with the page bitmap replaced by a count:
 * a round's N writes leave the law's expected number of distinct dirty pages
 *   expected  sum_j len_j (1 - exp(-N m_j / len_j))   (law.h)
 *   linear    min(N, W)   (Liu et al. HPDC 2011; Akoush et al. MASCOTS 2010)
 * so a migration costs O(law segments) per round instead of O(pages): the
 * model for thousands of concurrent migrations.
 * Known answers (tests/test_migration.c): for uniform writes it equals the
 * closed form vdc_cf_precopy() (closedform.c) to the nanosecond, the linear
 * model gives V_i = M rho^i exactly, and the page-level precopy agrees
 * within 2%.
 * Limits: pages are fractional (counts are expectations); no variance; no
 * skip of re-dirtied pages (it needs the bitmap).
 */
#include "mig_params.h"
#include "mig_wl.h"

/* The loop hands over the writes once per round; add them up anyway, so
 * that the count stays right if it ever hands them in pieces. */
static void add_writes(vdc_mig_state *st, vdc_mig *m, double writes)
{
    (void)st;
    m->round_writes += writes;
}

static double expected_dirty(vdc_mig_state *st, vdc_mig *m)
{
    double n = m->round_writes, w = (double)m->law.wws_pages;
    m->round_writes = 0;
    if (m->vmp.dirty_curve.n) {              /* a measured curve gives the count */
        double c = vdc_mig_curve_pages(m);
        m->curve_tau = 0;
        return c;
    }
    if (st->p->dirty_model == VDC_FLUID_LINEAR)
        return n < w ? n : w;
    return vdc_law_expected_unique(&m->law, n);
}

static const vdc_mig_live_type live = {
    .write = add_writes,
    .dirty_pages = expected_dirty,
};

static const vdc_mig_algo algo = {
    .name = "precopy_fluid",
    .needs = VDC_MIG_NEED_LAW,
    .start = vdc_mig_precopy_start,
    .live = &live,
};

static const vdc_param params[] = {
    VDC_MIG_COMMON_PARAMS, VDC_MIG_PRECOPY_PARAMS,
    VDC_MIG_ENUM("dirty_model", dirty_model, 0, "expected|linear",
                 "distinct pages per round: law's expectation, or min(writes, WWS)"),
    { 0 }
};

static int init(void *state, const void *p, vdc_sim *sim, vdc_error *err)
{
    return vdc_mig_init(state, p, sim, &algo, err);
}

const vdc_model_type vdc_migration_precopy_fluid = {
    .kind = VDC_KIND_MIGRATION,
    .name = "precopy_fluid",
    .help = "pre-copy with per-round expected page counts (no bitmap), for scale",
    .params = params,
    .params_size = sizeof(vdc_mig_params),
    .state_size = sizeof(vdc_mig_state),
    .actions = vdc_mig_actions,
    .init = init,
    .finish = vdc_mig_finish,
    .destroy = vdc_mig_destroy,
    .print_presets = vdc_migwl_print,
};
