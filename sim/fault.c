/* fault.c -- the counters of fault injection (fault.h); empty unless built
 * with -DVDC_FAULT. */
#ifdef VDC_FAULT
#undef malloc
#undef calloc
#undef realloc
#undef strdup
#undef sqlite3_open_v2
#undef sqlite3_prepare_v2
#undef sqlite3_step
#undef sqlite3_exec
#include "fault.h"

#include <stdio.h>

static long alloc_n, alloc_at, sql_n, sql_at, injected;
static int persist;

static int hit(long *n, long at)
{
    ++*n;
    if (at > 0 && (*n == at || (persist && *n > at))) {
        injected++;
        return 1;
    }
    return 0;
}

void *vdc_fault_malloc(size_t n) { return hit(&alloc_n, alloc_at) ? NULL : malloc(n); }
void *vdc_fault_calloc(size_t n, size_t m) { return hit(&alloc_n, alloc_at) ? NULL : calloc(n, m); }
void *vdc_fault_realloc(void *p, size_t n) { return hit(&alloc_n, alloc_at) ? NULL : realloc(p, n); }
char *vdc_fault_strdup(const char *s) { return hit(&alloc_n, alloc_at) ? NULL : strdup(s); }
int vdc_fault_sql(void) { return hit(&sql_n, sql_at); }

/* SQLite's allocator, counted with ours. */
static sqlite3_mem_methods real;
static void *sq_malloc(int n) { return hit(&alloc_n, alloc_at) ? NULL : real.xMalloc(n); }
static void *sq_realloc(void *p, int n) { return hit(&alloc_n, alloc_at) ? NULL : real.xRealloc(p, n); }

static void report(void)
{
    fprintf(stderr, "vdcsim-fault: %ld allocations, %ld sqlite calls, %ld injected\n", alloc_n,
            sql_n, injected);
}

void vdc_fault_init(void)
{
    const char *a = getenv("VDC_FAULT_ALLOC"), *q = getenv("VDC_FAULT_SQL");
    const char *p = getenv("VDC_FAULT_PERSIST"), *r = getenv("VDC_FAULT_REPORT");
    alloc_at = a ? atol(a) : 0;
    sql_at = q ? atol(q) : 0;
    persist = p && *p == '1';
    if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real) == SQLITE_OK) {
        sqlite3_mem_methods m = real;
        m.xMalloc = sq_malloc;
        m.xRealloc = sq_realloc;
        sqlite3_config(SQLITE_CONFIG_MALLOC, &m);
    }
    if (r && *r == '1')
        atexit(report);
}
#else
typedef int vdc_fault_off;      /* ISO C: a translation unit is not empty */
#endif
