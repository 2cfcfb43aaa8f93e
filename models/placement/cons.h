/* cons.h -- state of the consolidation model, shared by its files
 * (consolidate.c: policy and power; arrivals.c: VM arrivals and departures;
 * cons_report.c: samples, metrics, the `consolidation` table).  Internal to
 * models/placement/.
 */
#ifndef VDC_CONS_H
#define VDC_CONS_H

#include <gsl/gsl_rng.h>

#include "detect.h"
#include "fitset.h"
#include "monitor.h"
#include "place.h"

typedef struct vdc_cons_params {
    vdc_place_params pl;
    double period_s;            /* 0: never consolidate (spread baseline) */
    double low_util, high_util; /* under / over-load thresholds of demand/pCPUs */
    int64_t max_migrations;     /* per period, 0 = no limit */
    int64_t min_hosts;          /* never fewer hosts on */
    bool power_off_idle;
    double boot_s, boot_w, shutdown_s, shutdown_w;
    const char *power_table;
    bool samples;
    /* arrivals (arrivals.c) */
    int arr_template;           /* VM index, -1 = no arrivals */
    double arr_rate_per_s, arr_amplitude, arr_period_s, arr_peak_s;
    double lifetime_s;
    int lifetime_dist;          /* 0 exp, 1 const */
    int64_t arr_max;
    /* the policy suite of Beloglazov & Buyya, CCPE 2012 (suite.c) */
    int baseline;               /* vdc_cons_baseline */
    int allocation;             /* vdc_cons_alloc */
    int overload;               /* vdc_ovl */
    int selection;              /* vdc_cons_sel */
    int underload;              /* vdc_cons_under */
    double safety;              /* < 0: the paper's value for the detector */
    int64_t history_len, history_min, lr_window, lrr_iterations;
    double fallback_util;
    double mhod_util, mhod_otf, mhod_step;   /* MHOD (mhod.c) */
    int64_t mhod_learning, mhod_wmin, mhod_wmax, mhod_wstep;
    int mig_cost;               /* vdc_cons_migcost */
    double mig_bw_gbps;         /* < 0: half the source host's NIC */
    double mig_degradation;     /* paper: 0.1 of the VM's demand while it moves */
    bool host_samples;
    bool event_rows;            /* the consolidation table */
    bool placement_rows;        /* the placements table (this run's rows) */
    bool pabfd_wake;            /* off hosts compete in PABFD (CloudSim); boot_s = 0 */
    double place_mem_overcommit; /* initial placement only; < 0: mem_overcommit */
} vdc_cons_params;

typedef enum { CONS_BASE_NONE, CONS_BASE_NPA, CONS_BASE_DVFS } vdc_cons_baseline;
#define CONS_BASE_CHOICES "none|npa|dvfs"
typedef enum { CONS_ALLOC_LOAD, CONS_ALLOC_PABFD } vdc_cons_alloc;
#define CONS_ALLOC_CHOICES "load_best_fit|pabfd"
typedef enum { CONS_SEL_MMT, CONS_SEL_MC, CONS_SEL_RS, CONS_SEL_MU } vdc_cons_sel;
#define CONS_SEL_CHOICES "mmt|mc|rs|mu"
typedef enum { CONS_UNDER_THRESHOLD, CONS_UNDER_LEAST, CONS_UNDER_NONE } vdc_cons_under;
#define CONS_UNDER_CHOICES "threshold|least|none"
typedef enum { CONS_MIG_MODEL, CONS_MIG_PAPER } vdc_cons_migcost;
#define CONS_MIG_CHOICES "model|paper"

typedef struct vdc_cons_stats {
    int64_t mig_req, mig_live, mig_instant, boots, shutdowns;
    int64_t arrivals, departures, queued, unserved;
    double wait_s;              /* arrivals' time in the queue, summed */
    double host_life_s; int64_t host_lives;  /* on-time before each power-down */
    double vm_stay_s; int64_t vm_stays;      /* time on a host before each migration */
} vdc_cons_stats;

typedef struct vdc_cons {
    vdc_sim *sim;
    const vdc_cons_params *p;
    vdc_power_curve curve;
    vdc_place pl;               /* committed + reserved vCPUs and GiB */
    vdc_mon mon;
    vdc_fitset load;            /* during a step: ON hosts by load headroom */
    double *hload;              /* during a step: estimated demand per host */
    bool *draining;             /* per host: being emptied, then off */
    int ndraining;
    int *incoming;              /* per host: migrations reserved towards it */
    int64_t *dest_step;         /* per host: last step that sent it a VM */
    int64_t nstep;
    int *resv;                  /* per VM: reserved destination, -1 */
    double *est;                /* per VM: demand estimate of this step */
    int *order;                 /* scratch, nhost or nvm long */
    int nvm_alloc;
    vdc_cons_stats st;
    /* samples window */
    vdc_mon_sums win0;
    vdc_mon_sums *hwin0;        /* per host, with host_samples */
    int64_t win_mig0;
    /* arrivals */
    gsl_rng *arr_rng, *life_rng;
    int *queue; int nq, capq;   /* VMs waiting for a host */
    double *queued_at;          /* per VM */
    char **names; int nnames, capnames;
    vdc_vm proto;               /* the template, as at init */
    /* the policy suite (suite.c) */
    vdc_detect det;
    gsl_rng *sel_rng;           /* stream placement/selection (RS) */
    int hlen;                   /* history_len */
    int hpos;                   /* ring slot of the next sample, all VMs */
    double *hist;               /* per VM: hlen estimates (pCPUs), a ring */
    int *hist_n;                /* per VM: samples held */
    double *deg;                /* per VM: pCPU-s lost to migrations (PDM) */
    double *mig_dem0;           /* per VM: demand integral when its move began */
    double *since;              /* per VM: when it came to its host, s */
    int64_t *sel_step;          /* per VM: step that selected it to move */
    double *hsum;               /* per host: sum of its planned VMs' rings */
    int *hn;                    /* per host: samples in that sum */
    bool *ovl;                  /* per host: overloaded source this step */
    bool *seen;                 /* per host: examined for underload this step */
    double *on_since;           /* per host: when it last came on, s */
    double *tin;                /* per host: longest paper migration towards it, s */
    double *pd; int *ph;        /* scratch of PABFD: power increase and host per fitting cand */
    double *cw, *cwl;           /* per host: watts at load cwl (cache of its curve) */
    double *ta, *to, *ta_since; /* per host, MHOD: steps on and in state 1 since on_since */
    int *cand; int ncand;       /* hosts on and managed, during a step */
    int *slot;                  /* per host: its index in cand[], -1 */
    double *cfm, *cfc, *cfs;    /* per cand slot: free GiB, free pCPUs, free vCPU slots */
    bool *cok;                  /* per cand slot: may receive (managed, not overloaded) */
    int64_t ver;                /* bumped by every change of the table */
    int64_t fail_ver;           /* the table version the failures below hold for */
    double fail[8][3];          /* underload searches that found no host: GiB, pCPUs, vCPUs */
    int nfail;
    double *ubuf;               /* scratch: a utilisation series */
    double *mc_buf;             /* scratch of the MC regression */
    /* MC's Gram matrix of one host's VMs (select.c), kept for the host's
     * next selection in the same step: the entries of the VMs left are the
     * same sums.  Valid for (mc_h, mc_step, mc_ns); mc_vm[0..mc_m-1]. */
    double *mc_G; int mc_vm[64]; int mc_m, mc_ns, mc_h;
    int64_t mc_step;
} vdc_cons;

/* ---- consolidate.c ------------------------------------------------- */
int vdc_cons_grow_vms(vdc_cons *c);
void vdc_cons_power_up_for(vdc_cons *c, double demand);
/* ---- arrivals.c ---------------------------------------------------- */
int vdc_cons_arrivals_init(vdc_cons *c, vdc_error *err);
void vdc_cons_arrivals_drain(vdc_cons *c);         /* place queued VMs where possible */
void vdc_cons_arrivals_free(vdc_cons *c);
/* ---- suite.c ------------------------------------------------------ */
int vdc_cons_suite_init(vdc_cons *c, vdc_error *err);
void vdc_cons_suite_step(vdc_cons *c);
void vdc_cons_suite_free(vdc_cons *c);
void vdc_cons_note_power_down(vdc_cons *c, int h);   /* mean time before sleep */
void vdc_cons_note_move(vdc_cons *c, int vm);        /* mean time before migration */
/* The paper's migration: the VM moves after memory / bandwidth, its
 * demand degraded by mig_degradation meanwhile (counted in PDM). */
void vdc_cons_paper_migrate(vdc_cons *c, int vm, int src, int dst);
/* T = memory / bandwidth, s (inline: the LR horizon reads it per VM per
 * detector run) */
static inline double vdc_cons_paper_time_s(const vdc_cons *c, int vm, int src)
{
    const vdc_world *w = &c->sim->world;
    double bw = c->p->mig_bw_gbps > 0 ? c->p->mig_bw_gbps
                                      : (src >= 0 ? 0.5 * w->host[src].bandwidth_gbps : 0);
    if (!(bw > 0))
        return 0;
    return w->vm[vm].memory_gib * 8.0 * 1.073741824 / bw;   /* GiB -> Gbit */
}
/* ---- consolidate.c, shared with suite.c ----------------------------- */
void vdc_cons_plan(vdc_cons *c, int vm, int src, int dst, double sign);
void vdc_cons_migrate(vdc_cons *c, int vm, int dst);
bool vdc_cons_movable(const vdc_cons *c, int vm);
/* A host on and not being emptied (hot: PABFD scans every host with it). */
static inline bool vdc_cons_managed(const vdc_cons *c, int h)
{
    return c->mon.h[h].state == VDC_HOST_ON && !c->draining[h];
}
bool vdc_cons_can_power_down(const vdc_cons *c, int h);
void vdc_cons_power_down(vdc_cons *c, int h);
void vdc_cons_power_up(vdc_cons *c, int h);
/* Capacity in the monitor's speed units (pCPUs x core_mips), as estimates. */
static inline double vdc_cons_cap(const vdc_cons *c, int h)
{
    return (double)c->sim->world.host[h].pcpus * vdc_mon_speed(&c->mon, h);
}
/* ---- select.c ------------------------------------------------------ */
/* A VM among list[0..n-1] (all on host h) by the selection policy. */
int vdc_cons_select(vdc_cons *c, int h, const int *list, int n);
/* ---- cons_report.c ------------------------------------------------- */
void vdc_cons_row(vdc_cons *c, const char *event, int vm, int src, int dst);
int vdc_cons_samples_init(vdc_cons *c);
void vdc_cons_report(vdc_cons *c);

#endif
