/* fault.h -- fault injection for test builds (SQLite's own approach: make
 * the N-th allocation or the N-th database call fail, for every N).
 *
 * Only in a build made with -DVDC_FAULT -D_DEFAULT_SOURCE -include sim/fault.h
 * (the feature macro first, as this header includes system headers) (`make fault`,
 * tests/fault.sh): every malloc/calloc/realloc/strdup of vdcsim (and of
 * cJSON, through its hooks, and of SQLite, through SQLITE_CONFIG_MALLOC)
 * and every sqlite3_open_v2/prepare_v2/step/exec call is counted; with
 * VDC_FAULT_ALLOC=N the N-th allocation returns NULL, with VDC_FAULT_SQL=N
 * the N-th call returns SQLITE_IOERR (once; VDC_FAULT_PERSIST=1: and every
 * one after).  VDC_FAULT_REPORT=1 prints the counts at exit, and whether a
 * fault was injected, so the test loop knows the range of N.
 */
#ifndef VDC_FAULT_H
#define VDC_FAULT_H
#ifdef VDC_FAULT

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

void vdc_fault_init(void);
void *vdc_fault_malloc(size_t n);
void *vdc_fault_calloc(size_t n, size_t m);
void *vdc_fault_realloc(void *p, size_t n);
char *vdc_fault_strdup(const char *s);
int vdc_fault_sql(void);        /* nonzero: fail this call */

#define malloc(n) vdc_fault_malloc(n)
#define calloc(n, m) vdc_fault_calloc(n, m)
#define realloc(p, n) vdc_fault_realloc(p, n)
#define strdup(s) vdc_fault_strdup(s)
#define sqlite3_open_v2(f, d, fl, v) (vdc_fault_sql() ? (*(d) = NULL, SQLITE_CANTOPEN) : sqlite3_open_v2(f, d, fl, v))
#define sqlite3_prepare_v2(d, s, n, st, t) (vdc_fault_sql() ? (*(st) = NULL, SQLITE_IOERR) : sqlite3_prepare_v2(d, s, n, st, t))
#define sqlite3_step(s) (vdc_fault_sql() ? SQLITE_IOERR : sqlite3_step(s))
#define sqlite3_exec(d, s, cb, a, e) (vdc_fault_sql() ? SQLITE_IOERR : sqlite3_exec(d, s, cb, a, e))

#endif
#endif
