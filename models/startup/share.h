/* share.h -- one shared resource of a host (CPU, NIC, disk, XenStore, a
 * lock) serving the jobs of starting instances.
 *
 * Two disciplines:
 *  - PS, processor sharing with a per-job cap: n jobs each progress at
 *    r = min(job_cap, capacity / n) units per second.  Because every job gets
 *    the same rate, this is egalitarian PS and needs no per-job update: the
 *    resource keeps V, the service each active job has received since the
 *    resource was last idle, and a job admitted at V0 with work w finishes
 *    when V reaches V0 + w.  Jobs sit in a binary min-heap on that finish
 *    tag (ties by admission order), so add, pop and capacity change are
 *    O(log n) and a burst of 10,000 costs O(n log n), not O(n^2).
 *  - FIFO: one job at a time at min(job_cap, capacity), in admission order
 *    (a mutex such as the kernel's rtnl_lock).
 * Time is the engine's integer ns; a finish instant is rounded up to the next
 * ns, and a job counts as done when less than one ns of service is left.
 * Units are the caller's (core-seconds, MiB, seconds of a server).
 * Limit: one cap for all jobs of a resource (per-job caps would need
 * water-filling, O(n) per change).
 */
#ifndef VDC_STARTUP_SHARE_H
#define VDC_STARTUP_SHARE_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"

typedef enum vdc_share_disc { VDC_SHARE_PS, VDC_SHARE_FIFO } vdc_share_disc;

typedef struct vdc_share_job {
    double tag;                 /* PS: finish tag on V; FIFO: work */
    uint64_t seq;               /* admission order: ties and FIFO order */
    uint32_t id;                /* the caller's job id */
} vdc_share_job;

typedef struct vdc_share {
    int disc;                   /* vdc_share_disc */
    double capacity;            /* units per second, > 0 */
    double job_cap;             /* units per second one job can use, > 0 */
    double v;                   /* PS: service per job since idle; FIFO: of the head */
    vdc_time last;              /* instant v refers to */
    vdc_share_job *job;         /* PS: heap; FIFO: ring */
    size_t n, cap, head;        /* active jobs, array size, FIFO ring head */
    uint64_t seq;
} vdc_share;

/* ---- life ------------------------------------------------------------ */
void vdc_share_init(vdc_share *s, vdc_share_disc disc, double capacity, double job_cap);
void vdc_share_release(vdc_share *s);

/* ---- changes (each first advances the resource to `now`, >= last) ----- */
/* Admit a job of `work` (> 0) units; VDC_ENOMEM if the array cannot grow. */
int vdc_share_add(vdc_share *s, vdc_time now, uint32_t id, double work);
/* Change the capacity (> 0), e.g. when idle guests take CPU away. */
void vdc_share_set_capacity(vdc_share *s, vdc_time now, double capacity);
/* Remove one finished job (<= 1 ns of service left at `now`): returns 1 and
 * its id, or 0 when none is finished. */
int vdc_share_pop(vdc_share *s, vdc_time now, uint32_t *id);

/* ---- queries --------------------------------------------------------- */
/* Instant of the next completion, VDC_TIME_MAX when idle. */
vdc_time vdc_share_next(const vdc_share *s);
/* Rate of one active job (PS) or of the head (FIFO), units per second. */
double vdc_share_rate(const vdc_share *s);

#endif
