/* credit.h -- internals shared by the files of the Xen Credit model:
 * credit.c (descriptor, life, observers, results), credit_runq.c (run
 * queues, wake/tickle, schedule, stealing), credit_acct.c (debit, ticks,
 * accounting).  See models/sched/README.md "## credit" for the model.
 *
 * Indices: vCPUs and VMs are world indices; pCPUs are numbered globally,
 * host h owning pCPUs pcpu0 .. pcpu0+npcpu-1; bitmaps are per host, by the
 * pCPU's local index.  A run queue is an intrusive list through vCPUs.
 */
#ifndef VDC_CREDIT_H
#define VDC_CREDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "bitmap.h"
#include "credit_hist.h"
#include "sched_wl.h"
#include "sim.h"

/* Priorities, xen/common/sched/credit.c:65-68. */
#define VDC_CREDIT_BOOST 0
#define VDC_CREDIT_UNDER (-1)
#define VDC_CREDIT_OVER (-2)
#define VDC_CREDIT_IDLE (-64)

enum { VDC_CREDIT_OFF, VDC_CREDIT_QUEUED, VDC_CREDIT_RUNNING };   /* vcpu.state */

/* vcpu.flags */
#define VDC_CREDIT_F_ACTIVE 0x01   /* in the accounting set               */
#define VDC_CREDIT_F_PARKED 0x02   /* capped out (CSCHED_FLAG_UNIT_PARKED) */
#define VDC_CREDIT_F_KICKED 0x04   /* being moved to another pCPU (_VPF_migrating) */
#define VDC_CREDIT_F_MIGRATED 0x08 /* next wake is a migration: no BOOST  */
#define VDC_CREDIT_F_PAUSED 0x10   /* its VM is paused                    */
#define VDC_CREDIT_F_AWAY 0x20     /* VM unplaced or leaving its host     */
#define VDC_CREDIT_F_WOKE 0x40     /* a wake-latency sample is open       */
#define VDC_CREDIT_F_WOKE_BOOST 0x80 /* ... and that wake was BOOSTed       */
#define VDC_CREDIT_F_UNRUN (VDC_CREDIT_F_PARKED | VDC_CREDIT_F_KICKED | \
                            VDC_CREDIT_F_PAUSED | VDC_CREDIT_F_AWAY)

typedef struct vdc_credit_params {
    int64_t tslice_ms, ratelimit_us, lb_ratelimit_us, migration_delay_us;
    bool boost, load_balance, samples;
    int accounting;                /* 0 exact, 1 sampled */
    double demand_period_ms, audit_ms, latency_warmup_s;
} vdc_credit_params;

typedef struct vdc_credit_vcpu {
    int next, prev;                /* run-queue links, -1 */
    int act_next, act_prev;        /* VM's active list links, -1 */
    int pcpu;                      /* where it runs / queues / last ran; -1 */
    int8_t pri;
    uint8_t state;
    uint16_t flags;
    int32_t credit;
    int64_t debit_ns;              /* run time not yet debited (< 100 us) */
    vdc_time burn_mark;            /* debited up to here while running */
    vdc_time since;                /* entered OFF / QUEUED */
    vdc_time run_start;            /* continuous run began (ratelimit) */
    vdc_time last_sched;           /* last descheduled (cache-hot test) */
    vdc_time woke_at, parked_at;
    int64_t cpu_ns, wait_ns, parked_ns, boosts, migrations;
    int64_t boosted_wake_max_ns;   /* longest wait after a BOOSTed wake; -1 none */
    double work_ns;
    vdc_chist_c wake;              /* wake latencies (pages allocated as used) */
} vdc_credit_vcpu;

typedef struct vdc_credit_pcpu {
    int host;
    int curr;                      /* running vCPU, -1 = idle vCPU */
    int head, tail, nq;            /* run queue */
    int last_boost, last_under;    /* last BOOST / UNDER entry when sorted */
    bool sorted;                   /* priorities non-increasing along the queue */
    uint8_t qstate;                /* bits set in the host's qany (1), qhi (2) */
    bool pending;                  /* a reschedule is raised */
    bool slice_due;                /* slice over; the tick due now reschedules */
    vdc_event_id ev;               /* at min(slice_end, done_at) */
    vdc_time ev_at, slice_end, done_at;
    vdc_time tick_next;            /* next tick of this pCPU; MAX while idle */
    vdc_time idle_since;           /* when it last went idle */
    vdc_time last_lb;
    vdc_time mark;                 /* curr's CPU time counted up to here */
    double speed;                  /* curr's speed since mark */
    int64_t busy_ns;
    int64_t steals, stolen;        /* vCPUs it took from peers; peers took from it */
} vdc_credit_pcpu;

typedef struct vdc_credit_host {
    int pcpu0, npcpu, nw;          /* first pCPU, count, bitmap words */
    uint64_t *idlers, *qany, *qhi; /* idle; queue non-empty; head above OVER */
    int64_t weight, credit, balance;
    int act_head;                  /* active VMs */
    vdc_event_id acct, tick;       /* accounting; ticks of its busy pCPUs */
    vdc_time last_tick;            /* when the tick timer last fired */
    int bias, last_tickle, rr;
    int *capped, ncapped, cap_alloc; /* capped VMs placed here */
    int64_t steals, switches, kicks, win_busy_ns;
} vdc_credit_host;

typedef struct vdc_credit_vm {
    int host;                      /* host holding its vCPUs, -1 */
    int act_head, act_count;       /* active vCPUs */
    int act_next, act_prev;
    bool in_active;
    uint64_t *aff;                 /* hard affinity (local bits); NULL = all */
    int naff;
    int64_t win_cpu_ns;            /* at the last sample */
    int64_t cap_hist[11];          /* cpu_ns at the last 11 accountings */
    int cap_n;
    double cap_window_max;         /* max share over 10 accounting periods */
} vdc_credit_vm;

typedef struct vdc_credit {
    vdc_sim *sim;
    vdc_credit_params p;
    vdc_time tslice, tick, ratelimit, lb_ratelimit, migr_delay;
    vdc_time lat_from;             /* latencies recorded from here (warm-up) */
    int32_t cpt, cptick;           /* credits per tslice, per tick */
    vdc_credit_host *host; int nhost;
    vdc_credit_pcpu *pc; int npc;
    vdc_credit_vcpu *vc; int nvc;
    vdc_credit_vm *vm; int nvm;
    uint64_t *bits;                /* storage of every host's bitmaps */
    int *pend; int npend, pend_head;
    bool flushing, quiet;          /* quiet: wakes are not latency samples */
    vdc_swl *wl;
    uint64_t schedules, ticks, wakes, completions, accts;   /* scheduler events */
    int64_t audit_checks, audit_viol;
    vdc_time audit_max_wait;
    vdc_time last_sample;
} vdc_credit;

/* ---- credit_runq.c ------------------------------------------------------ */
bool vdc_credit_runnable(const vdc_credit *s, int v);
void vdc_credit_raise(vdc_credit *s, int c);
void vdc_credit_flush(vdc_credit *s);
void vdc_credit_settle(vdc_credit *s, int c);
void vdc_credit_rearm(vdc_credit *s, int c);       /* done time of curr changed */
void vdc_credit_wake(vdc_credit *s, int v, bool sample, bool noboost);
void vdc_credit_sleep(vdc_credit *s, int v);
int vdc_credit_pick_cpu(const vdc_credit *s, int v);
void vdc_credit_runq_sort(vdc_credit *s, int c);
bool vdc_credit_allowed(const vdc_credit *s, int v, int c);

/* ---- credit_acct.c ------------------------------------------------------ */
void vdc_credit_burn(vdc_credit *s, int v, vdc_time now);
void vdc_credit_tick_start(vdc_credit *s, int c);
void vdc_credit_tick_stop(vdc_credit *s, int c);
void vdc_credit_acct_start(vdc_credit *s, int v);
void vdc_credit_acct_stop(vdc_credit *s, int v);

/* ---- credit_report.c: metrics, sched_vcpu rows, wake histograms -------- */
int vdc_credit_report(vdc_credit *s, vdc_error *err);

#endif
