/* mig_algo.h -- the tables the migration core calls through (internal).
 *
 * An algorithm is one const vdc_mig_algo (as GSL's gsl_rng_type): its name,
 * the per-migration structures the core must build for it, the hook that
 * starts its first phase, and, if it iterates live rounds, the variation
 * points of the shared round loop (precopy.c).  A migration is always in one
 * phase, a const vdc_mig_phase_type that says what happens when the phase's
 * transfer ends, at the time cap and when the VM arrives at the destination.
 * The core (mig_core.c) names no algorithm and no phase of one: it only
 * calls these hooks.  stopcopy.c is the reference model to copy.
 *
 * What the core guarantees: hooks run inside the engine (vdc_mig_now() is
 * the event's time); m->flow is 0 when `sent` runs; the migration is not
 * done (vdc_mig_done) when any hook runs.  What a hook must leave: either
 * a new flow / event that will call the next hook, or vdc_mig_done() called.
 * Fields are only ever appended.
 */
#ifndef VDC_MIG_ALGO_H
#define VDC_MIG_ALGO_H

#include <stdbool.h>

#include "policy.h"

typedef struct vdc_mig_state vdc_mig_state;
typedef struct vdc_mig vdc_mig;

/* Per-migration structures an algorithm needs (vdc_mig_algo.needs).  The
 * core always creates m->rng (the migration's own random stream). */
#define VDC_MIG_NEED_LAW    1u   /* m->law (page popularity) + the bulk generator
                                    vdc_dirty_next(&m->dirty), seeded from m->rng */
#define VDC_MIG_NEED_BITMAP 2u   /* m->dirty: one dirty bit per guest page (with LAW) */

typedef struct vdc_mig_phase_type {
    const char *name;
    /* The VM runs at the source and may be throttled: throttle time counts in
     * degradation_s. */
    bool live;
    /* The phase's flow (vdc_mig_send) has put its last byte on the wire.
     * NULL: the phase sends nothing. */
    void (*sent)(vdc_mig_state *st, vdc_mig *m);
    /* time_cap_s reached in this phase.  NULL: the phase runs on to its end. */
    void (*time_cap)(vdc_mig_state *st, vdc_mig *m);
    /* The VM runs at the destination (scheduled by vdc_mig_switch_at()).
     * Required of any phase that calls vdc_mig_switch_at(). */
    void (*arrived)(vdc_mig_state *st, vdc_mig *m);
    /* The migration ends (time cap, end of run) with this phase's flow in
     * flight: add what was sent to bytes_sent / pages_sent.  NULL: the phase
     * accounted its bytes when it started the flow. */
    void (*abort)(vdc_mig_state *st, vdc_mig *m);
    /* The VM's speed changed, or it paused or resumed (the core has settled
     * its own bookkeeping first).  NULL: the phase does not care. */
    void (*speed)(vdc_mig_state *st, vdc_mig *m);
} vdc_mig_phase_type;

/* Variation points of the live-round loop (precopy.c). */
typedef struct vdc_mig_live_type {
    /* The VM made `writes` page writes (a Poisson mean) since the last call:
     * record them (in m->dirty, or as a count).  Required. */
    void (*write)(vdc_mig_state *st, vdc_mig *m, double writes);
    /* Pages dirty now (all writes recorded), which the next round or the
     * stop-and-copy sends.  The hook may start a new dirty set at once
     * (fused count and clear) unless its `decided` needs the set.  Required. */
    double (*dirty_pages)(vdc_mig_state *st, vdc_mig *m);
    /* After the stop policy's verdict at a round's end (VDC_END_NONE: go on):
     * return true if the hook took the migration over (started another phase
     * or ended it).  NULL: never; the loop continues or stops and copies. */
    bool (*decided)(vdc_mig_state *st, vdc_mig *m, vdc_mig_end verdict);
    /* The policy knob skip_redirtied applies (needs the page bitmap). */
    bool skip_redirtied;
    /* The loop stops: pause and send `pages` (why = the end reason).  NULL:
     * vdc_mig_stopcopy_start(st, m, pages, 0, why). */
    void (*stop)(vdc_mig_state *st, vdc_mig *m, double pages, vdc_mig_end why);
} vdc_mig_live_type;

typedef struct vdc_mig_algo {
    const char *name;                 /* the `algorithm` column */
    unsigned needs;                   /* VDC_MIG_NEED_* */
    /* After setup_ms, the VM still running at the source: start the first
     * phase (or end the migration).  Required. */
    void (*start)(vdc_mig_state *st, vdc_mig *m);
    /* NULL: no live rounds (the `policy` column says "none"). */
    const vdc_mig_live_type *live;
    /* May vm move from host src to dst?  false: the migration is recorded as
     * "rejected" (containers need the same kernel).  NULL: always. */
    bool (*admit)(const vdc_mig_state *st, int vm, int src, int dst);
} vdc_mig_algo;

#endif
