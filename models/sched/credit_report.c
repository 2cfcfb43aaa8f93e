/* credit_report.c -- what the Credit model writes at the end of a run.
 *
 * Same names and units as the fluid model where both say the same thing:
 * per host `util` and `energy_j`; per VM `cpu_s` (s), `share` (pCPUs),
 * `demand_s` (s: here the time its vCPUs wanted a pCPU -- running, waiting
 * or parked), `work_s` (s of native-speed work).  Credit adds per VM
 * wake_latency_{p50,p99,max}_us and wakes, cap_window_max for capped VMs
 * (largest share over any 10 consecutive accounting periods), ping_latency_*
 * for ping clients; per host steals, context_switches, kicks; per vCPU the
 * sched_vcpu table; per pCPU the sched_pcpu table (steals: vCPUs it took
 * from a peer's queue; stolen: vCPUs peers took from its queue; busy_s);
 * per VM the sched_wake_hist table (latency histogram).
 */
#include <math.h>
#include <stdlib.h>

#include "credit.h"
#include "units.h"

static const vdc_column sched_vcpu_cols[] = {
    { "host", "TEXT" }, { "vm", "TEXT" }, { "vcpu", "INTEGER" }, { "cpu_s", "REAL" },
    { "runnable_wait_s", "REAL" }, { "wake_latency_p50_us", "REAL" },
    { "wake_latency_p99_us", "REAL" }, { "wake_latency_max_us", "REAL" },
    { "boosts", "INTEGER" }, { "pcpu_migrations", "INTEGER" }, { "parked_s", "REAL" }, { 0 }
};
static const vdc_table sched_vcpu_table = { "sched_vcpu", sched_vcpu_cols };

/* Wake-latency histogram of each VM (its vCPUs merged), bucket midpoints. */
static const vdc_column wake_hist_cols[] = {
    { "vm", "TEXT" }, { "latency_us", "REAL" }, { "count", "INTEGER" }, { 0 }
};
static const vdc_table wake_hist_table = { "sched_wake_hist", wake_hist_cols };

/* Per pCPU: who steals (csched_load_balance) and from whom; busy time. */
static const vdc_column sched_pcpu_cols[] = {
    { "host", "TEXT" }, { "pcpu", "INTEGER" }, { "steals", "INTEGER" },
    { "stolen", "INTEGER" }, { "busy_s", "REAL" }, { 0 }
};
static const vdc_table sched_pcpu_table = { "sched_pcpu", sched_pcpu_cols };

static const vdc_value null_value = { .type = VDC_V_NULL };

static void host_metrics(vdc_credit *s, double dur)
{
    const vdc_world *w = &s->sim->world;
    vdc_results *r = s->sim->res;
    for (int hi = 0; hi < s->nhost; hi++) {
        const vdc_credit_host *h = &s->host[hi];
        const vdc_host *hw = &w->host[hi];
        int64_t busy = 0;
        for (int c = h->pcpu0; c < h->pcpu0 + h->npcpu; c++)
            busy += s->pc[c].busy_ns;
        double busy_s = (double)busy * VDC_S_PER_NS;
        vdc_results_metric(r, hw->name, "util", dur > 0 ? busy_s / (dur * h->npcpu) : 0, "");
        vdc_results_metric(r, hw->name, "energy_j",
                           hw->power_idle_w * dur +
                               (hw->power_peak_w - hw->power_idle_w) * busy_s / h->npcpu, "J");
        vdc_results_metric(r, hw->name, "steals", (double)h->steals, "");
        vdc_results_metric(r, hw->name, "context_switches", (double)h->switches, "");
        vdc_results_metric(r, hw->name, "kicks", (double)h->kicks, "");
    }
}

static int pcpu_rows(vdc_credit *s)
{
    const vdc_world *w = &s->sim->world;
    for (int hi = 0; hi < s->nhost; hi++) {
        const vdc_credit_host *h = &s->host[hi];
        for (int i = 0; i < h->npcpu; i++) {
            const vdc_credit_pcpu *p = &s->pc[h->pcpu0 + i];
            vdc_value row[] = { VDC_TEXT(w->host[hi].name), VDC_INT(i), VDC_INT(p->steals),
                                VDC_INT(p->stolen), VDC_REAL((double)p->busy_ns * VDC_S_PER_NS) };
            if (vdc_results_row(s->sim->res, &sched_pcpu_table, row))
                return VDC_EIO;
        }
    }
    return 0;
}

/* merged, one: scratch dense histograms (the VM's, one vCPU's). */
static int vm_metrics(vdc_credit *s, int d, double dur, vdc_chist *merged, vdc_chist *one)
{
    const vdc_world *w = &s->sim->world;
    const vdc_vm *m = &w->vm[d];
    vdc_results *r = s->sim->res;
    int64_t cpu = 0, wait = 0, parked = 0, bmax = -1;
    double work = 0;
    *merged = (vdc_chist){ 0 };
    for (int i = 0; i < (int)m->max_vcpus; i++) {         /* offlined vCPUs too */
        const vdc_credit_vcpu *x = &s->vc[m->vcpu0 + i];
        cpu += x->cpu_ns;
        wait += x->wait_ns;
        parked += x->parked_ns;
        work += x->work_ns;
        vdc_chist_c_merge(merged, &x->wake);
        if (x->boosted_wake_max_ns > bmax)
            bmax = x->boosted_wake_max_ns;
    }
    vdc_results_metric(r, m->name, "cpu_s", (double)cpu * VDC_S_PER_NS, "s");
    vdc_results_metric(r, m->name, "share", dur > 0 ? (double)cpu * VDC_S_PER_NS / dur : 0, "pcpu");
    vdc_results_metric(r, m->name, "demand_s", (double)(cpu + wait + parked) * VDC_S_PER_NS, "s");
    vdc_results_metric(r, m->name, "work_s", work * VDC_S_PER_NS, "s");
    if (m->cap > 0 && s->vm[d].cap_n > 10)
        vdc_results_metric(r, m->name, "cap_window_max", s->vm[d].cap_window_max, "pcpu");
    if (merged->count) {
        vdc_results_metric(r, m->name, "wakes", (double)merged->count, "");
        vdc_results_metric(r, m->name, "wake_latency_p50_us", vdc_chist_quantile(merged, 0.5) / 1e3, "us");
        vdc_results_metric(r, m->name, "wake_latency_p99_us", vdc_chist_quantile(merged, 0.99) / 1e3, "us");
        vdc_results_metric(r, m->name, "wake_latency_max_us", vdc_chist_quantile(merged, 1) / 1e3, "us");
        vdc_results_metric(r, m->name, "wake_latency_mean_us", vdc_chist_mean(merged) / 1e3, "us");
        if (bmax >= 0)
            vdc_results_metric(r, m->name, "wake_latency_boosted_max_us", (double)bmax / 1e3, "us");
        for (int i = 0; i < VDC_CHIST_NBUCKETS; i++)
            if (merged->bucket[i]) {
                vdc_value row[] = { VDC_TEXT(m->name), VDC_REAL(vdc_chist_bucket_ns(i) / 1e3),
                                    VDC_INT((int64_t)merged->bucket[i]) };
                if (vdc_results_row(r, &wake_hist_table, row))
                    return VDC_EIO;
            }
    }
    const vdc_chist *ping = vdc_swl_ping_latency(s->wl, d);
    if (ping && ping->count) {
        vdc_results_metric(r, m->name, "ping_requests", (double)ping->count, "");
        vdc_results_metric(r, m->name, "ping_latency_min_ms", vdc_chist_quantile(ping, 0) / 1e6, "ms");
        vdc_results_metric(r, m->name, "ping_latency_mean_ms", vdc_chist_mean(ping) / 1e6, "ms");
        vdc_results_metric(r, m->name, "ping_latency_p50_ms", vdc_chist_quantile(ping, 0.5) / 1e6, "ms");
        vdc_results_metric(r, m->name, "ping_latency_p99_ms", vdc_chist_quantile(ping, 0.99) / 1e6, "ms");
        vdc_results_metric(r, m->name, "ping_latency_max_ms", vdc_chist_quantile(ping, 1) / 1e6, "ms");
    }
    for (int i = 0; i < (int)m->max_vcpus; i++) {
        const vdc_credit_vcpu *x = &s->vc[m->vcpu0 + i];
        if (i >= m->vcpus && x->cpu_ns == 0 && x->wait_ns == 0)
            continue;                           /* a hot-plug slot never used */
        bool woke = x->wake.count > 0;
        if (woke) {
            *one = (vdc_chist){ 0 };
            vdc_chist_c_merge(one, &x->wake);
        }
        vdc_value row[] = {
            m->host >= 0 ? VDC_TEXT(w->host[m->host].name) : null_value,
            VDC_TEXT(m->name), VDC_INT(i), VDC_REAL((double)x->cpu_ns * VDC_S_PER_NS),
            VDC_REAL((double)x->wait_ns * VDC_S_PER_NS),
            woke ? VDC_REAL(vdc_chist_quantile(one, 0.5) / 1e3) : null_value,
            woke ? VDC_REAL(vdc_chist_quantile(one, 0.99) / 1e3) : null_value,
            woke ? VDC_REAL(vdc_chist_quantile(one, 1) / 1e3) : null_value,
            VDC_INT(x->boosts), VDC_INT(x->migrations), VDC_REAL((double)x->parked_ns * VDC_S_PER_NS)
        };
        if (vdc_results_row(r, &sched_vcpu_table, row))
            return VDC_EIO;
    }
    return 0;
}

int vdc_credit_report(vdc_credit *s, vdc_error *err)
{
    vdc_results *r = s->sim->res;
    vdc_time now = vdc_engine_now(s->sim->eng);
    double dur = vdc_time_to_s(now);
    for (int v = 0; v < s->nvc; v++) {          /* close open intervals */
        vdc_credit_vcpu *x = &s->vc[v];
        if (x->state == VDC_CREDIT_QUEUED) {
            x->wait_ns += now - x->since;
            x->since = now;
        }
        if (x->flags & VDC_CREDIT_F_PARKED) {
            x->parked_ns += now - x->parked_at;
            x->parked_at = now;
        }
    }
    host_metrics(s, dur);
    vdc_chist *merged = malloc(2 * sizeof *merged);
    if (!merged)
        return vdc_error_set(err, VDC_ENOMEM, "credit: out of memory");
    int rc = pcpu_rows(s);
    for (int d = 0; d < s->sim->world.nvm && !rc; d++)
        rc = vm_metrics(s, d, dur, merged, merged + 1);
    free(merged);
    if (rc)
        return vdc_error_set(err, rc, "credit: results staging failed");
    vdc_results_metric(r, "credit", "schedules", (double)s->schedules, "");
    vdc_results_metric(r, "credit", "ticks", (double)s->ticks, "");
    vdc_results_metric(r, "credit", "accountings", (double)s->accts, "");
    vdc_results_metric(r, "credit", "wakes", (double)s->wakes, "");
    vdc_results_metric(r, "credit", "completions", (double)s->completions, "");
    if (s->p.audit_ms > 0) {
        vdc_results_metric(r, "credit", "audit_checks", (double)s->audit_checks, "");
        vdc_results_metric(r, "credit", "audit_violations", (double)s->audit_viol, "");
        vdc_results_metric(r, "credit", "audit_max_wait_ms", (double)s->audit_max_wait / 1e6, "ms");
    }
    return 0;
}
