/* error.h -- error codes and the message buffer every fallible call fills.
 *
 * Convention (STYLE.md #8): a function returns 0 on success or a negative
 * VDC_E* code, and on failure writes one human-readable line into a caller's
 * vdc_error.  Messages about user input name the file, the JSON path and the
 * offending value: "q.json: vms[2].memory_gib: must be > 0, got -4".
 * The CLI maps codes to exit statuses (vdc_error_exit_status).
 */
#ifndef VDC_ERROR_H
#define VDC_ERROR_H

#include <stddef.h>

enum {
    VDC_OK = 0,
    VDC_EINPUT = -1,  /* bad scenario, bad option: user's fault, exit 2 */
    VDC_ENOMEM = -2,  /* allocation failed                               */
    VDC_EIO = -3,     /* results database or file I/O failed             */
    VDC_ESIM = -4,    /* the simulation itself failed (clock overflow...) */
    VDC_EINTR = -5    /* interrupted by SIGINT/SIGTERM                   */
};

#define VDC_ERROR_MAX 512
#define VDC_ERRORS_MAX 20     /* input errors collected in one pass (vdc_errlist) */

/* Optional: every input error (VDC_EINPUT) set on a vdc_error pointing here
 * is also appended, so that a validator that goes on past an error reports
 * all of them at once, up to VDC_ERRORS_MAX (then `full`). */
typedef struct vdc_errlist {
    int n;
    int full;                 /* more errors than VDC_ERRORS_MAX were met */
    char msg[VDC_ERRORS_MAX][VDC_ERROR_MAX];
} vdc_errlist;

typedef struct vdc_error {
    int code;                 /* last VDC_E* code, 0 when none */
    char msg[VDC_ERROR_MAX];  /* one line, no trailing newline */
    vdc_errlist *list;        /* NULL: stop at the first error (the default) */
} vdc_error;

/* Fill err (if not NULL) with a printf-style message; returns code so that
 * callers can write `return vdc_error_set(err, VDC_EINPUT, ...)`. */
int vdc_error_set(vdc_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* True when rc is an input error the caller may pass over to look for
 * more: err collects (list set) and has not overflowed (an error past the
 * VDC_ERRORS_MAX-th sets `full` and ends the search).  Validators write
 * `if (rc && !vdc_error_more(err, rc)) return rc;` and remember rc. */
int vdc_error_more(const vdc_error *err, int rc);

/* Prefix an existing message ("file: " + msg), keeping the code. */
void vdc_error_prefix(vdc_error *err, const char *prefix);

/* Process exit status for a code: 0 ok, 2 input, 130 interrupted, 1 else. */
int vdc_error_exit_status(int code);

#endif
