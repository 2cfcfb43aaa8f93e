/* cons_report.c -- what the consolidation model writes (README.md in this
 * folder lists every name):
 *  - samples, entity "dc", every sample_window_s (means over the window):
 *    active_hosts, power_w, util (of hosts on), demand_pcpu, unmet_pcpu,
 *    migrations (requested in the window), vms (placed), queued;
 *  - metrics, entity "dc": energy_kwh (on + transitions), energy_on_kwh,
 *    energy_transition_kwh, mean_power_w, active_hosts_mean, hosts_on_end,
 *    migrations_requested / _live / _instant, power_on_transitions,
 *    power_off_transitions, demand_cpu_s, served_cpu_s, sla_unmet_cpu_s,
 *    sla_overload_cpu_s, sla_downtime_cpu_s, sla_violation (unmet/demand),
 *    slatah, arrivals, departures, arrivals_queued, arrivals_unserved,
 *    arrival_wait_s; per host: energy_total_j, on_s;
 *  - table `consolidation`: one row per decision or power event.
 * SLATAH follows Beloglazov & Buyya (CCPE 2012): the mean over hosts that
 * were on of (time on at 100% utilisation) / (time on); here "at 100%"
 * means demand >= capacity, which the fluid scheduler turns into util = 1.
 */
#include "cons.h"

static const vdc_column cols[] = {
    { "t_s", "REAL" }, { "event", "TEXT" }, { "vm", "TEXT" }, { "src", "TEXT" },
    { "dst", "TEXT" }, { 0 }
};
static const vdc_table table = { "consolidation", cols };

void cons_row(cons *c, const char *event, int vm, int src, int dst)
{
    if (!c->sim->res)
        return;
    const vdc_world *w = &c->sim->world;
    vdc_value v[] = {
        VDC_REAL(vdc_time_to_s(vdc_engine_now(c->sim->eng))),
        VDC_TEXT(event),
        VDC_TEXT(vm >= 0 ? w->vm[vm].name : ""),
        VDC_TEXT(src >= 0 ? w->host[src].name : ""),
        VDC_TEXT(dst >= 0 ? w->host[dst].name : ""),
    };
    vdc_results_row(c->sim->res, &table, v);
}

static vdc_time sample_tick(vdc_engine *eng, void *ctx, uint64_t arg)
{
    cons *c = ctx;
    vdc_results *r = c->sim->res;
    double win = c->sim->sample_window_s, t = vdc_time_to_s(vdc_engine_now(eng));
    (void)arg;
    vdc_mon_settle_all(&c->mon);
    const vdc_mon_sums *a = &c->mon.tot, *b = &c->win0;
    int vms = 0;
    for (int h = 0; h < c->mon.nh; h++)
        vms += c->mon.h[h].n;
    double pcpu = a->on_pcpu_s - b->on_pcpu_s;
    vdc_results_sample(r, "dc", "active_hosts", t, (a->on_s - b->on_s) / win);
    vdc_results_sample(r, "dc", "power_w", t,
                       (a->energy_on_j + a->energy_trans_j - b->energy_on_j - b->energy_trans_j) / win);
    vdc_results_sample(r, "dc", "util", t, pcpu > 0 ? (a->busy_s - b->busy_s) / pcpu : 0);
    vdc_results_sample(r, "dc", "demand_pcpu", t, (a->demand_s - b->demand_s) / win);
    vdc_results_sample(r, "dc", "unmet_pcpu", t,
                       (a->unmet_over_s + a->unmet_down_s - b->unmet_over_s - b->unmet_down_s) / win);
    vdc_results_sample(r, "dc", "migrations", t, (double)(c->st.mig_req - c->win_mig0));
    vdc_results_sample(r, "dc", "vms", t, vms);
    vdc_results_sample(r, "dc", "queued", t, c->nq);
    c->win0 = *a;
    c->win_mig0 = c->st.mig_req;
    return vdc_time_from_s(win);
}

int cons_samples_init(cons *c)
{
    vdc_time win = vdc_time_from_s(c->sim->sample_window_s);
    if (c->p->samples && c->sim->res && win > 0)
        vdc_engine_timer(c->sim->eng, win, sample_tick, c, 0);
    return 0;
}

void cons_report(cons *c)
{
    vdc_results *r = c->sim->res;
    const vdc_world *w = &c->sim->world;
    if (!r)
        return;
    vdc_mon_settle_all(&c->mon);
    const vdc_mon_sums *s = &c->mon.tot;
    double dur = vdc_time_to_s(vdc_engine_now(c->sim->eng));
    double e = s->energy_on_j + s->energy_trans_j, unmet = s->unmet_over_s + s->unmet_down_s;
    double slatah = 0;
    int on_hosts = 0;
    for (int h = 0; h < w->nhost; h++) {
        const vdc_mon_host *mh = &c->mon.h[h];
        if (mh->s.on_s > 0) {
            slatah += mh->s.full_s / mh->s.on_s;
            on_hosts++;
        }
        vdc_results_metric(r, w->host[h].name, "energy_total_j",
                           mh->s.energy_on_j + mh->s.energy_trans_j, "J");
        vdc_results_metric(r, w->host[h].name, "on_s", mh->s.on_s, "s");
    }
    const struct { const char *n; double v; const char *u; } m[] = {
        { "energy_kwh", e / 3.6e6, "kWh" },
        { "energy_on_kwh", s->energy_on_j / 3.6e6, "kWh" },
        { "energy_transition_kwh", s->energy_trans_j / 3.6e6, "kWh" },
        { "mean_power_w", dur > 0 ? e / dur : 0, "W" },
        { "active_hosts_mean", dur > 0 ? s->on_s / dur : 0, "" },
        { "hosts_on_end", c->mon.count[VDC_HOST_ON], "" },
        { "migrations_requested", (double)c->st.mig_req, "" },
        { "migrations_live", (double)c->st.mig_live, "" },
        { "migrations_instant", (double)c->st.mig_instant, "" },
        { "power_on_transitions", (double)c->st.boots, "" },
        { "power_off_transitions", (double)c->st.shutdowns, "" },
        { "demand_cpu_s", s->demand_s, "s" },
        { "served_cpu_s", s->busy_s, "s" },
        { "sla_unmet_cpu_s", unmet, "s" },
        { "sla_overload_cpu_s", s->unmet_over_s, "s" },
        { "sla_downtime_cpu_s", s->unmet_down_s, "s" },
        { "sla_violation", s->demand_s > 0 ? unmet / s->demand_s : 0, "" },
        { "slatah", on_hosts ? slatah / on_hosts : 0, "" },
        { "arrivals", (double)c->st.arrivals, "" },
        { "departures", (double)c->st.departures, "" },
        { "arrivals_queued", (double)c->st.queued, "" },
        { "arrivals_unserved", (double)c->st.unserved, "" },
        { "arrival_wait_s", c->st.wait_s, "s" },
    };
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        vdc_results_metric(r, "dc", m[i].n, m[i].v, m[i].u);
}
