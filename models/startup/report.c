/* report.c -- the startup model's results: the boots table and metrics.
 *
 * boots: one row per instance start (outcome ok, refused_memory or
 * unfinished) and one per invocation served warm (outcome warm), in the
 * order they were requested.  start_time_s = ready_s - requested_s; the
 * phase columns add up to it (queueing for a resource is charged to the
 * phase that waits).  Extra columns after the list: namespace_s,
 * group_name, and the host's running / starting instances at the request.
 * metrics: per kind ("startup/<kind>", "startup/all") count and start-time
 * mean / p50 / p90 / p99 / max of the completed cold starts (GSL quantiles,
 * linear interpolation); per host "density_<kind>" = how many instances of
 * the kind's mean footprint fit in the memory the host offers, and with
 * share_fraction f > 0 "density_shared_<kind>" = 1 + floor((M - m) /
 * ((1 - f) m)): content-based page sharing in steady state (Waldspurger,
 * OSDI 2002; KSM), the kind's instances on a host taken as one image,
 * the first paying its whole footprint m, each further one (1 - f) m;
 * "peak_running_<kind>" and "mean_running_<kind>" (time average from t = 0:
 * the memory an instance pool holds); per arrivals group cold/warm counts
 * and invocation latency.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "startup_int.h"

static const vdc_column boots_cols[] = {
    { "instance", "TEXT" }, { "kind", "TEXT" }, { "preset", "TEXT" }, { "host", "TEXT" },
    { "requested_s", "REAL" }, { "ready_s", "REAL" }, { "start_time_s", "REAL" },
    { "toolstack_s", "REAL" }, { "fetch_s", "REAL" }, { "unpack_s", "REAL" },
    { "firmware_s", "REAL" }, { "kernel_s", "REAL" }, { "init_s", "REAL" },
    { "memory_mib", "REAL" }, { "image_mib", "REAL" }, { "outcome", "TEXT" },
    { "namespace_s", "REAL" }, { "group_name", "TEXT" }, { "running", "INTEGER" },
    { "starting", "INTEGER" }, { 0 }
};
static const vdc_table boots = { "boots", boots_cols };

static const char *outcome(const vdc_su_inst *in)
{
    switch (in->state) {
    case SU_REFUSED: return "refused_memory";
    case SU_STARTING: return "unfinished";
    default: return "ok";
    }
}

static int row(vdc_su_state *st, const vdc_su_inst *in, bool warm, vdc_time t_req)
{
    const vdc_su_req *r = &st->req[in->req];
    char name[300];
    snprintf(name, sizeof name, "%s-%d", st->group[in->group].name, in->index);
    bool ok = warm || (in->state != SU_REFUSED && in->state != SU_STARTING);
    double warm_s = st->par->warm_ms * 1e-3;
    double req_s = vdc_time_to_s(t_req);
    double ready_s = warm ? req_s + warm_s : vdc_time_to_s(in->t_ready);
    vdc_value v[20];
    v[0] = VDC_TEXT(name);
    v[1] = VDC_TEXT(vdc_startup_kind_name(r->kind));
    v[2] = VDC_TEXT(vdc_startup_presets[r->preset].name);
    v[3] = VDC_TEXT(st->sim->world.host[in->host].name);
    v[4] = VDC_REAL(req_s);
    v[5] = ok ? VDC_REAL(ready_s) : (vdc_value){ .type = VDC_V_NULL };
    v[6] = ok ? VDC_REAL(ready_s - req_s) : (vdc_value){ .type = VDC_V_NULL };
    static const int col_of[SU_NPHASE] = { 7, 8, 9, 10, 11, 12, 16 };
    for (int p = 0; p < SU_NPHASE; p++)     /* unfinished: the phases so far */
        v[col_of[p]] = VDC_REAL(warm ? 0 : in->phase_s[p]);
    v[13] = VDC_REAL(r->p.memory_mib);
    v[14] = VDC_REAL(r->p.image_mib);
    v[15] = VDC_TEXT(warm ? "warm" : outcome(in));
    v[17] = VDC_TEXT(st->group[in->group].name);
    v[18] = VDC_INT(warm ? 0 : in->running_at_req);
    v[19] = VDC_INT(warm ? 0 : in->starting_at_req);
    return vdc_results_row(st->sim->res, &boots, v);
}

/* count, mean, p50, p90, p99, max of x[0..n) (sorted in place). */
static void summary(vdc_results *res, const char *entity, double *x, size_t n,
                    const char *prefix)
{
    char name[64];
    snprintf(name, sizeof name, "%sstarts", prefix);
    vdc_results_metric(res, entity, name, (double)n, "instances");
    if (n == 0)
        return;
    gsl_sort(x, 1, n);
    static const struct { const char *n; double q; } qs[] = {
        { "p50", 0.5 }, { "p90", 0.9 }, { "p99", 0.99 } };
    snprintf(name, sizeof name, "%sstart_time_mean", prefix);
    vdc_results_metric(res, entity, name, gsl_stats_mean(x, 1, n), "s");
    for (size_t k = 0; k < 3; k++) {
        snprintf(name, sizeof name, "%sstart_time_%s", prefix, qs[k].n);
        vdc_results_metric(res, entity, name, gsl_stats_quantile_from_sorted_data(x, 1, n,
                                                                                 qs[k].q), "s");
    }
    snprintf(name, sizeof name, "%sstart_time_max", prefix);
    vdc_results_metric(res, entity, name, x[n - 1], "s");
}

static int metrics(vdc_su_state *st, double *x)
{
    vdc_results *res = st->sim->res;
    char ent[300], name[64];
    /* per kind, then all */
    for (int k = -1; k < VDC_STARTUP_NKIND; k++) {
        size_t n = 0, refused = 0, unfinished = 0, any = 0;
        for (int i = 0; i < st->ninst; i++) {
            const vdc_su_inst *in = &st->inst[i];
            if (k >= 0 && st->req[in->req].kind != k)
                continue;
            any++;
            if (in->state == SU_REFUSED)
                refused++;
            else if (in->state == SU_STARTING)
                unfinished++;
            else
                x[n++] = vdc_time_to_s(in->t_ready - in->t_req);
        }
        if (!any)
            continue;
        snprintf(ent, sizeof ent, "startup/%s", k < 0 ? "all" : vdc_startup_kind_name(k));
        summary(res, ent, x, n, "");
        vdc_results_metric(res, ent, "refused", (double)refused, "instances");
        vdc_results_metric(res, ent, "unfinished", (double)unfinished, "instances");
    }
    /* per host: density, peak and time-average per kind */
    vdc_time end = vdc_engine_now(st->sim->eng);
    for (int h = 0; h < st->nhost; h++) {
        vdc_su_host *hs = st->host[h];
        if (!hs)
            continue;
        vdc_su_account(hs, end);
        for (int k = 0; k < VDC_STARTUP_NKIND; k++) {
            if (!hs->requested_kind[k])
                continue;
            double foot = hs->mem_kind[k] / hs->requested_kind[k];
            double dens = foot > 0 ? floor(hs->mem_cap_mib / foot + 1e-9) : INFINITY;
            snprintf(name, sizeof name, "density_%s", vdc_startup_kind_name(k));
            vdc_results_metric(res, st->sim->world.host[h].name, name,
                               dens > 1e15 ? 1e15 : dens, "instances");
            double f = st->par->share_fraction;
            if (f > 0) {
                /* steady state after the scanner merged: the first instance
                 * pays its whole footprint, each further one (1 - f) of it */
                double cap = hs->mem_cap_mib, sh;
                if (!(foot > 0))
                    sh = INFINITY;
                else if (cap + 1e-9 < foot)
                    sh = 0;
                else
                    sh = floor((cap - foot) / ((1 - f) * foot) + 1e-9) + 1;
                snprintf(name, sizeof name, "density_shared_%s", vdc_startup_kind_name(k));
                vdc_results_metric(res, st->sim->world.host[h].name, name,
                                   sh > 1e15 ? 1e15 : sh, "instances");
            }
            snprintf(name, sizeof name, "peak_running_%s", vdc_startup_kind_name(k));
            vdc_results_metric(res, st->sim->world.host[h].name, name, hs->peak_kind[k],
                               "instances");
            double t = vdc_time_to_s(hs->run_t);
            snprintf(name, sizeof name, "mean_running_%s", vdc_startup_kind_name(k));
            vdc_results_metric(res, st->sim->world.host[h].name, name,
                               t > 0 ? hs->run_area[k] / t : 0, "instances");
        }
    }
    /* per arrivals group: cold vs warm */
    for (int g = 0; g < st->ngroup; g++) {
        const vdc_su_group *gr = &st->group[g];
        if (!gr->requests)
            continue;
        snprintf(ent, sizeof ent, "startup/group/%s", gr->name);
        vdc_results_metric(res, ent, "requests", (double)gr->requests, "invocations");
        vdc_results_metric(res, ent, "cold", (double)gr->cold, "invocations");
        vdc_results_metric(res, ent, "warm", (double)gr->warm, "invocations");
        vdc_results_metric(res, ent, "refused", (double)gr->refused, "invocations");
        vdc_results_metric(res, ent, "cold_fraction", (double)gr->cold / gr->requests, "");
        size_t n = 0;
        for (int i = 0; i < st->ninst; i++)
            if (st->inst[i].group == g && st->inst[i].state != SU_REFUSED &&
                st->inst[i].state != SU_STARTING)
                x[n++] = vdc_time_to_s(st->inst[i].t_ready - st->inst[i].t_req);
        for (int w = 0; w < st->nwarm; w++)
            if (st->inst[st->warm[w].inst].group == g)
                x[n++] = st->par->warm_ms * 1e-3;
        summary(res, ent, x, n, "invocation_");
    }
    return 0;
}

int vdc_su_report(vdc_su_state *st, vdc_error *err)
{
    if (!st->sim->res)
        return 0;                       /* a run without a results database */
    for (int i = 0; i < st->ninst; i++)
        if (row(st, &st->inst[i], false, st->inst[i].t_req))
            return vdc_error_set(err, VDC_EIO, "startup: staging boots rows failed");
    for (int w = 0; w < st->nwarm; w++)
        if (row(st, &st->inst[st->warm[w].inst], true, st->warm[w].t_req))
            return vdc_error_set(err, VDC_EIO, "startup: staging boots rows failed");
    size_t n = (size_t)st->ninst + (size_t)st->nwarm;
    double *x = malloc((n ? n : 1) * sizeof *x);
    if (!x)
        return vdc_error_set(err, VDC_ENOMEM, "startup: out of memory");
    metrics(st, x);
    free(x);
    return 0;
}
