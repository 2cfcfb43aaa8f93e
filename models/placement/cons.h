/* cons.h -- state of the consolidation model, shared by its files
 * (consolidate.c: policy and power; arrivals.c: VM arrivals and departures;
 * cons_report.c: samples, metrics, the `consolidation` table).  Internal to
 * models/placement/.
 */
#ifndef VDC_CONS_H
#define VDC_CONS_H

#include <gsl/gsl_rng.h>

#include "fitset.h"
#include "monitor.h"
#include "place.h"

typedef struct cons_params {
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
} cons_params;

typedef struct cons_stats {
    int64_t mig_req, mig_live, mig_instant, boots, shutdowns;
    int64_t arrivals, departures, queued, unserved;
    double wait_s;              /* arrivals' time in the queue, summed */
} cons_stats;

typedef struct cons {
    vdc_sim *sim;
    const cons_params *p;
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
    cons_stats st;
    /* samples window */
    vdc_mon_sums win0;
    int64_t win_mig0;
    /* arrivals */
    gsl_rng *arr_rng, *life_rng;
    int *queue; int nq, capq;   /* VMs waiting for a host */
    double *queued_at;          /* per VM */
    char **names; int nnames, capnames;
    vdc_vm proto;               /* the template, as at init */
} cons;

/* ---- consolidate.c ------------------------------------------------- */
int cons_grow_vms(cons *c);
void cons_power_up_for(cons *c, double demand);
/* ---- arrivals.c ---------------------------------------------------- */
int cons_arrivals_init(cons *c, vdc_error *err);
void cons_arrivals_drain(cons *c);         /* place queued VMs where possible */
void cons_arrivals_free(cons *c);
/* ---- cons_report.c ------------------------------------------------- */
void cons_row(cons *c, const char *event, int vm, int src, int dst);
int cons_samples_init(cons *c);
void cons_report(cons *c);

#endif
