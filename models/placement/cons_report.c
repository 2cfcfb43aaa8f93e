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
 * The paper's other metrics (CCPE 2012, section 7.2):
 *   PDM  = (1/M) sum_j C_d,j / C_r,j over the M VMs that wanted CPU: C_r the
 *          pCPU-s the VM wanted, C_d what migrations cost it (paper cost:
 *          mig_degradation x its demand while it moved; a migration model:
 *          its demand while paused);
 *   SLAV = SLATAH x PDM;  ESV = energy (kWh) x SLAV;
 *   mean_time_before_host_off_s: on-time of a host before each power-down;
 *   mean_time_before_migration_s: time a VM spent on its host before each
 *   migration request.
 * OpenStack Neat's (Beloglazov & Buyya, CCPE 2015; its idle- and overload-time-fraction.py):
 *   AITF = sum_h time asleep / sum_h time simulated;
 *   AOTF = sum_h time at 100% / sum_h time on.
 * CloudSim 3.0.3 computes PDM as sum C_d / sum C_r (reported as pdm_total).
 */
#include <stdlib.h>

#include "cons.h"

static const vdc_column cols[] = {
    { "t_s", "REAL" }, { "event", "TEXT" }, { "vm", "TEXT" }, { "src", "TEXT" },
    { "dst", "TEXT" }, { 0 }
};
static const vdc_table table = { "consolidation", cols };

void vdc_cons_row(vdc_cons *c, const char *event, int vm, int src, int dst)
{
    if (!c->sim->res || !c->p->event_rows)
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
    vdc_cons *c = ctx;
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
    if (c->p->host_samples) {
        const vdc_world *w = &c->sim->world;
        for (int h = 0; h < w->nhost; h++) {
            const vdc_mon_sums *x = &c->mon.h[h].s, *y = &c->hwin0[h];
            double P = (double)w->host[h].pcpus;
            vdc_results_sample(r, w->host[h].name, "util", t,
                               x->on_s > y->on_s && P > 0
                                   ? (x->busy_s - y->busy_s) / (P * (x->on_s - y->on_s)) : 0);
            vdc_results_sample(r, w->host[h].name, "power_w", t,
                               (x->energy_on_j + x->energy_trans_j - y->energy_on_j -
                                y->energy_trans_j) / win);
            vdc_results_sample(r, w->host[h].name, "on", t, (x->on_s - y->on_s) / win);
            c->hwin0[h] = *x;
        }
    }
    return vdc_time_from_s(win);
}

int vdc_cons_samples_init(vdc_cons *c)
{
    vdc_time win = vdc_time_from_s(c->sim->sample_window_s);
    if (c->p->host_samples) {
        c->hwin0 = calloc(c->sim->world.nhost > 0 ? (size_t)c->sim->world.nhost : 1,
                          sizeof *c->hwin0);
        if (!c->hwin0)
            return VDC_ENOMEM;
    }
    if (c->p->samples && c->sim->res && win > 0)
        vdc_engine_timer(c->sim->eng, win, sample_tick, c, 0);
    return 0;
}

void vdc_cons_report(vdc_cons *c)
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
    /* PDM: per VM, then the mean (the paper) and the ratio of sums (CloudSim) */
    double pdm = 0, cd_tot = 0, cr_tot = 0;
    int nvm_pdm = 0;
    for (int vm = 0; vm < w->nvm; vm++) {
        double cd = c->deg[vm] + c->mon.v[vm].down_s;
        if (c->p->mig_cost == CONS_MIG_PAPER && c->resv[vm] >= 0 && w->vm[vm].host >= 0)
            cd += c->p->mig_degradation * (c->mon.v[vm].dem_s - c->mig_dem0[vm]);  /* still moving */
        double cr = c->mon.v[vm].dem_s;
        if (cr > 0) {
            pdm += cd / cr;
            nvm_pdm++;
        }
        cd_tot += cd;
        cr_tot += cr;
    }
    pdm = nvm_pdm ? pdm / nvm_pdm : 0;
    double sl = on_hosts ? slatah / on_hosts : 0, slav = sl * pdm;
    double host_time = dur * w->nhost;
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
        { "slatah", sl, "" },
        { "pdm", pdm, "" },
        { "pdm_total", cr_tot > 0 ? cd_tot / cr_tot : 0, "" },
        { "slav", slav, "" },
        { "esv", e / 3.6e6 * slav, "kWh" },
        { "aitf", host_time > 0 ? s->off_s / host_time : 0, "" },
        { "aotf", s->on_s > 0 ? s->full_s / s->on_s : 0, "" },
        { "host_sleep_transitions", (double)c->st.shutdowns, "" },
        { "mean_time_before_host_off_s",
          c->st.host_lives ? c->st.host_life_s / (double)c->st.host_lives : 0, "s" },
        { "mean_time_before_migration_s",
          c->st.vm_stays ? c->st.vm_stay_s / (double)c->st.vm_stays : 0, "s" },
        { "arrivals", (double)c->st.arrivals, "" },
        { "departures", (double)c->st.departures, "" },
        { "arrivals_queued", (double)c->st.queued, "" },
        { "arrivals_unserved", (double)c->st.unserved, "" },
        { "arrival_wait_s", c->st.wait_s, "s" },
    };
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        vdc_results_metric(r, "dc", m[i].n, m[i].v, m[i].u);
}
