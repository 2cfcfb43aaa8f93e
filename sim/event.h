/* event.h -- the discrete-event engine: one clock, one event queue.
 *
 * Contract (STYLE.md #7):
 *  - Time is int64_t nanoseconds since the start of the run (vdc_time).  No
 *    floating-point clock, so equal inputs give bit-identical event orders.
 *  - Events run in order of time, then of scheduling (a sequence number):
 *    two events at the same instant run in the order they were scheduled.
 *  - Scheduling returns a handle; vdc_engine_cancel(handle) is O(1) and safe
 *    to call on a handle that already ran or was cancelled (generation check).
 *  - Events come from a pool that only grows (doubling), so a steady state
 *    schedules without malloc.  The queue (sim/evq.h) is a calendar queue:
 *    later time windows are unsorted buckets (O(1) schedule), the window
 *    being run is a 4-ary heap with "replace-top": an event scheduled by the
 *    handler of the popped event takes the root's place with one sift-down
 *    (the hold model's pattern).
 *  - A time past INT64_MAX, or before now, is not wrapped: the engine records
 *    a sticky error, stops, and vdc_engine_run returns VDC_ESIM.
 *  - A timer (vdc_engine_timer) is an event whose handler returns its next
 *    delay (> 0) or VDC_TIMER_STOP, as a Redis `ae` time event does; its
 *    handle stays valid across repetitions.
 */
#ifndef VDC_EVENT_H
#define VDC_EVENT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "error.h"

typedef int64_t vdc_time;               /* nanoseconds */
#define VDC_NS_PER_S 1000000000LL
#define VDC_NS_PER_MS 1000000LL
#define VDC_NS_PER_US 1000LL
#define VDC_TIME_MAX INT64_MAX          /* ~292 years */
#define VDC_TIMER_STOP ((vdc_time)-1)

typedef struct vdc_engine vdc_engine;
typedef uint64_t vdc_event_id;          /* 0 = no event */

typedef void (*vdc_event_fn)(vdc_engine *eng, void *ctx, uint64_t arg);
typedef vdc_time (*vdc_timer_fn)(vdc_engine *eng, void *ctx, uint64_t arg);
/* Called about every 64 Ki events; return false to stop the run. */
typedef bool (*vdc_progress_fn)(vdc_engine *eng, void *ctx);

vdc_engine *vdc_engine_new(void);
void vdc_engine_free(vdc_engine *eng);

/* ---- scheduling ---------------------------------------------------- */
vdc_event_id vdc_engine_at(vdc_engine *eng, vdc_time t, vdc_event_fn fn,
                           void *ctx, uint64_t arg);
vdc_event_id vdc_engine_after(vdc_engine *eng, vdc_time delay, vdc_event_fn fn,
                              void *ctx, uint64_t arg);
vdc_event_id vdc_engine_timer(vdc_engine *eng, vdc_time first_at,
                              vdc_timer_fn fn, void *ctx, uint64_t arg);
/* Returns true if the event was pending and is now cancelled. */
bool vdc_engine_cancel(vdc_engine *eng, vdc_event_id id);
bool vdc_engine_pending(const vdc_engine *eng, vdc_event_id id);

/* ---- running ------------------------------------------------------- */
/* Run every event with time <= t_end (VDC_TIME_MAX: until none is left),
 * then set the clock to t_end if it was reached.  Returns 0, VDC_ESIM on a
 * sticky error, VDC_EINTR when stopped by the interrupt flag or progress. */
int vdc_engine_run(vdc_engine *eng, vdc_time t_end);
/* Record an error (e.g. from a model handler) and stop the run. */
void vdc_engine_fail(vdc_engine *eng, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const vdc_error *vdc_engine_error(const vdc_engine *eng);
void vdc_engine_set_progress(vdc_engine *eng, vdc_progress_fn fn, void *ctx);

/* ---- inspection ---------------------------------------------------- */
vdc_time vdc_engine_now(const vdc_engine *eng);
uint64_t vdc_engine_handled(const vdc_engine *eng);   /* events run so far */
uint64_t vdc_engine_queued(const vdc_engine *eng);    /* pending, live     */

/* Set by the CLI's SIGINT/SIGTERM handler; every run loop of the process
 * polls it (the one piece of process-wide state: a signal has no context). */
extern volatile sig_atomic_t vdc_engine_interrupted;

#endif
