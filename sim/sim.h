/* sim.h -- one run: the engine, the world, the results, the chosen models.
 *
 * Models receive a vdc_sim * and use its public fields; they schedule on
 * `eng`, change `world` through its verbs, and stage output in `res`.
 * Other models' states are private: models meet only through sim/.  Models
 * never see the scenario: what they need of it arrives as their parsed
 * parameters, the VMs' per-kind blocks and `label` for messages.
 */
#ifndef VDC_SIM_H
#define VDC_SIM_H

#include <stdint.h>

#include "event.h"
#include "model.h"
#include "results.h"
#include "world.h"

typedef struct vdc_net vdc_net;
typedef struct vdc_net_opts vdc_net_opts;

struct vdc_sim {
    vdc_engine *eng;
    vdc_world world;
    vdc_results *res;
    const char *label;              /* names the run in error messages: the
                                       scenario's file ("vdcsim.json: ...") */
    uint64_t seed;
    vdc_time end;                   /* the run's end time */
    double sample_window_s;         /* window of time-series samples */
    const vdc_model_type *model[VDC_KIND_COUNT];
    void *state[VDC_KIND_COUNT];
    vdc_net *net;                   /* shared flow network: use vdc_sim_net() */
    const vdc_wan_link *wan;        /* the scenario's WAN links, for vdc_sim_net() */
    int nwan;
};

/* The run's one flow network (sim/net.h), built by the first model that asks,
 * with its `opts` (NULL: no core link); later callers share the same links,
 * so concurrent transfers of different models compete for bandwidth.  It is
 * freed by the engine after every model's destroy hook. */
vdc_net *vdc_sim_net(vdc_sim *sim, const vdc_net_opts *opts, vdc_error *err);

/* CPU seconds VM `vm` has received so far from the chosen scheduler, or -1
 * if the scheduler cannot say (its vm_cpu_s hook is NULL). */
double vdc_sim_vm_cpu_s(const vdc_sim *sim, int vm);
/* A scheduler offering VDC_CAP_SHARE_EVENTS calls this after it changed
 * host's CPU shares: every chosen model's shares_changed hook hears it. */
void vdc_sim_shares_changed(vdc_sim *sim, int host);

/* Seconds <-> engine time.  vdc_time_from_s saturates at VDC_TIME_MAX;
 * inputs are range-checked by the scenario loader before they get here. */
vdc_time vdc_time_from_s(double s);
double vdc_time_to_s(vdc_time t);

typedef struct vdc_run_opts {
    const char *db_path;            /* NULL: run without writing results */
    bool progress;                  /* draw a progress bar on stderr      */
    const char *sweep;              /* with `point`: a sweep_points row,   */
    const char *point;              /* committed with the run (resume)    */
    bool sync_normal;               /* commit without fsync (a sweep point:
                                       see vdc_run_info.sync_normal)      */
} vdc_run_opts;

typedef struct vdc_run_summary {
    int64_t run_id;
    double wall_s;
    uint64_t events;
    double sim_s;
} vdc_run_summary;

typedef struct vdc_scenario vdc_scenario;

/* Build the run and initialise its models without running it (`vdcsim
 * check`): what a model refuses at init (a VM no host can take...) is
 * reported as by vdc_sim_run.  fn, if not NULL, hears the initial placement,
 * VM by VM (host name, reason as in the placements table). */
typedef void (*vdc_placement_fn)(void *ctx, const char *vm, const char *host,
                                 const char *reason);
int vdc_sim_check(const vdc_scenario *sc, vdc_placement_fn fn, void *ctx, vdc_error *err);

/* Build, run and commit one scenario.  Returns 0 or VDC_E*. */
int vdc_sim_run(const vdc_scenario *sc, const vdc_run_opts *opts,
                vdc_run_summary *sum, vdc_error *err);

#endif
